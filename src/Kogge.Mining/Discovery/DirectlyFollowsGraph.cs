using System.Runtime.InteropServices;
using Kogge.Mining.EventLogs;
using Kogge.Mining.Performance;

namespace Kogge.Mining.Discovery;

/// <summary>An edge of the directly-follows graph: <see cref="Target"/> directly followed <see cref="Source"/> in some case.</summary>
/// <param name="Source">The activity before.</param>
/// <param name="Target">The activity after.</param>
/// <param name="Frequency">How often, over all cases.</param>
/// <param name="Time">The time from the end of the source to the start of the target.</param>
public sealed record DirectlyFollowsEdge(string Source, string Target, int Frequency, DurationStatistics Time);

/// <summary>The directly-follows graph of a log: activities, edges with frequencies and times, start and end activities.</summary>
public sealed class DirectlyFollowsGraph
{
    private DirectlyFollowsGraph(
        IReadOnlyList<DirectlyFollowsEdge> edges,
        IReadOnlyDictionary<string, int> activities,
        IReadOnlyDictionary<string, int> starts,
        IReadOnlyDictionary<string, int> ends)
    {
        Edges = edges;
        ActivityFrequencies = activities;
        StartActivities = starts;
        EndActivities = ends;
    }

    /// <summary>The edges, most frequent first.</summary>
    public IReadOnlyList<DirectlyFollowsEdge> Edges { get; }

    /// <summary>How often each activity occurs.</summary>
    public IReadOnlyDictionary<string, int> ActivityFrequencies { get; }

    /// <summary>How many cases start with each activity.</summary>
    public IReadOnlyDictionary<string, int> StartActivities { get; }

    /// <summary>How many cases end with each activity.</summary>
    public IReadOnlyDictionary<string, int> EndActivities { get; }

    /// <summary>Computes the graph from the log's activity instances.</summary>
    /// <param name="log">The log.</param>
    /// <param name="withTimes">Whether to compute times per edge (costs memory for one duration per edge occurrence).</param>
    public static DirectlyFollowsGraph Compute(EventLog log, bool withTimes = true)
    {
        ArgumentNullException.ThrowIfNull(log);
        var counts = Count(log.Instances, out var activityCounts, out var startCounts, out var endCounts);
        var names = log.ActivityNames;
        var edgeIds = new Dictionary<long, int>(counts.Count);
        var keys = new long[counts.Count];
        var offsets = new int[counts.Count + 1];
        var n = 0;
        foreach (var (key, count) in counts)
        {
            keys[n] = key;
            edgeIds[key] = n;
            offsets[n + 1] = offsets[n] + count;
            n++;
        }

        var durations = withTimes ? new long[offsets[^1]] : [];
        if (withTimes)
        {
            var fill = (int[])offsets.Clone();
            var inst = log.Instances;
            for (var c = 0; c + 1 < inst.CaseOffsetArray.Length; c++)
            {
                for (var i = inst.CaseOffsetArray[c] + 1; i < inst.CaseOffsetArray[c + 1]; i++)
                {
                    var id = edgeIds[Key(inst.ActivityArray[i - 1], inst.ActivityArray[i])];
                    var from = inst.EndArray[i - 1];
                    var to = inst.StartArray[i];
                    durations[fill[id]++] = from == EventLog.NoTimestamp || to == EventLog.NoTimestamp ? 0 : to - from;
                }
            }
        }

        var edges = new List<DirectlyFollowsEdge>(n);
        for (var e = 0; e < n; e++)
        {
            var count = offsets[e + 1] - offsets[e];
            var time = withTimes ? DurationStatistics.FromTicks(durations.AsSpan(offsets[e], count)) : DurationStatistics.Empty;
            edges.Add(new DirectlyFollowsEdge(names[(int)(keys[e] >> 32)], names[(int)(keys[e] & 0xffffffff)], count, time));
        }

        edges.Sort((a, b) => b.Frequency != a.Frequency ? b.Frequency.CompareTo(a.Frequency) : string.CompareOrdinal(a.Source + "\n" + a.Target, b.Source + "\n" + b.Target));
        return new DirectlyFollowsGraph(edges, Named(activityCounts, names), Named(startCounts, names), Named(endCounts, names));
    }

    internal static long Key(int from, int to) => ((long)from << 32) | (uint)to;

    /// <summary>Counts directly-follows pairs over activity ids; the shared core of the DFG and the miners.</summary>
    internal static Dictionary<long, int> Count(ActivityInstanceTable inst, out int[] activityCounts, out int[] startCounts, out int[] endCounts)
    {
        var max = 0;
        foreach (var a in inst.ActivityArray)
        {
            max = Math.Max(max, a + 1);
        }

        activityCounts = new int[max];
        startCounts = new int[max];
        endCounts = new int[max];
        var counts = new Dictionary<long, int>();
        var acts = inst.ActivityArray;
        for (var c = 0; c + 1 < inst.CaseOffsetArray.Length; c++)
        {
            int from = inst.CaseOffsetArray[c], to = inst.CaseOffsetArray[c + 1];
            if (to == from)
            {
                continue;
            }

            startCounts[acts[from]]++;
            endCounts[acts[to - 1]]++;
            activityCounts[acts[from]]++;
            for (var i = from + 1; i < to; i++)
            {
                activityCounts[acts[i]]++;
                ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(counts, Key(acts[i - 1], acts[i]), out _);
                slot++;
            }
        }

        return counts;
    }

    private static Dictionary<string, int> Named(int[] counts, IReadOnlyList<string> names)
    {
        var result = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var a = 0; a < counts.Length; a++)
        {
            if (counts[a] > 0)
            {
                result[names[a]] = counts[a];
            }
        }

        return result;
    }
}
