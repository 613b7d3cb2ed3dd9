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
    public static IReadOnlyList<Variant> Compute(EventLog log)
    {
        ArgumentNullException.ThrowIfNull(log);
        var instances = log.Instances;
        var groups = VariantIndex(instances, out var caseVariant);
        var members = new List<int>[groups.Count];
        for (var v = 0; v < members.Length; v++)
        {
            members[v] = [];
        }

        for (var c = 0; c < caseVariant.Length; c++)
        {
            members[caseVariant[c]].Add(c);
        }

        var result = new List<Variant>(groups.Count);
        var durations = new List<long>();
        for (var v = 0; v < groups.Count; v++)
        {
            durations.Clear();
            foreach (var c in members[v])
            {
                if (CaseDuration(instances, c) is { } d)
                {
                    durations.Add(d);
                }
            }

            var ids = groups[v];
            var names = new string[ids.Length];
            for (var i = 0; i < ids.Length; i++)
            {
                names[i] = log.ActivityNames[ids[i]];
            }

            result.Add(new Variant(ids, names, [.. members[v]], DurationStatistics.FromTicks(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(durations))));
        }

        // A stable sort keeps first-seen order among variants of equal frequency.
        return [.. result.Select((v, i) => (v, i)).OrderByDescending(x => x.v.CaseCount).ThenBy(x => x.i).Select(x => x.v)];
    }

    /// <summary>Assigns every case a variant number; returns the activity sequence of each variant.</summary>
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
