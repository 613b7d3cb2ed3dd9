using System.Text;
using Kogge.Mining.Discovery;
using Kogge.Mining.EventLogs;
using Kogge.Mining.Io;
using Kogge.Mining.Io.Csv;
using Kogge.Testing;

namespace Kogge.Mining.Tests.Io;

public sealed class CsvEventLogReaderTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    [Fact]
    public void Read_ReceiptCsv_SameLogAsReceiptXes()
    {
        var csv = CsvEventLogReader.Read(SharedData.Path("eventlogs/receipt.csv"), cancellationToken: TestContext.Current.CancellationToken);
        var xes = RealLogs.Xes("receipt.xes.gz");

        Assert.Equal(0, csv.Report.SkippedCount);
        Assert.Equal(1434, csv.Log.CaseCount);
        Assert.Equal(8577, csv.Log.EventCount);
        Assert.Equal(116, Variants.Compute(csv.Log).Count);
        Assert.Equal(LogComparison.Fingerprint(xes.Log), LogComparison.Fingerprint(csv.Log));
        Assert.Equal("Internet", csv.Log.CaseAttributes.Get(csv.Log.CaseIds.ToList().IndexOf("case-10011"), "channel")?.Text);
    }

    [Fact]
    public void Read_GermanDatesSemicolonLatin1_DetectsFormatAndAppliesZone()
    {
        var text = "Vorgang;Tätigkeit;Zeitstempel;Bearbeiter\r\nA-1;Antrag prüfen;31.03.2024 01:30;Müller\r\nA-1;Bescheid;31.03.2024 03:30;Müller\r\n";
        var bytes = Encoding.Latin1.GetBytes(text);

        var result = CsvEventLogReader.Read(new MemoryStream(bytes), new CsvImportOptions { TimeZone = Berlin }, TestContext.Current.CancellationToken);

        var log = result.Log;
        Assert.Equal(2, log.EventCount);
        Assert.Equal("Antrag prüfen", log.ActivityNames[log.Activities[0]]);
        Assert.Equal("Müller", log.ResourceNames[log.Resources[0]]);
        // 01:30 is CET (+1), 03:30 is CEST (+2) after the switch: one hour apart, not two.
        Assert.Equal(TimeSpan.FromHours(1), TimeSpan.FromTicks(log.Timestamps[1] - log.Timestamps[0]));
        Assert.Equal(120, log.OffsetMinutes(1));
    }

    [Fact]
    public void Read_LocalTimesWithoutZone_FailsUpFront()
    {
        var bytes = Encoding.UTF8.GetBytes("case,activity,timestamp\n1,a,01.02.2024 10:00\n");

        var ex = Assert.Throws<EventLogFormatException>(() => CsvEventLogReader.Read(new MemoryStream(bytes), cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains("TimeZone", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_UnrecognisableTimestamps_FailsUpFrontNamingColumn()
    {
        var bytes = Encoding.UTF8.GetBytes("case,activity,timestamp\n1,a,yesterday\n1,b,today\n");

        var ex = Assert.Throws<EventLogFormatException>(() => CsvEventLogReader.Read(new MemoryStream(bytes), cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains("'timestamp'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_BadRows_SkippedAndNamedInReport()
    {
        var rows = new StringBuilder("case,activity,timestamp\n");
        for (var i = 0; i < 20; i++)
        {
            rows.Append(System.Globalization.CultureInfo.InvariantCulture, $"c{i % 3},a{i % 4},2024-01-{i + 1:00}T10:00:00+01:00\n");
        }

        rows.Append("c1,,2024-02-01T10:00:00+01:00\n");
        rows.Append("c1,x,2024-02-31T10:00:00+01:00\n");
        rows.Append("c1,x\n");

        var result = CsvEventLogReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(rows.ToString())), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(20, result.Log.EventCount);
        Assert.Equal(3, result.Report.SkippedCount);
        Assert.Collection(
            result.Report.Issues,
            i => Assert.Equal((22L, "column 'activity' is empty"), (i.Line, i.Message)),
            i => Assert.Equal(24L, i.Line),
            i => Assert.Contains("2024-02-31", i.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void Read_QuotedFieldsAndStartColumn_PairsIntoActivityInstances()
    {
        var text = "case;activity;start;end;note\n1;\"Prüfen; vertieft\";2024-03-01 08:00:00+01:00;2024-03-01 09:30:00+01:00;\"zwei\nZeilen\"\n1;Bescheid;2024-03-02 08:00:00+01:00;2024-03-02 08:10:00+01:00;\n";

        var log = CsvEventLogReader.Read(
            new MemoryStream(Encoding.UTF8.GetBytes(text)),
            new CsvImportOptions { Columns = new CsvColumnMapping { Timestamp = "end", StartTimestamp = "start" } },
            TestContext.Current.CancellationToken).Log;

        Assert.Equal(4, log.EventCount);
        Assert.Equal("zwei\nZeilen", log.EventAttributes.Get(0, "note")?.Text);
        var instances = log.Instances;
        Assert.True(instances.HasStartEvents);
        Assert.Equal(2, instances.Count);
        Assert.Equal(TimeSpan.FromMinutes(90), TimeSpan.FromTicks(instances.Ends[0] - instances.Starts[0]));
        Assert.Equal("Prüfen; vertieft", log.ActivityNames[instances.Activities[0]]);
    }

    [Fact]
    public void Read_MissingCaseColumn_FailsNamingHeader()
    {
        var bytes = Encoding.UTF8.GetBytes("id,activity,timestamp\n1,a,2024-01-01T00:00:00Z\n");

        var ex = Assert.Throws<EventLogFormatException>(() => CsvEventLogReader.Read(new MemoryStream(bytes), cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains("no case column", ex.Message, StringComparison.Ordinal);
    }
}

internal static class LogComparison
{
    /// <summary>Everything an analysis sees, independent of case order: per case id its events (activity, UTC time, resource).</summary>
    public static string Fingerprint(EventLog log)
    {
        var cases = new List<string>(log.CaseCount);
        for (var c = 0; c < log.CaseCount; c++)
        {
            var sb = new StringBuilder(log.CaseIds[c]).Append(':');
            for (var e = log.CaseOffsets[c]; e < log.CaseOffsets[c + 1]; e++)
            {
                sb.Append(log.ActivityNames[log.Activities[e]]).Append('@').Append(log.Timestamps[e])
                  .Append('/').Append(log.Resources[e] >= 0 ? log.ResourceNames[log.Resources[e]] : "-").Append('|');
            }

            cases.Add(sb.ToString());
        }

        cases.Sort(StringComparer.Ordinal);
        var dfg = DirectlyFollowsGraph.Compute(log, withTimes: false);
        var edges = dfg.Edges.Select(e => $"{e.Source}>{e.Target}={e.Frequency}").Order(StringComparer.Ordinal);
        return string.Join("\n", cases) + "\n" + string.Join("\n", edges);
    }
}
