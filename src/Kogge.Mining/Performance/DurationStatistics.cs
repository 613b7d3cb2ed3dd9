namespace Kogge.Mining.Performance;

/// <summary>Summary of a set of durations: count, mean, median, 90th percentile, min and max.</summary>
/// <param name="Count">How many durations.</param>
/// <param name="Mean">The arithmetic mean.</param>
/// <param name="Median">The median (mean of the two middle values for an even count).</param>
/// <param name="P90">The 90th percentile, linearly interpolated between ranks.</param>
/// <param name="Min">The shortest.</param>
/// <param name="Max">The longest.</param>
public readonly record struct DurationStatistics(int Count, TimeSpan Mean, TimeSpan Median, TimeSpan P90, TimeSpan Min, TimeSpan Max)
{
    /// <summary>Statistics of no durations at all.</summary>
    public static DurationStatistics Empty { get; }

    /// <summary>Computes the statistics of durations given in ticks; sorts <paramref name="ticks"/> in place.</summary>
    public static DurationStatistics FromTicks(Span<long> ticks)
    {
        if (ticks.Length == 0)
        {
            return Empty;
        }

        ticks.Sort();
        decimal sum = 0;
        foreach (var t in ticks)
        {
            sum += t;
        }

        return new DurationStatistics(
            ticks.Length,
            TimeSpan.FromTicks((long)(sum / ticks.Length)),
            TimeSpan.FromTicks(Percentile(ticks, 0.5)),
            TimeSpan.FromTicks(Percentile(ticks, 0.9)),
            TimeSpan.FromTicks(ticks[0]),
            TimeSpan.FromTicks(ticks[^1]));
    }

    /// <summary>The p-quantile of sorted ticks with linear interpolation between neighbouring ranks.</summary>
    internal static long Percentile(ReadOnlySpan<long> sorted, double p)
    {
        var rank = p * (sorted.Length - 1);
        var lower = (int)Math.Floor(rank);
        var upper = Math.Min(lower + 1, sorted.Length - 1);
        var fraction = rank - lower;
        return sorted[lower] + (long)Math.Round((sorted[upper] - sorted[lower]) * fraction);
    }
}
