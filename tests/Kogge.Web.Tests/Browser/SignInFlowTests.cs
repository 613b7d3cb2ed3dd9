using System.Text.RegularExpressions;
using Kogge.Web.Platform.Demo;
using Microsoft.Playwright;
using OtpNet;
using static Microsoft.Playwright.Assertions;

namespace Kogge.Web.Tests.Browser;

/// <summary>Sign-in, two-factor and registration the way people do them: in Chromium against Kogge on Kestrel.</summary>
public sealed partial class SignInFlowTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task RostockClerk_SetsUpTotpAndSignsInWithCode_SeesRostockButNotLuebeckAdministration()
    {
        var page = await fixture.NewPageAsync();
        var email = DemoData.Email("sachbearbeitung", "rostock");

        await page.SubmitSignInAsync("rostock", email, DemoData.Password);
        await Expect(page).ToHaveURLAsync(RostockStart());

        // Set up the authenticator app with the key shown on the page.
        await page.OpenAsync("rostock/konto/zwei-faktor");
        var shownKey = await page.Locator("[data-testid=totp-key]").InnerTextAsync();
        var totp = new Totp(Base32Encoding.ToBytes(shownKey.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant()));
        var setupTime = DateTime.UtcNow;
        var setupCode = totp.ComputeTotp(setupTime);
        await page.FillAsync("#Input_Code", setupCode);
        await page.ClickAsync("main form button[type=submit]");
        await Expect(page.Locator("main .kern-alert--success")).ToContainTextAsync("Die Zwei-Faktor-Anmeldung ist eingerichtet.");
        await Expect(page.Locator("main .kogge-codes li")).ToHaveCountAsync(10);

        await page.SignOutAsync();
        await Expect(page.Locator("main")).ToContainTextAsync("Sie haben sich abgemeldet.");

        // Password alone no longer signs in: the code page follows.
        await page.SubmitSignInAsync("rostock", email, DemoData.Password);
        await Expect(page).ToHaveURLAsync(new Regex("/rostock/konto/anmelden/zwei-faktor"));
        await Expect(page.Locator("header")).Not.ToContainTextAsync("Angemeldet als");

        // A wrong code is refused with the error summary.
        await page.FillAsync("#Input_Code", PageSteps.WrongCode(totp, setupTime));
        await page.ClickAsync("main form button[type=submit]");
        await Expect(page.Locator("[data-kogge-error-summary]")).ToBeVisibleAsync();

        // A code not used before, inside the accepted window.
        await page.FillAsync("#Input_Code", PageSteps.FreshCode(totp, setupCode));
        await page.ClickAsync("main form button[type=submit]");
        await Expect(page).ToHaveURLAsync(RostockStart());
        await Expect(page.Locator("header")).ToContainTextAsync("Hansestadt Rostock");
        await Expect(page.Locator("header")).ToContainTextAsync("Angemeldet als Sachbearbeitung Demo");
        await Expect(page.Locator("main")).ToContainTextAsync("Hansestadt Rostock");

        // The Rostock session does not open Lübeck's administration: Lübeck asks for its own sign-in.
        await page.OpenAsync("luebeck/verwaltung/benutzer");
        await Expect(page).ToHaveURLAsync(new Regex("/luebeck/konto/anmelden"));
        await Expect(page.Locator("h1")).ToHaveTextAsync("Anmelden");
        await Expect(page.Locator("header")).ToContainTextAsync("Hansestadt Lübeck");
        await Expect(page.Locator("header")).Not.ToContainTextAsync("Angemeldet als");
        await Expect(page.Locator("main table")).ToHaveCountAsync(0);

        // And Rostock still knows the clerk.
        await page.OpenAsync("rostock/konto");
        await Expect(page.Locator("header")).ToContainTextAsync("Angemeldet als Sachbearbeitung Demo");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task SignIn_FirstVisitWithFreshBrowser_SignsInWithoutAntiforgeryError()
    {
        // A fresh profile asks for the site icon once. Answered with the 404 page outside /luebeck, it used to set a second
        // antiforgery cookie (path /) that replaced the form's one, and the first sign-in failed with 400.
        await using var browser = await fixture.LaunchAsync();
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = fixture.BaseAddress.ToString(), Locale = "de-DE" });
        var page = await context.NewPageAsync();
        await page.GotoAsync("luebeck/konto/anmelden", new PageGotoOptions { WaitUntil = WaitUntilState.NetworkIdle });
        await page.FillAsync("#Input_Email", DemoData.Email("beschaeftigte", "luebeck"));
        await page.FillAsync("#Input_Password", DemoData.Password);
        await page.ClickAsync("main form button[type=submit]");

        await Expect(page).ToHaveURLAsync(new Regex("/luebeck/?$"));
        await Expect(page.Locator("header")).ToContainTextAsync("Angemeldet als Beschäftigte Demo");
    }

    [Fact]
    public async Task Citizen_RegistersAndOpensMailedLink_ConfirmsAndSignsIn()
    {
        var page = await fixture.NewPageAsync();
        var email = $"anna.{Guid.NewGuid():N}@beispiel.example";
        const string password = "Warnemünde Leuchtturm am Strom";

        await page.OpenAsync("rostock/konto/registrieren");
        await page.FillAsync("#Input_DisplayName", "Anna Beispiel");
        await page.FillAsync("#Input_Email", email);
        await page.FillAsync("#Input_Password", password);
        await page.FillAsync("#Input_ConfirmPassword", password);
        await page.CheckAsync("#Input_AcceptPrivacy");
        await page.ClickAsync("main form button[type=submit]");
        await Expect(page.Locator("main .kern-alert--success")).ToContainTextAsync("Bitte prüfen Sie Ihr Postfach");

        // Not confirmed yet: signing in is refused.
        await page.SubmitSignInAsync("rostock", email, password);
        await Expect(page.Locator("[data-kogge-error-summary]")).ToContainTextAsync("Bitte bestätigen Sie zuerst Ihre E-Mail-Adresse.");

        var mail = await fixture.App.Mail.WaitForAsync(email);
        var link = ConfirmationLink().Match(mail.TextBody ?? "");
        Assert.True(link.Success, $"No confirmation link in the mail: {mail.TextBody}");
        var confirmUri = new Uri(link.Value);
        Assert.Equal(fixture.BaseAddress.Authority, confirmUri.Authority);

        await page.GotoAsync(confirmUri.ToString());
        await Expect(page).ToHaveURLAsync(new Regex("/rostock/konto/anmelden\\?hinweis=bestaetigt"));
        await Expect(page.Locator("main")).ToContainTextAsync("Ihre E-Mail-Adresse ist bestätigt.");

        await page.FillAsync("#Input_Email", email);
        await page.FillAsync("#Input_Password", password);
        await page.ClickAsync("main form button[type=submit]");
        await Expect(page).ToHaveURLAsync(RostockStart());
        await Expect(page.Locator("header")).ToContainTextAsync("Angemeldet als Anna Beispiel");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task SignInFlow_WithoutJavaScript_WorksEndToEnd()
    {
        var page = await fixture.NewPageAsync(javaScript: false);
        Assert.False(await IsScriptRunningAsync(page));

        // Anonymous pages load and show their heading.
        foreach (var path in new[] { "", "rostock", "luebeck", "rostock/konto/anmelden", "rostock/konto/registrieren", "rostock/impressum", "rostock/datenschutz", "rostock/barrierefreiheit" })
        {
            var response = await page.OpenAsync(path);
            Assert.True(response.Status == 200, $"/{path} gave {response.Status} without JavaScript.");
            await Expect(page.Locator("main h1")).ToBeVisibleAsync();
        }

        // From the start page to the sign-in form by the header link.
        await page.OpenAsync("luebeck");
        await page.ClickAsync("header a[href$='/konto/anmelden']");
        await Expect(page).ToHaveURLAsync(new Regex("/luebeck/konto/anmelden$"));

        // A wrong password: the server answers with the error summary and the form again.
        await page.FillAsync("#Input_Email", DemoData.Email("buerger", "luebeck"));
        await page.FillAsync("#Input_Password", "falsches Passwort 123");
        await page.ClickAsync("main form button[type=submit]");
        await Expect(page.Locator("[data-kogge-error-summary]")).ToContainTextAsync("E-Mail-Adresse oder Passwort sind nicht richtig.");
        await Expect(page).ToHaveTitleAsync(new Regex("^Fehler: "));

        // The right password signs in.
        await page.FillAsync("#Input_Email", DemoData.Email("buerger", "luebeck"));
        await page.FillAsync("#Input_Password", DemoData.Password);
        await page.ClickAsync("main form button[type=submit]");
        await Expect(page).ToHaveURLAsync(new Regex("/luebeck/?$"));
        await Expect(page.Locator("header")).ToContainTextAsync("Angemeldet als");

        await page.OpenAsync("luebeck/konto");
        await Expect(page.Locator("main h1")).ToBeVisibleAsync();

        // The language switch is a plain form post.
        await page.ClickAsync("header button[value=en-GB]");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Expect(page).ToHaveURLAsync(new Regex("/luebeck/konto$"));
        await page.ClickAsync("header button[value=de-DE]");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "de");

        await page.SignOutAsync();
        await Expect(page.Locator("main")).ToContainTextAsync("Sie haben sich abgemeldet.");
        await Expect(page.Locator("header")).Not.ToContainTextAsync("Angemeldet als");
        Assert.False(await IsScriptRunningAsync(page));
        await page.Context.CloseAsync();
    }

    /// <summary>Whether scripts run: with JavaScript off, a noscript element's content is parsed as markup.</summary>
    private static async Task<bool> IsScriptRunningAsync(IPage page)
    {
        await page.SetContentAsync("<noscript><p id=ohne-js>aus</p></noscript>");
        return await page.Locator("#ohne-js").CountAsync() == 0;
    }

    private static Regex RostockStart() => new("/rostock/?$");

    [GeneratedRegex(@"https?://\S+/konto/bestaetigen\?\S+")]
    private static partial Regex ConfirmationLink();
}
