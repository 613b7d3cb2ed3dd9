using Kogge.Mining.EventLogs;

namespace Kogge.Mining.Discovery;

/// <summary>The members of the inductive miner family.</summary>
public enum InductiveMinerVariant
{
    /// <summary>IM: the basic inductive miner; the model fits every trace.</summary>
    Basic,
    /// <summary>IMf: filters infrequent directly-follows behaviour when no cut exists, by <see cref="InductiveMinerOptions.NoiseThreshold"/>.</summary>
    InfrequentFiltering,
    /// <summary>IMd: mines the directly-follows graph alone without splitting the log; fastest, for very large logs.</summary>
    DirectlyFollows,
}

/// <summary>Options of the inductive miner.</summary>
public sealed class InductiveMinerOptions
{
    /// <summary>Which variant to run.</summary>
    public InductiveMinerVariant Variant { get; init; } = InductiveMinerVariant.InfrequentFiltering;

    /// <summary>IMf's noise threshold between 0 and 1: edges weaker than this share of their source's strongest edge are ignored.</summary>
    public double NoiseThreshold { get; init; } = 0.2;

    /// <summary>The time discovery may take; afterwards the parts not yet mined become flower models.</summary>
    public TimeSpan? TimeBudget { get; init; }

    /// <summary>The clock for the time budget.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}

/// <summary>The outcome of discovery.</summary>
/// <param name="Tree">The discovered model.</param>
/// <param name="Complete">False when the time budget ran out or the token was cancelled: some parts of the tree are flower models.</param>
/// <param name="Elapsed">How long discovery took.</param>
public sealed record DiscoveryResult(ProcessTree Tree, bool Complete, TimeSpan Elapsed);

/// <summary>
/// The inductive miner (Leemans, Fahland, van der Aalst 2013; IMf: 2013 for infrequent behaviour;
/// IMd: 2015 for scalability): recursively find a cut in the directly-follows graph, split the log
/// accordingly and mine each part; when no cut exists, fall back to fall-throughs ending in the
/// flower model. The result is a sound, block-structured process tree.
/// </summary>
public static class InductiveMiner
{
    private const int MaxDepth = 2000;

    /// <summary>
    /// Discovers a process tree from the log's activity instances. Cancelling the token, like an
    /// exhausted time budget, stops the recursion and returns the best model so far.
    /// </summary>
    public static DiscoveryResult Discover(EventLog log, InductiveMinerOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(log);
        options ??= new InductiveMinerOptions();
        if (options.NoiseThreshold is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "The noise threshold lies between 0 and 1.");
        }

        var sublog = new SubLog();
        var inst = log.Instances;
        var groups = Variants.VariantIndex(inst, out var caseVariant);
        var counts = new long[groups.Count];
        foreach (var v in caseVariant)
        {
            counts[v]++;
        }

        for (var v = 0; v < groups.Count; v++)
        {
            sublog.Add(groups[v], counts[v]);
        }

        var miner = new Miner(log.ActivityNames, options, cancellationToken);
        var tree = options.Variant == InductiveMinerVariant.DirectlyFollows
            ? miner.MineDfg(LocalDfg.FromLog(sublog, log.ActivityNames.Count), 0)
            : miner.Mine(sublog, 0);
        return new DiscoveryResult(tree, !miner.Stopped, options.TimeProvider.GetElapsedTime(miner.StartedAt));
    }

    private sealed class Miner(IReadOnlyList<string> names, InductiveMinerOptions options, CancellationToken cancellationToken)
    {
        private readonly bool filtering = options.Variant == InductiveMinerVariant.InfrequentFiltering;
        private readonly double noise = options.NoiseThreshold;

        public long StartedAt { get; } = options.TimeProvider.GetTimestamp();

        public bool Stopped { get; private set; }

        private int ActivityCount => names.Count;

        private bool ShouldStop()
        {
            if (!Stopped && (cancellationToken.IsCancellationRequested
                || (options.TimeBudget is { } budget && options.TimeProvider.GetElapsedTime(StartedAt) > budget)))
            {
                Stopped = true;
            }

            return Stopped;
        }

