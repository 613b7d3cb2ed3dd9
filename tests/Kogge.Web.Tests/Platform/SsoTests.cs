using System.Net;
using Kogge.Web.Platform.Demo;
using Kogge.Web.Platform.Identity;
using Kogge.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;

namespace Kogge.Web.Tests.Platform;

/// <summary>Kogge with single sign-on for Rostock (not for Lübeck) against a real OpenID Connect provider.</summary>
public sealed class SsoApp : KoggeApp, IAsyncLifetime
{
    /// <summary>Where the provider sends the browser back: the municipality's prefix, then the callback path.</summary>
    public static readonly Uri RedirectUri = new("https://localhost/rostock/konto/sso/rostock/callback");

    public SsoApp()
        : base(new Dictionary<string, string?>
        {
            ["Kogge:Sso:rostock:ClientId"] = TestOidcProvider.ClientId,
            ["Kogge:Sso:rostock:ClientSecret"] = TestOidcProvider.ClientSecret,
            ["Kogge:Sso:rostock:RequireHttpsMetadata"] = "false",
            ["Kogge:Sso:rostock:DisplayName"] = "Rathaus-Konto Rostock",
        })
    {
    }

    public TestOidcProvider Provider { get; private set; } = null!;

    async ValueTask IAsyncLifetime.InitializeAsync()
    {
        // The provider first: its address is part of Kogge's configuration.
        Provider = await TestOidcProvider.StartAsync([RedirectUri]);
        await InitializeAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Kogge:Sso:rostock:Authority", Provider.Authority.ToString());
    }

    /// <summary>A browser on https (the correlation and nonce cookies are Secure), keeping cookies, not following redirects.</summary>
    public HttpClient SecureBrowser() => CreateClient(new WebApplicationFactoryClientOptions
    {
        AllowAutoRedirect = false,
        HandleCookies = true,
        BaseAddress = new Uri("https://localhost"),
    });

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (Provider is not null)
        {
            await Provider.DisposeAsync();
        }
    }
}

public class SsoTests(SsoApp app) : IClassFixture<SsoApp>
{
    private const string SsoButton = "Mit dem Dienstkonto anmelden (Single Sign-on)";
    private const string NoAccount = "Für Ihr Dienstkonto gibt es hier kein Konto bei Kogge.";
    private static readonly string Scheme = SsoOptions.SchemeFor("rostock");

