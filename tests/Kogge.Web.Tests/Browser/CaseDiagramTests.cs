using System.Text.RegularExpressions;
using Kogge.Web.Platform.Demo;
using Kogge.Web.Tests.Modules.Cases;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Kogge.Web.Tests.Browser;

/// <summary>The case file in Chromium: the process diagram with the current position, and the same information as text without JavaScript.</summary>
public sealed class CaseDiagramTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    /// <summary>A citizen applies for a service whose process has a diagram; returns the case id.</summary>
    private async Task<string> ApplyAsync(string slug, string leika, string process = DiagramSamples.Process)
    {
        await ApplySamples.PublishAsync(fixture.App, slug, leika, process: process);
        var citizenEmail = $"diagramm-{Guid.NewGuid():N}"[..20] + "@rostock.example";
        await ApplySamples.CitizenAsync(fixture.App, "rostock", citizenEmail);
        var page = await fixture.NewPageAsync(javaScript: false);
        await page.SubmitSignInAsync("rostock", citizenEmail, DemoData.Password);
        await page.OpenAsync($"rostock/leistungen/{slug}/antrag");
        await page.FillAsync("#feld-kennzeichen", "HRO-DI 4");
        await page.ClickAsync("main button:has-text('Weiter')");
        var file = Path.Combine(Directory.CreateTempSubdirectory("kogge-upload").FullName, "zulassung.pdf");
        await File.WriteAllBytesAsync(file, ApplySamples.Pdf);
        await page.SetInputFilesAsync("#feld-zulassung", file);
        await page.ClickAsync("main button:has-text('Weiter')");
        await page.ClickAsync("main button:has-text('Antrag verbindlich absenden')");
        await Expect(page).ToHaveURLAsync(new Regex("/eingang$"));
        await page.ClickAsync("main a:has-text('Meine Anträge')");
        await page.ClickAsync("main table a");
        var caseId = new Regex("antraege/([0-9a-f-]{36})").Match(page.Url).Groups[1].Value;
        await page.Context.CloseAsync();
        return caseId;
    }

    private async Task<IPage> ClerkAsync(bool javaScript)
    {
        var clerkEmail = await CitizenFlow.ClerkAccountAsync(fixture.App, "rostock");
        var page = await fixture.NewPageAsync(javaScript: javaScript, axe: javaScript);
        await page.SubmitSignInAsync("rostock", clerkEmail, DemoData.Password);
        return page;
    }

    [Fact]
    public async Task CaseFile_WithJavaScript_DrawsTheDiagramWithTheActiveAndCompletedSteps_NoAxeViolations()
    {
        var caseId = await ApplyAsync("parken-diagramm", "99108001012301");
        var page = await ClerkAsync(javaScript: true);
        var problems = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                problems.Add(message.Text);
            }
        };

        await page.OpenAsync($"rostock/vorgaenge/{caseId}");
        var figure = page.Locator("figure.kogge-bpmn");
        await Expect(figure).ToHaveAttributeAsync("data-bpmn-ready", "true");
        await Expect(figure).ToBeVisibleAsync();
        await Expect(figure.Locator(".djs-element[data-element-id='pruefen']")).ToHaveClassAsync(new Regex("\\bkogge-bpmn--active\\b"));
        await Expect(figure.Locator(".djs-element[data-element-id='start']")).ToHaveClassAsync(new Regex("\\bkogge-bpmn--completed\\b"));
        await Expect(figure.Locator(".djs-element[data-element-id='ende']")).Not.ToHaveClassAsync(new Regex("kogge-bpmn--"));
        // The licence of bpmn-js asks for its watermark to stay visible.
        await Expect(figure.Locator("a.bjs-powered-by")).ToBeVisibleAsync();
        await Expect(page.Locator("#aktive-schritte li")).ToHaveTextAsync(["Antrag prüfen"]);
        await Expect(page.Locator("#erledigte-schritte li")).ToHaveTextAsync(["Antrag eingegangen"]);

        var violations = await Axe.ViolationsAsync(page);
        Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations));
        Assert.Empty(problems);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task CaseFile_ProcessWithoutDiagramLayout_IsLaidOutAndShowsTheActiveStep()
    {
        Assert.DoesNotContain("BPMNDiagram", ApplySamples.Process);
        var caseId = await ApplyAsync("parken-ohne-layout", "99108001012303", ApplySamples.Process);
        var page = await ClerkAsync(javaScript: true);
        await page.OpenAsync($"rostock/vorgaenge/{caseId}");
        var figure = page.Locator("figure.kogge-bpmn");
        await Expect(figure).ToHaveAttributeAsync("data-bpmn-ready", "true");
        await Expect(figure.Locator(".djs-element.djs-shape")).ToHaveCountAsync(3);
        await Expect(figure.Locator(".djs-element[data-element-id='pruefen']")).ToHaveClassAsync(new Regex("\\bkogge-bpmn--active\\b"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task CaseFile_WithoutJavaScript_ListsTheStepsAndKeepsTheDiagramHidden()
    {
        var caseId = await ApplyAsync("parken-diagramm-ohne-skript", "99108001012302");
        var page = await ClerkAsync(javaScript: false);
        await page.OpenAsync($"rostock/vorgaenge/{caseId}");
        await Expect(page.Locator("#aktive-schritte li")).ToHaveTextAsync(["Antrag prüfen"]);
        await Expect(page.Locator("#erledigte-schritte li")).ToHaveTextAsync(["Antrag eingegangen"]);
        await Expect(page.Locator("figure.kogge-bpmn")).ToBeHiddenAsync();
        await page.Context.CloseAsync();
    }
}
