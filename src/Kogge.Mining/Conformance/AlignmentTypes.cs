namespace Kogge.Mining.Conformance;

/// <summary>The cost of each kind of deviation. Synchronous and silent moves cost nothing.</summary>
public sealed class AlignmentCosts
{
    /// <summary>The cost of an event the model cannot follow (a move on log only).</summary>
    public int LogMove { get; init; } = 1;

    /// <summary>The cost of a step the model needs that the log does not show (a move on model only).</summary>
    public int ModelMove { get; init; } = 1;

    /// <summary>Log move costs for single activities, overriding <see cref="LogMove"/>.</summary>
    public IReadOnlyDictionary<string, int>? LogMoveByActivity { get; init; }

    /// <summary>Model move costs for single activities (transition labels), overriding <see cref="ModelMove"/>.</summary>
    public IReadOnlyDictionary<string, int>? ModelMoveByActivity { get; init; }

    internal int LogCost(string activity) =>
        LogMoveByActivity is not null && LogMoveByActivity.TryGetValue(activity, out var c) ? c : LogMove;

    internal int ModelCost(string activity) =>
        ModelMoveByActivity is not null && ModelMoveByActivity.TryGetValue(activity, out var c) ? c : ModelMove;

    internal void Validate()
    {
        if (LogMove < 0 || ModelMove < 0
            || (LogMoveByActivity?.Values.Any(v => v < 0) ?? false)
            || (ModelMoveByActivity?.Values.Any(v => v < 0) ?? false))
        {
            throw new ArgumentOutOfRangeException(nameof(AlignmentCosts), "Alignment costs must not be negative.");
        }
    }
}

/// <summary>Options of the alignment search.</summary>
public sealed class AlignmentOptions
{
    /// <summary>The cost function.</summary>
    public AlignmentCosts Costs { get; init; } = new();

    /// <summary>
    /// The most search states one trace may visit. A trace that needs more gets a valid but not
    /// necessarily optimal alignment (<see cref="AlignmentStatus.NotOptimal"/>). The model's cheapest
    /// complete run, which every worst case needs, is searched once with at least a million states.
    /// </summary>
    public int MaxStatesPerTrace { get; init; } = 200_000;

    /// <summary>The time the whole log may take; variants left when it is spent get not-optimal alignments. Null: no limit.</summary>
    public TimeSpan? TimeBudget { get; init; }

    /// <summary>The clock that the time budget is measured with.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}

/// <summary>The kind of an alignment move.</summary>
public enum AlignmentMoveKind
{
    /// <summary>Log and model move together: the event fits.</summary>
    Synchronous,

    /// <summary>An event the model could not follow at this point.</summary>
    Log,

    /// <summary>A step of the model that the log does not show.</summary>
    Model,

    /// <summary>A silent step of the model (gateway, start or end event); never a deviation.</summary>
    Silent,
}

/// <summary>One move of an alignment.</summary>
/// <param name="Kind">The kind of move.</param>
/// <param name="Activity">The activity of the event (log and synchronous moves) or of the transition (model moves); null for silent moves.</param>
/// <param name="ElementId">The BPMN element of the transition; null for log moves.</param>
public readonly record struct AlignmentMove(AlignmentMoveKind Kind, string? Activity, string? ElementId);

/// <summary>How far an alignment can be trusted.</summary>
public enum AlignmentStatus
{
    /// <summary>An optimal alignment: no other has a lower cost.</summary>
    Optimal,

    /// <summary>The search budget ran out: the alignment is valid (all events as log moves, then the model's shortest run) but may cost more than an optimal one.</summary>
    NotOptimal,

    /// <summary>The model cannot reach its final marking at all (an unsound model); the moves hold only the log moves.</summary>
    NotFound,
}

/// <summary>The alignment of one trace.</summary>
/// <param name="Moves">The moves in order.</param>
/// <param name="Cost">The total cost of the moves.</param>
/// <param name="Fitness">1 − cost / (cost of aligning the empty trace + cost of the trace as log moves only), between 0 and 1.</param>
/// <param name="Status">Whether the alignment is optimal.</param>
/// <param name="VisitedStates">The search states visited.</param>
public sealed record TraceAlignment(IReadOnlyList<AlignmentMove> Moves, int Cost, double Fitness, AlignmentStatus Status, int VisitedStates);

/// <summary>The alignment shared by all cases of one variant.</summary>
/// <param name="Activities">The variant's activities.</param>
/// <param name="Cases">The case indexes of the log that follow the variant.</param>
/// <param name="Alignment">The alignment.</param>
public sealed record VariantAlignment(IReadOnlyList<string> Activities, IReadOnlyList<int> Cases, TraceAlignment Alignment);

/// <summary>Alignment moves at one BPMN element, weighted by cases, for drawing on the diagram.</summary>
/// <param name="ElementId">The BPMN element id.</param>
/// <param name="Label">The activity, or null for silent elements.</param>
/// <param name="SynchronousMoves">Events that fitted at this element.</param>
/// <param name="ModelMoves">Times the model needed the element and the log did not show it (skipped).</param>
/// <param name="LogMoves">Events of this element's activity that happened where the model did not allow them.</param>
public sealed record AlignmentDeviation(string ElementId, string? Label, long SynchronousMoves, long ModelMoves, long LogMoves);

/// <summary>The alignments of a log.</summary>
/// <param name="AverageFitness">The mean trace fitness over all cases.</param>
/// <param name="LogFitness">1 − total cost / total worst-case cost over all cases.</param>
/// <param name="FittingCaseShare">The share of cases aligned at cost 0.</param>
/// <param name="Variants">The alignment of each variant, most frequent first.</param>
/// <param name="Elements">Moves per BPMN element with a labelled transition or a deviation, most deviations first.</param>
/// <param name="UnknownActivities">Log moves of activities that the model does not contain, by activity, weighted by cases.</param>
/// <param name="NotOptimalCases">Cases whose alignment is not known to be optimal (budget spent, or no path through the model).</param>
public sealed record AlignmentResult(
    double AverageFitness,
    double LogFitness,
    double FittingCaseShare,
    IReadOnlyList<VariantAlignment> Variants,
    IReadOnlyList<AlignmentDeviation> Elements,
    IReadOnlyDictionary<string, long> UnknownActivities,
    int NotOptimalCases)
{
    /// <summary>The alignment of one case of the log.</summary>
    public TraceAlignment ForCase(int caseIndex) =>
        Variants.FirstOrDefault(v => v.Cases.Contains(caseIndex))?.Alignment
            ?? throw new ArgumentOutOfRangeException(nameof(caseIndex), caseIndex, "The log has no such case.");
}
