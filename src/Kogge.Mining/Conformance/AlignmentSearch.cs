using System.Numerics;
using System.Runtime.InteropServices;

namespace Kogge.Mining.Conformance;

/// <summary>
/// A* over the synchronous product of a trace and a workflow net (Adriansyah, van Dongen, van der
/// Aalst 2011). A state is a marking and a position in the trace. Internally every move on log or
/// model and every synchronous move costs its user cost times <see cref="Scale"/> plus one, so among
/// alignments of equal cost the one with fewest visible moves wins. Silent moves are free: with a
/// small cost, every interleaving of the silent steps of parallel branches would be explored before
/// the goal (the heuristic cannot count them), which on discovered models with many τ-skips costs
/// tens of thousands of states per trace. Ties go to the state furthest along the trace, then to the
/// newest state, so a fitting trace is followed depth first. The heuristic is admissible: every
/// remaining event costs at least one move, events whose activity no marked place can still reach
/// must be log moves, the next event needs the model moves that bring tokens to a transition with its
/// label (or a log move), and every marked place other than the sink needs one more move to empty.
/// </summary>
internal sealed class AlignmentSearch
{
    private const long Scale = 1 << 20;

    private readonly PetriNet net;
    private readonly int placeCount;
    private readonly int[][] inputs;
    private readonly int[][] outputs;
    private readonly int[] labelOf;
    private readonly long[] modelCost;
    private readonly int[][] consumers;
    private readonly int[][] producers;
    private readonly long[]?[] distanceCache;
    private readonly int[][] transitionsByLabel;
    private readonly ulong[][] reachableLabels;
    private readonly bool[] silentConsumer;
    private readonly long[] cheapestVisibleConsumer;
    private readonly ulong[][] consumerLabels;
    private readonly int words;
    private readonly int[] stamp;
    private int stampValue;

    public AlignmentSearch(PetriNet net, AlignmentCosts costs)
    {
        this.net = net;
        placeCount = net.Places.Count;
        var labels = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var t in net.Transitions)
        {
            if (t.Label is not null && !labels.ContainsKey(t.Label))
            {
                labels.Add(t.Label, labels.Count);
            }
        }

        Labels = [.. labels.Keys];
        LabelIndex = labels;
        words = Math.Max(1, (labels.Count + 63) / 64);
        var transitionCount = net.Transitions.Count;
        inputs = new int[transitionCount][];
        outputs = new int[transitionCount][];
        labelOf = new int[transitionCount];
        modelCost = new long[transitionCount];
        var byLabel = new List<int>[labels.Count];
        for (var l = 0; l < byLabel.Length; l++)
        {
            byLabel[l] = [];
        }

        var consumerLists = new List<int>[placeCount];
        for (var p = 0; p < placeCount; p++)
        {
            consumerLists[p] = [];
        }

        foreach (var t in net.Transitions)
        {
            inputs[t.Index] = [.. t.Inputs];
            outputs[t.Index] = [.. t.Outputs];
            labelOf[t.Index] = t.Label is null ? -1 : labels[t.Label];
            modelCost[t.Index] = t.Label is null ? 0 : (costs.ModelCost(t.Label) * Scale) + 1;
            if (t.Label is not null)
            {
                byLabel[labels[t.Label]].Add(t.Index);
            }

            foreach (var p in t.Inputs.Distinct())
            {
                consumerLists[p].Add(t.Index);
            }
        }

        consumers = [.. consumerLists.Select(c => c.ToArray())];
        var producerLists = new List<int>[placeCount];
        for (var p = 0; p < placeCount; p++)
        {
            producerLists[p] = [];
        }

        foreach (var t in net.Transitions)
        {
            foreach (var p in t.Outputs.Distinct())
            {
                producerLists[p].Add(t.Index);
            }
        }

