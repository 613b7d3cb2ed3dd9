using Kogge.Testing;

namespace Kogge.Feel.Tests.Tck;

public sealed class TckTests
{
    // The ratchet: raise these when more of the kit passes; never lower them.
    private const int MinimumPassed = 3377;

    private static readonly Lazy<TckRunner> Results = new(() =>
    {
        var runner = new TckRunner();
        runner.Run(SharedData.Path("dmn-tck/TestCases"));
        return runner;
    });

    [Fact]
    public void Tck_AllTestCases_PassRateDoesNotFall()
    {
        SharedData.Path("dmn-tck/TestCases");
        var runner = Results.Value;
        var report = runner.Report(withFailures: true);
        File.WriteAllText(Path.Combine(AppContext.BaseDirectory, "tck-report.txt"), report);
        TestContext.Current.TestOutputHelper?.WriteLine(report);
        TestContext.Current.SendDiagnosticMessage(runner.Report(withFailures: false));

        var passed = runner.Outcomes.Count(o => o.Passed);
        Assert.True(passed >= MinimumPassed, $"Only {passed} TCK results pass; at least {MinimumPassed} did before.\n{report}");
    }

    [Fact]
    public void Tck_NonCompliantModels_AreRejected()
    {
        SharedData.Path("dmn-tck/TestCases");
        var runner = Results.Value;
        Assert.All(runner.NonCompliant, n => Assert.True(n.Rejected, $"{n.Folder} was accepted"));
    }
}
