using System.Net;
using System.Text.RegularExpressions;
using Kogge.Web.Platform.Demo;
using Kogge.Web.Platform.Identity;
using Kogge.Web.Platform.Tenancy;
using Kogge.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OtpNet;

namespace Kogge.Web.Tests.Modules.Account;

public partial class IdentityTests(KoggeApp app) : IClassFixture<KoggeApp>
{
    [Fact]
    public async Task Citizen_RegistersAndConfirmsByMail_CanSignIn()
    {
        var client = app.Browser();
        var email = $"neu-{Guid.NewGuid():N}@example.org";

        var registered = await client.PostFormAsync("/rostock/konto/registrieren",
        [
            new("Input.DisplayName", "Erika Mustermann"), new("Input.Email", email),
            new("Input.Password", "Warnemünde am Strand 7"), new("Input.ConfirmPassword", "Warnemünde am Strand 7"),
            new("Input.AcceptPrivacy", "true"),
        ]);
        Assert.Contains("Bitte prüfen Sie Ihr Postfach", await registered.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var early = await client.SignInAsync("rostock", email, "Warnemünde am Strand 7");
        Assert.Contains("bestätigen Sie zuerst", await early.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var mail = await app.Mail.WaitForAsync(email);
        var link = ConfirmLink().Match(mail.TextBody ?? "").Value;
        Assert.StartsWith("http://localhost/rostock/konto/bestaetigen?", link, StringComparison.Ordinal);
        Assert.DoesNotContain("Erika", mail.TextBody, StringComparison.Ordinal);

        var confirmed = await client.GetAsync(new Uri(link));
        Assert.Equal("/rostock/konto/anmelden?hinweis=bestaetigt", confirmed.RedirectPath());
        await client.SignInOrFailAsync("rostock", email, "Warnemünde am Strand 7");
        Assert.Contains("Erika Mustermann", await client.GetStringAsync(new Uri("/rostock/konto", UriKind.Relative)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Register_ExistingAddress_AnswersAlikeAndWarnsOwner()
    {
        var existing = DemoData.Email("buerger", "luebeck");
        var response = await app.Browser().PostFormAsync("/luebeck/konto/registrieren",
        [
            new("Input.DisplayName", "Jemand"), new("Input.Email", existing),
            new("Input.Password", "Travemünde Strandkorb 9"), new("Input.ConfirmPassword", "Travemünde Strandkorb 9"),
            new("Input.AcceptPrivacy", "true"),
        ]);

        Assert.Contains("Bitte prüfen Sie Ihr Postfach", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var mail = await app.Mail.WaitForAsync(existing);
        Assert.Contains("bereits ein Konto", mail.TextBody, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("kurz", "mindestens 10 Zeichen")]
    [InlineData("passwort123456", "zu verbreitet")]
    [InlineData("Passwort2024!!", "zu verbreitet")]
    public async Task Register_WeakPassword_GermanFieldMessage(string password, string message)
    {
        var response = await app.Browser().PostFormAsync("/rostock/konto/registrieren",
        [
            new("Input.DisplayName", "Max Muster"), new("Input.Email", $"{Guid.NewGuid():N}@example.org"),
            new("Input.Password", password), new("Input.ConfirmPassword", password), new("Input.AcceptPrivacy", "true"),
        ]);

        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(message, html, StringComparison.Ordinal);
        Assert.Contains("href=\"#Input_Password\"", html, StringComparison.Ordinal);
        Assert.Contains("aria-invalid=\"true\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StaffPassword_ElevenCharacters_IsRefused()
    {
        var result = await app.InTenantAsync("rostock", async (sp, _) =>
        {
            var users = sp.GetRequiredService<UserManager<KoggeUser>>();
            var staff = new KoggeUser { UserName = "elf@rostock.example", Email = "elf@rostock.example", IsStaff = true, DisplayName = "Elf Zeichen" };
            return await users.CreateAsync(staff, "Bernstein7x!");
        });
        Assert.True(result.Succeeded);
        result = await app.InTenantAsync("rostock", async (sp, _) =>
        {
            var users = sp.GetRequiredService<UserManager<KoggeUser>>();
            var staff = new KoggeUser { UserName = "kurz@rostock.example", Email = "kurz@rostock.example", IsStaff = true, DisplayName = "Kurz" };
            return await users.CreateAsync(staff, "Bernstein7x");
        });
        Assert.Contains(result.Errors, e => e.Code == "PasswordTooShort");
    }

    [Fact]
    public async Task SignIn_FiveWrongPasswords_LocksAccount()
    {
        var client = app.Browser();
        var email = DemoData.Email("beschaeftigte", "luebeck");
        for (var i = 0; i < 5; i++)
        {
            await client.SignInAsync("luebeck", email, "nicht-das-passwort-" + i);
        }

        var response = await client.SignInAsync("luebeck", email, DemoData.Password);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("für 15 Minuten gesperrt", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Staff_TenantRequiresTwoFactor_SetsUpTotpThenSignsInWithFreshCodeOnly()
    {
        await using var strict = new KoggeApp();
        await strict.InitializeAsync();
        await strict.InTenantAsync(null, async (_, db) =>
            await db.Tenants.Where(t => t.Slug == "rostock").ExecuteUpdateAsync(t => t.SetProperty(x => x.RequireStaffTwoFactor, true)));
        strict.Services.GetRequiredService<TenantCatalog>().Invalidate();
        var client = strict.Browser();
        var email = DemoData.Email("sachbearbeitung", "rostock");
        await client.SignInOrFailAsync("rostock", email, DemoData.Password);

        var gated = await client.GetAsync(new Uri("/rostock/", UriKind.Relative));
        Assert.Equal("/rostock/konto/zwei-faktor", gated.RedirectPath());

        var setup = await client.GetStringAsync(new Uri("/rostock/konto/zwei-faktor", UriKind.Relative));
        var key = TotpKey().Match(setup).Groups[1].Value.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        var code = new Totp(Base32Encoding.ToBytes(key)).ComputeTotp();
        var enabled = await client.PostFormAsync("/rostock/konto/zwei-faktor", [new("Input.Code", code)]);
        Assert.Contains("Wiederherstellungscodes", await enabled.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/rostock/", UriKind.Relative))).StatusCode);

        var fresh = strict.Browser();
        var password = await fresh.SignInAsync("rostock", email, DemoData.Password);
        Assert.StartsWith("/rostock/konto/anmelden/zwei-faktor", password.RedirectPath(), StringComparison.Ordinal);
        var wrong = await fresh.PostFormAsync("/rostock/konto/anmelden/zwei-faktor", [new("Input.Code", "000000")]);
        Assert.Contains("nicht richtig", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var replayed = await fresh.PostFormAsync("/rostock/konto/anmelden/zwei-faktor", [new("Input.Code", code)]);
        Assert.Contains("nicht richtig", await replayed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // A code of the neighbouring time step is still inside the accepted window, and has not been used.
        var next = new Totp(Base32Encoding.ToBytes(key)).ComputeTotp(DateTime.UtcNow.AddSeconds(30));
        var signedIn = await fresh.PostFormAsync("/rostock/konto/anmelden/zwei-faktor", [new("Input.Code", next == code ? new Totp(Base32Encoding.ToBytes(key)).ComputeTotp(DateTime.UtcNow.AddSeconds(-30)) : next)]);
        Assert.Equal("/rostock/", signedIn.RedirectPath());
        Assert.Equal(HttpStatusCode.OK, (await fresh.GetAsync(new Uri("/rostock/", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task TenantAdmin_CreatesStaffWithRoles_AccountCanSignIn()
    {
        var admin = app.Browser();
        await admin.SignInOrFailAsync("luebeck", DemoData.Email("admin", "luebeck"), DemoData.Password);
        var email = $"neu-{Guid.NewGuid():N}@luebeck.example";

        var created = await admin.PostFormAsync("/luebeck/verwaltung/benutzer/neu",
        [
            new("Input.DisplayName", "Jonas Weber"), new("Input.Email", email), new("Input.Password", "Holstentor-Marzipan-1"),
            new("Input.Roles", Roles.Clerk), new("Input.Roles", Roles.Employee),
        ]);
        Assert.StartsWith("/luebeck/verwaltung/benutzer/", created.RedirectPath(), StringComparison.Ordinal);

        var roles = await app.InTenantAsync("luebeck", async (sp, db) =>
        {
            var user = await db.Users.SingleAsync(u => u.Email == email);
            return (await sp.GetRequiredService<UserManager<KoggeUser>>().GetRolesAsync(user)).Order(StringComparer.Ordinal).ToList();
        });
        Assert.Equal([Roles.Clerk, Roles.Employee], roles);
        await app.Browser().SignInOrFailAsync("luebeck", email, "Holstentor-Marzipan-1");
    }

    [Fact]
    public async Task TenantAdmin_StaffWithoutRole_GetsFieldMessageAndNoAccount()
    {
        var admin = app.Browser();
        await admin.SignInOrFailAsync("rostock", DemoData.Email("admin", "rostock"), DemoData.Password);
        var email = $"ohne-{Guid.NewGuid():N}@rostock.example";

        var response = await admin.PostFormAsync("/rostock/verwaltung/benutzer/neu",
            [new("Input.DisplayName", "Ohne Rolle"), new("Input.Email", email), new("Input.Password", "Stadthafen-Kogge-42")]);

        Assert.Contains("mindestens eine Rolle", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(await app.InTenantAsync("rostock", async (_, db) => await db.Users.AnyAsync(u => u.Email == email)));
    }

    [Fact]
    public async Task Clerk_AdminPages_AreForbidden()
    {
        var clerk = app.Browser();
        await clerk.SignInOrFailAsync("rostock", DemoData.Email("sachbearbeitung", "rostock"), DemoData.Password);
        var response = await clerk.GetAsync(new Uri("/rostock/verwaltung/benutzer", UriKind.Relative));
        Assert.StartsWith("/rostock/fehler/403", response.RedirectPath(), StringComparison.Ordinal);
    }

    [GeneratedRegex(@"http://localhost/rostock/konto/bestaetigen\?\S+")]
    private static partial Regex ConfirmLink();

    [GeneratedRegex("data-testid=\"totp-key\">([a-z0-9 ]+)<")]
    private static partial Regex TotpKey();
}
