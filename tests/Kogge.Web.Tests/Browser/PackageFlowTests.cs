using System.Text.RegularExpressions;
using Kogge.Web.Platform.Demo;
using Kogge.Web.Tests.Modules.Catalog;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Kogge.Web.Tests.Browser;

/// <summary>
/// Rostock's designer downloads a version as a package, Lübeck's designer imports it — first a tampered copy (the
/// report), then the real one (the draft with its origin). axe-core on every page and state; the upload also
/// without JavaScript.
/// </summary>
public sealed class PackageFlowTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task RostockExports_LuebeckImports_TamperedCopyShowsReport_RealOneBecomesDraft_AxeClean()
    {
        var rostock = await fixture.NewPageAsync(axe: true);
        await rostock.SubmitSignInAsync("rostock", DemoData.Email("prozessgestaltung", "rostock"), DemoData.Password);
        await rostock.OpenAsync("rostock/leistungskatalog");
        await rostock.ClickAsync("main a:has-text('Gewerbe anmelden')");
        await rostock.ClickAsync("main a:has-text('Version 1')");
        await AssertNoViolationsAsync(rostock, "Versionsseite Rostock");
        var download = await rostock.RunAndWaitForDownloadAsync(() => rostock.ClickAsync("main a:has-text('Version 1 als Paket herunterladen')"));
        Assert.Equal("gewerbe-anmelden-version-1.zip", download.SuggestedFilename);
        var package = await File.ReadAllBytesAsync(await download.PathAsync());
        Assert.Contains("process.bpmn", PackageZip.Entries(package).Keys);
        await rostock.Context.CloseAsync();

        var luebeck = await fixture.NewPageAsync(axe: true);
        await luebeck.SubmitSignInAsync("luebeck", DemoData.Email("prozessgestaltung", "luebeck"), DemoData.Password);
        await luebeck.OpenAsync("luebeck/leistungskatalog");
        await luebeck.ClickAsync("main a:has-text('Paket einspielen')");
        await Expect(luebeck).ToHaveURLAsync(new Regex("/luebeck/leistungskatalog/paket-einspielen$"));
        await AssertNoViolationsAsync(luebeck, "Paket einspielen");

        var tampered = PackageZip.Write(PackageZip.Entries(package).Select(e => e.Key == "process.bpmn"
            ? new KeyValuePair<string, byte[]>(e.Key, [.. e.Value, .. "<!-- nachträglich geändert -->"u8.ToArray()])
            : e));
        await luebeck.SetInputFilesAsync("#paket", new FilePayload { Name = "gewerbe.zip", MimeType = "application/zip", Buffer = tampered });
        await luebeck.ClickAsync("main form button:has-text('Paket prüfen und einspielen')");
        await Expect(luebeck.Locator("[data-kogge-error-summary]")).ToBeVisibleAsync();
        await Expect(luebeck.Locator("[data-testid=package-report]")).ToContainTextAsync("process.bpmn");
        await Expect(luebeck.Locator("[data-testid=package-report]")).ToContainTextAsync("Prüfsumme (SHA-256) stimmt nicht");
        await AssertNoViolationsAsync(luebeck, "Paket einspielen mit Prüfbericht");

        await luebeck.SetInputFilesAsync("#paket", new FilePayload { Name = "gewerbe.zip", MimeType = "application/zip", Buffer = package });
        await luebeck.ClickAsync("main form button:has-text('Paket prüfen und einspielen')");
        await Expect(luebeck.Locator("[data-testid=version-state]")).ToHaveTextAsync("Entwurf");
        await Expect(luebeck.Locator("main .kern-alert--success").First).ToContainTextAsync("Das Paket ist eingespielt");
        await Expect(luebeck.Locator("[data-testid=package-origin]")).ToContainTextAsync("Hansestadt Rostock");
        await Expect(luebeck.Locator("[data-testid=package-origin]")).ToContainTextAsync(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(package)));
        await AssertNoViolationsAsync(luebeck, "Versionsseite Lübeck nach dem Einspielen");
        await luebeck.Context.CloseAsync();
    }

    [Fact]
    public async Task ImportPage_WithoutJavaScript_NotAZip_ShowsTheGermanReport()
    {
        var page = await fixture.NewPageAsync(javaScript: false);
        await page.SubmitSignInAsync("rostock", DemoData.Email("prozessgestaltung", "rostock"), DemoData.Password);
        await page.OpenAsync("rostock/leistungskatalog/paket-einspielen");
        await page.SetInputFilesAsync("#paket", new FilePayload { Name = "bescheid.zip", MimeType = "application/zip", Buffer = "%PDF-1.7"u8.ToArray() });
        await page.ClickAsync("main form button[type=submit]");
        await Expect(page.Locator("#paket-fehler")).ToContainTextAsync("nichts wurde gespeichert");
        await Expect(page.Locator("[data-testid=package-report]")).ToContainTextAsync("Die Datei ist kein Zip-Archiv.");
        await page.Context.CloseAsync();
    }

    private static async Task AssertNoViolationsAsync(IPage page, string name)
    {
        await Expect(page.Locator("main h1")).ToBeVisibleAsync();
        var violations = await Axe.ViolationsAsync(page);
        Assert.True(violations.Count == 0, $"{name} ({page.PathOf()}): {violations.Count} axe violations:\n" + string.Join("\n", violations));
    }
}
