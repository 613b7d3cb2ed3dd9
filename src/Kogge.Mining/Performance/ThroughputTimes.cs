using Kogge.Mining.EventLogs;

namespace Kogge.Mining.Performance;

/// <summary>One bar of a histogram: durations in <c>[From, To)</c> (the last bar includes its upper bound).</summary>
/// <param name="From">Lower bound.</param>
/// <param name="To">Upper bound.</param>
/// <param name="Count">How many cases fall in.</param>
public readonly record struct HistogramBin(TimeSpan From, TimeSpan To, int Count);

/// <summary>Throughput times of the cases of a log: from the first to the last event of each case.</summary>
/// <param name="Statistics">Count, mean, median, p90, min and max.</param>
/// <param name="Histogram">Equal-width bars between min and max.</param>
/// <param name="PerCase">The throughput time of each case (by case index); null for cases without timestamps.</param>
public sealed record ThroughputReport(DurationStatistics Statistics, IReadOnlyList<HistogramBin> Histogram, IReadOnlyList<TimeSpan?> PerCase);

/// <summary>Computes throughput times per case.</summary>
public static class ThroughputTimes
{
    /// <summary>Throughput times with a histogram of <paramref name="bins"/> bars.</summary>
    public static ThroughputReport Compute(EventLog log, int bins = 20)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        var instances = log.Instances;
        var perCase = new TimeSpan?[log.CaseCount];
        var ticks = new long[log.CaseCount];
        var n = 0;
        for (var c = 0; c < log.CaseCount; c++)
        {
            if (Variants.CaseDuration(instances, c) is { } d)
            {
                perCase[c] = TimeSpan.FromTicks(d);
                ticks[n++] = d;
            }
        }

        var statistics = DurationStatistics.Summarize(ticks.AsSpan(0, n));
        return new ThroughputReport(statistics, Histogram(ticks.AsSpan(0, n), statistics, bins), perCase);
    }

    /// <summary>Equal-width histogram of durations between the minimum and maximum of <paramref name="statistics"/>.</summary>
    internal static IReadOnlyList<HistogramBin> Histogram(ReadOnlySpan<long> ticks, DurationStatistics statistics, int bins)
    {
        if (ticks.Length == 0)
        {
            return [];
        }

        long min = statistics.Min.Ticks, max = statistics.Max.Ticks;
        var width = Math.Max(1, (max - min + bins - 1) / bins);
        var counts = new int[bins];
        foreach (var t in ticks)
        {
            counts[Math.Min(bins - 1, (int)((t - min) / width))]++;
        }

        var result = new HistogramBin[bins];
        for (var b = 0; b < bins; b++)
        {
            result[b] = new HistogramBin(TimeSpan.FromTicks(min + (b * width)), TimeSpan.FromTicks(b == bins - 1 ? max : min + ((b + 1) * width)), counts[b]);
        }

        return result;
    }
}