        public ProcessTree Mine(SubLog log, int depth)
        {
            if (log.TotalTraces == 0)
            {
                return ProcessTree.Silent();
            }

            var empty = log.EmptyTraces;
            if (empty == log.TotalTraces)
            {
                return ProcessTree.Silent();
            }

            if (empty > 0)
            {
                if (filtering && empty < noise * log.TotalTraces)
                {
                    return Mine(log.WithoutEmptyTraces(), depth);
                }

                return ProcessTree.ExclusiveChoice(ProcessTree.Silent(), Mine(log.WithoutEmptyTraces(), depth + 1));
            }

            var dfg = LocalDfg.FromLog(log, ActivityCount);
            if (dfg.N == 1 && SingleActivity(log))
            {
                return ProcessTree.Activity(names[dfg.Alphabet[0]]);
            }

            if (depth > MaxDepth || ShouldStop())
            {
                return Flower(dfg);
            }

            var cut = Cuts.Find(dfg);
            if (cut is null && filtering)
            {
                cut = Cuts.Find(dfg.Filtered(noise));
            }

            if (cut is not null)
            {
                var sublogs = Split(log, cut, dfg);
                var children = sublogs.Select(s => Mine(s, depth + 1)).ToList();
                return Combine(cut.Operator, children);
            }

            return FallThrough(log, dfg, depth);
        }

        private bool SingleActivity(SubLog log)
        {
            long single = 0;
            for (var i = 0; i < log.Traces.Count; i++)
            {
                if (log.Traces[i].Length == 1)
                {
                    single += log.Counts[i];
                }
            }

            return single == log.TotalTraces || (filtering && log.TotalTraces - single < noise * log.TotalTraces);
        }

        private static ProcessTree Combine(ProcessTreeKind op, List<ProcessTree> children) => op switch
        {
            ProcessTreeKind.Sequence => ProcessTree.Sequence(children),
            ProcessTreeKind.ExclusiveChoice => ProcessTree.ExclusiveChoice(children),
            ProcessTreeKind.Parallel => ProcessTree.Parallel(children),
            _ => ProcessTree.Loop(children[0], children.Count == 2 ? children[1] : ProcessTree.ExclusiveChoice(children.Skip(1))),
        };

        private ProcessTree Flower(LocalDfg dfg) =>
            ProcessTree.Loop(ProcessTree.Silent(), ProcessTree.ExclusiveChoice(dfg.Alphabet.Select(a => ProcessTree.Activity(names[a]))));

        private static List<SubLog> Split(SubLog log, Cut cut, LocalDfg dfg)
        {
            var k = cut.Partitions.Count;
            var partOf = new int[dfg.Local.Length];
            Array.Fill(partOf, -1);
            for (var p = 0; p < k; p++)
            {
                foreach (var local in cut.Partitions[p])
                {
                    partOf[dfg.Alphabet[local]] = p;
                }
            }

            var result = Enumerable.Range(0, k).Select(_ => new SubLog()).ToList();
            var counts = new int[k];
            for (var t = 0; t < log.Traces.Count; t++)
            {
                var trace = log.Traces[t];
                var count = log.Counts[t];
                switch (cut.Operator)
                {
                    case ProcessTreeKind.ExclusiveChoice:
                        {
                            // Under noise a trace may touch several branches; it goes to the one holding most of its events.
                            Array.Clear(counts);
                            foreach (var a in trace)
                            {
                                counts[partOf[a]]++;
                            }

                            var best = Array.IndexOf(counts, counts.Max());
                            result[best].Add([.. trace.Where(a => partOf[a] == best)], count);
                            break;
                        }

                    case ProcessTreeKind.Parallel:
                        for (var p = 0; p < k; p++)
                        {
                            result[p].Add([.. trace.Where(a => partOf[a] == p)], count);
                        }

                        break;
                    case ProcessTreeKind.Sequence:
                        SplitSequence(trace, count, partOf, result);
                        break;
                    default:
                        SplitLoop(trace, count, partOf, result);
                        break;
                }
            }

            return result;
        }

