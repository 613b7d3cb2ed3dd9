using Kogge.Mining.Discovery;
using Kogge.Mining.Tests.Io;

namespace Kogge.Mining.Tests.Discovery;

public sealed class InductiveMinerTests
{
    [Theory]
    [InlineData(InductiveMinerVariant.Basic)]
    [InlineData(InductiveMinerVariant.InfrequentFiltering)]
    [InlineData(InductiveMinerVariant.DirectlyFollows)]
    public void Discover_TextbookLog_SequenceChoiceParallel(InductiveMinerVariant variant)
    {
        var log = TestLogs.FromCounts((3, "a b c d"), (2, "a c b d"), (1, "a e d"));

        var result = InductiveMiner.Discover(log, new InductiveMinerOptions { Variant = variant }, TestContext.Current.CancellationToken);

        Assert.True(result.Complete);
        Assert.Equal("→('a', ×(∧('b', 'c'), 'e'), 'd')", result.Tree.ToString());
    }

    [Fact]
    public void Discover_RepeatedPart_Loop()
    {
        var log = TestLogs.FromCounts((2, "a b c b c b d"), (3, "a b d"));

        var tree = InductiveMiner.Discover(log, new InductiveMinerOptions { Variant = InductiveMinerVariant.Basic }, TestContext.Current.CancellationToken).Tree;

        Assert.Equal("→('a', ↺('b', 'c'), 'd')", tree.ToString());
    }

    [Fact]
    public void Discover_OptionalStep_ChoiceWithSilent()
    {
        var log = TestLogs.FromCounts((5, "a b c"), (5, "a c"));

        var tree = InductiveMiner.Discover(log, new InductiveMinerOptions { Variant = InductiveMinerVariant.Basic }, TestContext.Current.CancellationToken).Tree;

        Assert.Equal("→('a', ×(τ, 'b'), 'c')", tree.ToString());
    }

    [Fact]
    public void Discover_InfrequentRepetition_ImfFiltersItImKeepsIt()
    {
        var log = TestLogs.FromCounts((50, "a b c"), (2, "a b b c"));

        var im = InductiveMiner.Discover(log, new InductiveMinerOptions { Variant = InductiveMinerVariant.Basic }, TestContext.Current.CancellationToken).Tree;
        var imf = InductiveMiner.Discover(log, new InductiveMinerOptions { Variant = InductiveMinerVariant.InfrequentFiltering, NoiseThreshold = 0.2 }, TestContext.Current.CancellationToken).Tree;

        Assert.Equal("→('a', ↺('b', τ), 'c')", im.ToString());
        Assert.Equal("→('a', 'b', 'c')", imf.ToString());
    }

    [Fact]
    public void Discover_ExpiredBudget_ReturnsFlowerMarkedIncomplete()
    {
        var log = RealLogs.Xes("receipt.xes.gz").Log;

        var result = InductiveMiner.Discover(log, new InductiveMinerOptions { TimeBudget = TimeSpan.Zero }, TestContext.Current.CancellationToken);

        Assert.False(result.Complete);
        Assert.Equal(27, result.Tree.Activities().Distinct().Count());
    }

    [Theory]
    [InlineData("receipt.xes.gz", InductiveMinerVariant.Basic)]
    [InlineData("receipt.xes.gz", InductiveMinerVariant.DirectlyFollows)]
    [InlineData("BPIC15_1.xes.gz", InductiveMinerVariant.DirectlyFollows)]
    public void Discover_RealLogImOrImd_EveryActivityExactlyOnce(string file, InductiveMinerVariant variant)
    {
        var log = RealLogs.Xes(file).Log;

        var result = InductiveMiner.Discover(log, new InductiveMinerOptions { Variant = variant, TimeBudget = TimeSpan.FromSeconds(30) }, TestContext.Current.CancellationToken);

        Assert.True(result.Complete);
        var activities = result.Tree.Activities().ToList();
        Assert.Equal(activities.Count, activities.Distinct().Count());
        Assert.Equal(DirectlyFollowsGraph.Compute(log, withTimes: false).ActivityFrequencies.Count, activities.Count);
    }

    [Theory]
    [InlineData("receipt.xes.gz")]
    [InlineData("BPIC15_1.xes.gz")]
    public void Discover_RealLogImf_FinishesInBudgetKeepingFrequentActivities(string file)
    {
        var log = RealLogs.Xes(file).Log;
        var frequencies = DirectlyFollowsGraph.Compute(log, withTimes: false).ActivityFrequencies;

        var result = InductiveMiner.Discover(log, new InductiveMinerOptions { Variant = InductiveMinerVariant.InfrequentFiltering, TimeBudget = TimeSpan.FromSeconds(120) }, TestContext.Current.CancellationToken);

        Assert.True(result.Complete);
        var activities = result.Tree.Activities().ToList();
        Assert.Equal(activities.Count, activities.Distinct().Count());
        Assert.Subset(frequencies.Keys.ToHashSet(), activities.ToHashSet());
        // IMf may drop rare activities, never the ones in most cases.
        Assert.All(frequencies.Where(f => f.Value >= log.CaseCount / 2), f => Assert.Contains(f.Key, activities));
    }
}
