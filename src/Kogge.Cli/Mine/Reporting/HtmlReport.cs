using System.Globalization;
using System.Text;
using Kogge.Mining.Performance;

namespace Kogge.Cli.Mine.Reporting;

/// <summary>The HTML report of <c>kogge mine --report</c>: one self-contained, accessible file in German with English terms beside.</summary>
internal sealed class HtmlReport(LogAnalysis analysis, DateTimeOffset created)
{
    private const int ListedVariants = 20;
    private const int ListedActivities = 100;
    private const int ListedIssues = 20;
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public string Render()
    {
        var a = analysis;
        var file = Path.GetFileName(a.Path);
        var contents = new List<(string, string)>
        {
            ("kennzahlen", "Kennzahlen"), ("import", "Import"), ("durchlaufzeit", "Durchlaufzeit"),
        };
        if (a.Deadline is not null)
        {
            contents.Add(("termintreue", "Termintreue"));
        }

        contents.AddRange([("prozesslandkarte", "Prozesslandkarte"), ("varianten", "Varianten"), ("aktivitaeten", "Aktivitäten"), ("ressourcen", "Ressourcen")]);
        if (a.Discovery is not null)
        {
            contents.Add(("modell", "Prozessmodell (BPMN)"));
        }

        var subtitle = $"Ereignisprotokoll <code>{Html.Encode(file)}</code> ({(a.Format == "xes" ? "XES" : "CSV")}) · <span lang=\"en\">Process mining report</span>";
        return Html.Document($"Prozessanalyse: {file}", subtitle, contents, sb =>
        {
            KeyFigures(sb);
            Import(sb);
            Throughput(sb);
            Deadline(sb);
            Map(sb);
            Variants(sb);
            Activities(sb);
            Resources(sb);
            Model(sb);
        }, created);
    }

    private void KeyFigures(StringBuilder sb)
    {
        var a = analysis;
        var t = a.Throughput.Statistics;
        Html.Section(sb, "kennzahlen", "Kennzahlen", "Key figures");
        sb.Append("<dl class=\"kpis\">\n");
        Html.Kpi(sb, "Fälle", "Cases", Html.Number(a.Log.CaseCount));
        Html.Kpi(sb, "Ereignisse", "Events", Html.Number(a.Log.EventCount));
        Html.Kpi(sb, "Aktivitäten", "Activities", Html.Number(a.Activities.Count));
        Html.Kpi(sb, "Varianten", "Variants", Html.Number(a.Variants.Count));
        Html.Kpi(sb, "Durchlaufzeit Median", "Throughput time, median", Html.Duration(t.Median));
        Html.Kpi(sb, "Durchlaufzeit 90 %", "Throughput time, 90th percentile", Html.Duration(t.P90));
        if (a.Deadline is { } d)
        {
            Html.Kpi(sb, "Termintreue", "Deadline adherence", Html.Percent(d.Report.AdherenceRate));
        }

        if (a.Waiting.HasStartEvents)
        {
            Html.Kpi(sb, "Anteil Bearbeitung", "Share of processing time", Html.Percent(a.Waiting.ProcessingShare));
        }

        sb.Append("</dl>\n");
        if (!a.Waiting.HasStartEvents)
        {
            sb.Append("<p class=\"muted\">Das Protokoll enthält nur Abschluss-Ereignisse: Bearbeitungszeiten sind unbekannt, alle Zeit zwischen zwei Schritten zählt als Wartezeit.</p>\n");
        }

        sb.Append("</section>\n");
    }

    private void Import(StringBuilder sb)
    {
        var r = analysis.Import;
        Html.Section(sb, "import", "Import", "Import report");
        sb.Append(Inv, $"<p>{Html.Number(r.ImportedCount)} Ereignisse übernommen, {Html.Number(r.SkippedCount)} übersprungen, {Html.Number(r.WarningCount)} Hinweise.</p>\n");
        if (r.Issues.Count > 0)
        {
            Html.Table(sb, $"Die ersten {Math.Min(ListedIssues, r.Issues.Count)} Befunde des Imports",
                ["Zeile", "Art", "Befund"],
                r.Issues.Take(ListedIssues).Select(i => (IReadOnlyList<string>)[Html.Number(i.Line), i.Severity == Kogge.Mining.Io.ImportSeverity.Error ? "übersprungen" : "Hinweis", Html.Encode(i.Message)]),
                new HashSet<int> { 0 });
        }

        sb.Append("</section>\n");
    }

