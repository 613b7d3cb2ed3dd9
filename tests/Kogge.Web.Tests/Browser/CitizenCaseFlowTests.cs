using System.Text.RegularExpressions;
using Kogge.Web.Platform.Demo;
using Kogge.Web.Tests.Modules.Cases;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Kogge.Web.Tests.Browser;

/// <summary>
/// After submission, in Chromium: the fee on the review page, paying with the test provider (failure, cancel,
/// success), a clerk's document request and the citizen's upload — every page and error state checked by axe-core,
/// and the same way once more with JavaScript switched off.
/// </summary>
public sealed class CitizenCaseFlowTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private static async Task CheckAsync(IPage page, List<string> report, string name)
    {
        await Expect(page.Locator("main h1")).ToBeVisibleAsync();
        report.AddRange((await Axe.ViolationsAsync(page)).Select(v => $"{name} ({page.PathOf()}): {v}"));
    }

    private static async Task<string> FileAsync(string name, byte[] content)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("kogge-upload").FullName, name);
        await File.WriteAllBytesAsync(path, content);
        return path;
    }

    /// <summary>Applies for the sample service <paramref name="slug"/>; leaves the page on the case in "Meine Anträge".</summary>
    private static async Task ApplyAsync(IPage page, string slug, List<string>? report)
    {
        await page.OpenAsync($"rostock/leistungen/{slug}/antrag");
        await page.FillAsync("#feld-kennzeichen", "HRO-GB 3");
        await page.ClickAsync("main button:has-text('Weiter')");
        await page.SetInputFilesAsync("#feld-zulassung", await FileAsync("zulassung.pdf", ApplySamples.Pdf));
        await page.ClickAsync("main button:has-text('Weiter')");
        await Expect(page.Locator("main table")).ToContainTextAsync("1.030,70 €");
        if (report is not null)
        {
            await CheckAsync(page, report, "Angaben prüfen mit Gebühr");
        }

        await page.ClickAsync("main button:has-text('Antrag verbindlich absenden')");
        await Expect(page).ToHaveURLAsync(new Regex("/eingang$"));
        await page.ClickAsync("main a:has-text('Meine Anträge')");
        await page.ClickAsync("main table a");
    }

    private async Task<List<string>> RunAsync(string slug, string leika, string citizenEmail, bool javaScript)
    {
        await ApplySamples.PublishAsync(fixture.App, slug, leika, ApplySamples.FeeRule);
        await ApplySamples.CitizenAsync(fixture.App, "rostock", citizenEmail);
        var clerkEmail = await CitizenFlow.ClerkAccountAsync(fixture.App, "rostock");
        var report = new List<string>();
        var axe = javaScript ? report : null;
        async Task Check(IPage p, string name)
        {
            if (axe is not null)
            {
                await CheckAsync(p, axe, name);
            }
        }

        var page = await fixture.NewPageAsync(javaScript: javaScript, axe: javaScript);
        await page.SubmitSignInAsync("rostock", citizenEmail, DemoData.Password);
        await ApplyAsync(page, slug, axe);
        var caseUrl = page.Url;
        await Expect(page.Locator("main")).ToContainTextAsync("Die Gebühr ist noch offen.");
        await Check(page, "Antrag mit offener Gebühr");

        await page.ClickAsync("main button:has-text('Gebühr bezahlen')");
        await Expect(page).ToHaveURLAsync(new Regex("/testzahlung/"));
        await Expect(page.Locator("main")).ToContainTextAsync("Es wird kein Geld bewegt.");
        await Check(page, "Testzahlung");
        await page.ClickAsync("main button:has-text('Zahlung fehlgeschlagen')");
        await Expect(page.Locator("main h1")).ToContainTextAsync("Die Zahlung hat nicht geklappt");
        await Check(page, "Zahlung fehlgeschlagen");
        await page.ClickAsync("main button:has-text('Noch einmal bezahlen')");
        await page.ClickAsync("main button:has-text('Zahlung abbrechen')");
        await Expect(page.Locator("main h1")).ToContainTextAsync("Sie haben die Zahlung abgebrochen");
        await Check(page, "Zahlung abgebrochen");
        await page.ClickAsync("main a:has-text('Zurück zu Ihrem Antrag')");
        await Expect(page.Locator("main")).ToContainTextAsync("Sie haben Ihre letzte Zahlung abgebrochen.");
        await Check(page, "Antrag nach abgebrochener Zahlung");
        await page.ClickAsync("main button:has-text('Gebühr bezahlen')");
        await page.ClickAsync("main button:has-text('Zahlung erfolgreich')");
        await Expect(page.Locator("main h1")).ToContainTextAsync("Vielen Dank für Ihre Zahlung");
        await Check(page, "Zahlung erfolgreich");

        // A clerk asks for a document.
        var clerk = await fixture.NewPageAsync(javaScript: javaScript, axe: javaScript);
        await clerk.SubmitSignInAsync("rostock", clerkEmail, DemoData.Password);
        var caseId = new Regex("antraege/([0-9a-f-]{36})").Match(caseUrl).Groups[1].Value;
        await clerk.OpenAsync($"rostock/vorgaenge/{caseId}/unterlagen-anfordern");
        await Check(clerk, "Unterlagen anfordern");
        await clerk.ClickAsync("main button:has-text('Unterlagen anfordern')");
        await Expect(clerk.Locator("#Input_Text-fehler")).ToBeVisibleAsync();
        await Check(clerk, "Unterlagen anfordern mit Fehler");
        await clerk.FillAsync("#Input_Text", "Bitte reichen Sie die Rückseite der Zulassungsbescheinigung nach.");
        await clerk.ClickAsync("main button:has-text('Unterlagen anfordern')");
        await Expect(clerk.Locator("main .kern-alert--success")).ToBeVisibleAsync();
        await Check(clerk, "Unterlagen angefordert");
        await clerk.Context.CloseAsync();

        // The citizen answers.
        await page.GotoAsync(caseUrl);
        await Expect(page.Locator("main")).ToContainTextAsync("Rückseite der Zulassungsbescheinigung");
        await Check(page, "Antrag mit offener Anforderung");
        await page.ClickAsync("main a:has-text('Unterlagen nachreichen')");
        await Check(page, "Unterlagen nachreichen");
        await page.ClickAsync("main button:has-text('Unterlagen absenden')");
        await Expect(page.Locator("#dateien-fehler")).ToBeVisibleAsync();
        await Check(page, "Unterlagen nachreichen ohne Datei");
        await page.SetInputFilesAsync("#dateien", await FileAsync("programm.pdf", ApplySamples.Executable));
        await page.ClickAsync("main button:has-text('Unterlagen absenden')");
        await Expect(page.Locator("#dateien-fehler")).ToContainTextAsync("kein PDF-, PNG- oder JPEG-Dokument");
        await Check(page, "Unterlagen nachreichen mit abgelehnter Datei");
        await page.SetInputFilesAsync("#dateien", await FileAsync("rueckseite.pdf", ApplySamples.Pdf));
        await page.FillAsync("#kommentar", "Anbei die Rückseite.");
        await page.ClickAsync("main button:has-text('Unterlagen absenden')");
        await Expect(page.Locator("main .kern-alert--success")).ToContainTextAsync("Ihre Unterlagen sind bei uns eingegangen");
        await Expect(page.Locator("main")).ToContainTextAsync("rueckseite.pdf");
        await Expect(page.Locator("main")).ToContainTextAsync("Sie haben die Gebühr bezahlt.");
        await Check(page, "Antrag nach Nachreichung");
        await page.Context.CloseAsync();
        return report;
    }

    [Fact]
    public async Task FeePaymentAndDocumentRequest_EveryPageAndErrorState_NoAxeViolations()
    {
        var report = await RunAsync("parken-buerger-axe", "99108001016101", "buerger-axe@rostock.example", javaScript: true);
        Assert.True(report.Count == 0, string.Join("\n", report));
    }

    [Fact]
    public async Task FeePaymentAndDocumentRequest_WithoutJavaScript_Work()
    {
        var report = await RunAsync("parken-buerger-ohne-skript", "99108001016102", "buerger-ohne-skript@rostock.example", javaScript: false);
        Assert.Empty(report);
    }
}
