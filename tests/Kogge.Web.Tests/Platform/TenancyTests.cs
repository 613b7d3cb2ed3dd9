using System.Net;
using Kogge.Web.Platform.Demo;
using Kogge.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Kogge.Web.Tests.Platform;

public class TenancyTests(KoggeApp app) : IClassFixture<KoggeApp>
{
    [Fact]
    public async Task Query_InLuebeck_SeesOnlyLuebeckAccounts()
    {
        var emails = await app.InTenantAsync("luebeck", async (_, db) => await db.Users.Select(u => u.Email!).ToListAsync());
        Assert.Equal(DemoData.Accounts.Length, emails.Count);
        Assert.All(emails, e => Assert.EndsWith("@luebeck.example", e, StringComparison.Ordinal));
    }

    [Fact]
    public async Task SaveChanges_AccountOfOtherMunicipality_IsRefused()
    {
        var rostockUser = await app.InTenantAsync("rostock", async (_, db) => await db.Users.FirstAsync());
        var error = await Record.ExceptionAsync(() => app.InTenantAsync("luebeck", async (_, db) =>
        {
            db.Users.Attach(rostockUser);
            rostockUser.DisplayName = "Übernommen";
            return await db.SaveChangesAsync();
        }));
        Assert.IsType<InvalidOperationException>(error);
        var name = await app.InTenantAsync("rostock", async (_, db) => await db.Users.Where(u => u.Id == rostockUser.Id).Select(u => u.DisplayName).SingleAsync());
        Assert.NotEqual("Übernommen", name);
    }

    [Fact]
    public async Task StartPage_OfEachMunicipality_ShowsItsName()
    {
        var client = app.Browser();
        Assert.Contains("Hansestadt Rostock", await client.GetStringAsync(new Uri("/rostock", UriKind.Relative)), StringComparison.Ordinal);
        Assert.Contains("Hansestadt Lübeck", await client.GetStringAsync(new Uri("/luebeck/", UriKind.Relative)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownMunicipality_Page_IsNotFound()
    {
        var response = await app.Browser().GetAsync(new Uri("/atlantis/konto/anmelden", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Seite nicht gefunden", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RostockSession_OnLuebeckAdminPage_IsNotSignedIn()
    {
        var client = app.Browser();
        await client.SignInOrFailAsync("rostock", DemoData.Email("admin", "rostock"), DemoData.Password);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/rostock/verwaltung/benutzer", UriKind.Relative))).StatusCode);

        var response = await client.GetAsync(new Uri("/luebeck/verwaltung/benutzer", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/luebeck/konto/anmelden", response.RedirectPath(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LuebeckAdmin_RostockAccountById_IsNotFound()
    {
        var rostockAdminId = await app.InTenantAsync("rostock", async (_, db) =>
            await db.Users.Where(u => u.Email == DemoData.Email("admin", "rostock")).Select(u => u.Id).SingleAsync());
        var client = app.Browser();
        await client.SignInOrFailAsync("luebeck", DemoData.Email("admin", "luebeck"), DemoData.Password);

        var response = await client.GetAsync(new Uri($"/luebeck/verwaltung/benutzer/{rostockAdminId}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task PlatformAdmin_MunicipalityPages_AreNotHis()
    {
        var client = app.Browser();
        await client.SignInOrFailAsync("", DemoData.PlatformAdminEmail, DemoData.Password);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/plattform/kommunen", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync(new Uri("/rostock/verwaltung/benutzer", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task TenantAdmin_PlatformPage_IsForbidden()
    {
        var client = app.Browser();
        await client.SignInOrFailAsync("rostock", DemoData.Email("admin", "rostock"), DemoData.Password);

        var response = await client.GetAsync(new Uri("/rostock/plattform/kommunen", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/rostock/fehler/403", response.RedirectPath(), StringComparison.Ordinal);
    }
}