    private void Throughput(StringBuilder sb)
    {
        var report = analysis.Throughput;
        var t = report.Statistics;
        Html.Section(sb, "durchlaufzeit", "Durchlaufzeit", "Throughput time");
        sb.Append(Inv, $"<p>Vom ersten bis zum letzten Ereignis eines Falls, über {Html.Number(t.Count)} Fälle: Median {Html.Duration(t.Median)}, 90 % der Fälle bis {Html.Duration(t.P90)}, Mittelwert {Html.Duration(t.Mean)}, kürzester {Html.Duration(t.Min)}, längster {Html.Duration(t.Max)}.</p>\n");
        if (report.Histogram.Count > 0)
        {
            sb.Append("<figure>\n<div class=\"scroll\" tabindex=\"0\" role=\"region\" aria-label=\"Histogramm der Durchlaufzeiten\">\n");
            sb.Append(Histogram(report.Histogram, t));
            sb.Append("</div>\n<figcaption class=\"muted\">Häufigkeit der Durchlaufzeiten in gleich breiten Klassen. <span lang=\"en\">Histogram of throughput times.</span></figcaption>\n</figure>\n");
            sb.Append("<details>\n<summary>Histogramm als Tabelle <span lang=\"en\" class=\"en\">Histogram as a table</span></summary>\n");
            Html.Table(sb, "Fälle je Klasse der Durchlaufzeit", ["von", "bis", "Fälle"],
                report.Histogram.Select(b => (IReadOnlyList<string>)[Html.Duration(b.From), Html.Duration(b.To), Html.Number(b.Count)]),
                new HashSet<int> { 0, 1, 2 });
            sb.Append("</details>\n");
        }

        sb.Append("</section>\n");
    }

