using System.Text.Json;
using Kogge.Cli.Tests.Infrastructure;
using Kogge.Testing;

namespace Kogge.Cli.Tests.Mine;

/// <summary><c>kogge mine</c> on the real receipt log: figures, JSON, report, and every kind of bad input.</summary>
public sealed class MineCommandsTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "kogge-mine-tests", Guid.NewGuid().ToString("N"));

    public MineCommandsTests() => Directory.CreateDirectory(directory);

    private static string Receipt => SharedData.Path("eventlogs/receipt.xes.gz");

    [Fact]
    public async Task Mine_ReceiptJson_KnownCounts()
    {
        var run = await CliRun.RunAsync("", "mine", Receipt, "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        using var json = JsonDocument.Parse(run.Output);
        var root = json.RootElement;
        Assert.Equal(1434, root.GetProperty("cases").GetInt32());
        Assert.Equal(8577, root.GetProperty("events").GetInt32());
        Assert.Equal(27, root.GetProperty("activities").GetInt32());
        Assert.Equal(116, root.GetProperty("variants").GetInt32());
        Assert.Equal(99, root.GetProperty("directlyFollowsEdges").GetInt32());
        Assert.Equal(0, root.GetProperty("import").GetProperty("skipped").GetInt32());
        Assert.Equal(1434, root.GetProperty("throughput").GetProperty("cases").GetInt32());
        var top = root.GetProperty("topVariants")[0];
        Assert.Equal(713, top.GetProperty("cases").GetInt32());
        Assert.Equal("Confirmation of receipt", top.GetProperty("activities")[0].GetString());
        Assert.Equal(27, root.GetProperty("activityStatistics").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("discovery").ValueKind);
    }

    [Fact]
    public async Task Mine_ReceiptCsv_SameFiguresAsXes()
    {
        var run = await CliRun.RunAsync("", "mine", SharedData.Path("eventlogs/receipt.csv"), "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        using var json = JsonDocument.Parse(run.Output);
        Assert.Equal("csv", json.RootElement.GetProperty("format").GetString());
        Assert.Equal(1434, json.RootElement.GetProperty("cases").GetInt32());
        Assert.Equal(8577, json.RootElement.GetProperty("events").GetInt32());
        Assert.Equal(116, json.RootElement.GetProperty("variants").GetInt32());
    }

    [Fact]
    public async Task Mine_Receipt_SummaryOnOutputProgressLinesOnError()
    {
        var run = await CliRun.RunAsync("", "mine", Receipt);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("1,434", run.Output, StringComparison.Ordinal);
        Assert.Contains("directly-follows edges  99", run.Output, StringComparison.Ordinal);
        Assert.Contains("1. 713 cases", run.Output, StringComparison.Ordinal);
        Assert.Contains("Import receipt.xes.gz: 100 %", run.Error, StringComparison.Ordinal);
        Assert.Contains("[6/6] Workload of groups", run.Error, StringComparison.Ordinal);
        // Not a terminal: no carriage returns or escape sequences in what a log file keeps.
        Assert.DoesNotContain('\r', run.Error);
        Assert.DoesNotContain('\u001b', run.Error);
    }

    [Fact]
    public async Task Mine_TargetInWorkingDays_MoreCasesInTimeThanSameElapsedDays()
    {
        var elapsed = await CliRun.RunAsync("", "mine", Receipt, "--json", "--target-duration", "P10D");
        var working = await CliRun.RunAsync("", "mine", Receipt, "--json", "--target-duration", "P10D", "--calendar", "SH");

        Assert.True(elapsed.ExitCode == 0, elapsed.ToString());
        Assert.True(working.ExitCode == 0, working.ToString());
        var e = JsonDocument.Parse(elapsed.Output).RootElement.GetProperty("deadline");
        var w = JsonDocument.Parse(working.Output).RootElement.GetProperty("deadline");
        Assert.False(e.GetProperty("workingDays").GetBoolean());
        Assert.True(w.GetProperty("workingDays").GetBoolean());
        Assert.Equal("SH", w.GetProperty("calendar").GetString());
        Assert.Equal(1434, e.GetProperty("cases").GetInt32());
        // Ten working days are at least fourteen calendar days.
        Assert.True(w.GetProperty("withinDeadline").GetInt32() > e.GetProperty("withinDeadline").GetInt32());
        Assert.True(e.GetProperty("withinDeadline").GetInt32() > 0);
    }

    [Fact]
    public async Task Mine_Report_SelfContainedAccessibleMarkup()
    {
        var report = Path.Combine(directory, "receipt.html");

        var run = await CliRun.RunAsync("", "mine", Receipt, "--report", report, "--target-duration", "P10D", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(report, JsonDocument.Parse(run.Output).RootElement.GetProperty("report").GetString());
        Assert.True(JsonDocument.Parse(run.Output).RootElement.GetProperty("discovery").GetProperty("complete").GetBoolean());
        var html = await File.ReadAllTextAsync(report, TestContext.Current.CancellationToken);
        Assert.StartsWith("<!DOCTYPE html>\n<html lang=\"de\">", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch("(src|href)=\"https?:", html);
        Assert.Contains("<main>", html, StringComparison.Ordinal);
        Assert.Contains("<nav aria-label=\"Inhalt\">", html, StringComparison.Ordinal);
        Assert.Contains("lang=\"en\"", html, StringComparison.Ordinal);
        Assert.Contains("<th scope=\"col\"", html, StringComparison.Ordinal);
        Assert.Contains("<caption>", html, StringComparison.Ordinal);
        Assert.Equal(4, CountOf(html, "role=\"img\""));
        Assert.Equal(4, CountOf(html, "<title id="));
        Assert.Contains("Prozesslandkarte nach Häufigkeit", html, StringComparison.Ordinal);
        Assert.Contains("Prozesslandkarte nach Zeit", html, StringComparison.Ordinal);
        Assert.Contains("Termintreue", html, StringComparison.Ordinal);
        Assert.Contains("href=\"data:application/xml;base64,", html, StringComparison.Ordinal);
        Assert.Contains("Confirmation of receipt", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mine_Bpic15Report_ModelFromGroupedActivitiesSaysSo()
    {
        var report = Path.Combine(directory, "bpic15.html");

        var run = await CliRun.RunAsync("", "mine", SharedData.Path("eventlogs/BPIC15_1.xes.gz"), "--report", report, "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var root = JsonDocument.Parse(run.Output).RootElement;
        Assert.Equal(398, root.GetProperty("activities").GetInt32());
        Assert.Equal(1170, root.GetProperty("variants").GetInt32());
        var discovery = root.GetProperty("discovery");
        Assert.InRange(discovery.GetProperty("activities").GetInt32(), 2, 40);
        Assert.Contains("zusammengefasst", discovery.GetProperty("abstraction").GetString(), StringComparison.Ordinal);
        var html = await File.ReadAllTextAsync(report, TestContext.Current.CancellationToken);
        Assert.Contains("Zur Lesbarkeit gefiltert: gezeigt sind die 30 häufigsten Aktivitäten", html, StringComparison.Ordinal);
        Assert.Contains("Vor der Entdeckung vereinfacht, weil 398 Aktivitäten", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mine_MissingFile_Exits2NamingIt()
    {
        var missing = Path.Combine(directory, "fehlt.xes");

        var run = await CliRun.RunAsync("", "mine", missing);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"{missing}: no such file", run.Error, StringComparison.Ordinal);
        Assert.Equal("", run.Output);
    }

    [Fact]
    public async Task Mine_BrokenXes_Exits2WithLine()
    {
        var broken = Path.Combine(directory, "kaputt.xes");
        await File.WriteAllTextAsync(broken, "<?xml version=\"1.0\"?>\n<log xes.version=\"1.0\">\n<trace><string key=\"concept:name\" value=\"1\"/>\n<event><string key=\"concept:name\" value=\"A\"></event>\n", TestContext.Current.CancellationToken);

        var run = await CliRun.RunAsync("", "mine", broken);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("cannot be read as XES", run.Error, StringComparison.Ordinal);
        Assert.Contains("line 4", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mine_UnknownCsvColumn_Exits2NamingColumnAndOption()
    {
        var run = await CliRun.RunAsync("", "mine", SharedData.Path("eventlogs/receipt.csv"), "--csv-case", "Vorgangsnummer");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("'Vorgangsnummer' is not in the header", run.Error, StringComparison.Ordinal);
        Assert.Contains("--csv-case", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mine_CsvWithoutRecognisableColumns_Exits2()
    {
        var csv = Path.Combine(directory, "spalten.csv");
        await File.WriteAllTextAsync(csv, "a;b;c\n1;2;3\n", TestContext.Current.CancellationToken);

        var run = await CliRun.RunAsync("", "mine", csv);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("cannot be read as CSV", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mine_CsvWithBadRows_SkippedRowsInJsonAndReport()
    {
        // 300 good rows (the importer recognises the timestamp format from the first ones), then one it cannot read.
        var csv = Path.Combine(directory, "vorgaenge.csv");
        var rows = Enumerable.Range(1, 300).Select(i => $"{i};Antrag eingegangen;2024-03-04T08:00:00+01:00");
        await File.WriteAllLinesAsync(csv, ["Vorgang;Aktivität;Zeitstempel", .. rows, "301;Antrag eingegangen;gestern"], TestContext.Current.CancellationToken);
        var report = Path.Combine(directory, "vorgaenge.html");

        var run = await CliRun.RunAsync("", "mine", csv, "--json", "--report", report);

        Assert.True(run.ExitCode == 0, run.ToString());
        var import = JsonDocument.Parse(run.Output).RootElement.GetProperty("import");
        Assert.Equal(300, import.GetProperty("imported").GetInt32());
        Assert.Equal(1, import.GetProperty("skipped").GetInt32());
        Assert.Equal(302, import.GetProperty("issues")[0].GetProperty("line").GetInt64());
        Assert.Equal("skipped", import.GetProperty("issues")[0].GetProperty("severity").GetString());
        Assert.Contains("gestern", import.GetProperty("issues")[0].GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("300 Ereignisse übernommen, 1 übersprungen", await File.ReadAllTextAsync(report, TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mine_CsvTimestampsUnrecognisable_Exits2NamingTheOption()
    {
        var csv = Path.Combine(directory, "zeiten.csv");
        await File.WriteAllLinesAsync(csv, ["Vorgang;Aktivität;Zeitstempel", "1;Antrag eingegangen;am Montag früh"], TestContext.Current.CancellationToken);

        var run = await CliRun.RunAsync("", "mine", csv);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("give --csv-timestamp-format", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("CsvImportOptions", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--target-duration", "zehn Tage", "not an ISO 8601 duration")]
    [InlineData("--noise", "1.5", "--noise 1.5")]
    [InlineData("--calendar", "MV", "give --target-duration as well")]
    public async Task Mine_BadOption_Exits2(string option, string value, string message)
    {
        var run = await CliRun.RunAsync("", "mine", Receipt, option, value);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mine_WorkingDaysNotWhole_Exits2()
    {
        var run = await CliRun.RunAsync("", "mine", Receipt, "--target-duration", "PT36H", "--calendar", "MV");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("whole days", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mine_ReportFolderMissing_Exits5()
    {
        var run = await CliRun.RunAsync("", "mine", Receipt, "--report", Path.Combine(directory, "gibt-es-nicht", "r.html"));

        Assert.Equal(5, run.ExitCode);
        Assert.Contains("cannot write the report", run.Error, StringComparison.Ordinal);
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    public void Dispose()
    {
        Directory.Delete(directory, recursive: true);
    }
}
