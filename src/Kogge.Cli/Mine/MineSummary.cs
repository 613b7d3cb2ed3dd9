using System.Globalization;
using Kogge.Mining.Performance;

namespace Kogge.Cli.Mine;

/// <summary>Two logs and what changed between them.</summary>
internal sealed record LogComparison(string BeforePath, string AfterPath, Kogge.Mining.EventLogs.EventLog Before, Kogge.Mining.EventLogs.EventLog After, ComparisonReport Report);

/// <summary>The plain-text summary of <c>kogge mine</c> on standard output.</summary>
internal static class MineSummary
{
    private const int TopVariants = 5;
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static async Task WriteAsync(TextWriter output, LogAnalysis a, string? reportPath)
    {
        var log = a.Log;
        var t = a.Throughput.Statistics;
        var lines = new List<string>
        {
            System.IO.Path.GetFileName(a.Path),
            Line("cases", log.CaseCount.ToString("N0", Invariant)),
            Line("events", log.EventCount.ToString("N0", Invariant)),
            Line("activities", a.Activities.Count.ToString("N0", Invariant)),
            Line("variants", a.Variants.Count.ToString("N0", Invariant)),
            Line("directly-follows edges", a.Graph.Edges.Count.ToString("N0", Invariant)),
            Line("throughput", $"median {Duration(t.Median)}, p90 {Duration(t.P90)}, mean {Duration(t.Mean)} ({t.Count.ToString("N0", Invariant)} cases)"),
        };
        if (a.Import.SkippedCount > 0 || a.Import.WarningCount > 0)
        {
            lines.Add(Line("import", string.Create(Invariant, $"{a.Import.SkippedCount:N0} skipped, {a.Import.WarningCount:N0} warnings; first: {(a.Import.Issues.Count > 0 ? a.Import.Issues[0].Message : "-")}")));
        }

        if (a.Deadline is { } d)
        {
            var unit = d.WorkingDays ? $" (working days, {d.Calendar})" : string.Empty;
            lines.Add(Line("deadline", string.Create(Invariant, $"{d.Target}{unit}: {d.Report.WithinDeadline:N0} of {d.Report.Cases:N0} cases in time ({d.Report.AdherenceRate:P1})")));
        }

        if (a.Discovery is { } m)
        {
            lines.Add(Line("process model", string.Create(Invariant,
                $"IMf (noise {m.Noise}), {m.ActivitiesMined} activities, {m.Tree.Size} tree nodes, {m.Elapsed.TotalSeconds:0.0} s{(m.Complete ? string.Empty : ", time budget used up: parts left open")}")));
        }

        lines.Add("top variants:");
        for (var i = 0; i < Math.Min(TopVariants, a.Variants.Count); i++)
        {
            var v = a.Variants[i];
            lines.Add(string.Create(Invariant, $"  {i + 1}. {v.CaseCount:N0} cases ({(double)v.CaseCount / log.CaseCount:P1}), {v.Activities.Count} steps: {Steps(v.Activities)}"));
        }

        if (reportPath is not null)
        {
            lines.Add($"Report written to {reportPath}");
        }

        foreach (var line in lines)
        {
            await output.WriteLineAsync(line);
        }
    }

    public static async Task WriteAsync(TextWriter output, LogComparison c, string? reportPath)
    {
        var r = c.Report;
        var lines = new List<string>
        {
            $"{System.IO.Path.GetFileName(c.BeforePath)} → {System.IO.Path.GetFileName(c.AfterPath)}",
            Line("cases", string.Create(Invariant, $"{c.Before.CaseCount:N0} → {c.After.CaseCount:N0}")),
            Line("throughput median", $"{Duration(r.ThroughputBefore.Median)} → {Duration(r.ThroughputAfter.Median)}"),
            Line("throughput p90", $"{Duration(r.ThroughputBefore.P90)} → {Duration(r.ThroughputAfter.P90)}"),
            Line("variants", string.Create(Invariant, $"{r.AppearedVariants.Count:N0} appeared, {r.VanishedVariants.Count:N0} vanished, {r.CommonVariants.Count:N0} in both")),
        };
        if (r.AppearedActivities.Count > 0 || r.VanishedActivities.Count > 0)
        {
            lines.Add(Line("activities", $"new: {Names(r.AppearedActivities)}; gone: {Names(r.VanishedActivities)}"));
        }

        lines.Add("faster waiting before an activity (median):");
        lines.AddRange(r.ActivityWaiting.Where(w => w.Difference < TimeSpan.Zero).Take(5).Select(Change));
        lines.Add("slower waiting before an activity (median):");
        lines.AddRange(r.ActivityWaiting.Where(w => w.Difference > TimeSpan.Zero).Reverse().Take(5).Select(Change));
        if (reportPath is not null)
        {
            lines.Add($"Report written to {reportPath}");
        }

        foreach (var line in lines)
        {
            await output.WriteLineAsync(line);
        }
    }

    /// <summary>A duration for people: the largest sensible unit with one decimal.</summary>
    public static string Duration(TimeSpan span) =>
        span.TotalDays >= 1 ? string.Create(Invariant, $"{span.TotalDays:0.0} d")
        : span.TotalHours >= 1 ? string.Create(Invariant, $"{span.TotalHours:0.0} h")
        : span.TotalMinutes >= 1 ? string.Create(Invariant, $"{span.TotalMinutes:0.0} min")
        : string.Create(Invariant, $"{span.TotalSeconds:0} s");

    private static string Change(TimeChange c) => $"  {c.Name}: {Duration(c.Before)} → {Duration(c.After)}";

    private static string Names(IReadOnlyList<string> names) => names.Count == 0 ? "-" : string.Join(", ", names.Take(10)) + (names.Count > 10 ? ", …" : string.Empty);

    private static string Steps(IReadOnlyList<string> activities) =>
        activities.Count <= 8 ? string.Join(" → ", activities) : string.Join(" → ", activities.Take(7)) + $" → … ({activities.Count - 7} more)";

    private static string Line(string label, string value) => $"  {label,-24}{value}";
}
