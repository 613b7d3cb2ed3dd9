using System.Net;
using Kogge.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OtpNet;

namespace Kogge.Web.Tests.Browser;

/// <summary>Kogge on a real Kestrel port on 127.0.0.1, with its own database and SMTP server like <see cref="KoggeApp"/>.</summary>
public sealed class KestrelKoggeApp : KoggeApp
{
    public KestrelKoggeApp()
    {
        UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
    }

    /// <summary>Starts Kestrel (runs Program: migrations and demo data) and returns the address it listens on.</summary>
    public Uri Start()
    {
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses
            ?? throw new InvalidOperationException("Kestrel reports no addresses.");
        var address = addresses.Single(a => a.StartsWith("http://127.0.0.1:", StringComparison.Ordinal));
        return new Uri(address.TrimEnd('/') + "/");
    }
}

/// <summary>
/// One Kogge instance on Kestrel and one headless Debian Chromium (<c>/usr/bin/chromium</c>), shared by the tests of a class.
/// Without Chromium the tests are skipped with a message, unless <c>KOGGE_REQUIRE_BROWSER=1</c> (CI), then they fail.
/// Playwright never downloads a browser here.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
    ];

    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private string? _unavailable;

    public KestrelKoggeApp App { get; } = new();

    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    public static bool BrowserRequired => Environment.GetEnvironmentVariable("KOGGE_REQUIRE_BROWSER") == "1";

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            _unavailable = $"Browser tests need Chromium at {ChromiumPath} (Debian: apt-get install -y chromium); it is not installed.";
            return;
        }

        Assertions.SetDefaultExpectTimeout(15_000);
        BaseAddress = App.Start();
        _playwright = await Playwright.CreateAsync();
        _browser = await LaunchChromiumAsync();
    }

    /// <summary>Another Chromium with an empty profile, for what happens on a person's very first visit.</summary>
    public Task<IBrowser> LaunchAsync()
    {
        _ = Browser; // skips or fails the test when Chromium is missing
        return LaunchChromiumAsync();
    }

    private Task<IBrowser> LaunchChromiumAsync() => _playwright!.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = ChromiumPath,
        Headless = true,
        Args = ChromiumArgs,
    });

    /// <summary>Skips the calling test when Chromium is missing, or fails it when CI requires the browser.</summary>
    public IBrowser Browser
    {
        get
        {
            if (_unavailable is not null)
            {
                if (BrowserRequired)
                {
                    Assert.Fail(_unavailable + " KOGGE_REQUIRE_BROWSER=1 is set, so this is a failure.");
                }

                Assert.Skip(_unavailable);
            }

            return _browser!;
        }
    }

    /// <summary>A fresh browser context (own cookies) with one page, German by default.</summary>
    /// <param name="axe">Whether axe-core is put into every page of the context (<see cref="Axe"/>).</param>
    public async Task<IPage> NewPageAsync(bool javaScript = true, string locale = "de-DE", bool axe = false)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString(),
            JavaScriptEnabled = javaScript,
            Locale = locale,
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        // Generous limits: they only matter when something fails, and CI machines are shared.
        context.SetDefaultTimeout(60_000);
        context.SetDefaultNavigationTimeout(60_000);
        if (axe)
        {
            await Axe.AddToAsync(context);
        }

        return await context.NewPageAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        await App.DisposeAsync();
    }
}

/// <summary>Steps a person takes in the browser, written once for all browser tests.</summary>
public static class PageSteps
{
    /// <summary>
    /// A code for the sign-in after set-up: the current one, or the next step's when the current one is the code just
    /// used (Kogge refuses a code twice). Computed now, not at set-up: on a slow machine a minute may lie between.
    /// </summary>
    public static string FreshCode(Totp totp, string used)
    {
        var now = DateTime.UtcNow;
        var code = totp.ComputeTotp(now);
        return code == used ? totp.ComputeTotp(now.AddSeconds(30)) : code;
    }

    public static async Task<IResponse> OpenAsync(this IPage page, string path)
    {
        var response = await page.GotoAsync(path.TrimStart('/'));
        return response ?? throw new InvalidOperationException($"No response for {path}.");
    }

    /// <summary>Fills the sign-in form of <paramref name="slug"/> (empty: the platform) and submits it.</summary>
    public static async Task SubmitSignInAsync(this IPage page, string slug, string email, string password)
    {
        await page.OpenAsync(slug.Length == 0 ? "konto/anmelden" : $"{slug}/konto/anmelden");
        await page.FillAsync("#Input_Email", email);
        await page.FillAsync("#Input_Password", password);
        await page.ClickAsync("main button[type=submit]");
    }

    public static async Task SignOutAsync(this IPage page)
    {
        await page.ClickAsync("header form[action$='/konto/abmelden'] button");
        await page.WaitForURLAsync(url => url.Contains("/konto/anmelden", StringComparison.Ordinal));
    }

    public static string PathOf(this IPage page) => new Uri(page.Url).PathAndQuery;

    /// <summary>Six digits that are not the code of any time step near <paramref name="time"/>.</summary>
    public static string WrongCode(Totp totp, DateTime time)
    {
        var near = Enumerable.Range(-3, 7).Select(step => totp.ComputeTotp(time.AddSeconds(30 * step))).ToHashSet();
        return Enumerable.Range(0, 10).Select(d => new string((char)('0' + d), 6)).First(c => !near.Contains(c));
    }
}
