using System.Globalization;
using System.Text;
using Kogge.Mining.Performance;

namespace Kogge.Cli.Mine.Reporting;

/// <summary>The HTML report of <c>kogge mine compare --report</c>: what got faster or slower, which variants appeared or vanished.</summary>
internal sealed class ComparisonHtml(LogComparison comparison, DateTimeOffset created)
{
    private const int Listed = 20;
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public string Render()
    {
        var c = comparison;
        var before = Path.GetFileName(c.BeforePath);
        var after = Path.GetFileName(c.AfterPath);
        var contents = new List<(string, string)>
        {
            ("ueberblick", "Überblick"), ("schneller", "Schneller"), ("langsamer", "Langsamer"), ("varianten", "Varianten"),
        };
        var subtitle = $"Vorher <code>{Html.Encode(before)}</code>, nachher <code>{Html.Encode(after)}</code> · <span lang=\"en\">Before/after comparison</span>";
        return Html.Document($"Vorher-nachher-Vergleich: {before} und {after}", subtitle, contents, sb =>
        {
            Overview(sb);
            Changes(sb, "schneller", "Schneller", "Faster", faster: true);
            Changes(sb, "langsamer", "Langsamer", "Slower", faster: false);
            Variants(sb);
        }, created);
    }

    private void Overview(StringBuilder sb)
    {
        var c = comparison;
        var r = c.Report;
        Html.Section(sb, "ueberblick", "Überblick", "Overview");
        Html.Table(sb, "Kennzahlen vorher und nachher", ["Kennzahl", "vorher", "nachher"],
            [
                ["Fälle", Html.Number(c.Before.CaseCount), Html.Number(c.After.CaseCount)],
                ["Ereignisse", Html.Number(c.Before.EventCount), Html.Number(c.After.EventCount)],
                ["Durchlaufzeit Median", Html.Duration(r.ThroughputBefore.Median), Html.Duration(r.ThroughputAfter.Median)],
                ["Durchlaufzeit 90 %", Html.Duration(r.ThroughputBefore.P90), Html.Duration(r.ThroughputAfter.P90)],
                ["Durchlaufzeit Mittelwert", Html.Duration(r.ThroughputBefore.Mean), Html.Duration(r.ThroughputAfter.Mean)],
            ],
            new HashSet<int> { 1, 2 }, firstColumnIsHeader: true);
        if (r.AppearedActivities.Count > 0 || r.VanishedActivities.Count > 0)
        {
            sb.Append("<p>Neue Aktivitäten: ").Append(Names(r.AppearedActivities)).Append(". Weggefallene Aktivitäten: ").Append(Names(r.VanishedActivities)).Append(".</p>\n");
        }

        sb.Append("</section>\n");
    }

    private void Changes(StringBuilder sb, string id, string german, string english, bool faster)
    {
        var r = comparison.Report;
        IEnumerable<TimeChange> Pick(IReadOnlyList<TimeChange> list) => faster
            ? list.Where(x => x.Difference < TimeSpan.Zero).Take(Listed)
            : list.Where(x => x.Difference > TimeSpan.Zero).Reverse().Take(Listed);
        Html.Section(sb, id, german, english);
        var waiting = Pick(r.ActivityWaiting).ToList();
        var edges = Pick(r.Edges).ToList();
        sb.Append(Inv, $"<h3>Wartezeit vor Aktivitäten <span lang=\"en\" class=\"en\">Waiting before activities</span></h3>\n");
        Table(sb, waiting, $"Aktivitäten mit {(faster ? "kürzerer" : "längerer")} Wartezeit (Median), größte Änderung zuerst", "Aktivität");
        sb.Append(Inv, $"<h3>Zeit zwischen zwei Schritten <span lang=\"en\" class=\"en\">Directly-follows times</span></h3>\n");
        Table(sb, edges, $"Übergänge mit {(faster ? "kürzerer" : "längerer")} Zeit (Median), größte Änderung zuerst", "Übergang");
        sb.Append("</section>\n");
    }

    private static void Table(StringBuilder sb, List<TimeChange> changes, string caption, string what)
    {
        if (changes.Count == 0)
        {
            sb.Append("<p>Keine.</p>\n");
            return;
        }

        Html.Table(sb, caption, [what, "vorher", "nachher", "Änderung", "Fälle vorher", "Fälle nachher"],
            changes.Select(x => (IReadOnlyList<string>)[
                Html.Encode(x.Name), Html.Duration(x.Before), Html.Duration(x.After),
                (x.Difference < TimeSpan.Zero ? "−" : "+") + Html.Duration(x.Difference.Duration()), Html.Number(x.CountBefore), Html.Number(x.CountAfter)]),
            new HashSet<int> { 1, 2, 3, 4, 5 }, firstColumnIsHeader: true);
    }

    private void Variants(StringBuilder sb)
    {
        var r = comparison.Report;
        Html.Section(sb, "varianten", "Varianten", "Variants");
        sb.Append(Inv, $"<p>{Html.Number(r.AppearedVariants.Count)} Varianten sind neu, {Html.Number(r.VanishedVariants.Count)} kommen nicht mehr vor, {Html.Number(r.CommonVariants.Count)} gibt es in beiden Protokollen.</p>\n");
        sb.Append("<h3>Neu <span lang=\"en\" class=\"en\">Appeared</span></h3>\n");
        VariantTable(sb, r.AppearedVariants, "Neue Varianten, häufigste zuerst", after: true);
        sb.Append("<h3>Weggefallen <span lang=\"en\" class=\"en\">Vanished</span></h3>\n");
        VariantTable(sb, r.VanishedVariants, "Weggefallene Varianten, häufigste zuerst", after: false);
        sb.Append("</section>\n");
    }

    private static void VariantTable(StringBuilder sb, IReadOnlyList<VariantChange> variants, string caption, bool after)
    {
        if (variants.Count == 0)
        {
            sb.Append("<p>Keine.</p>\n");
            return;
        }

        Html.Table(sb, caption, ["Fälle", "Abfolge"],
            variants.Take(Listed).Select(v => (IReadOnlyList<string>)[Html.Number(after ? v.CasesAfter : v.CasesBefore), Html.Encode(v.Key.Replace(",", " → ", StringComparison.Ordinal))]),
            new HashSet<int> { 0 });
    }

    private static string Names(IReadOnlyList<string> names) => names.Count == 0 ? "keine" : Html.Encode(string.Join(", ", names));
}
