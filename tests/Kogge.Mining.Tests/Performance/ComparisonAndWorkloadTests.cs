using Kogge.Mining.Performance;
using Kogge.Mining.Tests.Io;

namespace Kogge.Mining.Tests.Performance;

public sealed class ComparisonAndWorkloadTests
{
    [Fact]
    public void Compare_FasterAfter_ReportsNegativeChangeAndVariantShifts()
    {
        var before = TestLogs.FromTraces("A B C", "A B C", "A X C");
        var builder = new Kogge.Mining.EventLogs.EventLogBuilder();
        for (var i = 0; i < 2; i++)
        {
            builder.BeginCase("n" + i);
            builder.AddEvent("A", TestLogs.Monday);
            builder.AddEvent("B", TestLogs.Monday.AddMinutes(10));
            builder.AddEvent("D", TestLogs.Monday.AddMinutes(20));
        }

        var report = BeforeAfterComparison.Compare(before, builder.Build());

        Assert.True(report.ThroughputAfter.Median < report.ThroughputBefore.Median);
        var edge = Assert.Single(report.Edges);
        Assert.Equal("A → B", edge.Name);
        Assert.Equal(TimeSpan.FromMinutes(-50), edge.Difference);
        Assert.Equal("A,B,D", Assert.Single(report.AppearedVariants).Key);
        Assert.Equal(["A,B,C", "A,X,C"], report.VanishedVariants.Select(v => v.Key));
        Assert.Equal(["D"], report.AppearedActivities);
        Assert.Equal(["C", "X"], report.VanishedActivities);
    }

    [Fact]
    public void ComparePeriods_Receipt_EveryCaseOnOneSide()
    {
        var log = RealLogs.Xes("receipt.xes.gz").Log;
        var split = new DateTimeOffset(2011, 6, 1, 0, 0, 0, TimeSpan.Zero);

        var report = BeforeAfterComparison.ComparePeriods(log, split);

        Assert.Equal(log.CaseCount, report.ThroughputBefore.Count + report.ThroughputAfter.Count);
        Assert.NotEmpty(report.CommonVariants);
    }

    [Fact]
    public void Workload_ReceiptGroups_OnlyGroupsOfFiveOrMorePseudonymized()
    {
        var log = RealLogs.Xes("receipt.xes.gz").Log;

        var report = Workload.Compute(log, new WorkloadOptions { PseudonymKey = new byte[32] });

        Assert.NotEmpty(report.Groups);
        Assert.All(report.Groups, g => Assert.True(g.Resources >= 5));
        Assert.All(report.Groups, g => Assert.Matches("^G-[0-9a-f]{8}$", g.Group));
        Assert.Equal(log.EventCount, report.Groups.Sum(g => g.ActivityInstances) + report.SuppressedInstances);
        Assert.Equal(report.Groups.Select(g => g.Group), Workload.Compute(log, new WorkloadOptions { PseudonymKey = new byte[32] }).Groups.Select(g => g.Group));
    }

    [Fact]
    public void Workload_PerResourceByDefault_WithholdsIndividuals()
    {
        var log = RealLogs.Xes("receipt.xes.gz").Log;

        var report = Workload.Compute(log, new WorkloadOptions { GroupAttribute = null });

        Assert.Empty(report.Groups);
        Assert.Equal(log.ResourceNames.Count, report.SuppressedGroups);
    }

    [Fact]
    public void Workload_StartCompleteWithGroups_ProcessingTimePerGroupAndSmallGroupWithheld()
    {
        var builder = new Kogge.Mining.EventLogs.EventLogBuilder();
        var t = TestLogs.Monday;
        for (var r = 0; r < 6; r++)
        {
            builder.BeginCase("c" + r);
            var group = r < 5 ? "Bürgerbüro" : "Bauamt";
            builder.AddEvent("Prüfen", t, "person-" + r, "start");
            builder.SetEventAttribute("org:group", Kogge.Mining.EventLogs.AttributeValue.FromString(group));
            builder.AddEvent("Prüfen", t.AddMinutes(30), "person-" + r, "complete");
            builder.SetEventAttribute("org:group", Kogge.Mining.EventLogs.AttributeValue.FromString(group));
        }

        var report = Workload.Compute(builder.Build(), new WorkloadOptions { Pseudonymize = false });

        var office = Assert.Single(report.Groups);
        Assert.Equal(("Bürgerbüro", 5, 5, 5), (office.Group, office.Resources, office.ActivityInstances, office.Cases));
        Assert.Equal(TimeSpan.FromMinutes(150), office.ProcessingTime);
        Assert.Equal((1, 1), (report.SuppressedGroups, report.SuppressedInstances));
    }
}
