using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;

namespace Kogge.Web.Modules.Catalog.Citizen;

/// <summary>
/// A section of a service page as the designers write it: plain text, a blank line between paragraphs, lines
/// starting with "- " as a bullet list. No markup is taken from the text; everything is encoded.
/// </summary>
public static class SectionText
{
    public static IHtmlContent Render(string text, HtmlEncoder encoder)
    {
        var html = new StringBuilder();
        var paragraph = new List<string>();
        var inList = false;

        void FlushParagraph()
        {
            if (paragraph.Count > 0)
            {
                html.Append("<p class=\"kern-body\">").AppendJoin("<br>", paragraph.Select(encoder.Encode)).Append("</p>");
                paragraph.Clear();
            }
        }

        void CloseList()
        {
            if (inList)
            {
                html.Append("</ul>");
                inList = false;
            }
        }

        foreach (var raw in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith("- ", StringComparison.Ordinal) || line.StartsWith("• ", StringComparison.Ordinal))
            {
                FlushParagraph();
                if (!inList)
                {
                    html.Append("<ul class=\"kern-list kern-list--bullet\">");
                    inList = true;
                }

                html.Append("<li>").Append(encoder.Encode(line[2..].Trim())).Append("</li>");
            }
            else if (line.Length == 0)
            {
                FlushParagraph();
                CloseList();
            }
            else
            {
                CloseList();
                paragraph.Add(line);
            }
        }

        FlushParagraph();
        CloseList();
        return new HtmlString(html.ToString());
    }
}