        /// <summary>
        /// Splits a trace over ordered parts at the positions that remove the fewest events: for each
        /// part, the split point minimises the events of other parts before it plus the events of this part after it.
        /// </summary>
        private static void SplitSequence(int[] trace, long count, int[] partOf, List<SubLog> result)
        {
            var pos = 0;
            var k = result.Count;
            for (var p = 0; p < k; p++)
            {
                var end = trace.Length;
                if (p < k - 1)
                {
                    var inPartAfter = 0;
                    for (var j = pos; j < trace.Length; j++)
                    {
                        if (partOf[trace[j]] == p)
                        {
                            inPartAfter++;
                        }
                    }

                    var bestCost = inPartAfter;
                    end = pos;
                    var cost = inPartAfter;
                    for (var j = pos; j < trace.Length; j++)
                    {
                        cost += partOf[trace[j]] == p ? -1 : 1;
                        if (cost < bestCost)
                        {
                            bestCost = cost;
                            end = j + 1;
                        }
                    }
                }

                var sub = new List<int>();
                for (var j = pos; j < end; j++)
                {
                    if (partOf[trace[j]] == p)
                    {
                        sub.Add(trace[j]);
                    }
                }

                result[p].Add([.. sub], count);
                pos = end;
            }
        }

        /// <summary>Cuts a trace into body and redo segments; between two redo segments and at redo ends the body ran empty.</summary>
        private static void SplitLoop(int[] trace, long count, int[] partOf, List<SubLog> result)
        {
            var segment = new List<int>();
            var current = -1;
            foreach (var a in trace)
            {
                var p = partOf[a];
                if (p < 0)
                {
                    continue;
                }

                if (p != current)
                {
                    if (current >= 0)
                    {
                        result[current].Add([.. segment], count);
                    }
                    else if (p != 0)
                    {
                        result[0].Add([], count);
                    }

                    if (current > 0 && p > 0)
                    {
                        result[0].Add([], count);
                    }

                    segment.Clear();
                    current = p;
                }

                segment.Add(a);
            }

            if (current >= 0)
            {
                result[current].Add([.. segment], count);
            }

            if (current > 0)
            {
                result[0].Add([], count);
            }
        }

        private ProcessTree FallThrough(SubLog log, LocalDfg dfg, int depth)
        {
            // Activity once per trace: it runs in parallel to everything else.
            for (var local = 0; local < dfg.N; local++)
            {
                var a = dfg.Alphabet[local];
                if (log.Traces.All(t => Occurrences(t, a) == 1))
                {
                    return ProcessTree.Parallel(ProcessTree.Activity(names[a]), Mine(log.Project(x => x != a), depth + 1));
                }
            }

            // Activity concurrent: leaving one activity out reveals a cut.
            if (dfg.N > 2)
            {
                foreach (var local in Enumerable.Range(0, dfg.N).OrderBy(l => dfg.ActivityCount[l]))
                {
                    if (ShouldStop())
                    {
                        return Flower(dfg);
                    }

                    var a = dfg.Alphabet[local];
                    var sub = LocalDfg.FromLog(log, ActivityCount, a);
                    if (Cuts.Find(sub) is not null || (filtering && Cuts.Find(sub.Filtered(noise)) is not null))
                    {
                        // The activity's own projection decides whether it is optional or repeated.
                        return ProcessTree.Parallel(Mine(log.Project(x => x == a), depth + 1), Mine(log.Project(x => x != a), depth + 1));
                    }
                }
            }

            // Strict τ-loop: split where an end activity is directly followed by a start activity.
            if (SplitTraces(log, (prev, next) => dfg.IsEnd(dfg.Local[prev]) && dfg.IsStart(dfg.Local[next])) is { } strict)
            {
                return ProcessTree.Loop(Mine(strict, depth + 1), ProcessTree.Silent());
            }

            // τ-loop: split before every start activity.
            if (SplitTraces(log, (_, next) => dfg.IsStart(dfg.Local[next])) is { } loose)
            {
                return ProcessTree.Loop(Mine(loose, depth + 1), ProcessTree.Silent());
            }

            return Flower(dfg);
        }

        private static int Occurrences(int[] trace, int a)
        {
            var n = 0;
            foreach (var x in trace)
            {
                if (x == a)
                {
                    n++;
                }
            }

            return n;
        }

