using Kogge.Cli.Mine;

namespace Kogge.Cli.Tests.Mine;

public sealed class MineProgressTests
{
    [Fact]
    public void Terminal_BytesAndSteps_OneBarRedrawnInPlace()
    {
        using var error = new StringWriter();
        var progress = new MineProgress(error, terminal: true);

        progress.Bytes("Import a.xes", 50, 200);
        progress.Bytes("Import a.xes", 200, 200);
        progress.BytesDone("Import a.xes", "4 events in 1 cases");
        progress.Plan(2);
        progress.Step("Variants", () => 1);
        progress.Step("Directly-follows graph", () => 2);

        var text = error.ToString();
        Assert.Contains("\r[########----------------------]  25 % Import a.xes", text, StringComparison.Ordinal);
        Assert.Contains("\r[###############---------------] [1/2] Variants (", text, StringComparison.Ordinal);
        Assert.Contains("\r[##############################] [2/2] Directly-follows graph (", text, StringComparison.Ordinal);
        Assert.EndsWith("s)\u001b[K\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Plain_Bytes_QuarterStepsOnly()
    {
        using var error = new StringWriter();
        var progress = new MineProgress(error, terminal: false);

        for (var read = 0; read <= 1000; read += 10)
        {
            progress.Bytes("Import a.csv", read, 1000);
        }

        var lines = error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["Import a.csv: 0 %", "Import a.csv: 25 %", "Import a.csv: 50 %", "Import a.csv: 75 %", "Import a.csv: 100 %"], lines.Select(l => l.TrimEnd('\r')));
    }
}
