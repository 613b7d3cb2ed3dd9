using System.Text.RegularExpressions;
using Kogge.Web.Platform.Demo;
using Kogge.Web.Tests.Modules.Catalog;
using static Microsoft.Playwright.Assertions;

namespace Kogge.Web.Tests.Browser;

/// <summary>The catalogue in Chromium with JavaScript switched off: citizens search, designers publish a version.</summary>
public sealed class CatalogFlowTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task CitizenSearch_WithoutJavaScript_FindsAndOpensTheServicePage()
    {
        var page = await fixture.NewPageAsync(javaScript: false);
        await page.OpenAsync("rostock");
        await page.ClickAsync("header nav a:has-text('Leistungen')");
        await Expect(page).ToHaveURLAsync(new Regex("/rostock/leistungen$"));

        await page.FillAsync("#suche", "Straße");
        await page.ClickAsync("main form[role=search] button[type=submit]");
        await Expect(page.Locator("main h2#treffer")).ToHaveTextAsync("1 Leistung");
        await page.ClickAsync("main a:has-text('Sondernutzungserlaubnis')");
        await Expect(page).ToHaveURLAsync(new Regex("/rostock/leistungen/sondernutzung-strasse$"));
        await Expect(page.Locator("main")).ToContainTextAsync("Fläche × Tage × Tarif");

        await page.OpenAsync("rostock/leistungen");
        await page.SelectOptionAsync("#bereich", "TaxesAndFees");
        await page.ClickAsync("main form[role=search] button[type=submit]");
        await Expect(page.Locator("main ul.kogge-tiles li")).ToHaveCountAsync(1);
        await Expect(page.Locator("main ul.kogge-tiles")).ToContainTextAsync("Hundesteuer");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task DesignerFlow_WithoutJavaScript_CreatesUploadsAndPublishes()
    {
        var page = await fixture.NewPageAsync(javaScript: false);
        await page.SubmitSignInAsync("rostock", DemoData.Email("prozessgestaltung", "rostock"), DemoData.Password);
        await page.ClickAsync("header nav a:has-text('Leistungskatalog')");
        await page.ClickAsync("main a:has-text('Leistung anlegen')");
        var name = $"Ohne Skript {Guid.NewGuid():N}";
        await page.FillAsync("#Input_LeikaKey", "99000000009002");
        await page.FillAsync("#Input_Name", name);
        await page.FillAsync("#Input_ShortText", "Eine Leistung, ganz ohne JavaScript gepflegt.");
        await page.SelectOptionAsync("#Input_Category", "BusinessAndTrade");
        await page.FillAsync("#Input_Requirements", "- erste Voraussetzung\n- zweite Voraussetzung");
        await page.ClickAsync("main form button:has-text('Leistung anlegen')");
        await Expect(page.Locator("main .kern-alert--success").First).ToContainTextAsync("Die Leistung wurde angelegt.");

        await page.ClickAsync("main form button:has-text('Neuen Entwurf anlegen')");
        await Expect(page.Locator("[data-testid=version-state]")).ToHaveTextAsync("Entwurf");
        foreach (var (link, content) in new[] { ("Prozess (BPMN)", CatalogSamples.Process()), ("Formular (form-js)", CatalogSamples.Form()) })
        {
            await page.ClickAsync($"main a:has-text('{link}')");
            await page.FillAsync("#Input_Content", content);
            await page.ClickAsync("main form button[type=submit]");
            await Expect(page.Locator("main .kern-alert--success").First).ToContainTextAsync("Die Änderung wurde gespeichert.");
        }

        await Expect(page.Locator("[data-testid=report-valid]")).ToBeVisibleAsync();
        await page.ClickAsync("main form button:has-text('Version veröffentlichen')");
        await Expect(page.Locator("[data-testid=version-state]")).ToHaveTextAsync("veröffentlicht");
        await Expect(page.Locator("main form button:has-text('Außer Betrieb nehmen')")).ToBeVisibleAsync();
        await Expect(page.Locator("main a:has-text('Datei hinzufügen')")).ToHaveCountAsync(0);

        await page.OpenAsync("rostock/leistungen?suche=" + Uri.EscapeDataString(name));
        await page.ClickAsync($"main a:has-text('{name}')");
        await Expect(page.Locator("main ul.kern-list--bullet li")).ToHaveCountAsync(2);
        await page.Context.CloseAsync();
    }
}
