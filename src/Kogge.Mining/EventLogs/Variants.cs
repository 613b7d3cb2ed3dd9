using Kogge.Mining.Performance;

namespace Kogge.Mining.EventLogs;

/// <summary>A variant: one distinct sequence of activities, with the cases that follow it.</summary>
public sealed class Variant
{
    internal Variant(int[] activityIds, IReadOnlyList<string> activities, int[] cases, DurationStatistics duration)
    {
        ActivityIds = activityIds;
        Activities = activities;
        Cases = cases;
        Duration = duration;
    }

    /// <summary>The activity names in order.</summary>
    public IReadOnlyList<string> Activities { get; }

    /// <summary>The case indexes of the log that follow this variant.</summary>
    public IReadOnlyList<int> Cases { get; }

    /// <summary>The number of cases.</summary>
    public int CaseCount => Cases.Count;

    /// <summary>Throughput times of the variant's cases.</summary>
    public DurationStatistics Duration { get; }

    internal int[] ActivityIds { get; }

    /// <summary>The activities joined with commas, a stable key for comparing logs.</summary>
    public string Key => string.Join(",", Activities);
}

/// <summary>Groups cases into variants by their sequence of activity instances.</summary>
public static class Variants
{
    /// <summary>The variants of a log, most frequent first (ties by first occurrence).</summary>
    // One pass over the whole log, usually once per process (command line, report): compiled optimised at once, not through tiers.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static IReadOnlyList<Variant> Compute(EventLog log)
    {
        ArgumentNullException.ThrowIfNull(log);
        var instances = log.Instances;
        var groups = VariantIndex(instances, out var caseVariant);

        // Cases bucketed by variant (counting sort, case order kept) with their throughput times alongside.
        var offsets = new int[groups.Count + 1];
        foreach (var v in caseVariant)
        {
            offsets[v + 1]++;
        }

        for (var v = 0; v < groups.Count; v++)
        {
            offsets[v + 1] += offsets[v];
        }

        var fill = offsets[..^1];
        var members = new int[caseVariant.Length];
        var durations = new long[caseVariant.Length];
        var timed = new int[groups.Count];
        for (var c = 0; c < caseVariant.Length; c++)
        {
            var v = caseVariant[c];
            members[fill[v]] = c;
            if (CaseDuration(instances, c) is { } d)
            {
                durations[offsets[v] + timed[v]++] = d;
            }

            fill[v]++;
        }

        var result = new Variant[groups.Count];
        for (var v = 0; v < groups.Count; v++)
        {
            var ids = groups[v];
            var names = new string[ids.Length];
            for (var i = 0; i < ids.Length; i++)
            {
                names[i] = log.ActivityNames[ids[i]];
            }

            result[v] = new Variant(ids, names, members[offsets[v]..offsets[v + 1]], DurationStatistics.Summarize(durations.AsSpan(offsets[v], timed[v])));
        }

        // Most frequent first, ties by first occurrence: a total order, so the unstable sort is deterministic.
        var order = new int[result.Length];
        for (var v = 0; v < order.Length; v++)
        {
            order[v] = v;
        }

        Array.Sort(order, (a, b) => result[a].CaseCount != result[b].CaseCount ? result[b].CaseCount.CompareTo(result[a].CaseCount) : a.CompareTo(b));
        return [.. order.Select(v => result[v])];
    }

    /// <summary>The key of a variant as in <see cref="Variant.Key"/>, from its activity ids.</summary>
    internal static string KeyOf(int[] activityIds, IReadOnlyList<string> names)
    {
        var parts = new string[activityIds.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            parts[i] = names[activityIds[i]];
        }

        return string.Join(",", parts);
    }

    /// <summary>Assigns every case a variant number; returns the activity sequence of each variant.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    internal static List<int[]> VariantIndex(ActivityInstanceTable instances, out int[] caseVariant)
    {
        var caseCount = instances.CaseOffsets.Length - 1;
        caseVariant = new int[caseCount];
        var index = new Dictionary<SequenceKey, int>();
        var sequences = new List<int[]>();
        var acts = instances.ActivityArray;
        for (var c = 0; c < caseCount; c++)
        {
            var key = new SequenceKey(acts, instances.CaseOffsetArray[c], instances.CaseOffsetArray[c + 1]);
            if (!index.TryGetValue(key, out var v))
            {
                v = sequences.Count;
                var seq = acts.AsSpan(key.From, key.To - key.From).ToArray();
                sequences.Add(seq);
                index.Add(new SequenceKey(seq, 0, seq.Length), v);
            }

            caseVariant[c] = v;
        }

        return sequences;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    internal static long? CaseDuration(ActivityInstanceTable instances, int caseIndex)
    {
        int from = instances.CaseOffsetArray[caseIndex], to = instances.CaseOffsetArray[caseIndex + 1];
        if (to == from)
        {
            return null;
        }

        var min = long.MaxValue;
        var max = long.MinValue;
        for (var i = from; i < to; i++)
        {
            if (instances.StartArray[i] != EventLog.NoTimestamp)
            {
                min = Math.Min(min, instances.StartArray[i]);
            }

            if (instances.EndArray[i] != EventLog.NoTimestamp)
            {
                max = Math.Max(max, instances.EndArray[i]);
            }
        }

        return min == long.MaxValue || max == long.MinValue ? null : max - min;
    }

    private readonly struct SequenceKey(int[] array, int from, int to) : IEquatable<SequenceKey>
    {
        public int From => from;

        public int To => to;

        public bool Equals(SequenceKey other) =>
            array.AsSpan(from, to - from).SequenceEqual(other.Array.AsSpan(other.From, other.To - other.From));

        public override bool Equals(object? obj) => obj is SequenceKey k && Equals(k);

        public override int GetHashCode()
        {
            var h = new HashCode();
            h.AddBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(array.AsSpan(from, to - from)));
            return h.ToHashCode();
        }

        private int[] Array => array;
    }
}
