using System.Text.RegularExpressions;
using Kogge.Web.Modules.Cases;
using Kogge.Web.Platform.Demo;
using Kogge.Web.Platform.Identity;
using Kogge.Web.Tests.Modules.Cases;
using Kogge.Web.Tests.Modules.Notices;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MimeKit;
using static Microsoft.Playwright.Assertions;

namespace Kogge.Web.Tests.Browser;

/// <summary>
/// Rostock's demo services end to end in Chromium. A citizen applies for a Bewohnerparkausweis with the registration
/// certificate and pays with the test provider; a clerk claims the task in the inbox and asks for a document in the
/// case file; the citizen uploads it; the clerk approves; the citizen downloads the notice from the mailbox, whose
/// text (pdftotext) has name, licence plate and fee with their umlauts, and has had the e-mails (real SMTP server),
/// which link to the mailbox and carry no personal data. Every page and error state passes axe-core; the same flow
/// works without JavaScript. The dog tax is decided without a clerk, a dangerous dog goes to one.
/// </summary>
public sealed class DemoServiceFlowTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    /// <summary>ä, ö, ü and ß: the notice must keep them.</summary>
    private const string CitizenName = "Jörg Käßler-Müller";

    private const string Plate = "HRO-KB 742";
    private const string Street = "Lange Straße 12";

    private static readonly byte[] RegistrationCertificate = "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"u8.ToArray();

    private sealed class AxeReport(bool enabled)
    {
        public List<string> Violations { get; } = [];

        public async Task CheckAsync(IPage page, string name)
        {
            await Expect(page.Locator("main h1")).ToBeVisibleAsync();
            if (enabled)
            {
                Violations.AddRange((await Axe.ViolationsAsync(page)).Select(v => $"{name} ({page.PathOf()}): {v}"));
            }
        }
    }

    private async Task<string> CitizenAsync()
    {
        var email = $"buerger-{Guid.NewGuid():N}"[..20] + "@rostock.example";
        await fixture.App.InTenantAsync("rostock", async (services, _) =>
        {
            var users = services.GetRequiredService<UserManager<KoggeUser>>();
            var user = new KoggeUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = CitizenName, CreatedAt = DateTimeOffset.UtcNow };
            Assert.True((await users.CreateAsync(user, DemoData.Password)).Succeeded);
            return await users.AddToRoleAsync(user, Roles.Citizen);
        });
        return email;
    }

    private static async Task<string> FileAsync(string name, byte[] content)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("kogge-upload").FullName, name);
        await File.WriteAllBytesAsync(path, content);
        return path;
    }

    private static Guid CaseIdOf(IPage page) => Guid.Parse(new Regex("antraege/([0-9a-f-]{36})").Match(page.Url).Groups[1].Value);

    /// <summary>Waits until the case has its notice; the decision and the notice are jobs the job executor runs in the background.</summary>
    private async Task<Case> DecidedAsync(Guid caseId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var c = await fixture.App.InTenantAsync("rostock", (_, db) => db.Cases.AsNoTracking().FirstAsync(x => x.Id == caseId));
            if (c.Result is not null && await fixture.App.InTenantAsync("rostock", (_, db) => db.CaseDocuments.AnyAsync(d => d.CaseId == caseId && d.Kind == CaseDocumentKind.Notice)))
            {
                return c;
            }

            Assert.True(DateTime.UtcNow < deadline, "The notice was not issued within a minute.");
            await Task.Delay(100);
        }
    }

    private static void PointsToTheMailboxOnly(MimeMessage mail, string email, Guid caseId)
    {
        Assert.Equal([email], mail.To.Mailboxes.Select(m => m.Address));
        Assert.Contains($"/rostock/konto/antraege/{caseId}", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains($"/rostock/konto/antraege/{caseId}", mail.HtmlBody, StringComparison.Ordinal);
        foreach (var personal in new[] { "Jörg", "Käßler", "KB 742", "Lange Stra", "18055" })
        {
            Assert.DoesNotContain(personal, mail.TextBody + mail.HtmlBody, StringComparison.Ordinal);
        }

        Assert.Empty(mail.Attachments);
    }

    private static string PdfText(byte[] pdf)
    {
        if (!File.Exists("/usr/bin/pdftotext"))
        {
            Assert.Fail("The notice's text is read with pdftotext, which is missing: apt-get install -y poppler-utils (.ci/run installs it).");
        }

        return NoticeDocumentTests.PdfToText(pdf);
    }

    private async Task<List<string>> ResidentParkingAsync(bool javaScript)
    {
        var axe = new AxeReport(javaScript);
        var email = await CitizenAsync();
        var clerkEmail = await CitizenFlow.ClerkAccountAsync(fixture.App, "rostock");

        // The citizen applies: the service page, the five steps with their error states, the review with the fee.
        var page = await fixture.NewPageAsync(javaScript: javaScript, axe: javaScript);
        await page.SubmitSignInAsync("rostock", email, DemoData.Password);
        await page.OpenAsync("rostock/leistungen/bewohnerparkausweis");
        await axe.CheckAsync(page, "Leistung");
        await page.ClickAsync("main a:has-text('Antrag online stellen')");
        await page.ClickAsync("main button:has-text('Weiter')");
        await Expect(page).ToHaveTitleAsync(new Regex("^Fehler:"));
        await axe.CheckAsync(page, "Antrag Schritt 1 ohne Angaben");
        await page.FillAsync("#feld-kennzeichen", Plate);
        await page.SelectOptionAsync("#feld-fahrzeugart", "pkw");
        await page.GetByLabel("Es ist auf mich zugelassen.").CheckAsync();
        await page.ClickAsync("main button:has-text('Weiter')");
        await Expect(page.Locator("main")).ToContainTextAsync("Ihre Wohnung");
        await axe.CheckAsync(page, "Antrag Schritt 2");
        await page.FillAsync("#feld-strasse", Street);
        await page.FillAsync("#feld-plz", "18055");
        await page.GetByLabel("Ich bin unter dieser Anschrift").CheckAsync();
        await page.GetByLabel("Ich habe keinen privaten Stellplatz").CheckAsync();
        await page.ClickAsync("main button:has-text('Weiter')");
        await page.GetByLabel("1 Jahr (30,70 Euro)").CheckAsync();
        await axe.CheckAsync(page, "Antrag Schritt 3");
        await page.ClickAsync("main button:has-text('Weiter')");
        await page.SetInputFilesAsync("#feld-zulassung", await FileAsync("zulassung.pdf", ApplySamples.Executable));
        await page.ClickAsync("main button:has-text('Weiter')");
        await Expect(page).ToHaveTitleAsync(new Regex("^Fehler:"));
        await axe.CheckAsync(page, "Antrag Schritt 4 mit abgelehnter Datei");
        await page.SetInputFilesAsync("#feld-zulassung", await FileAsync("zulassungsbescheinigung.pdf", RegistrationCertificate));
        await page.ClickAsync("main button:has-text('Weiter')");
        await Expect(page.Locator("main")).ToContainTextAsync("30,70 €");
        await Expect(page.Locator("main")).ToContainTextAsync("zulassungsbescheinigung.pdf");
        await axe.CheckAsync(page, "Angaben prüfen");
        await page.ClickAsync("main button:has-text('Antrag verbindlich absenden')");
        await Expect(page).ToHaveURLAsync(new Regex("/eingang$"));
        await axe.CheckAsync(page, "Eingangsbestätigung");
        var caseId = CaseIdOf(page);
        var reference = (await fixture.App.InTenantAsync("rostock", (_, db) => db.Cases.AsNoTracking().FirstAsync(c => c.Id == caseId))).ReferenceNumber;
        await page.ClickAsync("main a:has-text('Meine Anträge')");
        await axe.CheckAsync(page, "Meine Anträge");
        await page.ClickAsync($"main a:has-text('{reference}')");
        var caseUrl = page.Url;
        await Expect(page.Locator("main")).ToContainTextAsync("Die Gebühr ist noch offen.");
        await axe.CheckAsync(page, "Antrag mit offener Gebühr");

        // The test provider: failure and cancel leave the fee open, success pays it.
        await page.ClickAsync("main button:has-text('Gebühr bezahlen')");
        await Expect(page).ToHaveURLAsync(new Regex("/testzahlung/"));
        await axe.CheckAsync(page, "Testzahlung");
        await page.ClickAsync("main button:has-text('Zahlung fehlgeschlagen')");
        await Expect(page.Locator("main h1")).ToContainTextAsync("Die Zahlung hat nicht geklappt");
        await axe.CheckAsync(page, "Zahlung fehlgeschlagen");
        await page.ClickAsync("main button:has-text('Noch einmal bezahlen')");
        await page.ClickAsync("main button:has-text('Zahlung abbrechen')");
        await Expect(page.Locator("main h1")).ToContainTextAsync("Sie haben die Zahlung abgebrochen");
        await axe.CheckAsync(page, "Zahlung abgebrochen");
        await page.ClickAsync("main a:has-text('Zurück zu Ihrem Antrag')");
        await page.ClickAsync("main button:has-text('Gebühr bezahlen')");
        await page.ClickAsync("main button:has-text('Zahlung erfolgreich')");
        await Expect(page.Locator("main h1")).ToContainTextAsync("Vielen Dank für Ihre Zahlung");
        await axe.CheckAsync(page, "Zahlung erfolgreich");

        // Paid: the process goes on to the clerks. One claims the task and asks for a document in the case file.
        var clerk = await fixture.NewPageAsync(javaScript: javaScript, axe: javaScript);
        await clerk.SubmitSignInAsync("rostock", clerkEmail, DemoData.Password);
        await clerk.OpenAsync("rostock/aufgaben?ansicht=gruppe");
        var row = clerk.Locator("main tbody tr", new() { HasText = reference });
        await Expect(row).ToContainTextAsync("Antrag prüfen");
        await axe.CheckAsync(clerk, "Gruppenaufgaben");
        await row.Locator("button:has-text('Übernehmen')").ClickAsync();
        await Expect(clerk.Locator("main .kern-alert--success")).ToContainTextAsync("Sie haben die Aufgabe übernommen.");
        await axe.CheckAsync(clerk, "Aufgabe übernommen");
        await clerk.ClickAsync("main nav a:has-text('Meine Aufgaben')");
        await clerk.Locator("main tbody tr", new() { HasText = reference }).Locator($"a:has-text('{reference}')").ClickAsync();
        await Expect(clerk.Locator("main h1")).ToContainTextAsync(reference);
        await Expect(clerk.Locator("main")).ToContainTextAsync(CitizenName);
        await Expect(clerk.Locator("main")).ToContainTextAsync("zulassungsbescheinigung.pdf");
        await axe.CheckAsync(clerk, "Vorgang");
        await clerk.ClickAsync("main a:has-text('Unterlagen bei der Antragstellerin oder dem Antragsteller anfordern')");
        await clerk.ClickAsync("main button:has-text('Unterlagen anfordern')");
        await Expect(clerk.Locator("#Input_Text-fehler")).ToBeVisibleAsync();
        await axe.CheckAsync(clerk, "Unterlagen anfordern ohne Text");
        await clerk.FillAsync("#Input_Text", "Bitte reichen Sie eine Meldebestätigung für die Anschrift nach.");
        await clerk.ClickAsync("main button:has-text('Unterlagen anfordern')");
        await Expect(clerk.Locator("main .kern-alert--success")).ToBeVisibleAsync();
        await axe.CheckAsync(clerk, "Unterlagen angefordert");

        // The citizen answers: no file, a renamed executable, then the certificate.
        await page.GotoAsync(caseUrl);
        await Expect(page.Locator("main")).ToContainTextAsync("Meldebestätigung");
        await axe.CheckAsync(page, "Antrag mit offener Anforderung");
        await page.ClickAsync("main a:has-text('Unterlagen nachreichen')");
        await axe.CheckAsync(page, "Unterlagen nachreichen");
        await page.ClickAsync("main button:has-text('Unterlagen absenden')");
        await Expect(page.Locator("#dateien-fehler")).ToBeVisibleAsync();
        await axe.CheckAsync(page, "Unterlagen nachreichen ohne Datei");
        await page.SetInputFilesAsync("#dateien", await FileAsync("meldebestaetigung.pdf", ApplySamples.Executable));
        await page.ClickAsync("main button:has-text('Unterlagen absenden')");
        await Expect(page.Locator("#dateien-fehler")).ToContainTextAsync("kein PDF-, PNG- oder JPEG-Dokument");
        await axe.CheckAsync(page, "Unterlagen nachreichen mit abgelehnter Datei");
        await page.SetInputFilesAsync("#dateien", await FileAsync("meldebestaetigung.pdf", RegistrationCertificate));
        await page.ClickAsync("main button:has-text('Unterlagen absenden')");
        await Expect(page.Locator("main .kern-alert--success")).ToContainTextAsync("Ihre Unterlagen sind bei uns eingegangen");
        await axe.CheckAsync(page, "Antrag nach Nachreichung");

        // The clerk sees the document and approves; a missing decision is an error first.
        await clerk.GotoAsync($"rostock/vorgaenge/{caseId}");
        await Expect(clerk.Locator("main")).ToContainTextAsync("meldebestaetigung.pdf");
        await clerk.ClickAsync("main a:has-text('Aufgabe bearbeiten')");
        await axe.CheckAsync(clerk, "Aufgabe Antrag prüfen");
        await clerk.ClickAsync("main button:has-text('Aufgabe abschließen')");
        await Expect(clerk).ToHaveTitleAsync(new Regex("^Fehler:"));
        await Expect(clerk.Locator("main [data-kogge-error-summary]")).ToContainTextAsync("Bitte füllen Sie dieses Feld aus.");
        await axe.CheckAsync(clerk, "Aufgabe ohne Entscheidung");
        await clerk.GetByLabel("bewilligen").CheckAsync();
        await clerk.ClickAsync("main button:has-text('Aufgabe abschließen')");
        await Expect(clerk.Locator("main .kern-alert--success")).ToBeVisibleAsync();
        await axe.CheckAsync(clerk, "Aufgabe erledigt");
        await clerk.Context.CloseAsync();

        // The notice: in the mailbox, as a PDF with name, plate and fee.
        var decided = await DecidedAsync(caseId);
        Assert.Equal(CaseResults.Approved, decided.Result);
        await page.GotoAsync(caseUrl);
        await Expect(page.Locator("main")).ToContainTextAsync("Ihr Bescheid liegt in Ihrem Postfach.");
        await axe.CheckAsync(page, "Antrag mit Bescheid");
        var notice = page.Locator("main a:has-text('Bescheid vom')");
        var download = await page.Context.APIRequest.GetAsync(await notice.GetAttributeAsync("href") ?? throw new InvalidOperationException("The notice has no link."));
        Assert.Equal(200, download.Status);
        Assert.Equal("application/pdf", download.Headers["content-type"]);
        var text = PdfText(await download.BodyAsync());
        Assert.Contains(CitizenName, text, StringComparison.Ordinal);
        Assert.Contains(Plate, text, StringComparison.Ordinal);
        Assert.Contains("30,70 €", text, StringComparison.Ordinal);
        Assert.Contains("Bescheid über Ihren Antrag auf einen Bewohnerparkausweis", text, StringComparison.Ordinal);
        await page.Context.CloseAsync();

        // The e-mails: receipt, document request, notice — each to the citizen only, linking to the case.
        foreach (var subject in new[] { $"Ihr Antrag ist eingegangen – {reference}", $"Wir brauchen noch Unterlagen – {reference}", "Neue Nachricht in Ihrem Postfach" })
        {
            PointsToTheMailboxOnly(await fixture.App.Mail.WaitForAsync(email, TimeSpan.FromSeconds(60), subject), email, caseId);
        }

        return axe.Violations;
    }

    [Fact]
    public async Task ResidentParking_ApplyPayRequestUploadApproveNotice_EveryPageAndErrorState_NoAxeViolations()
    {
        var violations = await ResidentParkingAsync(javaScript: true);
        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }

    [Fact]
    public async Task ResidentParking_WithoutJavaScript_SameEndState()
    {
        Assert.Empty(await ResidentParkingAsync(javaScript: false));
    }

    /// <summary>Applies for the demo dog tax; returns the case id with the page on the receipt.</summary>
    private static async Task<Guid> ApplyForDogTaxAsync(IPage page, AxeReport axe, bool dangerous)
    {
        await page.OpenAsync("rostock/leistungen/hundesteuer-anmeldung/antrag");
        await page.FillAsync("#feld-rufname", "Bärbel");
        await page.FillAsync("#feld-rasse", "Dackel");
        await page.FillAsync("#feld-haltungseit", "2026-11-01");
        if (dangerous)
        {
            await page.GetByLabel("Der Hund gilt als gefährlicher Hund").CheckAsync();
        }

        await axe.CheckAsync(page, "Hundesteuer Schritt 1");
        await page.ClickAsync("main button:has-text('Weiter')");
        await page.FillAsync("#feld-nummerdeshundes", "1");
        await page.ClickAsync("main button:has-text('Weiter')");
        await axe.CheckAsync(page, "Hundesteuer Angaben prüfen");
        await page.ClickAsync("main button:has-text('Antrag verbindlich absenden')");
        await Expect(page).ToHaveURLAsync(new Regex("/eingang$"));
        return CaseIdOf(page);
    }

    [Fact]
    public async Task DogTax_OrdinaryDogNoticeInTheMailboxWithoutAClerk_DangerousDogGoesToTheInbox()
    {
        var axe = new AxeReport(true);
        var email = await CitizenAsync();
        var page = await fixture.NewPageAsync(axe: true);
        await page.SubmitSignInAsync("rostock", email, DemoData.Password);

        var ordinary = await ApplyForDogTaxAsync(page, axe, dangerous: false);
        var decided = await DecidedAsync(ordinary);
        Assert.Equal(CaseResults.Approved, decided.Result);
        await page.OpenAsync($"rostock/konto/antraege/{ordinary}");
        await Expect(page.Locator("main")).ToContainTextAsync("Ihr Bescheid liegt in Ihrem Postfach.");
        await Expect(page.Locator("main a:has-text('Bescheid vom')")).ToBeVisibleAsync();
        await axe.CheckAsync(page, "Hundesteuer mit Bescheid");
        var tasks = await fixture.App.InTenantAsync("rostock", (_, db) => db.CaseEvents.CountAsync(e => e.CaseId == ordinary && e.Kind == CaseEventKinds.TaskCreated));
        Assert.Equal(0, tasks);

        var dangerous = await ApplyForDogTaxAsync(page, axe, dangerous: true);
        var reference = (await fixture.App.InTenantAsync("rostock", (_, db) => db.Cases.AsNoTracking().FirstAsync(c => c.Id == dangerous))).ReferenceNumber;
        var clerk = await fixture.NewPageAsync(axe: true);
        await clerk.SubmitSignInAsync("rostock", await CitizenFlow.ClerkAccountAsync(fixture.App, "rostock"), DemoData.Password);
        await clerk.OpenAsync("rostock/aufgaben?ansicht=gruppe");
        await Expect(clerk.Locator("main tbody tr", new() { HasText = reference })).ToContainTextAsync("Gefährlichen Hund prüfen");
        await axe.CheckAsync(clerk, "Gruppenaufgaben mit gefährlichem Hund");
        await clerk.Context.CloseAsync();
        await page.Context.CloseAsync();
        Assert.True(axe.Violations.Count == 0, string.Join("\n", axe.Violations));
    }
}
