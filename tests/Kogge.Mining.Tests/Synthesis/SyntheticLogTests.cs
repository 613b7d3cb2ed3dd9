using Kogge.Mining.Discovery;
using Kogge.Mining.EventLogs;
using Kogge.Mining.Io.Xes;
using Kogge.Mining.Performance;
using Kogge.Mining.Synthesis;

namespace Kogge.Mining.Tests.Synthesis;

public sealed class SyntheticLogTests
{
    private static readonly EventLog Log = SyntheticLog.Generate(new SyntheticLogOptions { Events = 20_000, Seed = 42 });

    [Fact]
    public void Generate_SameSeed_ByteIdenticalXes()
    {
        var options = new SyntheticLogOptions { Events = 5_000, Seed = 7 };

        Assert.Equal(Xes(SyntheticLog.Generate(options)), Xes(SyntheticLog.Generate(options)));
    }

    [Fact]
    public void Generate_OtherSeed_OtherLog()
    {
        Assert.NotEqual(
            Xes(SyntheticLog.Generate(new SyntheticLogOptions { Events = 5_000, Seed = 7 })),
            Xes(SyntheticLog.Generate(new SyntheticLogOptions { Events = 5_000, Seed = 8 })));
    }

    [Fact]
    public void Generate_EventCount_AtLeastAskedInWholeCases()
    {
        Assert.InRange(Log.EventCount, 20_000, 20_000 + 80);
        var last = Log.CaseCount - 1;
        Assert.Equal("Vorgang abschließen", Log.ActivityNames[Log.Activities[Log.CaseOffsets[last + 1] - 1]]);
    }

    [Fact]
    public void Generate_Activities_TwentyOfTheModel()
    {
        Assert.Equal(SyntheticLog.Activities.Order(StringComparer.Ordinal), Log.ActivityNames.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Generate_Loops_ReworkInSomeCases()
    {
        var figures = ActivityStatistics.Compute(Log).ToDictionary(f => f.Activity);

        Assert.InRange(figures["Vollständigkeit prüfen"].ReworkRate, 0.2, 0.5);
        Assert.True(figures["Fachliche Prüfung"].CasesWithRework > 0);
        Assert.True(figures["Bescheid zeichnen"].CasesWithRework > 0);
    }

    [Fact]
    public void Generate_DepartmentStatements_AnswerInEitherOrder()
    {
        var edges = DirectlyFollowsGraph.Compute(Log, withTimes: false).Edges.Select(e => (e.Source, e.Target)).ToHashSet();

        Assert.Contains(("Stellungnahme Brandschutz", "Stellungnahme Umweltamt"), edges);
        Assert.Contains(("Stellungnahme Umweltamt", "Stellungnahme Brandschutz"), edges);
    }

    [Fact]
    public void Generate_StaffEvents_DuringOpeningHoursOnWorkingDays()
    {
        var calendar = BusinessCalendar.For(GermanState.MecklenburgVorpommern);
        var group = Log.EventAttributes.Column("org:group")!;
        var checkedEvents = 0;
        for (var e = 0; e < Log.EventCount; e++)
        {
            if (group[e] is null)
            {
                continue;
            }

            var local = TimeZoneInfo.ConvertTime(Log.Timestamp(e)!.Value, calendar.TimeZone);
            Assert.Equal(calendar.TimeZone.GetUtcOffset(local.DateTime), local.Offset);
            Assert.True(calendar.IsWorkingDay(DateOnly.FromDateTime(local.DateTime)), $"event {e} on {local:O}");
            var closes = local.DayOfWeek == DayOfWeek.Friday ? new TimeSpan(13, 0, 0) : new TimeSpan(16, 0, 0);
            Assert.InRange(local.TimeOfDay, new TimeSpan(7, 30, 0), closes);
            checkedEvents++;
        }

        Assert.True(checkedEvents > Log.EventCount / 2);
    }

    [Fact]
    public void Generate_RecordedOffsets_AreGermanTime()
    {
        var berlin = BusinessCalendar.For(GermanState.MecklenburgVorpommern).TimeZone;
        for (var e = 0; e < Log.EventCount; e += 7)
        {
            var t = Log.Timestamp(e)!.Value;
            Assert.Equal(berlin.GetUtcOffset(t), t.Offset);
        }
    }

    [Fact]
    public void Generate_Arrivals_SpreadOverTheYear()
    {
        var firstEvents = Enumerable.Range(0, Log.CaseCount).Select(c => Log.Timestamp(Log.CaseOffsets[c])!.Value).ToList();

        Assert.Equal(2024, firstEvents.Min().Year);
        Assert.InRange((firstEvents.Max() - firstEvents.Min()).TotalDays, 300, 400);
    }

    [Fact]
    public void Generate_Groups_SmallOnesWithheldFromWorkload()
    {
        var report = Workload.Compute(Log, new WorkloadOptions { Pseudonymize = false });

        Assert.Equal(["Bauaufsicht", "Brandschutz", "Stadtkasse", "Umweltamt"], report.Groups.Select(g => g.Group).Order(StringComparer.Ordinal));
        Assert.Equal(2, report.SuppressedGroups);
    }

    [Fact]
    public void Generate_EventsOutOfRange_Rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SyntheticLog.Generate(new SyntheticLogOptions { Events = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => SyntheticLog.Generate(new SyntheticLogOptions { Events = 10, Months = 0 }));
    }

    private static byte[] Xes(EventLog log)
    {
        using var buffer = new MemoryStream();
        XesWriter.Write(log, buffer);
        return buffer.ToArray();
    }
}
