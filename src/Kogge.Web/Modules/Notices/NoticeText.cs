namespace Kogge.Web.Modules.Notices;

/// <summary>A run of text inside a block, bold or not; a <c>\n</c> in it is a line break.</summary>
public sealed record NoticeRun(string Text, bool Bold);

public enum NoticeBlockKind
{
    Paragraph,
    Heading,
    ListItem,
}

public sealed record NoticeBlock(NoticeBlockKind Kind, IReadOnlyList<NoticeRun> Runs);

/// <summary>
/// The little Markdown a notice template may use: paragraphs separated by a blank line, <c># Überschrift</c>,
/// list items starting with <c>- </c> or <c>* </c>, and <c>**fett**</c>. Everything else is plain text, so a
/// stray character never breaks a notice.
/// </summary>
public static class NoticeText
{
    public static IReadOnlyList<NoticeBlock> Parse(string text)
    {
        var blocks = new List<NoticeBlock>();
        var paragraph = new List<string>();

        void Flush()
        {
            if (paragraph.Count > 0)
            {
                blocks.Add(new(NoticeBlockKind.Paragraph, Runs(string.Join('\n', paragraph))));
                paragraph.Clear();
            }
        }

        foreach (var raw in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0)
            {
                Flush();
            }
            else if (line.StartsWith("# ", StringComparison.Ordinal) || line.StartsWith("## ", StringComparison.Ordinal))
            {
                Flush();
                blocks.Add(new(NoticeBlockKind.Heading, Runs(line.TrimStart('#').Trim())));
            }
            else if (line.StartsWith("- ", StringComparison.Ordinal) || line.StartsWith("* ", StringComparison.Ordinal))
            {
                Flush();
                blocks.Add(new(NoticeBlockKind.ListItem, Runs(line[2..].Trim())));
            }
            else
            {
                paragraph.Add(line);
            }
        }

        Flush();
        return blocks;
    }

    private static List<NoticeRun> Runs(string line)
    {
        var parts = line.Split("**");
        var runs = new List<NoticeRun>();
        for (var i = 0; i < parts.Length; i++)
        {
            // An unclosed "**" stays as written.
            var bold = i % 2 == 1 && i < parts.Length - 1;
            var text = i % 2 == 1 && !bold ? "**" + parts[i] : parts[i];
            if (text.Length > 0)
            {
                runs.Add(new(text, bold));
            }
        }

        return runs;
    }
}
