using Kogge.Mining.Conformance;
using Kogge.Mining.Discovery;
using Kogge.Mining.Tests.Io;

namespace Kogge.Mining.Tests.Conformance;

public sealed class TokenReplayTests
{
    private static readonly ProcessTree Textbook = ProcessTree.Sequence(
        ProcessTree.Activity("a"),
        ProcessTree.ExclusiveChoice(ProcessTree.Parallel(ProcessTree.Activity("b"), ProcessTree.Activity("c")), ProcessTree.Activity("e")),
        ProcessTree.Activity("d"));

    [Fact]
    public void Replay_FittingLog_FitnessOneNoDeviations()
    {
        var log = TestLogs.FromTraces("a b c d", "a c b d", "a e d");

        var result = TokenReplay.Replay(log, PetriNet.FromProcessTree(Textbook), TestContext.Current.CancellationToken);

        Assert.Equal(1.0, result.Fitness);
        Assert.Equal(1.0, result.FittingCaseShare);
        Assert.Empty(result.Deviations);
    }

    [Fact]
    public void Replay_SkippedActivity_RemainingTokenBeforeIt()
    {
        var log = TestLogs.FromTraces("a b d");

        var result = TokenReplay.Replay(log, PetriNet.FromProcessTree(Textbook), TestContext.Current.CancellationToken);

        // c was skipped: a token waits before c and one at the join; d misses the token the join never produced.
        Assert.Equal(1, Assert.Single(result.Deviations, d => d.Label == "c").RemainingTokens);
        Assert.Equal(1, Assert.Single(result.Deviations, d => d.Label == "d").MissingTokens);
        Assert.Equal((6L, 5L, 1L, 2L), (result.Produced, result.Consumed, result.Missing, result.Remaining));
        Assert.Equal((0.5 * (1 - (1.0 / 5))) + (0.5 * (1 - (2.0 / 6))), result.Fitness, 10);
        Assert.Equal(0.0, result.FittingCaseShare);
    }

    [Fact]
    public void Replay_ActivityOutsideModel_ReportedAndCounted()
    {
        var log = TestLogs.FromTraces("a x e d");

        var result = TokenReplay.Replay(log, PetriNet.FromProcessTree(Textbook), TestContext.Current.CancellationToken);

        Assert.Equal(["x"], result.UnknownActivities);
        Assert.Equal((1, 1), (result.Missing, result.Remaining));
    }

    [Fact]
    public void Replay_ReceiptWithInductiveMinerModel_PerfectFitness()
    {
        // PM4Py 2.7.14 reports 0.99969 (99.3 % fitting traces) for its IM model; IM guarantees a fitting model.
        var log = RealLogs.Xes("receipt.xes.gz").Log;
        var tree = InductiveMiner.Discover(log, new InductiveMinerOptions { Variant = InductiveMinerVariant.Basic }, TestContext.Current.CancellationToken).Tree;

        var result = TokenReplay.Replay(log, PetriNet.FromProcessTree(tree), TestContext.Current.CancellationToken);

        Assert.True(result.Fitness >= 0.9997, $"fitness {result.Fitness}");
        Assert.True(result.FittingCaseShare >= 0.993, $"fitting {result.FittingCaseShare}");
    }

    [Fact]
    public void Replay_ReceiptWithImfModel_DeviationsNameBpmnElements()
    {
        var log = RealLogs.Xes("receipt.xes.gz").Log;
        var tree = InductiveMiner.Discover(log, cancellationToken: TestContext.Current.CancellationToken).Tree;

        var result = TokenReplay.Replay(log, PetriNet.FromProcessTree(tree), TestContext.Current.CancellationToken);

        Assert.InRange(result.Fitness, 0.9, 0.999);
        Assert.NotEmpty(result.Deviations);
        Assert.All(result.Deviations, d => Assert.Matches("^(Activity_\\d+|Gateway_\\d+_(split|join)|Silent_\\d+|EndEvent_1)$", d.ElementId));
    }

    [Fact]
    public void PetriNet_FromTree_OneLabelledTransitionPerActivity()
    {
        var net = PetriNet.FromProcessTree(Textbook);

        Assert.Equal(["a", "b", "c", "d", "e"], net.Transitions.Where(t => !t.IsSilent).Select(t => t.Label).Order());
        Assert.Equal(2, net.Transitions.Count(t => t.IsSilent));
        Assert.NotEqual(net.Source, net.Sink);
    }
}
