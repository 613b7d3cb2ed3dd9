using Kogge.Mining.Conformance;
using Kogge.Mining.Discovery;
using Kogge.Mining.Tests.Io;

namespace Kogge.Mining.Tests.Conformance;

public sealed class AlignmentTests
{
    // →(a, ×(∧(b, c), e), d): the cheapest complete run is a e d (cost 3 on the empty trace).
    private static readonly PetriNet Textbook = PetriNet.FromProcessTree(ProcessTree.Sequence(
        ProcessTree.Activity("a"),
        ProcessTree.ExclusiveChoice(ProcessTree.Parallel(ProcessTree.Activity("b"), ProcessTree.Activity("c")), ProcessTree.Activity("e")),
        ProcessTree.Activity("d")));

    private static TraceAlignment Align(string trace, PetriNet? net = null, AlignmentOptions? options = null) =>
        Alignments.AlignTrace(trace.Split(' ', StringSplitOptions.RemoveEmptyEntries), net ?? Textbook, options, TestContext.Current.CancellationToken);

    private static string Moves(TraceAlignment alignment) => string.Join(" ", alignment.Moves
        .Where(m => m.Kind != AlignmentMoveKind.Silent)
        .Select(m => m.Kind switch
        {
            AlignmentMoveKind.Synchronous => m.Activity,
            AlignmentMoveKind.Log => "L:" + m.Activity,
            _ => "M:" + m.Activity,
        }));

    [Theory]
    [InlineData("a b c d")]
    [InlineData("a c b d")]
    [InlineData("a e d")]
    public void AlignTrace_FittingTrace_CostZeroOnlySynchronousMoves(string trace)
    {
        var alignment = Align(trace);

        Assert.Equal(0, alignment.Cost);
        Assert.Equal(1.0, alignment.Fitness);
        Assert.Equal(AlignmentStatus.Optimal, alignment.Status);
        Assert.Equal(trace, Moves(alignment));
    }

    [Fact]
    public void AlignTrace_SkippedActivity_OneModelMove()
    {
        var alignment = Align("a b d");

        Assert.Equal(1, alignment.Cost);
        Assert.Equal(["M:c", "a", "b", "d"], Moves(alignment).Split(' ').Order(StringComparer.Ordinal));
        Assert.Equal("Activity_6", Assert.Single(alignment.Moves, m => m.Kind == AlignmentMoveKind.Model).ElementId);

        // Worst case: the empty trace costs 3 (a e d), the trace as log moves 3.
        Assert.Equal(1 - (1.0 / 6), alignment.Fitness, 10);
    }

    [Fact]
    public void AlignTrace_ExtraEvent_OneLogMove()
    {
        var alignment = Align("a x e d");

        Assert.Equal(1, alignment.Cost);
        Assert.Equal("a L:x e d", Moves(alignment));
        Assert.Null(Assert.Single(alignment.Moves, m => m.Kind == AlignmentMoveKind.Log).ElementId);
    }

    [Fact]
    public void AlignTrace_SwappedOrder_LogMoveAndModelMove()
    {
        // d before a: the cheapest explanation keeps a e and moves d (log move before a, model move at the end) — or the reverse; both cost 2.
        var alignment = Align("d a e");

        Assert.Equal(2, alignment.Cost);
        Assert.Equal(1, alignment.Moves.Count(m => m.Kind == AlignmentMoveKind.Log));
        Assert.Equal(1, alignment.Moves.Count(m => m.Kind == AlignmentMoveKind.Model));
    }

    [Fact]
    public void AlignTrace_EmptyTrace_CheapestRunAsModelMoves()
    {
        var alignment = Align(string.Empty);

        Assert.Equal(3, alignment.Cost);
        Assert.Equal("M:a M:e M:d", Moves(alignment));
        Assert.Equal(0.0, alignment.Fitness);
    }

    [Fact]
    public void AlignTrace_ExpensiveModelMoves_PrefersLogMoves()
    {
        // With model moves at 5, skipping c (5) is cheaper than b as a log move plus e as a model move (1 + 5).
        var expensiveModel = new AlignmentOptions { Costs = new AlignmentCosts { ModelMove = 5 } };
        // With c's model move at 9, b as a log move and e as a model move (1 + 1) win.
        var expensiveC = new AlignmentOptions { Costs = new AlignmentCosts { ModelMoveByActivity = new Dictionary<string, int> { ["c"] = 9 } } };

        Assert.Equal(5, Align("a b d", options: expensiveModel).Cost);
        var alignment = Align("a b d", options: expensiveC);
        Assert.Equal(2, alignment.Cost);
        Assert.Equal(["L:b", "M:e", "a", "d"], Moves(alignment).Split(' ').Order(StringComparer.Ordinal));
    }

    [Fact]
    public void AlignTrace_Loop_RepetitionsFit()
    {
        var net = PetriNet.FromProcessTree(ProcessTree.Sequence(ProcessTree.Activity("a"), ProcessTree.Loop(ProcessTree.Activity("b"), ProcessTree.Activity("c")), ProcessTree.Activity("d")));

        Assert.Equal(0, Align("a b c b c b d", net).Cost);
        Assert.Equal(1, Align("a b c b b d", net).Cost);
    }

