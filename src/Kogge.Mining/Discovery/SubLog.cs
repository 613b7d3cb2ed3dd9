namespace Kogge.Mining.Discovery;

/// <summary>A multiset of traces over global activity ids, kept compressed (each distinct trace once with its count).</summary>
internal sealed class SubLog
{
    private readonly Dictionary<int[], int> index = new(TraceComparer.Instance);

    public List<int[]> Traces { get; } = [];

    public List<long> Counts { get; } = [];

    public long TotalTraces { get; private set; }

    public void Add(int[] trace, long count)
    {
        if (count <= 0)
        {
            return;
        }

        TotalTraces += count;
        if (index.TryGetValue(trace, out var i))
        {
            Counts[i] += count;
            return;
        }

        index.Add(trace, Traces.Count);
        Traces.Add(trace);
        Counts.Add(count);
    }

    public long EmptyTraces => index.TryGetValue([], out var i) ? Counts[i] : 0;

    public SubLog WithoutEmptyTraces()
    {
        var result = new SubLog();
        for (var i = 0; i < Traces.Count; i++)
        {
            if (Traces[i].Length > 0)
            {
                result.Add(Traces[i], Counts[i]);
            }
        }

        return result;
    }

    /// <summary>The log with every event not in <paramref name="keep"/> removed.</summary>
    public SubLog Project(Func<int, bool> keep)
    {
        var result = new SubLog();
        for (var i = 0; i < Traces.Count; i++)
        {
            result.Add([.. Traces[i].Where(keep)], Counts[i]);
        }

        return result;
    }

    private sealed class TraceComparer : IEqualityComparer<int[]>
    {
        public static readonly TraceComparer Instance = new();

        public bool Equals(int[]? x, int[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(int[] obj)
        {
            var h = new HashCode();
            h.AddBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(obj.AsSpan()));
            return h.ToHashCode();
        }
    }
}

/// <summary>The directly-follows graph of a sublog over a local numbering of its alphabet.</summary>
internal sealed class LocalDfg
{
    public LocalDfg(int[] alphabet, int globalActivityCount)
    {
        Alphabet = alphabet;
        N = alphabet.Length;
        Local = new int[globalActivityCount];
        Array.Fill(Local, -1);
        for (var i = 0; i < N; i++)
        {
            Local[alphabet[i]] = i;
        }

        Weight = new long[N * N];
        StartCount = new long[N];
        EndCount = new long[N];
        ActivityCount = new long[N];
    }

    public int N { get; }

    public int[] Alphabet { get; }

    public int[] Local { get; }

    public long[] Weight { get; }

    public long[] StartCount { get; }

    public long[] EndCount { get; }

    public long[] ActivityCount { get; }

    public bool Edge(int from, int to) => Weight[(from * N) + to] > 0;

    /// <summary>Successor lists, built on first use; the graph must not change afterwards.</summary>
    public int[][] Successors => successors ??= BuildSuccessors();

    private int[][]? successors;

    private int[][]? predecessors;

    /// <summary>Predecessor lists, built on first use.</summary>
    public int[][] Predecessors => predecessors ??= BuildPredecessors();

    private int[][] BuildPredecessors()
    {
        var result = new int[N][];
        var list = new List<int>();
        for (var b = 0; b < N; b++)
        {
            list.Clear();
            for (var a = 0; a < N; a++)
            {
                if (Weight[(a * N) + b] > 0)
                {
                    list.Add(a);
                }
            }

            result[b] = [.. list];
        }

        return result;
    }

    private int[][] BuildSuccessors()
    {
        var result = new int[N][];
        var list = new List<int>();
        for (var a = 0; a < N; a++)
        {
            list.Clear();
            for (var b = 0; b < N; b++)
            {
                if (Weight[(a * N) + b] > 0)
                {
                    list.Add(b);
                }
            }

            result[a] = [.. list];
        }

        return result;
    }

    public bool IsStart(int a) => StartCount[a] > 0;

    public bool IsEnd(int a) => EndCount[a] > 0;

    public static LocalDfg FromLog(SubLog log, int globalActivityCount) => FromLog(log, globalActivityCount, -1);

    /// <summary>The graph of the log with every event of activity <paramref name="skip"/> removed, without building that log.</summary>
    public static LocalDfg FromLog(SubLog log, int globalActivityCount, int skip)
    {
        var seen = new bool[globalActivityCount];
        var alphabet = new List<int>();
        foreach (var trace in log.Traces)
        {
            foreach (var a in trace)
            {
                if (a != skip && !seen[a])
                {
                    seen[a] = true;
                    alphabet.Add(a);
                }
            }
        }

        alphabet.Sort();
        var dfg = new LocalDfg([.. alphabet], globalActivityCount);
        for (var t = 0; t < log.Traces.Count; t++)
        {
            var trace = log.Traces[t];
            var count = log.Counts[t];
            var previous = -1;
            foreach (var a in trace)
            {
                if (a == skip)
                {
                    continue;
                }

                var to = dfg.Local[a];
                dfg.ActivityCount[to] += count;
                if (previous < 0)
                {
                    dfg.StartCount[to] += count;
                }
                else
                {
                    dfg.Weight[(previous * dfg.N) + to] += count;
                }

                previous = to;
            }

            if (previous >= 0)
            {
                dfg.EndCount[previous] += count;
            }
        }

        return dfg;
    }

    /// <summary>
    /// The infrequent-behaviour filter of IMf: an edge survives if it has at least
    /// <paramref name="threshold"/> times the weight of the strongest edge leaving its source;
    /// start and end activities likewise against the most frequent start and end activity.
    /// </summary>
    public LocalDfg Filtered(double threshold)
    {
        var copy = new LocalDfg(Alphabet, Local.Length);
        Array.Copy(ActivityCount, copy.ActivityCount, N);
        for (var a = 0; a < N; a++)
        {
            long max = 0;
            for (var b = 0; b < N; b++)
            {
                max = Math.Max(max, Weight[(a * N) + b]);
            }

            for (var b = 0; b < N; b++)
            {
                var w = Weight[(a * N) + b];
                copy.Weight[(a * N) + b] = w > 0 && w >= threshold * max ? w : 0;
            }
        }

        long maxStart = StartCount.Max(), maxEnd = EndCount.Max();
        for (var a = 0; a < N; a++)
        {
            copy.StartCount[a] = StartCount[a] >= threshold * maxStart ? StartCount[a] : 0;
            copy.EndCount[a] = EndCount[a] >= threshold * maxEnd ? EndCount[a] : 0;
        }

        return copy;
    }
}
