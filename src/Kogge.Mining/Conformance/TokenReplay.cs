using Kogge.Mining.EventLogs;

namespace Kogge.Mining.Conformance;

/// <summary>Missing and remaining tokens at one BPMN element.</summary>
/// <param name="ElementId">The BPMN element id (task, gateway or end event).</param>
/// <param name="Label">The activity for tasks; null for gateways and events.</param>
/// <param name="MissingTokens">Tokens the element needed but did not have (the activity ran when the model did not allow it), weighted by cases.</param>
/// <param name="RemainingTokens">Tokens left waiting before the element when cases ended (the model expected it, the case skipped it), weighted by cases.</param>
public sealed record ElementDeviation(string ElementId, string? Label, long MissingTokens, long RemainingTokens);

/// <summary>The outcome of token-based replay.</summary>
/// <param name="Fitness">Log fitness ½(1 − missing/consumed) + ½(1 − remaining/produced), between 0 and 1.</param>
/// <param name="FittingCaseShare">The share of cases replayed without missing or remaining tokens.</param>
/// <param name="Produced">Tokens produced, including the initial token.</param>
/// <param name="Consumed">Tokens consumed, including the final token.</param>
/// <param name="Missing">Tokens that had to be created.</param>
/// <param name="Remaining">Tokens left over.</param>
/// <param name="Deviations">Elements with missing or remaining tokens, worst first.</param>
/// <param name="UnknownActivities">Activities of the log that the model does not contain; each occurrence counts as one missing and one remaining token.</param>
public sealed record ReplayResult(
    double Fitness,
    double FittingCaseShare,
    long Produced,
    long Consumed,
    long Missing,
    long Remaining,
    IReadOnlyList<ElementDeviation> Deviations,
    IReadOnlyList<string> UnknownActivities);

/// <summary>
/// Token-based replay (Rozinat, van der Aalst 2008): fire each event's transition, creating missing
/// tokens when it is not enabled; silent transitions are fired when a short search shows they
/// enable the next event or lead to the final marking. Cases are replayed once per variant.
/// </summary>
public static class TokenReplay
{
    // Bounds on the silent-step search per event: replay stays linear in the log even for nets with thousands of places.
    private const int MaxSilentSearchStates = 128;
    private const int MaxMoveDepth = 6;
    private const int MaxMoveCandidates = 4;
    private const int MaxMoveWork = 4000;

    /// <summary>Replays the log on the net.</summary>
    public static ReplayResult Replay(EventLog log, PetriNet net, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(net);
        var replayer = new Replayer(net);
        var groups = Variants.VariantIndex(log.Instances, out var caseVariant);
        var weights = new long[groups.Count];
        foreach (var v in caseVariant)
        {
            weights[v]++;
        }

        var byLabel = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var t in net.Transitions)
        {
            if (t.Label is not null)
            {
                byLabel.TryAdd(t.Label, t.Index);
            }
        }

        var transitionOf = new int[log.ActivityNames.Count];
        var unknown = new List<string>();
        for (var a = 0; a < transitionOf.Length; a++)
        {
            transitionOf[a] = byLabel.TryGetValue(log.ActivityNames[a], out var t) ? t : -1;
        }

        long produced = 0, consumed = 0, missing = 0, remaining = 0, fittingCases = 0, cases = 0;
        var missingAt = new long[net.Transitions.Count];
        var remainingAt = new long[net.Places.Count];
        var unknownSeen = new HashSet<int>();
        for (var v = 0; v < groups.Count; v++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var w = weights[v];
            var trace = replayer.Run(groups[v], transitionOf, unknownSeen);
            produced += trace.Produced * w;
            consumed += trace.Consumed * w;
            missing += trace.Missing * w;
            remaining += trace.Remaining * w;
            cases += w;
            if (trace.Missing == 0 && trace.Remaining == 0)
            {
                fittingCases += w;
            }

            foreach (var (t, m) in trace.MissingAt)
            {
                missingAt[t] += m * w;
            }

            foreach (var (p, r) in trace.RemainingAt)
            {
                remainingAt[p] += r * w;
            }
        }