        producers = [.. producerLists.Select(c => c.ToArray())];
        distanceCache = new long[placeCount][];
        transitionsByLabel = [.. byLabel.Select(b => b.ToArray())];
        stamp = new int[transitionCount];
        silentConsumer = new bool[placeCount];
        cheapestVisibleConsumer = new long[placeCount];
        consumerLabels = new ulong[placeCount][];
        for (var p = 0; p < placeCount; p++)
        {
            consumerLabels[p] = new ulong[words];
            cheapestVisibleConsumer[p] = long.MaxValue;
            foreach (var t in consumers[p])
            {
                if (labelOf[t] < 0)
                {
                    silentConsumer[p] = true;
                }
                else
                {
                    consumerLabels[p][labelOf[t] >> 6] |= 1UL << (labelOf[t] & 63);
                    cheapestVisibleConsumer[p] = Math.Min(cheapestVisibleConsumer[p], modelCost[t]);
                }
            }
        }

        reachableLabels = ReachableLabels();
    }

    /// <summary>The distinct transition labels; a label index indexes this list.</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>Label index by label.</summary>
    public IReadOnlyDictionary<string, int> LabelIndex { get; }

    /// <summary>
    /// Searches an optimal alignment of a trace given as label indexes (−1 for activities the model
    /// does not contain) with the cost of each event as a log move.
    /// </summary>
    /// <returns>The moves as (transition or −1, trace position or −1) pairs; none when the budget ran out or no alignment exists.</returns>
    public SearchOutcome Search(int[] trace, int[] logCosts, int maxStates, Func<bool> outOfTime, CancellationToken cancellationToken)
    {
        var n = trace.Length;
        var data = new TraceData(trace, logCosts, words, Labels.Count);
        var states = new StateTable(placeCount);
        var queue = new PriorityQueue<int, (long F, int Remaining, int Newer)>();
        var initial = new byte[placeCount];
        initial[net.Source] = 1;
        var reach = new ulong[words];
        var rootHeuristic = Heuristic(initial, 0, data);
        if (rootHeuristic == long.MaxValue)
        {
            return new SearchOutcome(null, 0, Found: false, Unreachable: true);
        }

        queue.Enqueue(states.Add(initial, 0, -1, -1, -1, 0, rootHeuristic), (rootHeuristic, n, 0));
        var next = new byte[placeCount];
        var expanded = 0;
        while (queue.TryDequeue(out var s, out var priority))
        {
            ref var state = ref states[s];
            if (state.Closed || priority.F - state.G > states.HeuristicOf(s))
            {
                continue;
            }

            state.Closed = true;
            var marking = states.Marking(s);
            var position = state.Position;
            var g = state.G;
            if (position == n && IsFinal(marking))
            {
                return new SearchOutcome(ShortenSilentRuns(Path(states, s)), states.Count, Found: true);
            }

            if (++expanded % 128 == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (outOfTime())
                {
                    return new SearchOutcome(null, states.Count, Found: false);
                }
            }

            if (states.Count >= maxStates)
            {
                return new SearchOutcome(null, states.Count, Found: false);
            }

            // Synchronous moves.
            if (position < n && trace[position] >= 0)
            {
                foreach (var t in transitionsByLabel[trace[position]])
                {
                    if (Enabled(marking, t) && Fire(marking, t, next))
                    {
                        Relax(states, queue, next, position + 1, s, t, position, g + 1, data);
                    }
                }
            }

            // Model and silent moves: every enabled transition, each once.
            stampValue++;
            for (var p = 0; p < placeCount; p++)
            {
                if (marking[p] == 0)
                {
                    continue;
                }

                foreach (var t in consumers[p])
                {
                    if (stamp[t] == stampValue)
                    {
                        continue;
                    }

                    stamp[t] = stampValue;
                    if (Enabled(marking, t) && Fire(marking, t, next))
                    {
                        Relax(states, queue, next, position, s, t, -1, g + modelCost[t], data);
                    }
                }
            }

            // Log move.
            if (position < n)
            {
                Relax(states, queue, marking, position + 1, s, -1, position, g + (logCosts[position] * Scale) + 1, data);
            }
        }

        return new SearchOutcome(null, states.Count, Found: false, Unreachable: true);
    }

    private void Relax(
        StateTable states,
        PriorityQueue<int, (long F, int Remaining, int Newer)> queue,
        ReadOnlySpan<byte> marking,
        int position,
        int parent,
        int transition,
        int eventPosition,
        long g,
        TraceData data)
    {
        var existing = states.Find(marking, position);
        if (existing >= 0)
        {
            ref var state = ref states[existing];
            if (g >= state.G)
            {
                return;
            }

            // A cheaper way into a known state: take it, and search from it again if it was closed.
            state.G = g;
            state.Parent = parent;
            state.Transition = transition;
            state.EventPosition = eventPosition;
            state.Closed = false;
            queue.Enqueue(existing, (g + states.HeuristicOf(existing), data.Length - position, -states.Count));
            return;
        }

        var h = Heuristic(marking, position, data);
        if (h == long.MaxValue)
        {
            return;
        }

        var added = states.Add(marking, position, parent, transition, eventPosition, g, h);
        queue.Enqueue(added, (g + h, data.Length - position, -added));
    }

    private long Heuristic(ReadOnlySpan<byte> marking, int position, TraceData data)
    {
        var reach = data.Reach;
        Array.Clear(reach);
        long placeBound = 0;
        var suffix = data.SuffixLabels[position];
        var sinkTokens = marking[net.Sink];
        if (sinkTokens > 1 && !net.SinkCollectsEndTokens)
        {
            // Nothing consumes from the sink: this state can never reach the final marking.
            return long.MaxValue;
        }

        for (var p = 0; p < placeCount; p++)
        {
            if (marking[p] == 0)
            {
                continue;
            }

            var r = reachableLabels[p];
            for (var w = 0; w < words; w++)
            {
                reach[w] |= r[w];
            }

            if (p == net.Sink)
            {
                continue;
            }

            long cost;
            if (Intersects(consumerLabels[p], suffix))
            {
                cost = 0;
            }
            else if (silentConsumer[p])
            {
                cost = 0;
            }
            else if (cheapestVisibleConsumer[p] != long.MaxValue)
            {
                cost = cheapestVisibleConsumer[p];
            }
            else
            {
                // A token that nothing can consume: a dead end.
                return long.MaxValue;
            }

            placeBound = Math.Max(placeBound, cost);
        }

        var eventBound = data.Length - position + data.SuffixUnknownCost[position];
        var costs = data.SuffixLogCost[position];
        var nextReachable = false;
        for (var w = 0; w < words; w++)
        {
            var missing = suffix[w] & ~reach[w];
            while (missing != 0)
            {
                // No marked place can reach a transition with this label: each of these events is a log move.
                eventBound += costs[(w << 6) + BitOperations.TrailingZeroCount(missing)];
                missing &= missing - 1;
            }
        }

        if (position < data.Length && data.Trace[position] is var next and >= 0)
        {
            nextReachable = (reach[next >> 6] & (1UL << (next & 63))) != 0;
        }

        // The next event is a log move or a synchronous move after the model moves its tokens to a
        // transition with its label. Those moves may be the ones the place bound counts, so the larger of both.
        var nextBound = nextReachable ? Math.Min(data.LogCosts[position] * Scale, DistanceToEnable(marking, data.Trace[position])) : 0;
        return eventBound + Math.Max(placeBound, nextBound);
    }

    /// <summary>
    /// A lower bound on the cost of model and silent moves before a transition with the label can
    /// fire: for each such transition, the farthest of its input places from the nearest token.
    /// </summary>
    private long DistanceToEnable(ReadOnlySpan<byte> marking, int label)
    {
        var best = long.MaxValue;
        foreach (var t in transitionsByLabel[label])
        {
            long farthest = 0;
            foreach (var q in inputs[t])
            {
                var distance = DistancesTo(q);
                var nearest = long.MaxValue;
                for (var p = 0; p < placeCount && nearest > 0; p++)
                {
                    if (marking[p] != 0 && distance[p] < nearest)
                    {
                        nearest = distance[p];
                    }
                }

                farthest = Math.Max(farthest, nearest);
            }

            best = Math.Min(best, farthest);
        }

        return best;
    }

    /// <summary>For every place, the cheapest chain of model or silent moves that carries a token from it into <paramref name="target"/> (cached).</summary>
    private long[] DistancesTo(int target)
    {
        if (distanceCache[target] is { } cached)
        {
            return cached;
        }

        var distance = new long[placeCount];
        Array.Fill(distance, long.MaxValue);
        distance[target] = 0;
        var queue = new PriorityQueue<int, long>();
        queue.Enqueue(target, 0);
        while (queue.TryDequeue(out var o, out var d))
        {
            if (d > distance[o])
            {
                continue;
            }

            foreach (var t in producers[o])
            {
                var via = d + modelCost[t];
                foreach (var p in inputs[t])
                {
                    if (via < distance[p])
                    {
                        distance[p] = via;
                        queue.Enqueue(p, via);
                    }
                }
            }
        }

        distanceCache[target] = distance;
        return distance;
    }

    private static bool Intersects(ulong[] a, ulong[] b)
    {
        for (var w = 0; w < a.Length; w++)
        {
            if ((a[w] & b[w]) != 0)
            {
                return true;
            }
        }

        return false;
    }

    private bool IsFinal(ReadOnlySpan<byte> marking)
    {
        var sink = marking[net.Sink];
        if (sink == 0 || (sink > 1 && !net.SinkCollectsEndTokens))
        {
            return false;
        }

        for (var p = 0; p < marking.Length; p++)
        {
            if (p != net.Sink && marking[p] != 0)
            {
                return false;
            }
        }

        return true;
    }

    private bool Enabled(ReadOnlySpan<byte> marking, int t)
    {
        foreach (var p in inputs[t])
        {
            if (marking[p] == 0)
            {
                return false;
            }
        }

        // A transition with the same input place twice needs two tokens there.
        if (inputs[t].Length > 1)
        {
            foreach (var p in inputs[t])
            {
                var needed = 0;
                foreach (var q in inputs[t])
                {
                    needed += q == p ? 1 : 0;
                }

                if (marking[p] < needed)
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>Fires into <paramref name="next"/>; false when a place would overflow (an unbounded net).</summary>
    private bool Fire(ReadOnlySpan<byte> marking, int t, byte[] next)
    {
        marking.CopyTo(next);
        foreach (var p in inputs[t])
        {
            next[p]--;
        }

        foreach (var p in outputs[t])
        {
            if (next[p] == byte.MaxValue)
            {
                return false;
            }

            next[p]++;
        }

        return true;
    }

    private static List<(int Transition, int EventPosition)> Path(StateTable states, int goal)
    {
        var path = new List<(int, int)>();
        for (var s = goal; states[s].Parent >= 0; s = states[s].Parent)
        {
            path.Add((states[s].Transition, states[s].EventPosition));
        }

        path.Reverse();
        return path;
    }

    /// <summary>
    /// Free silent moves let the search wander through τ-steps it does not need; each run of silent
    /// moves between two visible moves is replaced by the shortest silent firing sequence between the
    /// same two markings (breadth first, bounded), which changes neither the cost nor the visible moves.
    /// </summary>
    private List<(int Transition, int EventPosition)> ShortenSilentRuns(List<(int Transition, int EventPosition)> path)
    {
        var result = new List<(int, int)>(path.Count);
        var marking = new byte[placeCount];
        marking[net.Source] = 1;
        var i = 0;
        while (i < path.Count)
        {
            var (t, e) = path[i];
            if (t < 0 || e >= 0 || labelOf[t] >= 0)
            {
                if (t >= 0)
                {
                    Fire(marking, t, marking);
                }

                result.Add(path[i++]);
                continue;
            }

            var start = (byte[])marking.Clone();
            var run = new List<int>();
            for (; i < path.Count && path[i].Transition >= 0 && path[i].EventPosition < 0 && labelOf[path[i].Transition] < 0; i++)
            {
                run.Add(path[i].Transition);
                Fire(marking, path[i].Transition, marking);
            }

            var shorter = run.Count > 1 ? ShortestSilentRun(start, marking, run.Count) : null;
            result.AddRange((shorter ?? run).Select(s => (s, -1)));
        }

        return result;
    }

    private List<int>? ShortestSilentRun(byte[] from, byte[] to, int longest)
    {
        // Small on purpose: this only tidies the result, it must not cost more than the search.
        const int MaxStates = 256;
        var seen = new Dictionary<Marking, (Marking Parent, int Transition)>() { [new Marking(from)] = (default, -1) };
        var frontier = new Queue<(byte[] Marking, int Depth)>();
        frontier.Enqueue((from, 0));
        var target = new Marking(to);
        var next = new byte[placeCount];
        while (frontier.Count > 0 && seen.Count < MaxStates)
        {
            var (m, depth) = frontier.Dequeue();
            if (depth + 1 >= longest)
            {
                return null;
            }

            stampValue++;
            for (var p = 0; p < placeCount; p++)
            {
                if (m[p] == 0)
                {
                    continue;
                }

                foreach (var t in consumers[p])
                {
                    if (stamp[t] == stampValue || labelOf[t] >= 0)
                    {
                        continue;
                    }

                    stamp[t] = stampValue;
                    if (!Enabled(m, t) || !Fire(m, t, next))
                    {
                        continue;
                    }

                    var key = new Marking((byte[])next.Clone());
                    if (!seen.TryAdd(key, (new Marking(m), t)))
                    {
                        continue;
                    }

                    if (key.Equals(target))
                    {
                        var run = new List<int>();
                        for (var k = key; seen[k].Transition >= 0; k = seen[k].Parent)
                        {
                            run.Add(seen[k].Transition);
                        }

                        run.Reverse();
                        return run;
                    }

                    frontier.Enqueue((key.Tokens, depth + 1));
                }
            }
        }

        return null;
    }

    /// <summary>A marking as a dictionary key.</summary>
    private readonly struct Marking(byte[] tokens) : IEquatable<Marking>
    {
        public byte[] Tokens => tokens;

        public bool Equals(Marking other) => tokens.AsSpan().SequenceEqual(other.Tokens);

        public override bool Equals(object? obj) => obj is Marking m && Equals(m);

        public override int GetHashCode()
        {
            var h = new HashCode();
            h.AddBytes(tokens);
            return h.ToHashCode();
        }
    }

    /// <summary>For each place, the labels of the visible transitions reachable from it in the net's graph.</summary>
    private ulong[][] ReachableLabels()
    {
        var result = new ulong[placeCount][];
        var seenPlace = new bool[placeCount];
        var stack = new Stack<int>();
        for (var start = 0; start < placeCount; start++)
        {
            Array.Clear(seenPlace);
            var bits = new ulong[words];
            stack.Push(start);
            seenPlace[start] = true;
            while (stack.Count > 0)
            {
                var p = stack.Pop();
                foreach (var t in consumers[p])
                {
                    if (labelOf[t] >= 0)
                    {
                        bits[labelOf[t] >> 6] |= 1UL << (labelOf[t] & 63);
                    }

                    foreach (var o in outputs[t])
                    {
                        if (!seenPlace[o])
                        {
                            seenPlace[o] = true;
                            stack.Push(o);
                        }
                    }
                }
            }

            result[start] = bits;
        }

        return result;
    }

    /// <summary>A trace with the suffix sums the heuristic reads.</summary>
    private sealed class TraceData
    {
        public TraceData(int[] trace, int[] logCosts, int words, int labelCount)
        {
            Trace = trace;
            LogCosts = logCosts;
            Reach = new ulong[words];
            var n = trace.Length;
            SuffixLabels = new ulong[n + 1][];
            SuffixLogCost = new long[n + 1][];
            SuffixUnknownCost = new long[n + 1];
            SuffixLabels[n] = new ulong[words];
            SuffixLogCost[n] = new long[labelCount];
            for (var i = n - 1; i >= 0; i--)
            {
                SuffixLabels[i] = (ulong[])SuffixLabels[i + 1].Clone();
                SuffixLogCost[i] = (long[])SuffixLogCost[i + 1].Clone();
                SuffixUnknownCost[i] = SuffixUnknownCost[i + 1];

                // Scaled user costs only; the one unit every move costs is counted per remaining event.
                var cost = logCosts[i] * Scale;
                if (trace[i] < 0)
                {
                    SuffixUnknownCost[i] += cost;
                }
                else
                {
                    SuffixLabels[i][trace[i] >> 6] |= 1UL << (trace[i] & 63);
                    SuffixLogCost[i][trace[i]] += cost;
                }
            }
        }

        public int Length => Trace.Length;

        public int[] Trace { get; }

        public int[] LogCosts { get; }

        public ulong[] Reach { get; }

        public ulong[][] SuffixLabels { get; }

        public long[][] SuffixLogCost { get; }

        public long[] SuffixUnknownCost { get; }
    }

    internal sealed record SearchOutcome(List<(int Transition, int EventPosition)>? Moves, int VisitedStates, bool Found, bool Unreachable = false);

    internal struct SearchState
    {
        public int Position;
        public int Parent;
        public int Transition;
        public int EventPosition;
        public long G;
        public bool Closed;
    }

    /// <summary>Search states with their markings in one byte array and a chained hash index on (marking, position).</summary>
    private sealed class StateTable(int placeCount)
    {
        private readonly List<byte> markings = new(placeCount * 1024);
        private SearchState[] items = new SearchState[1024];
        private long[] heuristics = new long[1024];
        private int[] hashes = new int[1024];
        private int[] nextInChain = new int[1024];
        private int[] heads = NewHeads(2048);

        public int Count { get; private set; }

        public ref SearchState this[int s] => ref items[s];

        public ReadOnlySpan<byte> Marking(int s) => CollectionsMarshal.AsSpan(markings).Slice(s * placeCount, placeCount);

        public long HeuristicOf(int s) => heuristics[s];

        public int Find(ReadOnlySpan<byte> marking, int position)
        {
            var hash = Hash(marking, position);
            for (var s = heads[hash & (heads.Length - 1)]; s >= 0; s = nextInChain[s])
            {
                if (hashes[s] == hash && items[s].Position == position && Marking(s).SequenceEqual(marking))
                {
                    return s;
                }
            }

            return -1;
        }

        public int Add(ReadOnlySpan<byte> marking, int position, int parent, int transition, int eventPosition, long g, long h)
        {
            if (Count == items.Length)
            {
                var size = items.Length * 2;
                Array.Resize(ref items, size);
                Array.Resize(ref heuristics, size);
                Array.Resize(ref hashes, size);
                Array.Resize(ref nextInChain, size);
            }

            var s = Count++;
            foreach (var b in marking)
            {
                markings.Add(b);
            }

            items[s] = new SearchState { Position = position, Parent = parent, Transition = transition, EventPosition = eventPosition, G = g };
            heuristics[s] = h;
            hashes[s] = Hash(marking, position);
            if (Count > heads.Length / 2)
            {
                heads = NewHeads(heads.Length * 2);
                for (var i = 0; i < Count; i++)
                {
                    Link(i);
                }
            }
            else
            {
                Link(s);
            }

            return s;
        }

        private void Link(int s)
        {
            var bucket = hashes[s] & (heads.Length - 1);
            nextInChain[s] = heads[bucket];
            heads[bucket] = s;
        }

        private static int[] NewHeads(int size)
        {
            var heads = new int[size];
            Array.Fill(heads, -1);
            return heads;
        }

        private static int Hash(ReadOnlySpan<byte> marking, int position)
        {
            var h = new HashCode();
            h.Add(position);
            h.AddBytes(marking);
            return h.ToHashCode();
        }
    }
}