    private static string Histogram(IReadOnlyList<HistogramBin> bins, DurationStatistics t)
    {
        const double width = 760, height = 240, left = 56, bottom = 40, top = 16;
        var max = Math.Max(1, bins.Max(b => b.Count));
        var barWidth = (width - left - 16) / bins.Count;
        var sb = new StringBuilder();
        sb.Append(Inv, $"<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-labelledby=\"hist-t hist-d\" width=\"{width:0}\" height=\"{height:0}\" viewBox=\"0 0 {width:0} {height:0}\" font-family=\"system-ui, sans-serif\" font-size=\"12\">\n");
        sb.Append(Inv, $"<title id=\"hist-t\">Histogramm der Durchlaufzeiten</title>\n<desc id=\"hist-d\">{bins.Count} Klassen von {Html.Encode(Html.Duration(t.Min))} bis {Html.Encode(Html.Duration(t.Max))}; die stärkste Klasse hat {Html.Number(max)} Fälle; Median {Html.Encode(Html.Duration(t.Median))}.</desc>\n");
        sb.Append("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
        var plot = height - bottom - top;
        for (var i = 0; i < bins.Count; i++)
        {
            var h = plot * bins[i].Count / max;
            sb.Append(Inv, $"<rect x=\"{left + (i * barWidth) + 1:0.0}\" y=\"{top + plot - h:0.0}\" width=\"{barWidth - 2:0.0}\" height=\"{h:0.0}\" fill=\"#0b4f8a\"/>\n");
        }

        sb.Append(Inv, $"<line x1=\"{left:0}\" y1=\"{top + plot:0}\" x2=\"{width - 16:0}\" y2=\"{top + plot:0}\" stroke=\"#1b1b1b\"/>\n");
        sb.Append(Inv, $"<line x1=\"{left:0}\" y1=\"{top:0}\" x2=\"{left:0}\" y2=\"{top + plot:0}\" stroke=\"#1b1b1b\"/>\n");
        sb.Append(Inv, $"<text x=\"{left - 6:0}\" y=\"{top + 4:0}\" text-anchor=\"end\" fill=\"#1b1b1b\">{Html.Number(max)}</text>\n");
        sb.Append(Inv, $"<text x=\"{left - 6:0}\" y=\"{top + plot:0}\" text-anchor=\"end\" fill=\"#1b1b1b\">0</text>\n");
        sb.Append(Inv, $"<text x=\"{left:0}\" y=\"{height - 18:0}\" fill=\"#1b1b1b\">{Html.Encode(Html.Duration(t.Min))}</text>\n");
        sb.Append(Inv, $"<text x=\"{width - 16:0}\" y=\"{height - 18:0}\" text-anchor=\"end\" fill=\"#1b1b1b\">{Html.Encode(Html.Duration(t.Max))}</text>\n");
        sb.Append(Inv, $"<text x=\"{(width + left) / 2:0}\" y=\"{height - 4:0}\" text-anchor=\"middle\" fill=\"#1b1b1b\">Durchlaufzeit (Fälle je Klasse)</text>\n");
        sb.Append("</svg>\n");
        return sb.ToString();
    }

    private void Deadline(StringBuilder sb)
    {
        if (analysis.Deadline is not { } d)
        {
            return;
        }

        var r = d.Report;
        Html.Section(sb, "termintreue", "Termintreue", "Deadline adherence");
        var target = d.WorkingDays
            ? $"{Html.Number((long)System.Xml.XmlConvert.ToTimeSpan(d.Target).TotalDays)} Arbeitstage nach dem Tag des ersten Ereignisses ({(d.Calendar == CalendarChoice.SH ? "Feiertage Schleswig-Holstein" : "Feiertage Mecklenburg-Vorpommern")})"
            : $"{Html.Duration(System.Xml.XmlConvert.ToTimeSpan(d.Target))} ab dem ersten Ereignis";
        sb.Append(Inv, $"<p>Ziel <code>{Html.Encode(d.Target)}</code>: {Html.Encode(target)}. {Html.Number(r.WithinDeadline)} von {Html.Number(r.Cases)} Fällen rechtzeitig abgeschlossen ({Html.Percent(r.AdherenceRate)}).");
        if (r.Overrun.Count > 0)
        {
            sb.Append(Inv, $" Verspätete Fälle lagen im Median {Html.Duration(r.Overrun.Median)} über dem Ziel, 90 % bis {Html.Duration(r.Overrun.P90)}.");
        }

        sb.Append("</p>\n");
        if (r.LateCaseIds.Count > 0)
        {
            sb.Append("<details>\n<summary>Verspätete Fälle <span lang=\"en\" class=\"en\">Late cases</span></summary>\n<p>")
                .AppendJoin(", ", r.LateCaseIds.Take(200).Select(Html.Encode))
                .Append(r.LateCaseIds.Count > 200 ? $" … und {Html.Number(r.LateCaseIds.Count - 200)} weitere" : string.Empty)
                .Append("</p>\n</details>\n");
        }

        sb.Append("</section>\n");
    }

    private void Map(StringBuilder sb)
    {
        var map = ProcessMap.Build(analysis.Graph, analysis.Activities);
        Html.Section(sb, "prozesslandkarte", "Prozesslandkarte", "Process map");
        sb.Append(Inv, $"<p>Der Direkt-Folge-Graph: Kästen sind Aktivitäten, Pfeile zeigen, welche Aktivität in einem Fall unmittelbar auf welche folgte. Das Protokoll hat {Html.Number(map.TotalActivities)} Aktivitäten und {Html.Number(map.TotalEdges)} Kanten.</p>\n");
        if (map.Filtered)
        {
            sb.Append(Inv, $"<p class=\"note\">Zur Lesbarkeit gefiltert: gezeigt sind die {Html.Number(map.ShownActivities)} häufigsten Aktivitäten (höchstens {ProcessMap.MaxActivities}) und {Html.Number(map.ShownEdges)} der {Html.Number(map.TotalEdges)} Kanten – die häufigsten, und für jede Aktivität ihr stärkster Ein- und Ausgang. Die Tabelle unter der Karte nennt die gezeigten Übergänge.</p>\n");
        }

        sb.Append("<p class=\"muted\">Rückwärts laufende Pfeile rechts der Kästen sind Schleifen und Nacharbeit. Gestrichelt: Beginn und Ende der Fälle.</p>\n");
        sb.Append("<details open>\n<summary>Häufigkeit <span lang=\"en\" class=\"en\">Frequency view</span></summary>\n");
        sb.Append("<div class=\"scroll\" tabindex=\"0\" role=\"region\" aria-label=\"Prozesslandkarte, Häufigkeit\">\n");
        sb.Append(map.Svg("map-f", false, "Prozesslandkarte nach Häufigkeit",
            $"{map.ShownActivities} Aktivitäten mit ihrer Häufigkeit und {map.ShownEdges} Übergänge, beschriftet mit der Zahl der Fälle; die Tabelle darunter enthält dieselben Angaben."));
        sb.Append("</div>\n</details>\n");
        sb.Append("<details>\n<summary>Zeit <span lang=\"en\" class=\"en\">Time view</span></summary>\n");
        sb.Append("<div class=\"scroll\" tabindex=\"0\" role=\"region\" aria-label=\"Prozesslandkarte, Zeit\">\n");
        sb.Append(map.Svg("map-t", true, "Prozesslandkarte nach Zeit",
            $"Dieselben {map.ShownActivities} Aktivitäten mit ihrer mittleren Bearbeitungszeit und {map.ShownEdges} Übergänge, beschriftet mit der mittleren Zeit (Median) zwischen den Schritten; je röter und breiter, desto länger."));
        sb.Append("</div>\n</details>\n");
        sb.Append("<details>\n<summary>Gezeigte Übergänge als Tabelle <span lang=\"en\" class=\"en\">Edges as a table</span></summary>\n");
        Html.Table(sb, "Übergänge der Prozesslandkarte, häufigste zuerst", ["von", "nach", "Fälle", "Zeit (Median)"],
            map.ShownEdgeList.Select(e => (IReadOnlyList<string>)[Html.Encode(e.From), Html.Encode(e.To), Html.Number(e.Frequency), e.Median is { } m ? Html.Duration(m) : "–"]),
            new HashSet<int> { 2, 3 });
        sb.Append("</details>\n</section>\n");
    }

    private void Variants(StringBuilder sb)
    {
        var a = analysis;
        Html.Section(sb, "varianten", "Varianten", "Variants");
        sb.Append(Inv, $"<p>{Html.Number(a.Variants.Count)} verschiedene Abfolgen von Aktivitäten. Die häufigsten {Math.Min(ListedVariants, a.Variants.Count)}:</p>\n");
        Html.Table(sb, "Häufigste Varianten", ["Rang", "Fälle", "Anteil", "Durchlaufzeit (Median)", "Schritte", "Abfolge"],
            a.Variants.Take(ListedVariants).Select((v, i) => (IReadOnlyList<string>)[
                Html.Number(i + 1), Html.Number(v.CaseCount), Html.Percent((double)v.CaseCount / a.Log.CaseCount), Html.Duration(v.Duration.Median),
                Html.Number(v.Activities.Count), Html.Encode(string.Join(" → ", v.Activities))]),
            new HashSet<int> { 0, 1, 2, 3, 4 }, firstColumnIsHeader: true);
        sb.Append("</section>\n");
    }

    private void Activities(StringBuilder sb)
    {
        var a = analysis;
        Html.Section(sb, "aktivitaeten", "Aktivitäten", "Activity statistics");
        if (a.Activities.Count > ListedActivities)
        {
            sb.Append(Inv, $"<p>Die {ListedActivities} häufigsten von {Html.Number(a.Activities.Count)} Aktivitäten.</p>\n");
        }

        Html.Table(sb, "Aktivitäten, häufigste zuerst", ["Aktivität", "Vorkommen", "Fälle", "Nacharbeit", "Wartezeit (Median)", "Bearbeitung (Median)"],
            a.Activities.Take(ListedActivities).Select(f => (IReadOnlyList<string>)[
                Html.Encode(f.Activity), Html.Number(f.Occurrences), Html.Number(f.Cases), Html.Percent(f.ReworkRate),
                f.WaitingTime.Count > 0 ? Html.Duration(f.WaitingTime.Median) : "–",
                a.Waiting.HasStartEvents && f.ProcessingTime.Count > 0 ? Html.Duration(f.ProcessingTime.Median) : "–"]),
            new HashSet<int> { 1, 2, 3, 4, 5 }, firstColumnIsHeader: true);
        sb.Append("<p class=\"muted\">Nacharbeit: Anteil der Fälle mit dieser Aktivität, in denen sie mehr als einmal vorkommt. Wartezeit: vom Ende des vorigen Schritts bis zum Beginn dieses.</p>\n</section>\n");
    }

    private void Resources(StringBuilder sb)
    {
        var w = analysis.Workload;
        Html.Section(sb, "ressourcen", "Ressourcen", "Resources");
        sb.Append("<p>Arbeitslast nach Gruppen (Ereignisattribut <code>org:group</code>). Gruppen mit weniger als fünf Personen werden nicht gezeigt, einzelne Beschäftigte nie; die Gruppennamen sind durch Pseudonyme ersetzt, die für jeden Bericht neu gebildet werden.</p>\n");
        if (w.Groups.Count > 0)
        {
            Html.Table(sb, "Arbeitslast der Gruppen ab fünf Personen", ["Gruppe (Pseudonym)", "Personen", "Aktivitäten", "je Person", "Fälle"],
                w.Groups.Select(g => (IReadOnlyList<string>)[Html.Encode(g.Group), Html.Number(g.Resources), Html.Number(g.ActivityInstances), g.InstancesPerResource.ToString("N1", Html.German), Html.Number(g.Cases)]),
                new HashSet<int> { 1, 2, 3, 4 }, firstColumnIsHeader: true);
        }
        else
        {
            sb.Append("<p>Keine Gruppe erreicht fünf Personen (oder das Protokoll nennt keine Gruppen).</p>\n");
        }

        if (w.SuppressedGroups > 0)
        {
            sb.Append(Inv, $"<p class=\"muted\">Nicht gezeigt: {Html.Number(w.SuppressedGroups)} kleinere Gruppen mit zusammen {Html.Number(w.SuppressedInstances)} Aktivitäten.</p>\n");
        }

        sb.Append("</section>\n");
    }

    private void Model(StringBuilder sb)
    {
        if (analysis.Discovery is not { } m)
        {
            return;
        }

        Html.Section(sb, "modell", "Prozessmodell (BPMN)", "Discovered process model");
        sb.Append(Inv, $"<p>Entdeckt mit dem Inductive Miner – infrequent (IMf, Rauschschwelle {m.Noise.ToString("0.##", Html.German)}) in {m.Elapsed.TotalSeconds.ToString("0.0", Html.German)} s: {Html.Number(m.ActivitiesMined)} Aktivitäten, {Html.Number(m.Tree.Size)} Knoten im Prozessbaum. Das Modell ist blockstrukturiert und fehlerfrei ausführbar (sound).</p>\n");
        if (m.Abstraction is not null)
        {
            sb.Append(Inv, $"<p class=\"note\">Vor der Entdeckung vereinfacht, weil {Html.Number(m.ActivitiesInLog)} Aktivitäten kein lesbares Modell ergeben: {Html.Encode(m.Abstraction)}.</p>\n");
        }

        if (!m.Complete)
        {
            sb.Append(Inv, $"<p class=\"note\">Das Zeitbudget von {m.Budget.TotalSeconds.ToString("0", Html.German)} s war erschöpft: Teile, die noch nicht zerlegt waren, sind als „Blumenmodell“ (beliebige Reihenfolge) offen geblieben. Ein größeres Budget gibt <code>--discovery-seconds</code>.</p>\n");
        }

        var bytes = Encoding.UTF8.GetBytes(m.Bpmn);
        sb.Append(Inv, $"<p><a href=\"data:application/xml;base64,{Convert.ToBase64String(bytes)}\" download=\"{Html.Encode(Path.GetFileNameWithoutExtension(Path.GetFileNameWithoutExtension(analysis.Path)))}-imf.bpmn\">BPMN-Datei herunterladen</a> ({Html.Number(bytes.Length / 1024 + 1)} KB; öffnet in Camunda Modeler, bpmn.io und Kogge). <span lang=\"en\">Download the BPMN file.</span></p>\n");
        sb.Append("<div class=\"scroll\" tabindex=\"0\" role=\"region\" aria-label=\"BPMN-Diagramm des entdeckten Modells\">\n");
        sb.Append(BpmnSvg.Render(m.Bpmn, "bpmn", "Entdecktes Prozessmodell als BPMN-Diagramm",
            $"Von links nach rechts: Start, {m.ActivitiesMined} Aufgaben mit exklusiven (×) und parallelen (+) Gateways, Ende. Der Prozessbaum darunter beschreibt dasselbe Modell als Text."));
        sb.Append("</div>\n");
        sb.Append("<details>\n<summary>Prozessbaum als Text <span lang=\"en\" class=\"en\">Process tree</span></summary>\n<p class=\"muted\">→ Folge, × Auswahl, ∧ parallel, ↺ Schleife, τ stiller Schritt.</p>\n<pre>")
            .Append(Html.Encode(m.Tree.ToString()))
            .Append("</pre>\n</details>\n</section>\n");
    }
}
