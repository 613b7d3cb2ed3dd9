using Kogge.Mining.Discovery;
using Kogge.Mining.EventLogs;
using Kogge.Mining.Tests.Io;

namespace Kogge.Mining.Tests.EventLogs;

public sealed class ActivityAbstractionTests
{
    [Fact]
    public void ByCodePrefix_Bpic15_FewerActivitiesSameEvents()
    {
        var log = RealLogs.Xes("BPIC15_1.xes.gz").Log;

        var grouped = ActivityAbstraction.ByCodePrefix(log, 2);

        var activities = DirectlyFollowsGraph.Compute(grouped, withTimes: false).ActivityFrequencies;
        Assert.Equal(log.EventCount, grouped.EventCount);
        Assert.InRange(activities.Count, 2, 60);
        Assert.Contains("01_HOOFD", activities.Keys);
        Assert.Equal(log.EventCount, activities.Values.Sum());
    }

    [Fact]
    public void MapAndCollapseRepeats_MergesRunsOfTheSameGroup()
    {
        var log = TestLogs.FromTraces("a1 a2 b1 a3", "b1 b2");

        var grouped = ActivityAbstraction.CollapseRepeats(ActivityAbstraction.Map(log, name => name[..1]));

        Assert.Equal(["a,b,a", "b"], Variants.Compute(grouped).Select(v => v.Key).Order(StringComparer.Ordinal));
        Assert.Equal(TestLogs.Monday.AddHours(2).UtcTicks, grouped.Timestamps[1]); // the b run keeps its first event, b1
    }

    [Fact]
    public void Map_Dictionary_UnmappedActivitiesKeepTheirName()
    {
        var log = TestLogs.FromTraces("Antrag Prüfung Bescheid");

        var mapped = ActivityAbstraction.Map(log, new Dictionary<string, string> { ["Prüfung"] = "Sachbearbeitung" });

        Assert.Equal("Antrag,Sachbearbeitung,Bescheid", Assert.Single(Variants.Compute(mapped)).Key);
    }
}
