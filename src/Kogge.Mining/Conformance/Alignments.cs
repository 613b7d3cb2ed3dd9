using Kogge.Mining.EventLogs;

namespace Kogge.Mining.Conformance;

/// <summary>
/// Alignment-based conformance checking (Adriansyah, van Dongen, van der Aalst 2011): for each
/// trace the cheapest sequence of synchronous moves, moves on log only and moves on model only
/// that explains it with a complete run of the net. Each variant is aligned once.
/// </summary>
public static class Alignments
{
    /// <summary>Aligns every variant of the log with the net and aggregates the moves per BPMN element.</summary>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public static AlignmentResult Align(EventLog log, PetriNet net, AlignmentOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(net);
        options ??= new AlignmentOptions();
        var aligner = new Aligner(net, options);
        var groups = Variants.VariantIndex(log.Instances, out var caseVariant);
        var members = new List<int>[groups.Count];
        for (var v = 0; v < members.Length; v++)
        {
            members[v] = [];
        }

        for (var c = 0; c < caseVariant.Length; c++)
        {
            members[caseVariant[c]].Add(c);
        }

        var names = log.ActivityNames;
        var variants = new List<VariantAlignment>(groups.Count);
        var elements = new Dictionary<string, (string? Label, long Sync, long Model, long Log)>(StringComparer.Ordinal);
        var unknown = new Dictionary<string, long>(StringComparer.Ordinal);
        double fitnessSum = 0, costSum = 0, worstSum = 0;
        long fitting = 0, notOptimal = 0;

        // Most frequent variants first, so a time budget is spent where most cases are.
        foreach (var v in Enumerable.Range(0, groups.Count).OrderByDescending(v => members[v].Count).ThenBy(v => v))
        {
            var activities = Array.ConvertAll(groups[v], a => names[a]);
            var alignment = aligner.Align(activities, cancellationToken);
            long weight = members[v].Count;
            variants.Add(new VariantAlignment(activities, members[v], alignment));
            fitnessSum += alignment.Fitness * weight;
            costSum += (double)alignment.Cost * weight;
            worstSum += (double)aligner.WorstCost(activities) * weight;
            fitting += alignment.Cost == 0 && alignment.Status == AlignmentStatus.Optimal ? weight : 0;
            notOptimal += alignment.Status == AlignmentStatus.Optimal ? 0 : weight;
            foreach (var move in alignment.Moves)
            {
                var elementId = move.ElementId ?? (move.Activity is null ? null : aligner.ElementOf(move.Activity));
                if (elementId is null)
                {
                    unknown[move.Activity!] = unknown.GetValueOrDefault(move.Activity!) + weight;
                    continue;
                }

                if (move.Kind == AlignmentMoveKind.Silent)
                {
                    continue;
                }

                var e = elements.GetValueOrDefault(elementId);
                elements[elementId] = move.Kind switch
                {
                    AlignmentMoveKind.Synchronous => (move.Activity, e.Sync + weight, e.Model, e.Log),
                    AlignmentMoveKind.Model => (move.Activity, e.Sync, e.Model + weight, e.Log),
                    _ => (move.Activity, e.Sync, e.Model, e.Log + weight),
                };
            }
        }

