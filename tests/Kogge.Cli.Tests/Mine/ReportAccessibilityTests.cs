using Kogge.Cli.Tests.Infrastructure;
using Kogge.Testing;
using Kogge.Web.Tests.Browser;
using Microsoft.Playwright;

namespace Kogge.Cli.Tests.Mine;

/// <summary>
/// The HTML reports of <c>kogge mine</c> opened from disk in headless Debian Chromium: axe-core (WCAG 2.0/2.1 A and AA)
/// with every &lt;details&gt; opened must find 0 violations, and the page must not request anything from the network.
/// Without Chromium the tests are skipped, unless <c>KOGGE_REQUIRE_BROWSER=1</c> (CI) makes that a failure.
/// </summary>
public sealed class ReportAccessibilityTests : IAsyncLifetime
{
    private const string ChromiumPath = "/usr/bin/chromium";
    private readonly string directory = Path.Combine(Path.GetTempPath(), "kogge-mine-tests", Guid.NewGuid().ToString("N"));
    private IPlaywright? playwright;
    private IBrowser? browser;

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(directory);
        if (!File.Exists(ChromiumPath))
        {
            return;
        }

        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        });
    }

    [Theory]
    [InlineData("receipt.xes.gz", "--target-duration", "P10D", "--calendar", "MV")]
    [InlineData("BPIC15_1.xes.gz")]
    public async Task MineReport_Axe_NoViolationsNoRequests(string log, params string[] options)
    {
        var source = SharedData.Path("eventlogs/" + log);
        var report = Path.Combine(directory, log + ".html");
        var run = await CliRun.RunAsync("", ["mine", source, "--report", report, .. options]);
        Assert.True(run.ExitCode == 0, run.ToString());

        await CheckAsync(report);
    }

    [Fact]
    public async Task CompareReport_Axe_NoViolationsNoRequests()
    {
        var before = SharedData.Path("eventlogs/receipt.xes.gz");
        var after = Path.Combine(directory, "bau.xes");
        var report = Path.Combine(directory, "vergleich.html");
        await CliRun.RunAsync("", "mine", "synth", "--events", "3000", "--out", after);
        var run = await CliRun.RunAsync("", "mine", "compare", before, after, "--report", report);
        Assert.True(run.ExitCode == 0, run.ToString());

        await CheckAsync(report);
    }

    private async Task CheckAsync(string report)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "de-DE", ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var requests = new List<string>();
        context.Request += (_, request) => requests.Add(request.Url);
        var page = await context.NewPageAsync();

        await page.GotoAsync(new Uri(report).AbsoluteUri);
        await page.EvaluateAsync("() => document.querySelectorAll('details').forEach(d => d.open = true)");
        var violations = await Axe.ViolationsAsync(page);

        Assert.True(violations.Count == 0, $"{Path.GetFileName(report)}: {violations.Count} violation(s):\n  " + string.Join("\n  ", violations));
        Assert.DoesNotContain(requests, u => !u.StartsWith("file:", StringComparison.Ordinal));
        await context.CloseAsync();
    }

    private IBrowser Browser
    {
        get
        {
            if (browser is null)
            {
                var message = $"The report accessibility tests need Chromium at {ChromiumPath} (Debian: apt-get install -y chromium).";
                if (Environment.GetEnvironmentVariable("KOGGE_REQUIRE_BROWSER") == "1")
                {
                    Assert.Fail(message + " KOGGE_REQUIRE_BROWSER=1 is set, so this is a failure.");
                }

                Assert.Skip(message);
            }

            return browser!;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (browser is not null)
        {
            await browser.CloseAsync();
        }

        playwright?.Dispose();
        Directory.Delete(directory, recursive: true);
    }
}
