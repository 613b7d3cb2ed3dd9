using Kogge.Mining.Discovery;
using Kogge.Mining.EventLogs;
using Kogge.Mining.Performance;
using Kogge.Mining.Tests.Io;

namespace Kogge.Mining.Tests.Performance;

public sealed class AnalysisTests
{
    [Fact]
    public void DirectlyFollowsGraph_KnownGaps_MeanMedianP90()
    {
        var builder = new EventLogBuilder();
        var t0 = TestLogs.Monday;
        int[] gapsInHours = [1, 2, 3, 4, 10];
        for (var i = 0; i < gapsInHours.Length; i++)
        {
            builder.BeginCase("c" + i);
            builder.AddEvent("A", t0);
            builder.AddEvent("B", t0.AddHours(gapsInHours[i]));
        }

        var edge = Assert.Single(DirectlyFollowsGraph.Compute(builder.Build()).Edges);

        Assert.Equal(("A", "B", 5), (edge.Source, edge.Target, edge.Frequency));
        Assert.Equal(TimeSpan.FromHours(4), edge.Time.Mean);
        Assert.Equal(TimeSpan.FromHours(3), edge.Time.Median);
        Assert.Equal(TimeSpan.FromHours(7.6), edge.Time.P90);
    }

    [Fact]
    public void Variants_Receipt_MostFrequentFirstAndCountsSumToCases()
    {
        var variants = Variants.Compute(RealLogs.Xes("receipt.xes.gz").Log);

        Assert.Equal(1434, variants.Sum(v => v.CaseCount));
        Assert.True(variants.Zip(variants.Skip(1)).All(p => p.First.CaseCount >= p.Second.CaseCount));
        Assert.Equal(variants[0].CaseCount, variants[0].Cases.Count);
    }

    [Fact]
    public void ThroughputTimes_Receipt_HistogramCoversAllCases()
    {
        var report = ThroughputTimes.Compute(RealLogs.Xes("receipt.xes.gz").Log, bins: 10);

        Assert.Equal(1434, report.Statistics.Count);
        Assert.Equal(1434, report.Histogram.Sum(b => b.Count));
        Assert.True(report.Statistics.Median <= report.Statistics.P90);
        Assert.Equal(report.Statistics.Max, report.Histogram[^1].To);
    }

    [Fact]
    public void ActivityStatistics_RepeatedActivity_ReworkRate()
    {
        var log = TestLogs.FromTraces("A B A C", "A C", "A B B C", "A C");

        var stats = ActivityStatistics.Compute(log).ToDictionary(a => a.Activity);

        Assert.Equal((5, 4, 1), (stats["A"].Occurrences, stats["A"].Cases, stats["A"].CasesWithRework));
        Assert.Equal(0.25, stats["A"].ReworkRate);
        Assert.Equal(0.5, stats["B"].ReworkRate);
        Assert.Equal(0.0, stats["C"].ReworkRate);
        Assert.Equal(TimeSpan.FromHours(1), stats["C"].WaitingTime.Median);
    }

    [Fact]
    public void WaitingTimes_StartAndComplete_SplitsProcessingFromWaiting()
    {
        var builder = new EventLogBuilder();
        var t = TestLogs.Monday;
        builder.BeginCase("c1");
        builder.AddEvent("Prüfen", t, "r1", "start");
        builder.AddEvent("Prüfen", t.AddHours(2), "r1", "complete");
        builder.AddEvent("Bescheid", t.AddHours(10), "r1", "start");
        builder.AddEvent("Bescheid", t.AddHours(11), "r1", "complete");

        var report = WaitingTimes.Compute(builder.Build());

        Assert.True(report.HasStartEvents);
        Assert.Equal(TimeSpan.FromHours(3), report.Processing.Median);
        Assert.Equal(TimeSpan.FromHours(8), report.Waiting.Median);
        Assert.Equal(3.0 / 11, report.ProcessingShare, 6);
    }

    [Fact]
    public void DeadlineAdherence_WorkingDays_WeekendDoesNotCount()
    {
        var builder = new EventLogBuilder();
        var friday = new DateTimeOffset(2024, 6, 7, 9, 0, 0, TimeSpan.FromHours(2));
        builder.BeginCase("in-time");
        builder.AddEvent("Antrag", friday);
        builder.AddEvent("Bescheid", friday.AddDays(3).AddHours(8)); // Monday 17:00: one working day
        builder.BeginCase("late");
        builder.AddEvent("Antrag", friday);
        builder.AddEvent("Bescheid", friday.AddDays(4)); // Tuesday

        var report = DeadlineAdherence.AgainstWorkingDays(builder.Build(), 1, BusinessCalendar.For(GermanState.MecklenburgVorpommern));

        Assert.Equal(2, report.Cases);
        Assert.Equal(1, report.WithinDeadline);
        Assert.Equal(["late"], report.LateCaseIds);
    }

    [Fact]
    public void DeadlineAdherence_ReceiptDeadlineAttribute_CountsOnlyCasesWithDeadline()
    {
        var log = RealLogs.Xes("receipt.xes.gz").Log;

        var report = DeadlineAdherence.AgainstCaseAttribute(log, "deadline");

        Assert.InRange(report.Cases, 1, log.CaseCount);
        Assert.Equal(report.Cases, report.WithinDeadline + report.LateCaseIds.Count);
    }

    [Fact]
    public void DeadlineAdherence_Duration_ExactTargetCountsAsInTime()
    {
        var log = TestLogs.FromTraces("A B C", "A B C D");

        var report = DeadlineAdherence.AgainstDuration(log, TimeSpan.FromHours(2));

        Assert.Equal(0.5, report.AdherenceRate);
        Assert.Equal(TimeSpan.FromHours(1), report.Overrun.Max);
    }
}