        private static SubLog? SplitTraces(SubLog log, Func<int, int, bool> splitBetween)
        {
            var result = new SubLog();
            var any = false;
            for (var t = 0; t < log.Traces.Count; t++)
            {
                var trace = log.Traces[t];
                var from = 0;
                for (var i = 1; i < trace.Length; i++)
                {
                    if (splitBetween(trace[i - 1], trace[i]))
                    {
                        result.Add(trace[from..i], log.Counts[t]);
                        from = i;
                        any = true;
                    }
                }

                result.Add(trace[from..], log.Counts[t]);
            }

            return any ? result : null;
        }

        public ProcessTree MineDfg(LocalDfg dfg, int depth)
        {
            if (dfg.N == 0)
            {
                return ProcessTree.Silent();
            }

            if (dfg.N == 1)
            {
                var leaf = ProcessTree.Activity(names[dfg.Alphabet[0]]);
                return dfg.Edge(0, 0) ? ProcessTree.Loop(leaf, ProcessTree.Silent()) : leaf;
            }

            if (depth > MaxDepth || ShouldStop())
            {
                return Flower(dfg);
            }

            var cut = Cuts.Find(dfg);
            if (cut is null)
            {
                return Flower(dfg);
            }

            var children = new List<ProcessTree>();
            for (var p = 0; p < cut.Partitions.Count; p++)
            {
                var child = MineDfg(SubDfg(dfg, cut, p), depth + 1);
                if (cut.Operator == ProcessTreeKind.Sequence && Skippable(dfg, cut, p))
                {
                    child = ProcessTree.ExclusiveChoice(ProcessTree.Silent(), child);
                }

                children.Add(child);
            }

            return Combine(cut.Operator, children);
        }

        /// <summary>A part of a sequence can be skipped when behaviour jumps over it: an edge around it, a later start or an earlier end.</summary>
        private static bool Skippable(LocalDfg dfg, Cut cut, int part)
        {
            var partOf = PartOf(dfg, cut);
            for (var a = 0; a < dfg.N; a++)
            {
                if ((partOf[a] > part && dfg.IsStart(a)) || (partOf[a] < part && dfg.IsEnd(a)))
                {
                    return true;
                }

                if (partOf[a] < part && dfg.Successors[a].Any(b => partOf[b] > part))
                {
                    return true;
                }
            }

            return false;
        }

        private static int[] PartOf(LocalDfg dfg, Cut cut)
        {
            var partOf = new int[dfg.N];
            for (var p = 0; p < cut.Partitions.Count; p++)
            {
                foreach (var a in cut.Partitions[p])
                {
                    partOf[a] = p;
                }
            }

            return partOf;
        }

        /// <summary>The directly-follows graph of one part: edges inside it; start and end activities by the cut's semantics.</summary>
        private LocalDfg SubDfg(LocalDfg dfg, Cut cut, int part)
        {
            var partOf = PartOf(dfg, cut);
            var members = cut.Partitions[part];
            var sub = new LocalDfg([.. members.Select(l => dfg.Alphabet[l])], ActivityCount);
            var op = cut.Operator;
            for (var i = 0; i < members.Count; i++)
            {
                var a = members[i];
                sub.ActivityCount[i] = dfg.ActivityCount[a];
                var keepOriginal = op != ProcessTreeKind.Loop || part == 0;
                sub.StartCount[i] = keepOriginal ? dfg.StartCount[a] : 0;
                sub.EndCount[i] = keepOriginal ? dfg.EndCount[a] : 0;
                for (var j = 0; j < members.Count; j++)
                {
                    sub.Weight[(i * sub.N) + j] = dfg.Weight[(a * dfg.N) + members[j]];
                }

                if (op is ProcessTreeKind.Sequence or ProcessTreeKind.Loop)
                {
                    // Entering a part from another one starts it; leaving ends it.
                    for (var b = 0; b < dfg.N; b++)
                    {
                        if (partOf[b] != part)
                        {
                            sub.StartCount[i] += dfg.Weight[(b * dfg.N) + a];
                            sub.EndCount[i] += dfg.Weight[(a * dfg.N) + b];
                        }
                    }
                }
            }

            if (op == ProcessTreeKind.Parallel && !sub.StartCount.Any(c => c > 0))
            {
                Array.Fill(sub.StartCount, 1);
            }

            if (op == ProcessTreeKind.Parallel && !sub.EndCount.Any(c => c > 0))
            {
                Array.Fill(sub.EndCount, 1);
            }

            return sub;
        }
    }
}
