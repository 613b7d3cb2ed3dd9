using Kogge.Web.Modules.Catalog;
using Kogge.Web.Modules.Catalog.Versions;
using Kogge.Web.Platform.Audit;
using Kogge.Web.Platform.Demo;
using Kogge.Web.Tests.Modules.Cases;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Kogge.Web.Tests.Browser;

/// <summary>
/// The graphical editors on a draft's artifact pages in Chromium: each loads the stored artifact, a change made in the
/// editor is saved through the text field and the server's check, and axe-core finds nothing with the editor shown.
/// </summary>
public sealed class DesignerEditorTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    /// <summary>A Rostock service with a draft holding <paramref name="process"/> (none when null), a form and a decision; returns its id.</summary>
    private Task<Guid> DraftAsync(string slug, string leika, string? process = DiagramSamples.Process) => fixture.App.InTenantAsync("rostock", async (services, db) =>
    {
        services.GetRequiredService<AuditLog>().ActorOverride = "system";
        var service = new PublicService { LeikaKey = leika, Slug = slug, Name = "Editoren (Test)", ShortText = "Test.", Category = ServiceCategory.TrafficAndMobility, TrustLevel = TrustLevel.Low };
        service.SearchText = CatalogSearch.SearchText(service);
        db.PublicServices.Add(service);
        await db.SaveChangesAsync();
        var lifecycle = services.GetRequiredService<VersionLifecycle>();
        await lifecycle.CreateDraftAsync(service.Id, CancellationToken.None);
        if (process is not null)
        {
            await lifecycle.SetArtifactAsync(service.Id, 1, ArtifactKind.Process, ServiceArtifact.ProcessName, process, CancellationToken.None);
        }

        await lifecycle.SetArtifactAsync(service.Id, 1, ArtifactKind.Form, "parken-antrag", ApplySamples.Form, CancellationToken.None);
        await lifecycle.SetArtifactAsync(service.Id, 1, ArtifactKind.Decision, "gebuehren", DiagramSamples.Decision, CancellationToken.None);
        return service.Id;
    });

    private Task<string> StoredAsync(Guid service, ArtifactKind kind, string name) => fixture.App.InTenantAsync("rostock", async (_, db) =>
        await db.ServiceVersions.Where(v => v.ServiceId == service && v.Number == 1).SelectMany(v => v.Artifacts)
            .Where(a => a.Kind == kind && a.Name == name).Select(a => a.Content).SingleAsync());

    /// <summary>Signs the demo designer in and opens the artifact page with its editor mounted; fails on any script error.</summary>
    private async Task<(IPage Page, List<string> Errors)> EditorAsync(Guid service, ArtifactKind kind, string? name)
    {
        var page = await fixture.NewPageAsync(axe: true);
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => errors.Add(error);
        await page.SubmitSignInAsync("rostock", DemoData.Email("prozessgestaltung", "rostock"), DemoData.Password);
        await page.OpenAsync($"rostock/leistungskatalog/{service}/versionen/1/datei?art={kind}" + (name is null ? "" : $"&name={Uri.EscapeDataString(name)}"));
        await Expect(page.Locator("section.kogge-editor")).ToHaveAttributeAsync("data-kogge-editor-ready", "true");
        await Expect(page.Locator("[data-kogge-editor-problem]")).ToBeHiddenAsync();
        return (page, errors);
    }

    private static async Task NoViolationsAsync(IPage page, string what)
    {
        var violations = await Axe.ViolationsAsync(page);
        Assert.True(violations.Count == 0, $"{what}: {string.Join(Environment.NewLine, violations)}");
    }

    /// <summary>Renames a diagram element the way a designer does: double-click, type, click on the empty canvas.</summary>
    private static async Task RenameInDiagramAsync(IPage page, string elementId, string name)
    {
        await page.Locator($".kogge-editor .djs-element.djs-shape[data-element-id='{elementId}']").DblClickAsync();
        var label = page.Locator(".kogge-editor .djs-direct-editing-parent .djs-direct-editing-content");
        await Expect(label).ToBeVisibleAsync();
        await label.PressAsync("Control+A");
        await label.PressSequentiallyAsync(name);
        await page.Locator(".kogge-editor .djs-container > svg").ClickAsync(new() { Position = new() { X = 700, Y = 450 } });
        await Expect(page.Locator("#Input_Content")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex($"name=\"{name}\""));
    }

    private static async Task SaveAsync(IPage page)
    {
        await page.ClickAsync("main form button:has-text('Datei speichern')");
        await Expect(page.Locator("main .kern-alert--success").First).ToContainTextAsync("Die Änderung wurde gespeichert.");
    }

    [Fact]
    public async Task ProcessModeler_RenameTaskInTheDiagram_IsSavedWithTheZeebeExtensions_NoAxeViolations()
    {
        var service = await DraftAsync("editoren-prozess", "99108001012401");
        var (page, errors) = await EditorAsync(service, ArtifactKind.Process, ServiceArtifact.ProcessName);
        var task = page.Locator(".kogge-editor .djs-element.djs-shape[data-element-id='pruefen']");
        await Expect(task).ToBeVisibleAsync();
        await Expect(page.Locator(".kogge-editor .djs-palette [data-action='hand-tool']")).ToHaveAttributeAsync("aria-label", "Hand-Tool aktivieren");
        await NoViolationsAsync(page, "Prozesseditor");

        await RenameInDiagramAsync(page, "pruefen", "Antrag genau prüfen");
        await NoViolationsAsync(page, "Prozesseditor nach der Änderung");
        await SaveAsync(page);

        var stored = await StoredAsync(service, ArtifactKind.Process, ServiceArtifact.ProcessName);
        Assert.Contains("name=\"Antrag genau prüfen\"", stored);
        Assert.Contains("<zeebe:formDefinition formId=\"parken-antrag\" />", stored);
        Assert.Contains("<zeebe:assignmentDefinition candidateGroups=\"Clerk\" />", stored);
        Assert.Empty(errors);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ProcessModeler_NewProcess_StartsFromABlankDiagram_TheFirstChangeIsStored()
    {
        var service = await DraftAsync("editoren-neu", "99108001012404", process: null);
        var (page, errors) = await EditorAsync(service, ArtifactKind.Process, null);
        await Expect(page.Locator("#Input_Content")).ToHaveValueAsync("");
        await RenameInDiagramAsync(page, "antrag-eingegangen", "Anmeldung eingegangen");
        await NoViolationsAsync(page, "Prozesseditor, neuer Prozess");
        await SaveAsync(page);

        var stored = await StoredAsync(service, ArtifactKind.Process, ServiceArtifact.ProcessName);
        Assert.Contains("isExecutable=\"true\"", stored);
        Assert.Contains("name=\"Anmeldung eingegangen\"", stored);
        Assert.Empty(errors);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ProcessModeler_ProcessWithoutDiagramLayout_IsLaidOut_AndSavedWithLayoutAndZeebeExtensions()
    {
        var service = await DraftAsync("editoren-ohne-layout", "99108001012405", ApplySamples.Process);
        var (page, errors) = await EditorAsync(service, ArtifactKind.Process, ServiceArtifact.ProcessName);
        await Expect(page.Locator(".kogge-editor .djs-element.djs-shape[data-element-id='pruefen']")).ToBeVisibleAsync();
        await RenameInDiagramAsync(page, "pruefen", "Antrag sorgfältig prüfen");
        await SaveAsync(page);

        var stored = await StoredAsync(service, ArtifactKind.Process, ServiceArtifact.ProcessName);
        Assert.Contains("BPMNDiagram", stored);
        Assert.Contains("<zeebe:assignmentDefinition candidateGroups=\"Clerk\" />", stored);
        Assert.Empty(errors);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task FormEditor_ChangeAFieldKeyInThePropertiesPanel_IsSaved_NoAxeViolations()
    {
        var service = await DraftAsync("editoren-formular", "99108001012402");
        var (page, errors) = await EditorAsync(service, ArtifactKind.Form, "parken-antrag");
        var field = page.Locator(".kogge-editor .fjs-editor-container .fjs-element", new() { HasText = "Amtliches Kennzeichen" }).Last;
        await Expect(field).ToBeVisibleAsync();
        await NoViolationsAsync(page, "Formulareditor");

        // Typed into the text field, a form without a field key is loaded into the editor, and the server still refuses it in German.
        await page.FillAsync("#Input_Content", Modules.Catalog.CatalogSamples.BrokenForm);
        await page.Locator("#Input_Content").DispatchEventAsync("change");
        await Expect(field).ToHaveCountAsync(0);
        await page.ClickAsync("main form button:has-text('Datei speichern')");
        await Expect(page).ToHaveTitleAsync(new System.Text.RegularExpressions.Regex("^Fehler:"));
        await Expect(page.Locator("#Input_Content-fehler")).ToBeVisibleAsync();
        await Expect(page.Locator("section.kogge-editor")).ToHaveAttributeAsync("data-kogge-editor-ready", "true");
        await NoViolationsAsync(page, "Formulareditor mit Fehler");
        Assert.Contains("\"key\": \"kennzeichen\"", await StoredAsync(service, ArtifactKind.Form, "parken-antrag"));

        await page.OpenAsync($"rostock/leistungskatalog/{service}/versionen/1/datei?art={ArtifactKind.Form}&name=parken-antrag");
        await Expect(page.Locator("section.kogge-editor")).ToHaveAttributeAsync("data-kogge-editor-ready", "true");
        await field.ClickAsync();
        var general = page.Locator(".kogge-editor .bio-properties-panel-group-header", new() { HasText = "General" });
        if (!await general.EvaluateAsync<bool>("header => header.classList.contains('open')"))
        {
            await general.ClickAsync();
        }

        var key = page.Locator(".kogge-editor input[name='key']");
        await Expect(key).ToHaveValueAsync("kennzeichen");
        await key.FillAsync("kfzKennzeichen");
        await key.PressAsync("Tab");
        await Expect(page.Locator("#Input_Content")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("\"key\": \"kfzKennzeichen\""));
        await NoViolationsAsync(page, "Formulareditor mit Eigenschaften");
        await SaveAsync(page);

        var stored = await StoredAsync(service, ArtifactKind.Form, "parken-antrag");
        Assert.Contains("\"key\": \"kfzKennzeichen\"", stored);
        Assert.DoesNotContain("\"key\": \"kennzeichen\"", stored);
        Assert.Empty(errors);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task DecisionModeler_ChangeAnOutputCell_IsSaved_NoAxeViolations()
    {
        var service = await DraftAsync("editoren-regel", "99108001012403");
        var (page, errors) = await EditorAsync(service, ArtifactKind.Decision, "gebuehren");
        var cell = page.Locator(".kogge-editor td[data-element-id='dann'] [contenteditable='true']:visible");
        await Expect(cell).ToHaveTextAsync("10");
        await NoViolationsAsync(page, "Regeleditor");

        await cell.ClickAsync();
        await cell.PressAsync("Control+A");
        await cell.PressSequentiallyAsync("25");
        await page.Locator(".kogge-editor td[data-element-id='wenn'] [contenteditable='true']:visible").ClickAsync();
        await Expect(page.Locator("#Input_Content")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("<text>25</text>"));
        await NoViolationsAsync(page, "Regeleditor nach der Änderung");
        await SaveAsync(page);

        Assert.Contains("<text>25</text>", await StoredAsync(service, ArtifactKind.Decision, "gebuehren"));
        Assert.Empty(errors);
        await page.Context.CloseAsync();
    }
}
