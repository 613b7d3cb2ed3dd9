using Kogge.Mining.Performance;

namespace Kogge.Cli.Mine;

/// <summary>
/// The JSON documents of <c>kogge mine --json</c> and <c>kogge mine compare --json</c>. Field names are part of the
/// command line's interface (docs/cli.md): add fields, never rename them. Durations are seconds.
/// </summary>
internal static class MineJson
{
    private const int ListedIssues = 50;
    private const int ListedVariants = 20;
    private const int ListedChanges = 20;

    public static LogDocument From(LogAnalysis a, string? reportPath) => new(
        a.Path,
        a.Format,
        new ImportDocument(a.Import.ImportedCount, a.Import.SkippedCount, a.Import.WarningCount,
            [.. a.Import.Issues.Take(ListedIssues).Select(i => new IssueDocument(i.Line, i.Severity == Kogge.Mining.Io.ImportSeverity.Error ? "skipped" : "warning", i.Message))]),
        a.Log.CaseCount,
        a.Log.EventCount,
        a.Activities.Count,
        a.Variants.Count,
        a.Graph.Edges.Count,
        a.Log.Instances.HasStartEvents,
        Durations(a.Throughput.Statistics),
        a.Deadline is { } d
            ? new DeadlineDocument(d.Target, d.WorkingDays, d.Calendar?.ToString(), d.Report.Cases, d.Report.WithinDeadline, Math.Round(d.Report.AdherenceRate, 4))
            : null,
        [.. a.Variants.Take(ListedVariants).Select((v, i) => new VariantDocument(
            i + 1, v.CaseCount, Math.Round((double)v.CaseCount / a.Log.CaseCount, 4), v.Activities, Seconds(v.Duration.Median)))],
        [.. a.Activities.Select(f => new ActivityDocument(
            f.Activity, f.Occurrences, f.Cases, Math.Round(f.ReworkRate, 4), Seconds(f.WaitingTime.Median), Seconds(f.ProcessingTime.Median)))],
        new WorkloadDocument(
            [.. a.Workload.Groups.Select(g => new GroupDocument(g.Group, g.Resources, g.ActivityInstances, g.Cases))],
            a.Workload.SuppressedGroups,
            a.Workload.SuppressedInstances),
        a.Discovery is { } m
            ? new DiscoveryDocument(m.Complete, Math.Round(m.Elapsed.TotalSeconds, 3), m.Noise, m.ActivitiesMined, m.Tree.Size, m.Abstraction)
            : null,
        reportPath);

    public static ComparisonDocument From(LogComparison c, string? reportPath)
    {
        var r = c.Report;
        return new ComparisonDocument(
            c.BeforePath,
            c.AfterPath,
            c.Before.CaseCount,
            c.After.CaseCount,
            Durations(r.ThroughputBefore),
            Durations(r.ThroughputAfter),
            [.. r.ActivityWaiting.Where(w => w.Difference < TimeSpan.Zero).Take(ListedChanges).Select(Change)],
            [.. r.ActivityWaiting.Where(w => w.Difference > TimeSpan.Zero).Reverse().Take(ListedChanges).Select(Change)],
            [.. r.Edges.Where(w => w.Difference < TimeSpan.Zero).Take(ListedChanges).Select(Change)],
            [.. r.Edges.Where(w => w.Difference > TimeSpan.Zero).Reverse().Take(ListedChanges).Select(Change)],
            r.AppearedVariants.Count,
            r.VanishedVariants.Count,
            r.CommonVariants.Count,
            [.. r.AppearedVariants.Take(ListedChanges).Select(v => new VariantChangeDocument(v.Key, v.CasesBefore, v.CasesAfter))],
            [.. r.VanishedVariants.Take(ListedChanges).Select(v => new VariantChangeDocument(v.Key, v.CasesBefore, v.CasesAfter))],
            r.AppearedActivities,
            r.VanishedActivities,
            reportPath);
    }

    private static DurationsDocument Durations(DurationStatistics s) =>
        new(s.Count, Seconds(s.Mean), Seconds(s.Median), Seconds(s.P90), Seconds(s.Min), Seconds(s.Max));

    private static ChangeDocument Change(TimeChange c) =>
        new(c.Name, Seconds(c.Before), Seconds(c.After), Seconds(c.Difference), c.CountBefore, c.CountAfter);

    private static double Seconds(TimeSpan span) => Math.Round(span.TotalSeconds, 3);

    internal sealed record LogDocument(
        string File, string Format, ImportDocument Import, int Cases, int Events, int Activities, int Variants, int DirectlyFollowsEdges,
        bool StartEvents, DurationsDocument Throughput, DeadlineDocument? Deadline, IReadOnlyList<VariantDocument> TopVariants,
        IReadOnlyList<ActivityDocument> ActivityStatistics, WorkloadDocument Workload, DiscoveryDocument? Discovery, string? Report);

    internal sealed record ImportDocument(int Imported, int Skipped, int Warnings, IReadOnlyList<IssueDocument> Issues);

    internal sealed record IssueDocument(long Line, string Severity, string Message);

    internal sealed record DurationsDocument(int Cases, double MeanSeconds, double MedianSeconds, double P90Seconds, double MinSeconds, double MaxSeconds);

    internal sealed record DeadlineDocument(string Target, bool WorkingDays, string? Calendar, int Cases, int WithinDeadline, double AdherenceRate);

    internal sealed record VariantDocument(int Rank, int Cases, double Share, IReadOnlyList<string> Activities, double MedianSeconds);

    internal sealed record ActivityDocument(string Activity, int Occurrences, int Cases, double ReworkRate, double MedianWaitingSeconds, double MedianProcessingSeconds);

    internal sealed record WorkloadDocument(IReadOnlyList<GroupDocument> Groups, int WithheldGroups, int WithheldActivityInstances);

    internal sealed record GroupDocument(string Group, int Resources, int ActivityInstances, int Cases);

    internal sealed record DiscoveryDocument(bool Complete, double Seconds, double Noise, int Activities, int TreeNodes, string? Abstraction);

    internal sealed record ComparisonDocument(
        string Before, string After, int CasesBefore, int CasesAfter, DurationsDocument ThroughputBefore, DurationsDocument ThroughputAfter,
        IReadOnlyList<ChangeDocument> FasterWaiting, IReadOnlyList<ChangeDocument> SlowerWaiting,
        IReadOnlyList<ChangeDocument> FasterEdges, IReadOnlyList<ChangeDocument> SlowerEdges,
        int AppearedVariants, int VanishedVariants, int CommonVariants,
        IReadOnlyList<VariantChangeDocument> TopAppearedVariants, IReadOnlyList<VariantChangeDocument> TopVanishedVariants,
        IReadOnlyList<string> AppearedActivities, IReadOnlyList<string> VanishedActivities, string? Report);

    internal sealed record ChangeDocument(string Name, double BeforeSeconds, double AfterSeconds, double DifferenceSeconds, int CountBefore, int CountAfter);

    internal sealed record VariantChangeDocument(string Variant, int CasesBefore, int CasesAfter);
}
