using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Kogge.Web.Platform.Demo;
using Kogge.Web.Platform.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OtpNet;
using static Microsoft.Playwright.Assertions;

namespace Kogge.Web.Tests.Browser;

/// <summary>
/// axe-core (WCAG 2.0/2.1 A and AA) on every page reachable in the demo, in each state a person can bring it into:
/// anonymous, citizen, tenant admin, platform admin, after failed posts, in German and in English.
/// Every page must have 0 violations; the failure message names each rule and element.
/// </summary>
public sealed class AccessibilityTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private readonly List<(string Page, string Path, int Violations, string Details)> _checked = [];

    [Fact]
    public async Task AnonymousPages_Axe_NoViolations()
    {
        var page = await fixture.NewPageAsync(axe: true);

        await GetAndCheckAsync(page, "Plattform-Startseite", "");
        await GetAndCheckAsync(page, "Startseite Rostock", "rostock");
        await GetAndCheckAsync(page, "Startseite Lübeck", "luebeck");
        await GetAndCheckAsync(page, "Anmelden (Plattform)", "konto/anmelden");
        await GetAndCheckAsync(page, "Anmelden Rostock", "rostock/konto/anmelden");
        await GetAndCheckAsync(page, "Anmelden Lübeck", "luebeck/konto/anmelden");
        await GetAndCheckAsync(page, "Anmelden mit Hinweis (abgemeldet)", "rostock/konto/anmelden?hinweis=abgemeldet");
        await GetAndCheckAsync(page, "Abmelden (Bestätigungsseite)", "rostock/konto/abmelden");
        await GetAndCheckAsync(page, "Konto erstellen", "rostock/konto/registrieren");
        await GetAndCheckAsync(page, "E-Mail bestätigen, ungültiger Link", $"rostock/konto/bestaetigen?userId={Guid.NewGuid()}&code=abc");
        foreach (var (slug, name) in new[] { ("", "Plattform"), ("rostock", "Rostock"), ("luebeck", "Lübeck") })
        {
            var prefix = slug.Length == 0 ? "" : slug + "/";
            await GetAndCheckAsync(page, $"Impressum {name}", prefix + "impressum");
            await GetAndCheckAsync(page, $"Datenschutz {name}", prefix + "datenschutz");
            await GetAndCheckAsync(page, $"Barrierefreiheit {name}", prefix + "barrierefreiheit");
        }

        await GetAndCheckAsync(page, "404 Rostock", "rostock/gibt-es-nicht", 404);
        await GetAndCheckAsync(page, "404 Plattform", "gibt-es-nicht", 404);
        await GetAndCheckAsync(page, "404 unbekannte Kommune", "atlantis/konto/anmelden", 404);
        await GetAndCheckAsync(page, "Fehlerseite 500", "rostock/fehler/500", 500);
        await GetAndCheckAsync(page, "Fehlerseite 429", "rostock/fehler/429", 429);
        await GetAndCheckAsync(page, "Anmeldung verlangt (Verwaltung, anonym)", "rostock/verwaltung/benutzer");

        // Failed posts: the error summary and the fields' messages.
        await page.SubmitSignInAsync("rostock", DemoData.Email("buerger", "rostock"), "falsches Passwort 123");
        await Expect(page.Locator("[data-kogge-error-summary]")).ToBeVisibleAsync();
        await CheckAsync(page, "Anmelden nach Fehlversuch (Fehlerzusammenfassung)");

        await page.OpenAsync("rostock/konto/anmelden");
        await page.ClickAsync("main form button[type=submit]");
        await Expect(page.Locator("#Input_Email-fehler")).ToBeVisibleAsync();
        await CheckAsync(page, "Anmelden leer abgeschickt (Feldfehler)");

        await page.OpenAsync("rostock/konto/registrieren");
        await page.FillAsync("#Input_Password", "kurz");
        await page.FillAsync("#Input_ConfirmPassword", "anders");
        await page.ClickAsync("main form button[type=submit]");
        await Expect(page.Locator("[data-kogge-error-summary]")).ToBeVisibleAsync();
        await CheckAsync(page, "Konto erstellen nach Fehlversuch");

        await page.OpenAsync("rostock/konto/registrieren");
        await page.FillAsync("#Input_DisplayName", "Axel Prüfer");
        await page.FillAsync("#Input_Email", $"axel.{Guid.NewGuid():N}@beispiel.example");
        await page.FillAsync("#Input_Password", "Stralsund Sund Brücke 2026");
        await page.FillAsync("#Input_ConfirmPassword", "Stralsund Sund Brücke 2026");
        await page.CheckAsync("#Input_AcceptPrivacy");
        await page.ClickAsync("main form button[type=submit]");
        await Expect(page.Locator("main .kern-alert--success")).ToBeVisibleAsync();
        await CheckAsync(page, "Konto erstellen, Mail verschickt");

        await GetAndCheckAsync(page, "Mit einem Link anmelden", "rostock/konto/anmeldelink");
        await page.FillAsync("#Input_Email", "kein-at-zeichen");
        await page.ClickAsync("main form button[type=submit]");
        await Expect(page.Locator("#Input_Email-fehler")).ToBeVisibleAsync();
        await CheckAsync(page, "Mit einem Link anmelden nach Fehlversuch");
        await page.FillAsync("#Input_Email", "niemand@rostock.example");
        await page.ClickAsync("main form button[type=submit]");
        await Expect(page.Locator("main .kern-alert--success")).ToBeVisibleAsync();
        await CheckAsync(page, "Anmeldelink verschickt");
        await GetAndCheckAsync(page, "Anmeldelink öffnen", $"rostock/konto/anmeldelink/einloesen?benutzer={Guid.NewGuid()}&code=abc");
        await page.ClickAsync("main form button[type=submit]");
        await Expect(page.Locator("main .kern-alert--danger")).ToBeVisibleAsync();
        await CheckAsync(page, "Anmeldelink ungültig");

        // English.
        await page.OpenAsync("rostock");
        await page.ClickAsync("header button[value=en-GB]");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await CheckAsync(page, "Startseite Rostock (English)");
        await GetAndCheckAsync(page, "Plattform-Startseite (English)", "");
        await GetAndCheckAsync(page, "Anmelden Rostock (English)", "rostock/konto/anmelden");
        await page.SubmitSignInAsync("rostock", DemoData.Email("buerger", "rostock"), "wrong password 123");
        await Expect(page.Locator("[data-kogge-error-summary]")).ToBeVisibleAsync();
        await CheckAsync(page, "Anmelden nach Fehlversuch (English)");
        await GetAndCheckAsync(page, "Konto erstellen (English)", "rostock/konto/registrieren");
        await GetAndCheckAsync(page, "Barrierefreiheit Rostock (English)", "rostock/barrierefreiheit");
        await GetAndCheckAsync(page, "404 Rostock (English)", "rostock/gibt-es-nicht", 404);

        await page.Context.CloseAsync();
        Report();
    }

    [Fact]
    public async Task CitizenPages_Axe_NoViolations()
    {
        var page = await fixture.NewPageAsync(axe: true);
        var email = DemoData.Email("buerger", "rostock");

        await page.SubmitSignInAsync("rostock", email, DemoData.Password);
        await Expect(page.Locator("header")).ToContainTextAsync("Angemeldet als");
        await CheckAsync(page, "Startseite Rostock (Bürgerin angemeldet)");
        await GetAndCheckAsync(page, "Mein Konto", "rostock/konto");
        await GetAndCheckAsync(page, "Passwort ändern", "rostock/konto/passwort");
        await page.FillAsync("#Input_CurrentPassword", "nicht das Passwort");
        await page.ClickAsync("main form button[type=submit]");
        await Expect(page.Locator("[data-kogge-error-summary]")).ToBeVisibleAsync();
        await CheckAsync(page, "Passwort ändern nach Fehlversuch");
        await GetAndCheckAsync(page, "Keine Berechtigung (403, Verwaltung als Bürgerin)", "rostock/verwaltung/benutzer", 403);
        await GetAndCheckAsync(page, "Meine Anträge, Angaben gespeichert", "rostock/konto/antraege?hinweis=gespeichert");
        await page.ClickAsync("main form button:has-text('Link zum Fortsetzen per E-Mail senden')");
        await Expect(page.Locator("main .kern-alert--success")).ToContainTextAsync("Link zum Fortsetzen");
        await CheckAsync(page, "Meine Anträge, Link verschickt");

        // Two-factor: set-up page, wrong code, recovery codes, active state.
        await GetAndCheckAsync(page, "Zwei-Faktor einrichten", "rostock/konto/zwei-faktor");
        var key = (await page.Locator("[data-testid=totp-key]").InnerTextAsync()).Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        var totp = new Totp(Base32Encoding.ToBytes(key));
        var setupTime = DateTime.UtcNow;
        await page.FillAsync("#Input_Code", PageSteps.WrongCode(totp, setupTime));
        await page.ClickAsync("main form button[type=submit]");
        await Expect(page.Locator("[data-kogge-error-summary]")).ToBeVisibleAsync();
        await CheckAsync(page, "Zwei-Faktor einrichten nach falschem Code");
        var setupCode = totp.ComputeTotp(setupTime);
        await page.FillAsync("#Input_Code", setupCode);
        await page.ClickAsync("main form button[type=submit]");
        await Expect(page.Locator("main .kogge-codes li")).ToHaveCountAsync(10);
        await CheckAsync(page, "Zwei-Faktor eingerichtet (Wiederherstellungscodes)");
        await GetAndCheckAsync(page, "Zwei-Faktor aktiv", "rostock/konto/zwei-faktor");

        await page.SignOutAsync();
        await CheckAsync(page, "Anmelden nach Abmeldung");

        // The two-factor code page, also after a wrong code.
        await page.SubmitSignInAsync("rostock", email, DemoData.Password);
        await Expect(page).ToHaveURLAsync(new Regex("/rostock/konto/anmelden/zwei-faktor"));
        await CheckAsync(page, "Bestätigungscode eingeben");
        await page.FillAsync("#Input_Code", PageSteps.WrongCode(totp, setupTime));
        await page.ClickAsync("main form button[type=submit]");
        await Expect(page.Locator("[data-kogge-error-summary]")).ToBeVisibleAsync();
        await CheckAsync(page, "Bestätigungscode nach falschem Code");
        await page.FillAsync("#Input_Code", PageSteps.FreshCode(totp, setupCode));
        await page.ClickAsync("main form button[type=submit]");
        await Expect(page.Locator("header")).ToContainTextAsync("Angemeldet als");

        // English, signed in.
        await page.ClickAsync("header button[value=en-GB]");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await GetAndCheckAsync(page, "Mein Konto (English)", "rostock/konto");

        await page.Context.CloseAsync();
        Report();
    }

    [Fact]
    public async Task TenantAdminPages_Axe_NoViolations()
    {
        var page = await fixture.NewPageAsync(axe: true);

        await page.SubmitSignInAsync("luebeck", DemoData.Email("admin", "luebeck"), DemoData.Password);
        await Expect(page.Locator("header")).ToContainTextAsync("Angemeldet als");
        await CheckAsync(page, "Startseite Lübeck (Administration angemeldet)");

        await GetAndCheckAsync(page, "Benutzer", "luebeck/verwaltung/benutzer");
        await GetAndCheckAsync(page, "Benutzer, Suche", "luebeck/verwaltung/benutzer?suche=demo");
        await GetAndCheckAsync(page, "Benutzer, Suche ohne Treffer", "luebeck/verwaltung/benutzer?suche=niemand-heisst-so");

        await GetAndCheckAsync(page, "Beschäftigte anlegen", "luebeck/verwaltung/benutzer/neu");
        await page.FillAsync("#Input_Password", "kurz");
        await page.ClickAsync("main form button[type=submit]");
        await Expect(page.Locator("[data-kogge-error-summary]")).ToBeVisibleAsync();
        await CheckAsync(page, "Beschäftigte anlegen nach Fehlversuch");
        await page.FillAsync("#Input_DisplayName", "Berta Barrierefrei");
        await page.FillAsync("#Input_Email", $"berta.{Guid.NewGuid():N}@luebeck.example");
        await page.FillAsync("#Input_Password", "Holstentor Trave Marzipan");
        await page.CheckAsync("#role-Clerk");
        await page.ClickAsync("main form button[type=submit]");
        await Expect(page).ToHaveURLAsync(new Regex("/luebeck/verwaltung/benutzer/[0-9a-f-]{36}\\?hinweis=angelegt"));
        await CheckAsync(page, "Benutzer bearbeiten (angelegt)");

        await page.OpenAsync("luebeck/verwaltung/benutzer?suche=buerger");
        await page.ClickAsync("main table a.kern-link");
        await Expect(page).ToHaveURLAsync(new Regex("/luebeck/verwaltung/benutzer/[0-9a-f-]{36}$"));
        await CheckAsync(page, "Benutzer bearbeiten (Bürgerin)");
        await page.OpenAsync("luebeck/verwaltung/benutzer?suche=sachbearbeitung");
        await page.ClickAsync("main table a.kern-link");
        await Expect(page).ToHaveURLAsync(new Regex("/luebeck/verwaltung/benutzer/[0-9a-f-]{36}$"));
        await CheckAsync(page, "Benutzer bearbeiten (Beschäftigte)");
        await page.ClickAsync("main form button:has-text('Konto sperren')");
        await Expect(page.Locator("main")).ToContainTextAsync("gesperrt");
        await CheckAsync(page, "Benutzer bearbeiten (gesperrt)");
        await page.ClickAsync("main form button:has-text('Konto entsperren')");
        await page.ClickAsync("main form button:has-text('Rollen speichern')");
        await CheckAsync(page, "Benutzer bearbeiten (Rollen gespeichert)");

        await GetAndCheckAsync(page, "Dienstkonten", "luebeck/verwaltung/dienstkonten");
        await page.ClickAsync("main form button[type=submit]:has-text('Dienstkonto anlegen')");
        await Expect(page.Locator("[data-kogge-error-summary]")).ToBeVisibleAsync();
        await CheckAsync(page, "Dienstkonten nach Fehlversuch");
        await page.FillAsync("#Input_Name", "Fachverfahren Meldewesen");
        await page.CheckAsync("#role-Clerk");
        await page.ClickAsync("main form button[type=submit]:has-text('Dienstkonto anlegen')");
        await Expect(page.Locator("[data-testid=api-token]")).ToBeVisibleAsync();
        await CheckAsync(page, "Dienstkonten, Token angezeigt");
        var action = await page.Locator("main table form").First.GetAttributeAsync("action")
            ?? throw new InvalidOperationException("No revoke form in the service account table.");
        await GetAndCheckAsync(page, "Dienstkonto widerrufen", action.TrimStart('/'));
        await page.ClickAsync("main form button[type=submit]");
        await Expect(page.Locator("main table")).ToContainTextAsync("widerrufen");
        await CheckAsync(page, "Dienstkonten nach Widerruf");

        await GetAndCheckAsync(page, "Einstellungen", "luebeck/verwaltung/einstellungen");
        await page.FillAsync("#Input_Name", "");
        await page.ClickAsync("main form button[type=submit]");
        await Expect(page.Locator("[data-kogge-error-summary]")).ToBeVisibleAsync();
        await CheckAsync(page, "Einstellungen nach Fehlversuch");
        await GetAndCheckAsync(page, "Einstellungen (neu geladen)", "luebeck/verwaltung/einstellungen");
        await page.ClickAsync("main form button[type=submit]");
        await Expect(page.Locator("main .kern-alert--success")).ToBeVisibleAsync();
        await CheckAsync(page, "Einstellungen gespeichert");

        await GetAndCheckAsync(page, "Protokoll der Kommune", "luebeck/verwaltung/protokoll");
        await fixture.App.InTenantAsync("luebeck", async (_, db) =>
        {
            db.OutboxMessages.Add(new Kogge.Web.Platform.Outbox.OutboxMessage
            {
                Recipient = "barrierefrei@beispiel.example", Subject = "Neue Nachricht in Ihrem Postfach", BodyText = "-", BodyHtml = "-",
                TemplateKey = "neue-nachricht", IdempotencyKey = Guid.NewGuid().ToString("N"), Status = Kogge.Web.Platform.Outbox.OutboxStatus.Failed,
                Attempts = 10, LastError = "Network: ConnectionRefused", CreatedAt = DateTimeOffset.UtcNow, NextAttemptAt = DateTimeOffset.UtcNow, RetryUntil = DateTimeOffset.UtcNow,
            });
            return await db.SaveChangesAsync();
        });
        await GetAndCheckAsync(page, "Postausgang mit fehlgeschlagener E-Mail", "luebeck/verwaltung/postausgang");
        await page.ClickAsync("main form button[type=submit]");
        await Expect(page.Locator("main .kern-alert--success")).ToBeVisibleAsync();
        await CheckAsync(page, "Postausgang, erneut gesendet");
        await GetAndCheckAsync(page, "Mein Konto (Administration)", "luebeck/konto");
        await GetAndCheckAsync(page, "Zwei-Faktor einrichten (Administration)", "luebeck/konto/zwei-faktor");
        var rostockCitizen = await fixture.App.InTenantAsync("rostock", async (services, _) =>
            (await services.GetRequiredService<UserManager<KoggeUser>>().FindByEmailAsync(DemoData.Email("buerger", "rostock")))!.Id);
        await GetAndCheckAsync(page, "404 Benutzer einer anderen Kommune", $"luebeck/verwaltung/benutzer/{rostockCitizen}", 404);

        await page.Context.CloseAsync();
        Report();
    }

    [Fact]
    public async Task PlatformAdminPages_Axe_NoViolations()
    {
        var page = await fixture.NewPageAsync(axe: true);

        await page.SubmitSignInAsync("", DemoData.PlatformAdminEmail, DemoData.Password);
        await Expect(page.Locator("header")).ToContainTextAsync("Angemeldet als");
        await CheckAsync(page, "Plattform-Startseite (Plattform-Administration angemeldet)");
        await GetAndCheckAsync(page, "Kommunen", "plattform/kommunen");
        await page.ClickAsync("main form button[type=submit]");
        await Expect(page.Locator("[data-kogge-error-summary]")).ToBeVisibleAsync();
        await CheckAsync(page, "Kommunen nach Fehlversuch");
        await page.FillAsync("#Input_Name", "Hansestadt Wismar");
        await page.FillAsync("#Input_Slug", "wismar");
        await page.FillAsync("#Input_AdminEmail", "admin@wismar.example");
        await page.FillAsync("#Input_AdminPassword", "Backsteingotik am Alten Hafen");
        await page.ClickAsync("main form button[type=submit]");
        await Expect(page.Locator("main .kern-alert--success")).ToBeVisibleAsync();
        await CheckAsync(page, "Kommunen, Kommune angelegt");
        await GetAndCheckAsync(page, "Startseite der neuen Kommune", "wismar");
        await GetAndCheckAsync(page, "Protokoll der Plattform", "plattform/protokoll");
        await GetAndCheckAsync(page, "Postausgang der Plattform", "plattform/postausgang");
        await GetAndCheckAsync(page, "Mein Konto (Plattform)", "konto");

        await page.Context.CloseAsync();
        Report();
    }

    [Fact]
    public async Task CatalogPages_Axe_NoViolations()
    {
        var page = await fixture.NewPageAsync(axe: true);

        // Citizens, anonymous.
        await GetAndCheckAsync(page, "Leistungen Rostock", "rostock/leistungen");
        await GetAndCheckAsync(page, "Leistungen, Suche", "rostock/leistungen?suche=strasse");
        await GetAndCheckAsync(page, "Leistungen, Suche ohne Treffer", "rostock/leistungen?suche=gibt-es-nicht");
        await GetAndCheckAsync(page, "Leistungen, Bereich", "rostock/leistungen?bereich=TaxesAndFees");
        await GetAndCheckAsync(page, "Leistungen Lübeck", "luebeck/leistungen");
        await GetAndCheckAsync(page, "Leistungsseite Bewohnerparkausweis", "rostock/leistungen/bewohnerparkausweis");
        await GetAndCheckAsync(page, "Leistungsseite Hundesteuer", "rostock/leistungen/hundesteuer-anmeldung");
        await GetAndCheckAsync(page, "Leistungsseite, unbekannt (404)", "rostock/leistungen/gibt-es-nicht", 404);

        // Process designers.
        await page.SubmitSignInAsync("rostock", DemoData.Email("prozessgestaltung", "rostock"), DemoData.Password);
        await Expect(page.Locator("header")).ToContainTextAsync("Angemeldet als");
        await GetAndCheckAsync(page, "Leistungskatalog", "rostock/leistungskatalog");
        await GetAndCheckAsync(page, "Leistung anlegen", "rostock/leistungskatalog/neu");
        await page.FillAsync("#Input_LeikaKey", "123");
        await page.ClickAsync("main form button[type=submit]");
        await Expect(page.Locator("[data-kogge-error-summary]")).ToBeVisibleAsync();
        await CheckAsync(page, "Leistung anlegen nach Fehlversuch");
        await page.FillAsync("#Input_LeikaKey", "99 000 000 009 001");
        await page.FillAsync("#Input_Name", $"Barrierefreie Leistung {Guid.NewGuid():N}");
        await page.FillAsync("#Input_ShortText", "Eine Leistung, um die Seiten zu prüfen.");
        await page.SelectOptionAsync("#Input_Category", "FamilyAndSocial");
        await page.ClickAsync("main form button[type=submit]");
        await Expect(page).ToHaveURLAsync(new Regex("/rostock/leistungskatalog/[0-9a-f-]{36}\\?hinweis=angelegt"));
        await CheckAsync(page, "Leistung bearbeiten (angelegt)");
        await page.ClickAsync("main form button:has-text('Neuen Entwurf anlegen')");
        await Expect(page).ToHaveURLAsync(new Regex("/versionen/1\\?hinweis=entwurf"));
        await CheckAsync(page, "Entwurf mit Prüfbericht");
        await page.ClickAsync("main form button:has-text('Version veröffentlichen')");
        await Expect(page.Locator("main .kern-alert--danger")).ToBeVisibleAsync();
        await CheckAsync(page, "Veröffentlichung abgelehnt");
        await page.ClickAsync("main a:has-text('Prozess (BPMN)')");
        await CheckAsync(page, "Prozess hochladen");
        await page.ClickAsync("main form button[type=submit]");
        await Expect(page.Locator("[data-kogge-error-summary]")).ToBeVisibleAsync();
        await CheckAsync(page, "Prozess hochladen leer abgeschickt");
        await page.FillAsync("#Input_Content", "<definitions>");
        await page.ClickAsync("main form button[type=submit]");
        await Expect(page.Locator("#Input_Content-fehler")).ToContainTextAsync("wohlgeformtes XML");
        await CheckAsync(page, "Prozess hochladen, kein XML");

        var demo = await fixture.App.InTenantAsync("rostock", async (_, db) =>
            await db.PublicServices.Where(s => s.Slug == "hundesteuer-anmeldung").Select(s => s.Id).SingleAsync());
        await GetAndCheckAsync(page, "Demo-Leistung bearbeiten", $"rostock/leistungskatalog/{demo}");
        await GetAndCheckAsync(page, "Veröffentlichte Version", $"rostock/leistungskatalog/{demo}/versionen/1");
        await GetAndCheckAsync(page, "Bescheid-Vorschau", $"rostock/leistungskatalog/{demo}/versionen/1/bescheid-vorschau?name=bescheid");
        await page.FillAsync("#SampleData", "{ kaputt");
        await page.ClickAsync("main form button[type=submit] >> nth=0");
        await Expect(page.Locator("[data-kogge-error-summary]")).ToBeVisibleAsync();
        await CheckAsync(page, "Bescheid-Vorschau mit fehlerhaften Beispieldaten");
        await GetAndCheckAsync(page, "Veröffentlichte Entscheidungstabelle (nur lesen)", $"rostock/leistungskatalog/{demo}/versionen/1/datei?art=Decision&name=hundesteuer");

        await page.ClickAsync("header button[value=en-GB]");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await GetAndCheckAsync(page, "Leistungskatalog (English)", "rostock/leistungskatalog");
        await GetAndCheckAsync(page, "Leistungen (English)", "rostock/leistungen");
        await GetAndCheckAsync(page, "Leistungsseite (English)", "rostock/leistungen/gewerbe-anmelden");

        await page.Context.CloseAsync();
        Report();
    }

    [Fact]
    public async Task Axe_PageWithKnownFaults_ReportsEachRule()
    {
        var page = await fixture.NewPageAsync(axe: true);
        await page.OpenAsync("rostock/gibt-es-nicht");
        await page.EvaluateAsync(
            """
            () => {
                document.documentElement.removeAttribute('lang');
                document.querySelector('main').insertAdjacentHTML('beforeend',
                    '<img src="data:," id="ohne-alt"><input type="text" id="ohne-label"><p id="blass">blass</p>');
                // Through the CSSOM: the page's CSP refuses inline style attributes.
                const pale = document.getElementById('blass');
                pale.style.color = '#bbb';
                pale.style.background = '#fff';
            }
            """);

        var violations = string.Join("\n", await Axe.ViolationsAsync(page));

        Assert.Contains("html-has-lang", violations, StringComparison.Ordinal);
        Assert.Contains("image-alt", violations, StringComparison.Ordinal);
        Assert.Contains("#ohne-alt", violations, StringComparison.Ordinal);
        Assert.Contains("label", violations, StringComparison.Ordinal);
        Assert.Contains("#ohne-label", violations, StringComparison.Ordinal);
        Assert.Contains("color-contrast", violations, StringComparison.Ordinal);
        Assert.Contains("#blass", violations, StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    private async Task GetAndCheckAsync(IPage page, string name, string path, int expectedStatus = 200)
    {
        var response = await page.OpenAsync(path);
        Assert.True(response.Status == expectedStatus, $"{name}: GET /{path} gave {response.Status}, expected {expectedStatus}.");
        await CheckAsync(page, name);
    }

    private async Task CheckAsync(IPage page, string name)
    {
        await Expect(page.Locator("main h1")).ToBeVisibleAsync();
        var violations = await Axe.ViolationsAsync(page);
        _checked.Add((name, page.PathOf(), violations.Count, string.Concat(violations.Select(v => "\n    " + v))));
    }

    /// <summary>
    /// Prints every checked page with its count (shown with <c>--xunit-diagnostics on</c>, and in the test's output),
    /// then fails if any page had a violation.
    /// </summary>
    private void Report()
    {
        var lines = new StringBuilder();
        lines.Append(CultureInfo.InvariantCulture, $"axe-core (wcag2a, wcag2aa, wcag21a, wcag21aa): {_checked.Count} pages, {_checked.Sum(c => c.Violations)} violations");
        foreach (var (name, path, violations, _) in _checked)
        {
            lines.Append(CultureInfo.InvariantCulture, $"\n  {violations} violations  {path}  ({name})");
        }

        var report = lines.ToString();
        TestContext.Current.SendDiagnosticMessage(report);
        TestContext.Current.TestOutputHelper?.WriteLine(report);

        var failed = _checked.Where(c => c.Violations > 0).ToList();
        Assert.True(failed.Count == 0,
            $"axe found violations on {failed.Count} of {_checked.Count} pages:"
            + string.Concat(failed.Select(f => $"\n  {f.Path} ({f.Page}): {f.Violations}{f.Details}")));
    }
}
