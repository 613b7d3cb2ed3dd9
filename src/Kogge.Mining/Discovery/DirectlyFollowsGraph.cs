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
    // One pass over the whole log, usually once per process (command line, report): compiled optimised at once, not through tiers.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static DirectlyFollowsGraph Compute(EventLog log, bool withTimes = true)
    {
        ArgumentNullException.ThrowIfNull(log);
        var inst = log.Instances;
        var pairs = new PairIndex(log.ActivityNames.Count);
        var acts = inst.ActivityArray;
        var caseOffsets = inst.CaseOffsetArray;
        var activityCounts = new int[log.ActivityNames.Count];
        var startCounts = new int[activityCounts.Length];
        var endCounts = new int[activityCounts.Length];
        for (var c = 0; c + 1 < caseOffsets.Length; c++)
        {
            int from = caseOffsets[c], to = caseOffsets[c + 1];
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
                pairs.Slot(acts[i - 1], acts[i])++;
            }
        }

        // The slots now hold counts; turn them into edge numbers with offsets into one array of durations.
        var keys = new List<long>();
        var offsets = new List<int> { 0 };
        pairs.Number((key, count) =>
        {
            keys.Add(key);
            offsets.Add(offsets[^1] + count);
        });

        var names = log.ActivityNames;
        var n = keys.Count;
        var durations = withTimes ? new long[offsets[^1]] : [];
        if (withTimes)
        {
            var fill = offsets.ToArray();
            var starts = inst.StartArray;
            var ends = inst.EndArray;
            for (var c = 0; c + 1 < caseOffsets.Length; c++)
            {
                for (var i = caseOffsets[c] + 1; i < caseOffsets[c + 1]; i++)
                {
                    var id = pairs.Slot(acts[i - 1], acts[i]);
                    var before = ends[i - 1];
                    var after = starts[i];
                    durations[fill[id]++] = before == EventLog.NoTimestamp || after == EventLog.NoTimestamp ? 0 : after - before;
                }
            }
        }

        var edges = new List<DirectlyFollowsEdge>(n);
        for (var e = 0; e < n; e++)
        {
            var count = offsets[e + 1] - offsets[e];
            var time = withTimes ? DurationStatistics.Summarize(durations.AsSpan(offsets[e], count)) : DurationStatistics.Empty;
            edges.Add(new DirectlyFollowsEdge(names[(int)(keys[e] >> 32)], names[(int)(keys[e] & 0xffffffff)], count, time));
        }

        edges.Sort((a, b) => b.Frequency != a.Frequency ? b.Frequency.CompareTo(a.Frequency) : string.CompareOrdinal(a.Source + "\n" + a.Target, b.Source + "\n" + b.Target));
        return new DirectlyFollowsGraph(edges, Named(activityCounts, names), Named(startCounts, names), Named(endCounts, names));
    }

    internal static long Key(int from, int to) => ((long)from << 32) | (uint)to;

    /// <summary>
    /// One int per activity pair: a dense matrix for alphabets up to 1,024 activities (4 MiB), a hash map beyond,
    /// so the inner loops over a million events do no hashing in the common case.
    /// </summary>
    private sealed class PairIndex(int activityCount)
    {
        private const int DenseLimit = 1024;
        private readonly int[]? dense = activityCount <= DenseLimit ? new int[activityCount * activityCount] : null;
        private readonly Dictionary<long, int>? sparse = activityCount <= DenseLimit ? null : [];

        public ref int Slot(int from, int to) => ref dense is not null
            ? ref dense[(from * activityCount) + to]
            : ref CollectionsMarshal.GetValueRefOrAddDefault(sparse!, Key(from, to), out _);

        /// <summary>Calls <paramref name="edge"/> with (pair key, count) for every pair seen and replaces the count by the edge's number.</summary>
        public void Number(Action<long, int> edge)
        {
            var next = 0;
            if (dense is not null)
            {
                for (var i = 0; i < dense.Length; i++)
                {
                    if (dense[i] > 0)
                    {
                        edge(Key(i / activityCount, i % activityCount), dense[i]);
                        dense[i] = next++;
                    }
                }

                return;
            }

            foreach (var key in sparse!.Keys.ToArray())
            {
                edge(key, sparse[key]);
                sparse[key] = next++;
            }
        }
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
