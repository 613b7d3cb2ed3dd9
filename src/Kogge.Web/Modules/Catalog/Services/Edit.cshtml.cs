using Kogge.Web.Modules.Catalog.Versions;
using Kogge.Web.Platform.Audit;
using Kogge.Web.Platform.Persistence;
using Kogge.Web.Platform.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Kogge.Web.Modules.Catalog.Services;

/// <summary>A service's metadata and its versions; a new draft starts here.</summary>
[Authorize(Policy = CatalogExtensions.DesignerPolicy)]
[TenantOnly]
public sealed class EditModel(KoggeDbContext db, AuditLog audit, VersionLifecycle lifecycle, TimeProvider clock, IStringLocalizer<SharedResource> l)
    : PageModel, IServiceForm
{
    [BindProperty]
    public ServiceInput Input { get; set; } = new();

    public PublicService Service { get; private set; } = null!;

    public IReadOnlyList<ServiceVersion> Versions { get; private set; } = [];

    public string? Notice { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, string? hinweis, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        Input = ServiceInput.From(Service);
        Notice = hinweis switch
        {
            "angelegt" => l["Die Leistung wurde angelegt."].Value,
            "gespeichert" => l["Die Änderung wurde gespeichert."].Value,
            _ => null,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var key = LeikaKey.Normalize(Input.LeikaKey)!;
        if (await db.PublicServices.AnyAsync(s => s.LeikaKey == key && s.Id != id, cancellationToken))
        {
            ModelState.AddModelError("Input.LeikaKey", l["Ihre Kommune hat bereits eine Leistung mit diesem LeiKa-Schlüssel."]);
            return Page();
        }

        var service = await db.PublicServices.FirstAsync(s => s.Id == id, cancellationToken);
        db.Entry(service).Property(s => s.Version).OriginalValue = Input.Version;
        var keyChanged = service.LeikaKey != key;
        Input.ApplyTo(service);
        service.UpdatedAt = clock.GetUtcNow();
        audit.Add("catalog.service_changed", "PublicService", service.Id, new { service.LeikaKey, keyChanged });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            ModelState.AddModelError(string.Empty, l["Die Leistung wurde inzwischen von jemand anderem geändert. Bitte laden Sie die Seite neu."]);
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }
        catch (DbUpdateException)
        {
            ModelState.AddModelError("Input.LeikaKey", l["Ihre Kommune hat bereits eine Leistung mit diesem LeiKa-Schlüssel."]);
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }

        return RedirectToPage(new { id, hinweis = "gespeichert" });
    }

    public async Task<IActionResult> OnPostDraftAsync(Guid id, CancellationToken cancellationToken)
    {
        var (outcome, draft) = await lifecycle.CreateDraftAsync(id, cancellationToken);
        switch (outcome)
        {
            case LifecycleOutcome.NotFound:
                return NotFound();
            case LifecycleOutcome.Done or LifecycleOutcome.DraftExists:
                return RedirectToPage("/Catalog/Versions/Detail", new { id, number = draft!.Number, hinweis = outcome == LifecycleOutcome.Done ? "entwurf" : "entwurf-vorhanden" });
            default:
                await LoadAsync(id, cancellationToken);
                Input = ServiceInput.From(Service);
                ModelState.AddModelError(string.Empty, l["Der Entwurf wurde gerade von jemand anderem angelegt. Bitte laden Sie die Seite neu."]);
                Response.StatusCode = StatusCodes.Status409Conflict;
                return Page();
        }
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        var service = await db.PublicServices.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (service is null)
        {
            return false;
        }

        Service = service;
        Versions = await db.ServiceVersions.AsNoTracking().Where(v => v.ServiceId == id).OrderByDescending(v => v.Number).ToListAsync(cancellationToken);
        return true;
    }
}