    [Fact]
    public async Task Sso_StaffWithAccount_IsSignedInAndLinked()
    {
        var email = DemoData.Email("sachbearbeitung", "rostock");
        var person = app.Provider.AddUser("clerk", email);
        var auditFrom = await LastAuditSequenceAsync();
        var browser = app.SecureBrowser();

        var done = await SignInThroughProviderAsync(browser, "clerk");

        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.Equal("/rostock/", done.RedirectPath());
        var account = await browser.GetAsync(new Uri("/rostock/konto", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, account.StatusCode);
        var html = await account.Content.ReadAsStringAsync();
        Assert.Contains("Sachbearbeitung Demo", html, StringComparison.Ordinal);
        Assert.Contains(email, html, StringComparison.Ordinal);

        var userId = await UserIdAsync(email);
        var logins = await app.InTenantAsync("rostock", async (_, db) =>
            await db.UserLogins.Where(l => l.UserId == userId).Select(l => new { l.LoginProvider, l.ProviderKey }).ToListAsync());
        var login = Assert.Single(logins);
        Assert.Equal(Scheme, login.LoginProvider);
        Assert.Equal(person.Subject, login.ProviderKey);

        var audit = await AuditSinceAsync(auditFrom);
        Assert.Contains(audit, a => a.Action == "user.sso_linked" && a.ObjectId == userId.ToString());
        Assert.Contains(audit, a => a.Action == "signin.succeeded" && a.ObjectId == userId.ToString() && a.Data.Contains("\"sso\"", StringComparison.Ordinal));
        Assert.DoesNotContain(audit, a => a.Action == "signin.failed");
    }

    [Fact]
    public async Task Sso_SecondSignIn_UsesTheLinkWithoutLinkingAgain()
    {
        var email = DemoData.Email("programmleitung", "rostock");
        app.Provider.AddUser("manager", email);
        await SignInThroughProviderAsync(app.SecureBrowser(), "manager");
        var auditFrom = await LastAuditSequenceAsync();

        var browser = app.SecureBrowser();
        var done = await SignInThroughProviderAsync(browser, "manager");

        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.Contains("Programmleitung Demo", await browser.GetStringAsync(new Uri("/rostock/konto", UriKind.Relative)), StringComparison.Ordinal);
        var userId = await UserIdAsync(email);
        Assert.Equal(1, await app.InTenantAsync("rostock", (_, db) => db.UserLogins.CountAsync(l => l.UserId == userId)));
        var audit = await AuditSinceAsync(auditFrom);
        Assert.DoesNotContain(audit, a => a.Action == "user.sso_linked");
        Assert.Contains(audit, a => a.Action == "signin.succeeded" && a.ObjectId == userId.ToString());
    }

    [Fact]
    public async Task Sso_UnknownEmail_IsRefusedAndNotSignedIn()
    {
        app.Provider.AddUser("stranger", "niemand@rostock.example");
        var auditFrom = await LastAuditSequenceAsync();
        var browser = app.SecureBrowser();

        var done = await SignInThroughProviderAsync(browser, "stranger");

        await AssertRefusedAsync(browser, done);
        var audit = await AuditSinceAsync(auditFrom);
        var failed = Assert.Single(audit, a => a.Action == "signin.failed");
        Assert.Contains("no_staff_account", failed.Data, StringComparison.Ordinal);
        Assert.DoesNotContain("niemand", failed.Data, StringComparison.Ordinal);
        Assert.DoesNotContain(audit, a => a.Action is "signin.succeeded" or "user.sso_linked");
    }

    [Fact]
    public async Task Sso_CitizenEmail_IsRefused()
    {
        var email = DemoData.Email("buerger", "rostock");
        app.Provider.AddUser("citizen", email);
        var auditFrom = await LastAuditSequenceAsync();
        var browser = app.SecureBrowser();

        var done = await SignInThroughProviderAsync(browser, "citizen");

        await AssertRefusedAsync(browser, done);
        var userId = await UserIdAsync(email);
        Assert.Equal(0, await app.InTenantAsync("rostock", (_, db) => db.UserLogins.CountAsync(l => l.UserId == userId)));
        var audit = await AuditSinceAsync(auditFrom);
        Assert.Contains(audit, a => a.Action == "signin.failed" && a.ObjectId == userId.ToString());
        Assert.DoesNotContain(audit, a => a.Action is "signin.succeeded" or "user.sso_linked");
    }

    [Fact]
    public async Task Sso_StaffOfOtherMunicipality_IsRefused()
    {
        app.Provider.AddUser("luebeck-clerk", DemoData.Email("sachbearbeitung", "luebeck"));
        var browser = app.SecureBrowser();

        await AssertRefusedAsync(browser, await SignInThroughProviderAsync(browser, "luebeck-clerk"));
    }

    [Fact]
    public async Task Sso_UnverifiedEmail_IsRefused()
    {
        var email = DemoData.Email("beschaeftigte", "rostock");
        app.Provider.AddUser("unverified", email, emailVerified: false);
        var browser = app.SecureBrowser();

        await AssertRefusedAsync(browser, await SignInThroughProviderAsync(browser, "unverified"));
        var userId = await UserIdAsync(email);
        Assert.Equal(0, await app.InTenantAsync("rostock", (_, db) => db.UserLogins.CountAsync(l => l.UserId == userId)));
    }

    [Fact]
    public async Task SignInPage_SsoButton_OnlyWhereConfigured()
    {
        var browser = app.SecureBrowser();

        Assert.Contains(SsoButton, await browser.GetStringAsync(new Uri("/rostock/konto/anmelden", UriKind.Relative)), StringComparison.Ordinal);
        Assert.DoesNotContain(SsoButton, await browser.GetStringAsync(new Uri("/luebeck/konto/anmelden", UriKind.Relative)), StringComparison.Ordinal);
        var challenge = await browser.PostFormAsync("/luebeck/konto/anmelden", [], "/luebeck/konto/anmelden?handler=Sso");
        Assert.Equal(HttpStatusCode.NotFound, challenge.StatusCode);
    }

    /// <summary>
    /// The whole round trip as a browser makes it: the SSO button at Rostock, the provider's authorize endpoint
    /// (where the person is identified by <paramref name="login"/>), the callback at Kogge, then the completion page.
    /// Returns the completion page's response.
    /// </summary>
    private async Task<HttpResponseMessage> SignInThroughProviderAsync(HttpClient browser, string login)
    {
        var challenge = await browser.PostFormAsync("/rostock/konto/anmelden", [], "/rostock/konto/anmelden?handler=Sso");
        Assert.True(challenge.StatusCode == HttpStatusCode.Redirect, $"The SSO button gave {(int)challenge.StatusCode}.");
        var authorize = challenge.Headers.Location!;
        Assert.Equal(new Uri(app.Provider.Authority, "connect/authorize").GetLeftPart(UriPartial.Path), authorize.GetLeftPart(UriPartial.Path));
        var query = QueryHelpers.ParseQuery(authorize.Query);
        Assert.Equal(TestOidcProvider.ClientId, query["client_id"].ToString());
        Assert.Equal(SsoApp.RedirectUri.ToString(), query["redirect_uri"].ToString());
        Assert.Equal("S256", query["code_challenge_method"].ToString());
        // The correlation and nonce cookies are SameSite=Lax: the provider must come back with a top-level GET.
        // No response_mode means the code flow's default, the query.
        Assert.Equal("query", query.TryGetValue("response_mode", out var mode) ? mode.ToString() : "query");
        var flowCookies = challenge.Headers.GetValues("Set-Cookie").Where(c => c.StartsWith(".AspNetCore.", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, flowCookies.Count);
        Assert.All(flowCookies, c => Assert.Contains("path=/rostock/konto/sso/rostock/callback", c, StringComparison.OrdinalIgnoreCase));

        using var provider = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true });
        var answer = await provider.GetAsync(new Uri(authorize + "&login_hint=" + Uri.EscapeDataString(login)));
        Assert.True(answer.StatusCode == HttpStatusCode.Redirect, $"The provider gave {(int)answer.StatusCode}: {await answer.Content.ReadAsStringAsync()}");
        var callback = answer.Headers.Location!;
        Assert.Equal(SsoApp.RedirectUri.ToString(), callback.GetLeftPart(UriPartial.Path));

        var back = await browser.GetAsync(callback);
        Assert.True(back.StatusCode == HttpStatusCode.Redirect, $"The callback gave {(int)back.StatusCode}: {await back.Content.ReadAsStringAsync()}");
        Assert.StartsWith("/rostock/konto/sso/fertig", back.RedirectPath(), StringComparison.Ordinal);
        return await browser.GetAsync(new Uri(back.RedirectPath(), UriKind.Relative));
    }

    private static async Task AssertRefusedAsync(HttpClient browser, HttpResponseMessage done)
    {
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.Contains(NoAccount, await done.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var account = await browser.GetAsync(new Uri("/rostock/konto", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, account.StatusCode);
        Assert.StartsWith("/rostock/konto/anmelden", account.RedirectPath(), StringComparison.Ordinal);
    }

    private Task<Guid> UserIdAsync(string email) =>
        app.InTenantAsync("rostock", (_, db) => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());

    private Task<long> LastAuditSequenceAsync() =>
        app.InTenantAsync("rostock", async (_, db) => await db.AuditEntries.MaxAsync(a => (long?)a.Sequence) ?? 0);

    private Task<List<Kogge.Web.Platform.Audit.AuditEntry>> AuditSinceAsync(long sequence) =>
        app.InTenantAsync("rostock", (_, db) => db.AuditEntries.Where(a => a.Sequence > sequence).AsNoTracking().ToListAsync());
}
