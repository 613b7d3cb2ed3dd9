using Kogge.Web.Platform.Demo;
using Kogge.Web.Tests.Modules.Catalog;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Kogge.Web.Tests.Browser;

/// <summary>A designer's test run in Chromium, with axe-core on every state of the page.</summary>
public sealed class TestRunFlowTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private static async Task NoViolationsAsync(IPage page, string what)
    {
        var violations = await Axe.ViolationsAsync(page);
        Assert.True(violations.Count == 0, $"{what}: {string.Join(Environment.NewLine, violations)}");
    }

    [Fact]
    public async Task TestRunPage_EveryState_NoAxeViolations()
    {
        var draft = (await TestRunTests.WaitingDraftAsync(fixture.App)).TrimStart('/');
        var page = await fixture.NewPageAsync(axe: true);
        await page.SubmitSignInAsync("rostock", DemoData.Email("prozessgestaltung", "rostock"), DemoData.Password);

        // From the published dog tax version to its test run.
        var version = await fixture.App.InTenantAsync("rostock", async (_, db) =>
        {
            var service = await db.PublicServices.FirstAsync(s => s.Slug == "hundesteuer-anmeldung");
            var number = await db.ServiceVersions.Where(v => v.Id == service.PublishedVersionId).Select(v => v.Number).FirstAsync();
            return $"rostock/leistungskatalog/{service.Id}/versionen/{number}";
        });
        await page.OpenAsync(version);
        await page.ClickAsync("[data-testid=test-run-link]");
        await Expect(page.Locator("main h1")).ToHaveTextAsync("Testlauf");
        await NoViolationsAsync(page, "Startformular");

        await page.ClickAsync("main button:has-text('Testlauf starten')");
        await Expect(page).ToHaveTitleAsync(new System.Text.RegularExpressions.Regex("^Fehler:"));
        await NoViolationsAsync(page, "Startformular mit Fehlern");

        await page.FillAsync("main [name=rufname]", "Rex");
        await page.FillAsync("main [name=rasse]", "Mischling");
        await page.FillAsync("main [name=haltungSeit]", "2026-11-01");
        await page.CheckAsync("main [name=gefaehrlich]");
        await page.FillAsync("main [name=nummerDesHundes]", "1");
        await page.ClickAsync("main button:has-text('Testlauf starten')");
        await Expect(page.Locator("[data-testid=run-task]")).ToContainTextAsync("Gefährlichen Hund prüfen");
        await Expect(page.Locator("[data-testid=run-effects]")).ToContainTextAsync("jahresbetrag = 1000");
        await NoViolationsAsync(page, "Testlauf wartet auf eine Aufgabe");

        await page.ClickAsync("[data-testid=run-task] button:has-text('Aufgabe erledigen')");
        await Expect(page).ToHaveTitleAsync(new System.Text.RegularExpressions.Regex("^Fehler:"));
        await NoViolationsAsync(page, "Aufgabe mit Fehlern");

        await page.Locator("[data-testid=run-task] input[type=radio][value=bewilligt]").CheckAsync();
        await page.ClickAsync("[data-testid=run-task] button:has-text('Aufgabe erledigen')");
        await Expect(page.Locator("[data-testid=run-state]")).ToContainTextAsync("Der Ablauf ist an seinem Ende angekommen.");
        await Expect(page.Locator("[data-testid=run-effects]")).ToContainTextAsync("Bescheid würde erstellt");
        await NoViolationsAsync(page, "Testlauf am Ende");

        // A draft that waits for a message, then a timer, and stops at an incident.
        await page.OpenAsync(draft);
        await page.FillAsync("main [name=name]", "Erika Mustermann");
        await page.ClickAsync("main button:has-text('Testlauf starten')");
        await Expect(page.Locator("[data-testid=run-wait]")).ToContainTextAsync("gebuehr-bezahlt");
        await NoViolationsAsync(page, "Testlauf wartet auf eine Nachricht");
        await page.ClickAsync("[data-testid=run-wait] button");
        await Expect(page.Locator("[data-testid=run-timer]")).ToContainTextAsync("Ein Jahr später");
        await NoViolationsAsync(page, "Testlauf wartet auf die Zeit");
        await page.ClickAsync("[data-testid=run-timer] button:has-text('Zeit vorspulen bis')");
        await Expect(page.Locator("[data-testid=run-incidents]")).ToContainTextAsync("Bescheid ohne Entscheidung");
        await NoViolationsAsync(page, "Testlauf mit Störung");

        await page.OpenAsync(draft + "/" + Guid.NewGuid());
        await Expect(page.Locator("[data-testid=run-gone]")).ToBeVisibleAsync();
        await NoViolationsAsync(page, "Testlauf nicht mehr vorhanden");
        await page.Context.CloseAsync();
    }
}
