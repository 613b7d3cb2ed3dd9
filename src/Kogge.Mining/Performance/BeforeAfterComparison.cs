using Kogge.Mining.Discovery;
using Kogge.Mining.EventLogs;

namespace Kogge.Mining.Performance;

/// <summary>A median time before and after, for an activity's waiting time or a directly-follows edge.</summary>
/// <param name="Name">The activity, or <c>source → target</c> for an edge.</param>
/// <param name="Before">Median before.</param>
/// <param name="After">Median after.</param>
/// <param name="CountBefore">Observations before.</param>
/// <param name="CountAfter">Observations after.</param>
public sealed record TimeChange(string Name, TimeSpan Before, TimeSpan After, int CountBefore, int CountAfter)
{
    /// <summary>After minus before; negative means faster.</summary>
    public TimeSpan Difference => After - Before;
}

/// <summary>A variant's share of cases before and after.</summary>
/// <param name="Key">The variant (activities joined with commas).</param>
/// <param name="CasesBefore">Cases before.</param>
/// <param name="CasesAfter">Cases after.</param>
public sealed record VariantChange(string Key, int CasesBefore, int CasesAfter);

/// <summary>What changed between two logs or two periods.</summary>
/// <param name="ThroughputBefore">Throughput times before.</param>
/// <param name="ThroughputAfter">Throughput times after.</param>
/// <param name="ActivityWaiting">Median waiting time before each activity present in both, most improved first.</param>
/// <param name="Edges">Median directly-follows times of edges present in both, most improved first.</param>
/// <param name="AppearedVariants">Variants only after.</param>
/// <param name="VanishedVariants">Variants only before.</param>
/// <param name="CommonVariants">Variants in both.</param>
/// <param name="AppearedActivities">Activities only after.</param>
/// <param name="VanishedActivities">Activities only before.</param>
public sealed record ComparisonReport(
    DurationStatistics ThroughputBefore,
    DurationStatistics ThroughputAfter,
    IReadOnlyList<TimeChange> ActivityWaiting,
    IReadOnlyList<TimeChange> Edges,
    IReadOnlyList<VariantChange> AppearedVariants,
    IReadOnlyList<VariantChange> VanishedVariants,
    IReadOnlyList<VariantChange> CommonVariants,
    IReadOnlyList<string> AppearedActivities,
    IReadOnlyList<string> VanishedActivities);

/// <summary>Before/after comparison of two logs (for example the legacy export and Kogge's own history) or two periods of one log.</summary>
public static class BeforeAfterComparison
{
    /// <summary>Compares two logs.</summary>
    public static ComparisonReport Compare(EventLog before, EventLog after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var activitiesBefore = ActivityStatistics.Compute(before).ToDictionary(a => a.Activity, StringComparer.Ordinal);
        var activitiesAfter = ActivityStatistics.Compute(after).ToDictionary(a => a.Activity, StringComparer.Ordinal);
        var waiting = activitiesBefore.Values
            .Where(a => activitiesAfter.ContainsKey(a.Activity))
            .Select(a => new TimeChange(a.Activity, a.WaitingTime.Median, activitiesAfter[a.Activity].WaitingTime.Median, a.WaitingTime.Count, activitiesAfter[a.Activity].WaitingTime.Count))
            .OrderBy(c => c.Difference)
            .ThenBy(c => c.Name, StringComparer.Ordinal)
            .ToList();

        var edgesAfter = DirectlyFollowsGraph.Compute(after).Edges.ToDictionary(e => (e.Source, e.Target));
        var edges = DirectlyFollowsGraph.Compute(before).Edges
            .Where(e => edgesAfter.ContainsKey((e.Source, e.Target)))
            .Select(e =>
            {
                var a = edgesAfter[(e.Source, e.Target)];
                return new TimeChange($"{e.Source} → {e.Target}", e.Time.Median, a.Time.Median, e.Frequency, a.Frequency);
            })
            .OrderBy(c => c.Difference)
            .ThenBy(c => c.Name, StringComparer.Ordinal)
            .ToList();

        var variantsBefore = Variants.Compute(before).ToDictionary(v => v.Key, v => v.CaseCount, StringComparer.Ordinal);
        var variantsAfter = Variants.Compute(after).ToDictionary(v => v.Key, v => v.CaseCount, StringComparer.Ordinal);
        var appeared = variantsAfter.Where(v => !variantsBefore.ContainsKey(v.Key)).Select(v => new VariantChange(v.Key, 0, v.Value)).OrderByDescending(v => v.CasesAfter).ToList();
        var vanished = variantsBefore.Where(v => !variantsAfter.ContainsKey(v.Key)).Select(v => new VariantChange(v.Key, v.Value, 0)).OrderByDescending(v => v.CasesBefore).ToList();
        var common = variantsBefore.Where(v => variantsAfter.ContainsKey(v.Key)).Select(v => new VariantChange(v.Key, v.Value, variantsAfter[v.Key])).OrderByDescending(v => v.CasesAfter).ToList();

        return new ComparisonReport(
            ThroughputTimes.Compute(before).Statistics,
            ThroughputTimes.Compute(after).Statistics,
            waiting,
            edges,
            appeared,
            vanished,
            common,
            [.. activitiesAfter.Keys.Where(a => !activitiesBefore.ContainsKey(a)).Order(StringComparer.Ordinal)],
            [.. activitiesBefore.Keys.Where(a => !activitiesAfter.ContainsKey(a)).Order(StringComparer.Ordinal)]);
    }

    /// <summary>Compares the cases that started before <paramref name="split"/> with those that started at or after it.</summary>
    public static ComparisonReport ComparePeriods(EventLog log, DateTimeOffset split)
    {
        ArgumentNullException.ThrowIfNull(log);
        var before = log.TimeWindow(DateTimeOffset.MinValue, split, TimeWindowMode.StartedIn);
        var after = log.TimeWindow(split, DateTimeOffset.MaxValue, TimeWindowMode.StartedIn);
        return Compare(before, after);
    }
}
