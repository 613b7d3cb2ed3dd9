using System.Text.RegularExpressions;
using Kogge.Web.Platform.Demo;
using Kogge.Web.Tests.Modules.Cases;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Kogge.Web.Tests.Browser;

/// <summary>
/// A citizen applies in Chromium: once with axe-core checking every page of the flow, error states included, and once
/// with JavaScript switched off.
/// </summary>
public sealed class ApplyFlowTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
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

    [Fact]
    public async Task Apply_EveryPageAndErrorState_NoAxeViolations()
    {
        await ApplySamples.PublishAsync(fixture.App, "parken-axe", "99108001012201");
        var page = await fixture.NewPageAsync(axe: true);
        var report = new List<string>();
        await page.SubmitSignInAsync("rostock", DemoData.Email("buerger", "rostock"), DemoData.Password);
        await page.OpenAsync("rostock/leistungen/parken-axe");
        await CheckAsync(page, report, "Leistung");
        await page.ClickAsync("main a:has-text('Antrag online stellen')");
        await CheckAsync(page, report, "Seite 1");

        await page.ClickAsync("main button:has-text('Weiter')");
        await Expect(page.Locator("main .kern-error").First).ToBeVisibleAsync();
        await CheckAsync(page, report, "Seite 1 mit Fehlern");

        await page.FillAsync("#feld-kennzeichen", "HRO-AX 1");
        await page.CheckAsync("#feld-ueberlassen");
        await page.ClickAsync("main button:has-text('Weiter')");
        await Expect(page.Locator("#feld-halter")).ToBeVisibleAsync();
        await CheckAsync(page, report, "Seite 1 mit neuem Feld");
        await page.FillAsync("#feld-halter", "Erika Muster");
        await page.ClickAsync("main button:has-text('Weiter')");
        await Expect(page).ToHaveURLAsync(new Regex("/antrag/2$"));
        await CheckAsync(page, report, "Seite 2");

        await page.SetInputFilesAsync("#feld-zulassung", await FileAsync("programm.pdf", ApplySamples.Executable));
        await page.ClickAsync("main button:has-text('Weiter')");
        await Expect(page.Locator("main .kern-error").First).ToContainTextAsync("kein PDF-, PNG- oder JPEG-Dokument");
        await CheckAsync(page, report, "Seite 2 mit abgelehnter Datei");

        await page.SetInputFilesAsync("#feld-zulassung", await FileAsync("zulassung.pdf", ApplySamples.Pdf));
        await page.ClickAsync("main button:has-text('Weiter')");
        await Expect(page).ToHaveURLAsync(new Regex("/antrag/pruefen$"));
        await CheckAsync(page, report, "Angaben prüfen");

        await page.ClickAsync("main button:has-text('Antrag verbindlich absenden')");
        await Expect(page).ToHaveURLAsync(new Regex("/eingang$"));
        await Expect(page.Locator("main .kern-alert--success")).ToContainTextAsync("HRO-");
        await CheckAsync(page, report, "Eingangsbestätigung");

        await page.ClickAsync("header nav a:has-text('Meine Anträge')");
        await CheckAsync(page, report, "Meine Anträge");
        await page.ClickAsync("main table a");
        await Expect(page.Locator("main")).ToContainTextAsync("zulassung.pdf");
        await CheckAsync(page, report, "Antrag");
        await page.Context.CloseAsync();

        Assert.True(report.Count == 0, string.Join("\n", report));
    }

    [Fact]
    public async Task Apply_WithoutJavaScript_SavesResumesAndSubmits()
    {
        await ApplySamples.PublishAsync(fixture.App, "parken-ohne-skript", "99108001012202");
        var page = await fixture.NewPageAsync(javaScript: false);
        await page.SubmitSignInAsync("rostock", DemoData.Email("buerger", "rostock"), DemoData.Password);
        await page.OpenAsync("rostock/leistungen/parken-ohne-skript/antrag");
        await page.FillAsync("#feld-kennzeichen", "HRO-NS 2");
        await page.ClickAsync("main button:has-text('Speichern und später fortsetzen')");
        await Expect(page.Locator("main .kern-alert--success")).ToContainTextAsync("gespeichert");

        // Later: the draft is listed under "Meine Anträge" and resumes with the answer given.
        await page.ClickAsync("main a:has-text('Parkausweis (Test)')");
        await Expect(page.Locator("#feld-kennzeichen")).ToHaveValueAsync("HRO-NS 2");
        await page.CheckAsync("#feld-ueberlassen");
        await page.ClickAsync("main button:has-text('Weiter')");
        await page.FillAsync("#feld-halter", "Max Muster");
        await page.ClickAsync("main button:has-text('Weiter')");
        await page.SetInputFilesAsync("#feld-zulassung", await FileAsync("schein.pdf", ApplySamples.Pdf));
        await page.ClickAsync("main button:has-text('Weiter')");
        await Expect(page.Locator("main")).ToContainTextAsync("Max Muster");
        await page.ClickAsync("main button:has-text('Antrag verbindlich absenden')");
        await Expect(page.Locator("main .kern-alert--success")).ToContainTextAsync("HRO-");
        await page.Context.CloseAsync();
    }
}
