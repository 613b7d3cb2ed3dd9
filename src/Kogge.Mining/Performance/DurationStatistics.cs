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
        return new DurationStatistics(
            ticks.Length,
            MeanOf(ticks),
            TimeSpan.FromTicks(Percentile(ticks, 0.5)),
            TimeSpan.FromTicks(Percentile(ticks, 0.9)),
            TimeSpan.FromTicks(ticks[0]),
            TimeSpan.FromTicks(ticks[^1]));
    }

    /// <summary>
    /// The same figures as <see cref="FromTicks"/> without sorting: the quantiles by selection in expected linear
    /// time. Reorders <paramref name="ticks"/>. For the analyses that summarise millions of durations at once.
    /// </summary>
    internal static DurationStatistics Summarize(Span<long> ticks)
    {
        if (ticks.Length == 0)
        {
            return Empty;
        }

        long min = long.MaxValue, max = long.MinValue;
        foreach (var t in ticks)
        {
            min = Math.Min(min, t);
            max = Math.Max(max, t);
        }

        return new DurationStatistics(
            ticks.Length,
            MeanOf(ticks),
            TimeSpan.FromTicks(Quantile(ticks, 0.5)),
            TimeSpan.FromTicks(Quantile(ticks, 0.9)),
            TimeSpan.FromTicks(min),
            TimeSpan.FromTicks(max));
    }

    private static TimeSpan MeanOf(ReadOnlySpan<long> ticks)
    {
        // Int128 holds any sum of long ticks exactly and adds at integer speed.
        Int128 sum = 0;
        foreach (var t in ticks)
        {
            sum += t;
        }

        return TimeSpan.FromTicks((long)(sum / ticks.Length));
    }

    /// <summary><see cref="Percentile"/> on unsorted ticks: the two neighbouring ranks found by selection.</summary>
    private static long Quantile(Span<long> ticks, double p)
    {
        var rank = p * (ticks.Length - 1);
        var lower = (int)Math.Floor(rank);
        var low = Select(ticks, lower);
        if (lower + 1 >= ticks.Length)
        {
            return low;
        }

        // After selection everything right of the rank is at least as large: the next rank is its minimum.
        var high = long.MaxValue;
        foreach (var t in ticks[(lower + 1)..])
        {
            high = Math.Min(high, t);
        }

        return low + (long)Math.Round((high - low) * (rank - lower));
    }

    /// <summary>Hoare's selection: puts the k-th smallest value at index k, smaller ones before it, larger ones after.</summary>
    // One pass over the whole log, usually once per process (command line, report): compiled optimised at once, not through tiers.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static long Select(Span<long> a, int k)
    {
        int lo = 0, hi = a.Length - 1;
        while (hi - lo > 16)
        {
            var mid = lo + ((hi - lo) / 2);
            long x = a[lo], y = a[mid], z = a[hi];
            var pivot = Math.Max(Math.Min(x, y), Math.Min(Math.Max(x, y), z));
            int i = lo, j = hi;
            while (i <= j)
            {
                while (a[i] < pivot)
                {
                    i++;
                }

                while (a[j] > pivot)
                {
                    j--;
                }

                if (i <= j)
                {
                    (a[i], a[j]) = (a[j], a[i]);
                    i++;
                    j--;
                }
            }

            if (k <= j)
            {
                hi = j;
            }
            else if (k >= i)
            {
                lo = i;
            }
            else
            {
                return a[k];
            }
        }

        a[lo..(hi + 1)].Sort();
        return a[k];
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