        unknown.AddRange(unknownSeen.Select(a => log.ActivityNames[a]).Order(StringComparer.Ordinal));
        var fitness = consumed == 0 || produced == 0 ? 1.0 : (0.5 * (1 - ((double)missing / consumed))) + (0.5 * (1 - ((double)remaining / produced)));
        return new ReplayResult(
            fitness,
            cases == 0 ? 1.0 : (double)fittingCases / cases,
            produced,
            consumed,
            missing,
            remaining,
            Deviations(net, missingAt, remainingAt),
            unknown);
    }

    private static List<ElementDeviation> Deviations(PetriNet net, long[] missingAt, long[] remainingAt)
    {
        var byElement = new Dictionary<string, (string? Label, long Missing, long Remaining)>(StringComparer.Ordinal);
        foreach (var t in net.Transitions)
        {
            if (missingAt[t.Index] > 0)
            {
                var e = byElement.GetValueOrDefault(t.ElementId);
                byElement[t.ElementId] = (t.Label ?? e.Label, e.Missing + missingAt[t.Index], e.Remaining);
            }
        }

        foreach (var p in net.Places)
        {
            if (remainingAt[p.Index] > 0)
            {
                var e = byElement.GetValueOrDefault(p.ElementId);
                var label = e.Label ?? net.Transitions.FirstOrDefault(t => t.ElementId == p.ElementId && t.Label is not null)?.Label;
                byElement[p.ElementId] = (label, e.Missing, e.Remaining + remainingAt[p.Index]);
            }
        }

        return [.. byElement
            .Select(kv => new ElementDeviation(kv.Key, kv.Value.Label, kv.Value.Missing, kv.Value.Remaining))
            .OrderByDescending(d => d.MissingTokens + d.RemainingTokens)
            .ThenBy(d => d.ElementId, StringComparer.Ordinal)];
    }

    private sealed record TraceReplay(long Produced, long Consumed, long Missing, long Remaining, List<(int Transition, long Count)> MissingAt, List<(int Place, long Count)> RemainingAt);

    private sealed class Replayer(PetriNet net)
    {
        private readonly List<int>[] silentFrom = BuildSilentIndex(net, outputs: false);
        private readonly List<int>[] silentInto = BuildSilentIndex(net, outputs: true);
        private readonly Dictionary<int, int[]> distanceCache = [];
        private int workLeft;

        public TraceReplay Run(int[] activities, int[] transitionOf, HashSet<int> unknownSeen)
        {
            var marking = new int[net.Places.Count];
            marking[net.Source] = 1;
            long produced = 1, consumed = 0, missing = 0, outsideModel = 0;
            var missingAt = new List<(int, long)>();
            foreach (var a in activities)
            {
                var t = transitionOf[a];
                if (t < 0)
                {
                    // An activity outside the model: it could never be enabled and leaves nothing behind.
                    unknownSeen.Add(a);
                    missing++;
                    consumed++;
                    produced++;
                    outsideModel++;
                    continue;
                }

                var transition = net.Transitions[t];
                foreach (var input in transition.Inputs)
                {
                    if (marking[input] == 0)
                    {
                        MoveTokenTo(marking, input, ref produced, ref consumed);
                    }
                }

                if (!Enabled(marking, transition) && SilentPathTo(marking, m => Enabled(m, transition)) is { } path)
                {
                    foreach (var s in path)
                    {
                        Fire(marking, net.Transitions[s], ref produced, ref consumed);
                    }
                }

                foreach (var p in transition.Inputs)
                {
                    if (marking[p] == 0)
                    {
                        marking[p]++;
                        missing++;
                        missingAt.Add((t, 1));
                    }
                }

                Fire(marking, transition, ref produced, ref consumed);
            }

            if (!IsFinal(marking))
            {
                MoveTowards(marking, DistancesTo(net.Sink), () => IsFinal(marking), ref produced, ref consumed);
            }

            if (!IsFinal(marking))
            {
                var final = SilentPathTo(marking, IsFinal)
                    ?? SilentPathTo(marking, m => m[net.Sink] > 0);
                if (final is not null)
                {
                    foreach (var s in final)
                    {
                        Fire(marking, net.Transitions[s], ref produced, ref consumed);
                    }
                }
            }

            // The final marking is one sink token, or for BPMN nets with implicit termination every token in the sink.
            var endTokens = net.SinkCollectsEndTokens ? Math.Max(1, marking[net.Sink]) : 1;
            consumed += endTokens;
            if (marking[net.Sink] > 0)
            {
                marking[net.Sink] -= endTokens;
            }
            else
            {
                missing++;
            }

            var remainingAt = new List<(int, long)>();
            var remaining = outsideModel;
            for (var p = 0; p < marking.Length; p++)
            {
                if (marking[p] > 0)
                {
                    remaining += marking[p];
                    remainingAt.Add((p, marking[p]));
                }
            }

            return new TraceReplay(produced, consumed, missing, remaining, missingAt, remainingAt);
        }

        private bool IsFinal(int[] marking)
        {
            var sink = marking[net.Sink];
            return (net.SinkCollectsEndTokens ? sink >= 1 : sink == 1) && marking.Sum() == sink;
        }

        /// <summary>
        /// Fires silent transitions that bring a token closer to the target places, closest first,
        /// until <paramref name="done"/> holds or no silent step makes progress. Unlike a search over
        /// markings this never explores the interleavings of parallel branches.
        /// </summary>
        private void MoveTowards(int[] marking, int[] distance, Func<bool> done, ref long produced, ref long consumed)
        {
            for (var step = 0; step < (marking.Length * 4) + 16 && !done(); step++)
            {
                var best = -1;
                var bestDistance = int.MaxValue;
                for (var p = 0; p < marking.Length; p++)
                {
                    if (marking[p] == 0 || distance[p] == 0 || distance[p] == int.MaxValue)
                    {
                        continue;
                    }

                    foreach (var t in silentFrom[p])
                    {
                        var transition = net.Transitions[t];
                        if (!Enabled(marking, transition))
                        {
                            continue;
                        }

                        var closest = transition.Outputs.Min(o => distance[o]);
                        if (closest < distance[p] && closest < bestDistance)
                        {
                            best = t;
                            bestDistance = closest;
                        }
                    }
                }

                if (best < 0)
                {
                    return;
                }

                Fire(marking, net.Transitions[best], ref produced, ref consumed);
            }
        }

        /// <summary>
        /// Moves the nearest token along silent transitions into <paramref name="target"/>, one token
        /// only, so tokens waiting in other branches for later events stay where they are. A join on
        /// the way first gets its other inputs the same way.
        /// </summary>
        private void MoveTokenTo(int[] marking, int target, ref long produced, ref long consumed)
        {
            workLeft = MaxMoveWork;
            var trial = (int[])marking.Clone();
            long trialProduced = 0, trialConsumed = 0;
            if (TryMoveTokenTo(trial, target, 0, ref trialProduced, ref trialConsumed))
            {
                Array.Copy(trial, marking, marking.Length);
                produced += trialProduced;
                consumed += trialConsumed;
            }
        }

        private bool TryMoveTokenTo(int[] marking, int target, int depth, ref long produced, ref long consumed)
        {
            if (marking[target] > 0)
            {
                return true;
            }

            if (depth > MaxMoveDepth || workLeft <= 0)
            {
                return false;
            }

            var distance = DistancesTo(target);
            var candidates = new List<int>();
            for (var p = 0; p < marking.Length; p++)
            {
                if (marking[p] > 0 && distance[p] != int.MaxValue)
                {
                    candidates.Add(p);
                }
            }

            candidates.Sort((a, b) => distance[a].CompareTo(distance[b]));
            foreach (var start in candidates.Take(MaxMoveCandidates))
            {
                if (--workLeft <= 0)
                {
                    return false;
                }

                var trial = (int[])marking.Clone();
                long trialProduced = 0, trialConsumed = 0;
                var current = start;
                while (current != target && --workLeft > 0)
                {
                    var step = -1;
                    var next = -1;
                    foreach (var t in silentFrom[current])
                    {
                        foreach (var o in net.Transitions[t].Outputs)
                        {
                            if (distance[o] < distance[current] && (next < 0 || distance[o] < distance[next]))
                            {
                                step = t;
                                next = o;
                            }
                        }
                    }

                    if (step < 0)
                    {
                        break;
                    }

                    var transition = net.Transitions[step];
                    var ready = true;
                    foreach (var input in transition.Inputs)
                    {
                        if (trial[input] == 0 && !TryMoveTokenTo(trial, input, depth + 1, ref trialProduced, ref trialConsumed))
                        {
                            ready = false;
                            break;
                        }
                    }

                    if (!ready || !Enabled(trial, transition))
                    {
                        break;
                    }

                    Fire(trial, transition, ref trialProduced, ref trialConsumed);
                    current = next;
                }

                if (current == target)
                {
                    Array.Copy(trial, marking, marking.Length);
                    produced += trialProduced;
                    consumed += trialConsumed;
                    return true;
                }
            }

            return false;
        }

        /// <summary>For every place, the number of silent transitions between it and <paramref name="target"/> (cached per target).</summary>
        private int[] DistancesTo(int target)
        {
            if (distanceCache.TryGetValue(target, out var cached))
            {
                return cached;
            }

            var distance = new int[net.Places.Count];
            Array.Fill(distance, int.MaxValue);
            var queue = new Queue<int>();
            distance[target] = 0;
            queue.Enqueue(target);

            while (queue.Count > 0)
            {
                var p = queue.Dequeue();
                foreach (var t in silentInto[p])
                {
                    foreach (var i in net.Transitions[t].Inputs)
                    {
                        if (distance[i] == int.MaxValue)
                        {
                            distance[i] = distance[p] + 1;
                            queue.Enqueue(i);
                        }
                    }
                }
            }

            distanceCache[target] = distance;
            return distance;
        }

        private static bool Enabled(int[] marking, PetriNetTransition t)
        {
            foreach (var p in t.Inputs)
            {
                if (marking[p] == 0)
                {
                    return false;
                }
            }

            return true;
        }

        private static void Fire(int[] marking, PetriNetTransition t, ref long produced, ref long consumed)
        {
            foreach (var p in t.Inputs)
            {
                marking[p]--;
            }

            foreach (var p in t.Outputs)
            {
                marking[p]++;
            }

            consumed += t.Inputs.Count;
            produced += t.Outputs.Count;
        }

        /// <summary>Breadth-first search over markings reachable by silent transitions only; the shortest firing sequence reaching <paramref name="goal"/>.</summary>
        private List<int>? SilentPathTo(int[] start, Func<int[], bool> goal)
        {
            var visited = new Dictionary<int[], (int[]? Parent, int Transition)>(MarkingComparer.Instance) { [start] = (null, -1) };
            var queue = new Queue<int[]>();
            queue.Enqueue(start);
            while (queue.Count > 0 && visited.Count < MaxSilentSearchStates)
            {
                var m = queue.Dequeue();
                foreach (var t in Candidates(m))
                {
                    var transition = net.Transitions[t];
                    if (!Enabled(m, transition))
                    {
                        continue;
                    }

                    var next = (int[])m.Clone();
                    long ignoredProduced = 0, ignoredConsumed = 0;
                    Fire(next, transition, ref ignoredProduced, ref ignoredConsumed);
                    if (visited.ContainsKey(next))
                    {
                        continue;
                    }

                    visited[next] = (m, t);
                    if (goal(next))
                    {
                        var path = new List<int>();
                        for (var cur = next; visited[cur].Parent is { } parent; cur = parent)
                        {
                            path.Add(visited[cur].Transition);
                        }

                        path.Reverse();
                        return path;
                    }

                    queue.Enqueue(next);
                }
            }

            return null;
        }

        private IEnumerable<int> Candidates(int[] marking)
        {
            for (var p = 0; p < marking.Length; p++)
            {
                if (marking[p] > 0)
                {
                    foreach (var t in silentFrom[p])
                    {
                        yield return t;
                    }
                }
            }
        }

        private static List<int>[] BuildSilentIndex(PetriNet net, bool outputs)
        {
            var index = new List<int>[net.Places.Count];
            for (var p = 0; p < index.Length; p++)
            {
                index[p] = [];
            }

            foreach (var t in net.Transitions)
            {
                if (t.IsSilent)
                {
                    foreach (var p in outputs ? t.Outputs : t.Inputs)
                    {
                        index[p].Add(t.Index);
                    }
                }
            }

            return index;
        }
    }

    private sealed class MarkingComparer : IEqualityComparer<int[]>
    {
        public static readonly MarkingComparer Instance = new();

        public bool Equals(int[]? x, int[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(int[] obj)
        {
            var h = new HashCode();
            h.AddBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(obj.AsSpan()));
            return h.ToHashCode();
        }
    }
}
