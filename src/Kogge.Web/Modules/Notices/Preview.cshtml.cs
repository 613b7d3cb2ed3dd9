using System.Text.Json;
using System.Text.Json.Nodes;
using Kogge.Web.Modules.Catalog;
using Kogge.Web.Platform.Persistence;
using Kogge.Web.Platform.Tenancy;
using Kogge.Web.Platform.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Kogge.Web.Modules.Notices;

/// <summary>
/// A designer fills a version's notice template with sample data and sees the notice as HTML or downloads the PDF,
/// before any citizen gets one. A template that does not work shows its error here, in German.
/// </summary>
[Authorize(Policy = CatalogExtensions.DesignerPolicy)]
[TenantOnly]
public sealed class PreviewModel(KoggeDbContext db, TenantContext tenant, TimeProvider clock, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty]
    public string SampleData { get; set; } = "";

    public PublicService Service { get; private set; } = null!;

    public ServiceVersion Current { get; private set; } = null!;

    public ServiceArtifact Template { get; private set; } = null!;

    public NoticeData? Data { get; private set; }

    public IReadOnlyList<NoticeBlock> Blocks { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id, int number, string? name, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, number, name, cancellationToken))
        {
            return NotFound();
        }

        SampleData = Sample(Service).ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        Render();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, int number, string? name, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, number, name, cancellationToken))
        {
            return NotFound();
        }

        Render();
        return Page();
    }

    public async Task<IActionResult> OnPostPdfAsync(Guid id, int number, string? name, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, number, name, cancellationToken))
        {
            return NotFound();
        }

        Render();
        if (Data is null)
        {
            return Page();
        }

        try
        {
            return File(NoticeDocument.RenderPdf(Template.Content, Data), "application/pdf", $"bescheid-vorschau-{Template.Name}.pdf");
        }
        catch (NoticeTemplateException e)
        {
            ModelState.AddModelError(string.Empty, e.Message);
            Data = null;
            return Page();
        }
    }

    private void Render()
    {
        JsonObject sample;
        try
        {
            sample = JsonNode.Parse(SampleData) as JsonObject ?? throw new JsonException(l["Erwartet wird ein Objekt in geschweiften Klammern."]);
        }
        catch (JsonException e)
        {
            ModelState.AddModelError(nameof(SampleData), l["Die Beispieldaten sind kein gültiges JSON: {0}", e.Message]);
            return;
        }

        var data = FromSample(sample);
        try
        {
            Blocks = NoticeText.Parse(NoticeDocument.RenderText(Template.Content, data));
            Data = data;
        }
        catch (NoticeTemplateException e)
        {
            ModelState.AddModelError(string.Empty, e.Message);
        }
    }

    private NoticeData FromSample(JsonObject sample)
    {
        var form = sample["formular"] as JsonObject ?? [];
        var fees = (sample["gebuehren"] as JsonArray ?? [])
            .OfType<JsonObject>()
            .Select(f => new NoticeFeeLine(f["bezeichnung"]?.ToString() ?? "", f["betrag"] is JsonValue v && v.TryGetValue<decimal>(out var d) ? d : 0))
            .ToList();
        var caseData = new JsonObject();
        foreach (var (key, value) in sample.Where(p => p.Key is not ("formular" or "gebuehren")))
        {
            caseData[key] = value?.DeepClone();
        }

        return new NoticeData
        {
            Municipality = tenant.Current!.Name,
            Office = Service.OfficeName,
            OfficeAddress = Service.OfficeAddress,
            Reference = "MUSTER-0001",
            Date = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime),
            RecipientName = sample["antragsteller"]?["name"]?.ToString() ?? "",
            RecipientAddress = sample["antragsteller"]?["anschrift"]?.ToString() ?? "",
            Case = caseData,
            Form = (JsonObject)form.DeepClone(),
            Fees = fees,
        };
    }

    private static JsonObject Sample(PublicService service) => new()
    {
        ["antragsteller"] = new JsonObject { ["name"] = "Erika Mustermann", ["anschrift"] = "Musterstraße 1\n18055 Rostock" },
        ["leistung"] = new JsonObject { ["name"] = service.Name },
        ["antrag"] = new JsonObject { ["eingang"] = "2026-11-02" },
        ["entscheidung"] = "bewilligt",
        ["begruendung"] = "Die Voraussetzungen liegen vor.",
        ["formular"] = new JsonObject { ["kennzeichen"] = "HRO-AB 123" },
        ["gebuehren"] = new JsonArray(new JsonObject { ["bezeichnung"] = "Gebühr", ["betrag"] = 30.70m }),
    };

    private async Task<bool> LoadAsync(Guid id, int number, string? name, CancellationToken cancellationToken)
    {
        if (await ServiceVersions.FindAsync(db, id, number, cancellationToken) is not (var service, var version)
            || version.Artifacts.FirstOrDefault(a => a.Kind == ArtifactKind.NoticeTemplate && a.Name == name) is not { } template)
        {
            return false;
        }

        Service = service;
        Current = version;
        Template = template;
        return true;
    }
}
