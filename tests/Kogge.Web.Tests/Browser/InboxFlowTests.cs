using Kogge.Bpmn.Engine;
using Kogge.Web.Platform.Demo;
using Kogge.Web.Platform.Tenancy;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Kogge.Web.Tests.Browser;

/// <summary>The clerk inbox in Chromium: claim and release without JavaScript, axe-core on every state including a conflict.</summary>
public sealed class InboxFlowTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    /// <summary>Starts the inbox check process in Rostock, offered to the demo clerk's role "Clerk"; returns the task id.</summary>
    private async Task<string> TaskAsync(string key, DateTimeOffset? due)
    {
        var engine = fixture.App.Services.GetRequiredService<ProcessEngine>();
        var tenant = (await fixture.App.Services.GetRequiredService<TenantCatalog>().FindAsync("rostock", CancellationToken.None))!.Id.ToString();
        var xml = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Modules", "Inbox", "InboxCheck.bpmn"));
        await engine.Repository.DeployAsync("InboxCheck.bpmn", xml, tenant);
        var instance = await engine.Runtime.StartProcessInstanceAsync(
            "inboxCheck", new Dictionary<string, object?> { ["group"] = "Clerk", ["due"] = due?.ToString("O") }, key, tenant);
        return (await engine.Tasks.QueryAsync(new Bpmn.Storage.TaskQuery { ProcessInstanceId = instance.Id })).Single().Id;
    }

    private static async Task NoViolationsAsync(IPage page, string what)
    {
        var violations = await Axe.ViolationsAsync(page);
        Assert.True(violations.Count == 0, $"{what}: {string.Join(Environment.NewLine, violations)}");
    }

    [Fact]
    public async Task ClerkClaimsAndReleases_WithoutJavaScript()
    {
        var key = $"R-{Guid.NewGuid():N}"[..14];
        await TaskAsync(key, DateTimeOffset.UtcNow.AddDays(-1));
        var page = await fixture.NewPageAsync(javaScript: false);
        await page.SubmitSignInAsync("rostock", DemoData.Email("sachbearbeitung", "rostock"), DemoData.Password);
        await page.ClickAsync("header nav a:has-text('Aufgaben')");
        await page.ClickAsync("main nav a:has-text('Gruppenaufgaben')");
        var row = page.Locator("main tbody tr", new() { HasText = key });
        await Expect(row).ToContainTextAsync("Frist überschritten");

        await row.Locator("button:has-text('Übernehmen')").ClickAsync();
        await Expect(page.Locator("main .kern-alert--success")).ToContainTextAsync("Sie haben die Aufgabe übernommen.");
        await page.ClickAsync("main nav a:has-text('Meine Aufgaben')");
        await page.Locator("main tbody tr", new() { HasText = key }).Locator("button:has-text('Zurückgeben')").ClickAsync();
        await Expect(page.Locator("main .kern-alert--success")).ToContainTextAsync("zurückgegeben");
        await Expect(page.Locator("main tbody tr", new() { HasText = key })).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task InboxPages_Axe_NoViolations_IncludingAConflict()
    {
        var key = $"R-{Guid.NewGuid():N}"[..14];
        var task = await TaskAsync(key, DateTimeOffset.UtcNow.AddDays(20));
        var second = await TaskAsync(key + "b", null);
        var page = await fixture.NewPageAsync(axe: true);
        await page.SubmitSignInAsync("rostock", DemoData.Email("sachbearbeitung", "rostock"), DemoData.Password);

        await page.OpenAsync("rostock/aufgaben");
        await NoViolationsAsync(page, "Meine Aufgaben (leer)");
        await page.OpenAsync("rostock/aufgaben?ansicht=gruppe&sortierung=eingang");
        await NoViolationsAsync(page, "Gruppenaufgaben");

        // Someone else claims the task while the page is open: the click meets a conflict.
        await fixture.App.Services.GetRequiredService<ProcessEngine>().Tasks.ClaimAsync(task, Guid.NewGuid().ToString());
        await page.Locator("main tbody tr", new() { HasText = key }).First.Locator("button:has-text('Übernehmen')").ClickAsync();
        await Expect(page.Locator("[data-kogge-error-summary]")).ToContainTextAsync("inzwischen eine andere Person übernommen");
        await Expect(page).ToHaveTitleAsync(new System.Text.RegularExpressions.Regex("^Fehler:"));
        await NoViolationsAsync(page, "Gruppenaufgaben nach Konflikt");

        await page.Locator("main tbody tr", new() { HasText = key + "b" }).Locator("button:has-text('Übernehmen')").ClickAsync();
        await page.OpenAsync("rostock/aufgaben");
        await NoViolationsAsync(page, "Meine Aufgaben mit Weitergeben");

        await page.ClickAsync($"main a[href$='/aufgaben/{second}']");
        await Expect(page.Locator("main button:has-text('Aufgabe abschließen')")).ToBeVisibleAsync();
        await NoViolationsAsync(page, "Aufgabenseite");
        var engine = fixture.App.Services.GetRequiredService<ProcessEngine>();
        await engine.Tasks.CompleteAsync(second, null, (await engine.Tasks.QueryAsync(new Bpmn.Storage.TaskQuery { ProcessInstanceId = null, Assignee = null, MaxResults = 10_000 })).Single(t => t.Id == second).Assignee);
        await page.ClickAsync("main button:has-text('Aufgabe abschließen')");
        await Expect(page.Locator("[data-kogge-error-summary]")).ToContainTextAsync("inzwischen erledigt");
        await NoViolationsAsync(page, "Aufgabenseite, schon erledigt");
        await page.Context.CloseAsync();
    }
}