        var cases = log.CaseCount;
        return new AlignmentResult(
            cases == 0 ? 1.0 : fitnessSum / cases,
            worstSum == 0 ? 1.0 : 1 - (costSum / worstSum),
            cases == 0 ? 1.0 : (double)fitting / cases,
            variants,
            [.. elements
                .Select(kv => new AlignmentDeviation(kv.Key, kv.Value.Label, kv.Value.Sync, kv.Value.Model, kv.Value.Log))
                .OrderByDescending(d => d.ModelMoves + d.LogMoves)
                .ThenBy(d => d.ElementId, StringComparer.Ordinal)],
            unknown,
            (int)notOptimal);
    }

    /// <summary>Aligns one trace, given as its activities in order, with the net.</summary>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public static TraceAlignment AlignTrace(IReadOnlyList<string> activities, PetriNet net, AlignmentOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(activities);
        ArgumentNullException.ThrowIfNull(net);
        return new Aligner(net, options ?? new AlignmentOptions()).Align(activities, cancellationToken);
    }

    /// <summary>Aligns traces with one net and cost function; knows the cost of the model's cheapest run for the worst case.</summary>
    private sealed class Aligner
    {
        private const int EmptyTraceStates = 1_000_000;

        private readonly PetriNet net;
        private readonly AlignmentOptions options;
        private readonly AlignmentSearch search;
        private readonly Dictionary<string, string> elementOfLabel = new(StringComparer.Ordinal);
        private readonly long started;
        private TraceAlignment? emptyTrace;

        public Aligner(PetriNet net, AlignmentOptions options)
        {
            ArgumentNullException.ThrowIfNull(options.Costs);
            options.Costs.Validate();
            if (options.MaxStatesPerTrace < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(options), options.MaxStatesPerTrace, "MaxStatesPerTrace must be positive.");
            }

            this.net = net;
            this.options = options;
            search = new AlignmentSearch(net, options.Costs);
            foreach (var t in net.Transitions)
            {
                if (t.Label is not null)
                {
                    elementOfLabel.TryAdd(t.Label, t.ElementId);
                }
            }

            started = options.Time.GetTimestamp();
        }

        /// <summary>The element a log move of an activity is drawn on: the first transition with that label; null outside the model.</summary>
        public string? ElementOf(string activity) => elementOfLabel.GetValueOrDefault(activity);

        /// <summary>The cost of the worst reasonable alignment: every event a log move, then the model's cheapest complete run.</summary>
        public long WorstCost(IReadOnlyList<string> activities) =>
            EmptyTrace(CancellationToken.None).Cost + activities.Sum(a => (long)options.Costs.LogCost(a));

        public TraceAlignment Align(IReadOnlyList<string> activities, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var trace = new int[activities.Count];
            var logCosts = new int[activities.Count];
            for (var i = 0; i < trace.Length; i++)
            {
                trace[i] = search.LabelIndex.TryGetValue(activities[i], out var l) ? l : -1;
                logCosts[i] = options.Costs.LogCost(activities[i]);
            }

            var empty = activities.Count == 0 ? null : EmptyTrace(cancellationToken);
            // Once the time budget is spent, the remaining variants go straight to the fallback.
            var outcome = OutOfTime()
                ? new AlignmentSearch.SearchOutcome(null, 0, Found: false)
                : search.Search(trace, logCosts, options.MaxStatesPerTrace, OutOfTime, cancellationToken);
            if (outcome.Moves is not null)
            {
                var moves = new List<AlignmentMove>(outcome.Moves.Count);
                long cost = 0;
                foreach (var (t, e) in outcome.Moves)
                {
                    if (t < 0)
                    {
                        moves.Add(new AlignmentMove(AlignmentMoveKind.Log, activities[e], null));
                        cost += logCosts[e];
                        continue;
                    }

                    var transition = net.Transitions[t];
                    if (e >= 0)
                    {
                        moves.Add(new AlignmentMove(AlignmentMoveKind.Synchronous, transition.Label, transition.ElementId));
                    }
                    else if (transition.IsSilent)
                    {
                        moves.Add(new AlignmentMove(AlignmentMoveKind.Silent, null, transition.ElementId));
                    }
                    else
                    {
                        moves.Add(new AlignmentMove(AlignmentMoveKind.Model, transition.Label, transition.ElementId));
                        cost += options.Costs.ModelCost(transition.Label!);
                    }
                }

                var worst = (empty?.Cost ?? cost) + logCosts.Sum(c => (long)c);
                return new TraceAlignment(moves, (int)cost, worst == 0 ? 1.0 : 1 - ((double)cost / worst), AlignmentStatus.Optimal, outcome.VisitedStates);
            }

            // Budget spent or no complete run: every event as a log move, then the model's cheapest run when there is one.
            var fallback = activities.Select(a => new AlignmentMove(AlignmentMoveKind.Log, a, null)).ToList();
            var fallbackCost = logCosts.Sum(c => (long)c);
            var status = AlignmentStatus.NotFound;
            if (!outcome.Unreachable && (empty ?? EmptyTrace(cancellationToken)) is { Status: not AlignmentStatus.NotFound } run)
            {
                fallback.AddRange(run.Moves);
                fallbackCost += run.Cost;
                status = AlignmentStatus.NotOptimal;
            }

            return new TraceAlignment(fallback, (int)fallbackCost, 0.0, status, outcome.VisitedStates);
        }

        private bool OutOfTime() => options.TimeBudget is { } budget && options.Time.GetElapsedTime(started) > budget;

        private TraceAlignment EmptyTrace(CancellationToken cancellationToken)
        {
            if (emptyTrace is not null)
            {
                return emptyTrace;
            }

            // The model's cheapest run is searched once and not cut short by the trace budgets: the worst case of every trace depends on it.
            var outcome = search.Search([], [], Math.Max(options.MaxStatesPerTrace, EmptyTraceStates), static () => false, cancellationToken);
            if (outcome.Moves is null)
            {
                emptyTrace = new TraceAlignment([], 0, 0.0, AlignmentStatus.NotFound, outcome.VisitedStates);
                return emptyTrace;
            }

            var moves = outcome.Moves.Select(m => net.Transitions[m.Transition])
                .Select(t => new AlignmentMove(t.IsSilent ? AlignmentMoveKind.Silent : AlignmentMoveKind.Model, t.Label, t.ElementId))
                .ToList();
            var cost = moves.Where(m => m.Kind == AlignmentMoveKind.Model).Sum(m => options.Costs.ModelCost(m.Activity!));
            emptyTrace = new TraceAlignment(moves, cost, cost == 0 ? 1.0 : 0.0, AlignmentStatus.Optimal, outcome.VisitedStates);
            return emptyTrace;
        }
    }
}
