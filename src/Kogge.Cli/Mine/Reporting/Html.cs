using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace Kogge.Cli.Mine.Reporting;

/// <summary>
/// The frame and the small helpers of Kogge's HTML reports: one file with inline CSS, no script and no external
/// request, German with the English term beside each heading (<c>lang="en"</c>), landmarks, numbered headings in order.
/// </summary>
internal static class Html
{
    public static readonly CultureInfo German = CultureInfo.GetCultureInfo("de-DE");

    private const string Style = """
        :root { color-scheme: light; }
        body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1b1b1b; background: #fff; margin: 0; line-height: 1.45; }
        header, main, footer, nav { max-width: 78rem; margin: 0 auto; padding: 0 1.25rem; }
        header { border-bottom: 4px solid #0b4f8a; padding-top: 1rem; padding-bottom: .75rem; }
        h1 { font-size: 1.7rem; margin: 0 0 .25rem; }
        h2 { font-size: 1.35rem; margin: 2.2rem 0 .6rem; border-bottom: 1px solid #c9d3de; padding-bottom: .2rem; }
        h3 { font-size: 1.1rem; margin: 1.4rem 0 .4rem; }
        .en { color: #4a5565; font-weight: normal; font-size: .85em; }
        a { color: #0b4f8a; }
        a:focus, summary:focus, .scroll:focus { outline: 3px solid #c25100; outline-offset: 2px; }
        nav ul { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .4rem 1.2rem; }
        .kpis { display: grid; grid-template-columns: repeat(auto-fill, minmax(11rem, 1fr)); gap: .75rem; margin: 0; }
        .kpis div { border: 1px solid #c9d3de; border-radius: 6px; padding: .6rem .8rem; background: #f5f8fb; }
        .kpis dt { font-size: .9rem; color: #3d4653; }
        .kpis dd { margin: .15rem 0 0; font-size: 1.45rem; font-weight: 600; }
        table { border-collapse: collapse; margin: .5rem 0 1rem; font-size: .93rem; }
        caption { text-align: left; font-weight: 600; padding: .3rem 0; }
        th, td { border: 1px solid #c9d3de; padding: .3rem .55rem; vertical-align: top; text-align: left; }
        th { background: #eef3f8; }
        td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        .scroll { overflow: auto; max-width: 100%; border: 1px solid #c9d3de; border-radius: 6px; background: #fff; }
        details { margin: .6rem 0; }
        summary { cursor: pointer; font-weight: 600; padding: .25rem 0; }
        .note { background: #fff8e5; border-left: 4px solid #a86b00; padding: .5rem .8rem; margin: .6rem 0; }
        .muted { color: #4a5565; }
        pre { white-space: pre-wrap; word-break: break-word; background: #f5f8fb; padding: .6rem; border: 1px solid #c9d3de; }
        footer { border-top: 1px solid #c9d3de; margin-top: 2.5rem; padding-top: .6rem; padding-bottom: 1.5rem; color: #4a5565; font-size: .9rem; }
        """;

    // Umlauts and arrows stay readable in the UTF-8 file; only what HTML gives a meaning to is escaped.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    public static string Encode(string text) => Encoder.Encode(text);

    public static string Number(long n) => n.ToString("N0", German);

    public static string Percent(double share) => share.ToString("P1", German);

    /// <summary>A duration in the largest sensible unit, e.g. <c>3,2 Tage</c>.</summary>
    public static string Duration(TimeSpan span) =>
        span.TotalDays >= 1 ? string.Create(German, $"{span.TotalDays:0.0} Tage")
        : span.TotalHours >= 1 ? string.Create(German, $"{span.TotalHours:0.0} Std.")
        : span.TotalMinutes >= 1 ? string.Create(German, $"{span.TotalMinutes:0.0} Min.")
        : string.Create(German, $"{span.TotalSeconds:0} Sek.");

    /// <summary>A German heading text with its English term beside it.</summary>
    public static string Heading(string german, string english) => $"{Encode(german)} <span lang=\"en\" class=\"en\">{Encode(english)}</span>";

    /// <summary>Opens a section with its heading; <paramref name="level"/> 2 for sections of the page.</summary>
    public static void Section(StringBuilder sb, string id, string german, string english)
    {
        sb.Append(CultureInfo.InvariantCulture, $"<section id=\"{id}\" aria-labelledby=\"{id}-h\">\n<h2 id=\"{id}-h\">{Heading(german, english)}</h2>\n");
    }

    /// <summary>A table with caption and column headers (scope="col"); cells are already encoded HTML; numeric columns right-aligned.</summary>
    public static void Table(StringBuilder sb, string caption, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows, ISet<int>? numeric = null, bool firstColumnIsHeader = false)
    {
        sb.Append("<table>\n<caption>").Append(caption).Append("</caption>\n<thead><tr>");
        for (var i = 0; i < headers.Count; i++)
        {
            sb.Append(numeric?.Contains(i) == true ? "<th scope=\"col\" class=\"n\">" : "<th scope=\"col\">").Append(headers[i]).Append("</th>");
        }

        sb.Append("</tr></thead>\n<tbody>\n");
        foreach (var row in rows)
        {
            sb.Append("<tr>");
            for (var i = 0; i < row.Count; i++)
            {
                var cls = numeric?.Contains(i) == true ? " class=\"n\"" : string.Empty;
                sb.Append(i == 0 && firstColumnIsHeader ? $"<th scope=\"row\"{cls}>" : $"<td{cls}>").Append(row[i]).Append(i == 0 && firstColumnIsHeader ? "</th>" : "</td>");
            }

            sb.Append("</tr>\n");
        }

        sb.Append("</tbody>\n</table>\n");
    }

    /// <summary>A key figure for the grid of <c>&lt;dl class="kpis"&gt;</c>.</summary>
    public static void Kpi(StringBuilder sb, string german, string english, string value) =>
        sb.Append("<div><dt>").Append(Heading(german, english)).Append("</dt><dd>").Append(Encode(value)).Append("</dd></div>\n");

    /// <summary>The whole document: head with inline CSS, header, navigation, main content and footer.</summary>
    public static string Document(string title, string subtitle, IReadOnlyList<(string Id, string Label)> contents, Action<StringBuilder> main, DateTimeOffset created)
    {
        var sb = new StringBuilder(1 << 16);
        sb.Append("<!DOCTYPE html>\n<html lang=\"de\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        sb.Append("<title>").Append(Encode(title)).Append("</title>\n<style>\n").Append(Style).Append("</style>\n</head>\n<body>\n");
        sb.Append("<header>\n<h1>").Append(Encode(title)).Append("</h1>\n<p class=\"muted\">").Append(subtitle).Append("</p>\n</header>\n");
        sb.Append("<nav aria-label=\"Inhalt\">\n<ul>\n");
        foreach (var (id, label) in contents)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<li><a href=\"#{id}\">{Encode(label)}</a></li>\n");
        }

        sb.Append("</ul>\n</nav>\n<main>\n");
        main(sb);
        sb.Append("</main>\n<footer>\n<p>Erstellt mit <code>kogge mine</code> am ")
            .Append(Encode(created.ToString("d. MMMM yyyy, HH:mm 'Uhr'", German)))
            .Append(". Eine Datei ohne Skripte und ohne Verbindungen ins Netz. <span lang=\"en\">Generated by Kogge; self-contained, no scripts, no external requests.</span></p>\n</footer>\n</body>\n</html>\n");
        return sb.ToString();
    }
}
