using System.Text.Json;
using Kogge.Cli.Tests.Infrastructure;
using Kogge.Testing;

namespace Kogge.Cli.Tests.Mine;

/// <summary><c>kogge mine synth</c> and <c>kogge mine compare</c>.</summary>
public sealed class SynthAndCompareTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "kogge-mine-tests", Guid.NewGuid().ToString("N"));

    public SynthAndCompareTests() => Directory.CreateDirectory(directory);

    [Theory]
    [InlineData("xes")]
    [InlineData("csv")]
    public async Task Synth_SameSeedTwice_ByteIdenticalFiles(string extension)
    {
        var first = Path.Combine(directory, "a." + extension);
        var second = Path.Combine(directory, "b." + extension);

        var runA = await CliRun.RunAsync("", "mine", "synth", "--events", "3000", "--seed", "11", "--out", first);
        var runB = await CliRun.RunAsync("", "mine", "synth", "--events", "3000", "--seed", "11", "--out", second);

        Assert.True(runA.ExitCode == 0, runA.ToString());
        Assert.Equal(0, runB.ExitCode);
        Assert.Equal(await File.ReadAllBytesAsync(first, TestContext.Current.CancellationToken), await File.ReadAllBytesAsync(second, TestContext.Current.CancellationToken));
        Assert.Contains("20 activities", runA.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Synth_GzThenMine_AtLeastTheEventsAsked()
    {
        var file = Path.Combine(directory, "bau.xes.gz");

        var synth = await CliRun.RunAsync("", "mine", "synth", "--events", "5000", "--seed", "3", "--out", file);
        var mine = await CliRun.RunAsync("", "mine", file, "--json");

        Assert.True(synth.ExitCode == 0, synth.ToString());
        Assert.True(mine.ExitCode == 0, mine.ToString());
        var root = JsonDocument.Parse(mine.Output).RootElement;
        Assert.InRange(root.GetProperty("events").GetInt32(), 5000, 5100);
        Assert.Equal(20, root.GetProperty("activities").GetInt32());
        Assert.True(root.GetProperty("startEvents").GetBoolean());
        // Bauaufsicht, Brandschutz, Stadtkasse and Umweltamt have at least five people; two smaller groups are withheld.
        Assert.Equal(4, root.GetProperty("workload").GetProperty("groups").GetArrayLength());
        Assert.Equal(2, root.GetProperty("workload").GetProperty("withheldGroups").GetInt32());
    }

    [Theory]
    [InlineData("--out", "bau.txt", "must end in .xes, .xes.gz or .csv")]
    [InlineData("--events", "0", "--events 0")]
    public async Task Synth_BadOption_Exits2(string option, string value, string message)
    {
        string[] args = option == "--out"
            ? ["mine", "synth", "--events", "100", "--out", Path.Combine(directory, value)]
            : ["mine", "synth", "--events", value, "--out", Path.Combine(directory, "x.xes")];

        var run = await CliRun.RunAsync("", args);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compare_LogWithItself_NothingAppearedOrVanished()
    {
        var receipt = SharedData.Path("eventlogs/receipt.xes.gz");

        var run = await CliRun.RunAsync("", "mine", "compare", receipt, receipt, "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var root = JsonDocument.Parse(run.Output).RootElement;
        Assert.Equal(0, root.GetProperty("appearedVariants").GetInt32());
        Assert.Equal(0, root.GetProperty("vanishedVariants").GetInt32());
        Assert.Equal(116, root.GetProperty("commonVariants").GetInt32());
        Assert.Equal(0, root.GetProperty("fasterWaiting").GetArrayLength());
        Assert.Equal(root.GetProperty("throughputBefore").GetProperty("medianSeconds").GetDouble(), root.GetProperty("throughputAfter").GetProperty("medianSeconds").GetDouble());
    }

    [Fact]
    public async Task Compare_ReceiptAgainstSyntheticLog_ActivitiesAndVariantsChangedReportWritten()
    {
        var receipt = SharedData.Path("eventlogs/receipt.xes.gz");
        var synthetic = Path.Combine(directory, "bau.xes");
        var report = Path.Combine(directory, "vergleich.html");
        await CliRun.RunAsync("", "mine", "synth", "--events", "3000", "--out", synthetic);

        var run = await CliRun.RunAsync("", "mine", "compare", receipt, synthetic, "--report", report);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("116 vanished", run.Output, StringComparison.Ordinal);
        Assert.Contains("new: Ablehnung entwerfen, Antrag eingegangen", run.Output, StringComparison.Ordinal);
        var html = await File.ReadAllTextAsync(report, TestContext.Current.CancellationToken);
        Assert.Contains("Weggefallene Varianten", html, StringComparison.Ordinal);
        Assert.Contains("Confirmation of receipt", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compare_SecondFileMissing_Exits2()
    {
        var receipt = SharedData.Path("eventlogs/receipt.xes.gz");

        var run = await CliRun.RunAsync("", "mine", "compare", receipt, Path.Combine(directory, "nachher.xes"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("nachher.xes: no such file", run.Error, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        Directory.Delete(directory, recursive: true);
    }
}
