using Kogge.Mining.EventLogs;
using Kogge.Mining.Performance;
using Kogge.Mining.Tests.Io;

namespace Kogge.Mining.Tests.EventLogs;

public sealed class LogFilterTests
{
    private static EventLog Receipt => RealLogs.Xes("receipt.xes.gz").Log;

    [Fact]
    public void TopVariants_One_KeepsExactlyTheMostFrequentVariant()
    {
        var top = Variants.Compute(Receipt)[0];

        var filtered = Receipt.TopVariants(1);

        Assert.Equal(top.CaseCount, filtered.CaseCount);
        Assert.Equal(top.Key, Assert.Single(Variants.Compute(filtered)).Key);
    }

    [Fact]
    public void WithActivity_PresentAndAbsent_PartitionTheCases()
    {
        var present = Receipt.WithActivity("T06 Determine necessity of stop advice");
        var absent = Receipt.WithActivity("T06 Determine necessity of stop advice", present: false);

        Assert.InRange(present.CaseCount, 1, Receipt.CaseCount - 1);
        Assert.Equal(Receipt.CaseCount, present.CaseCount + absent.CaseCount);
        Assert.Equal(Receipt.EventCount, present.EventCount + absent.EventCount);
    }

    [Fact]
    public void TimeWindow_Modes_ContainedWithinStartedWithinIntersecting()
    {
        var from = new DateTimeOffset(2011, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var to = new DateTimeOffset(2011, 7, 1, 0, 0, 0, TimeSpan.Zero);

        var contained = Receipt.TimeWindow(from, to).CaseCount;
        var started = Receipt.TimeWindow(from, to, TimeWindowMode.StartedIn).CaseCount;
        var intersecting = Receipt.TimeWindow(from, to, TimeWindowMode.Intersecting).CaseCount;
        var trimmed = Receipt.TimeWindow(from, to, TimeWindowMode.TrimEvents);

        Assert.InRange(contained, 1, started);
        Assert.InRange(started, contained, intersecting);
        Assert.Equal(intersecting, trimmed.CaseCount);
        Assert.All(trimmed.Timestamps.ToArray(), t => Assert.InRange(t, from.UtcTicks, to.UtcTicks - 1));
    }

    [Fact]
    public void WithAttribute_CaseAndEventAttributes_SelectMatchingCases()
    {
        var internet = Receipt.WithAttribute("channel", ["Internet"]);
        var group4 = Receipt.WithAttribute("org:group", ["Group 4"]);

        Assert.InRange(internet.CaseCount, 1, Receipt.CaseCount - 1);
        Assert.All(Enumerable.Range(0, internet.CaseCount), c => Assert.Equal("Internet", internet.CaseAttributes.Get(c, "channel")?.Text));
        Assert.InRange(group4.CaseCount, 1, Receipt.CaseCount);
        Assert.Equal(Receipt.CaseCount, group4.CaseCount + Receipt.WithAttribute("org:group", ["Group 4"], keep: false).CaseCount);
    }

    [Fact]
    public void StartingWithEndingWithThroughput_FilterAsNamed()
    {
        var log = TestLogs.FromTraces("A B C", "B C", "A C", "A B C D");

        Assert.Equal(3, log.StartingWith("A").CaseCount);
        Assert.Equal(3, log.EndingWith("C").CaseCount);
        Assert.Equal(["case-0", "case-1", "case-2"], log.WithThroughputTime(TimeSpan.FromHours(1), TimeSpan.FromHours(2)).CaseIds);
        Assert.Equal(2, log.WithVariants(["A,B,C", "B,C"], keep: false).CaseCount);
    }

    [Fact]
    public void SelectCases_KeepsCaseAttributesAligned()
    {
        var last = Receipt.CaseCount - 1;

        var single = Receipt.SelectCases([last]);

        Assert.Equal(Receipt.CaseIds[last], single.CaseIds[0]);
        Assert.Equal(Receipt.CaseAttributes.Get(last, "channel"), single.CaseAttributes.Get(0, "channel"));
        Assert.Equal(Receipt.CaseLength(last), single.EventCount);
    }

    [Fact]
    public void TimeWindow_CaseWithoutTimestamps_NeverSelected()
    {
        var builder = new EventLogBuilder();
        builder.BeginCase("undated");
        builder.AddEvent("a", null);
        builder.BeginCase("dated");
        builder.AddEvent("a", TestLogs.Monday);

        var filtered = builder.Build().TimeWindow(TestLogs.Monday.AddDays(-1), TestLogs.Monday.AddDays(1));

        Assert.Equal(["dated"], filtered.CaseIds);
    }
}