    [Fact]
    public void AlignTrace_StateBudgetSpent_ValidAlignmentFlaggedNotOptimal()
    {
        var alignment = Align("a b d", options: new AlignmentOptions { MaxStatesPerTrace = 1 });

        Assert.Equal(AlignmentStatus.NotOptimal, alignment.Status);
        Assert.Equal("L:a L:b L:d M:a M:e M:d", Moves(alignment));
        Assert.Equal(6, alignment.Cost);
        Assert.Equal(0.0, alignment.Fitness);
    }

    [Fact]
    public void Align_TimeBudgetSpent_EveryCaseFlaggedNotOptimal()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        var log = TestLogs.FromCounts((2, "a b c d"), (1, "a b d"));

        // A clock that jumps a minute on every read spends a one-second budget before the first variant.
        clock.AutoAdvanceAmount = TimeSpan.FromMinutes(1);
        var result = Alignments.Align(log, Textbook, new AlignmentOptions { TimeBudget = TimeSpan.FromSeconds(1), Time = clock }, TestContext.Current.CancellationToken);

        Assert.Equal(3, result.NotOptimalCases);
        Assert.All(result.Variants, v => Assert.Equal(AlignmentStatus.NotOptimal, v.Alignment.Status));
        Assert.Equal(0.0, result.AverageFitness);
    }

    [Fact]
    public void AlignTrace_CancelledToken_Throws()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.Throws<OperationCanceledException>(() => Alignments.AlignTrace(["a"], Textbook, cancellationToken: cancelled.Token));
    }

    [Fact]
    public void AlignTrace_NegativeCost_Refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Align("a", options: new AlignmentOptions { Costs = new AlignmentCosts { LogMove = -1 } }));

    [Fact]
    public void Align_Log_VariantsOnceWeightedByCases()
    {
        var log = TestLogs.FromCounts((3, "a b c d"), (1, "a b d"));

        var result = Alignments.Align(log, Textbook, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(2, result.Variants.Count);
        Assert.Equal(3, result.Variants[0].Cases.Count);
        Assert.Equal(0.75, result.FittingCaseShare);
        Assert.Equal(((3 * 1.0) + (1 - (1.0 / 6))) / 4, result.AverageFitness, 10);
        Assert.Equal(1 - (1.0 / ((3 * 7) + 6)), result.LogFitness, 10);
        Assert.Equal(1, result.ForCase(3).Cost);
        var c = Assert.Single(result.Elements, e => e.Label == "c");
        Assert.Equal((3L, 1L, 0L), (c.SynchronousMoves, c.ModelMoves, c.LogMoves));
        Assert.Equal(result.Elements[0], c);
    }

    [Fact]
    public void Align_ActivityOutsideModel_CountedAsUnknown()
    {
        var result = Alignments.Align(TestLogs.FromCounts((2, "a x e d")), Textbook, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(2, result.UnknownActivities["x"]);
        Assert.DoesNotContain(result.Elements, e => e.LogMoves > 0);
    }

    [Fact]
    public void Align_ReceiptWithInductiveMinerModel_EveryVariantFitsOptimally()
    {
        // IM guarantees a model that fits every trace; alignments are exact where token replay is heuristic.
        var log = RealLogs.Xes("receipt.xes.gz").Log;
        var tree = InductiveMiner.Discover(log, new InductiveMinerOptions { Variant = InductiveMinerVariant.Basic }, TestContext.Current.CancellationToken).Tree;

        var result = Alignments.Align(log, PetriNet.FromProcessTree(tree), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(0, result.NotOptimalCases);
        Assert.Equal(1.0, result.AverageFitness);
        Assert.Equal(1.0, result.FittingCaseShare);
        Assert.All(result.Elements, e => Assert.Equal((0L, 0L), (e.ModelMoves, e.LogMoves)));
    }

    [Fact]
    public void Align_ReceiptWithImfModel_SaneAndConsistentWithTokenReplay()
    {
        var log = RealLogs.Xes("receipt.xes.gz").Log;
        var tree = InductiveMiner.Discover(log, cancellationToken: TestContext.Current.CancellationToken).Tree;
        var net = PetriNet.FromProcessTree(tree);

        var result = Alignments.Align(log, net, cancellationToken: TestContext.Current.CancellationToken);
        var replay = TokenReplay.Replay(log, net, TestContext.Current.CancellationToken);

        Assert.Equal(0, result.NotOptimalCases);
        Assert.InRange(result.AverageFitness, 0.85, 0.9999);
        Assert.InRange(result.AverageFitness - replay.Fitness, -0.1, 0.1);
        Assert.InRange(result.FittingCaseShare, 0.5, 0.9999);
        Assert.All(result.Elements, e => Assert.Matches("^(Activity_\\d+|Gateway_\\d+_(split|join)|Silent_\\d+)$", e.ElementId));
        Assert.Contains(result.Elements, e => e.ModelMoves > 0 || e.LogMoves > 0);

        // A variant that fits has cost 0; the same variant with one foreign event costs exactly one log move.
        var fitting = result.Variants.First(v => v.Alignment.Cost == 0);
        var extended = Alignments.AlignTrace([.. fitting.Activities, "Unknown activity"], net, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(1, extended.Cost);
        Assert.Equal(AlignmentMoveKind.Log, Assert.Single(extended.Moves, m => m.Kind != AlignmentMoveKind.Synchronous && m.Kind != AlignmentMoveKind.Silent).Kind);
    }
}
