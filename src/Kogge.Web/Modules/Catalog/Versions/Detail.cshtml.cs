using Kogge.Web.Platform.Persistence;
using Kogge.Web.Platform.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Kogge.Web.Modules.Catalog.Versions;

/// <summary>One version: its artifacts, the report of what blocks publishing, and the lifecycle buttons.</summary>
[Authorize(Policy = CatalogExtensions.DesignerPolicy)]
[TenantOnly]
public sealed class DetailModel(KoggeDbContext db, VersionLifecycle lifecycle, VersionCheck check, IStringLocalizer<SharedResource> l) : PageModel
{
    public PublicService Service { get; private set; } = null!;

    public ServiceVersion Current { get; private set; } = null!;

    public VersionReport Report { get; private set; } = new([]);

    public string? Notice { get; private set; }

    public string? Problem { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, int number, string? hinweis, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, number, cancellationToken))
        {
            return NotFound();
        }

        Notice = hinweis switch
        {
            "entwurf" => l["Der Entwurf wurde angelegt."].Value,
            "entwurf-vorhanden" => l["Es gibt bereits einen Entwurf; Sie sehen ihn hier."].Value,
            "gespeichert" => l["Die Änderung wurde gespeichert."].Value,
            "veroeffentlicht" => l["Die Version ist veröffentlicht. Neue Anträge beginnen mit ihr."].Value,
            "paket-neu" => l["Das Paket ist eingespielt: Die Leistung ist neu angelegt, die Version ist ein Entwurf. Prüfen Sie die Angaben, bevor Sie veröffentlichen."].Value,
            "paket" => l["Das Paket ist als neuer Entwurf Ihrer Leistung eingespielt. Prüfen Sie ihn, bevor Sie veröffentlichen."].Value,
            "ausser-betrieb" => l["Die Version ist außer Betrieb. Neue Anträge sind erst mit einer neuen Version möglich."].Value,
            _ => null,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostPublishAsync(Guid id, int number, int version, CancellationToken cancellationToken)
    {
        var (outcome, report) = await lifecycle.PublishAsync(id, number, version, cancellationToken);
        var result = await AfterAsync(outcome, id, number, "veroeffentlicht", cancellationToken);
        if (outcome == LifecycleOutcome.Invalid && report is not null)
        {
            // The engine may refuse what the check let pass; its findings are the ones to show.
            Report = report;
        }

        return result;
    }

    public async Task<IActionResult> OnPostRetireAsync(Guid id, int number, CancellationToken cancellationToken) =>
        await AfterAsync(await lifecycle.RetireAsync(id, number, cancellationToken), id, number, "ausser-betrieb", cancellationToken);

    public async Task<IActionResult> OnPostRemoveAsync(Guid id, int number, ArtifactKind art, string? name, CancellationToken cancellationToken) =>
        await AfterAsync(await lifecycle.RemoveArtifactAsync(id, number, art, name ?? "", cancellationToken), id, number, "gespeichert", cancellationToken);

    private async Task<IActionResult> AfterAsync(LifecycleOutcome outcome, Guid id, int number, string done, CancellationToken cancellationToken)
    {
        if (outcome == LifecycleOutcome.Done)
        {
            return RedirectToPage(new { id, number, hinweis = done });
        }

        // A fresh context view: the failed attempt may have left changed entities behind.
        db.ChangeTracker.Clear();
        if (outcome == LifecycleOutcome.NotFound || !await LoadAsync(id, number, cancellationToken))
        {
            return NotFound();
        }

        (Problem, Response.StatusCode) = outcome switch
        {
            LifecycleOutcome.Invalid => (l["Die Version kann nicht veröffentlicht werden, solange der Prüfbericht Fehler enthält."].Value, StatusCodes.Status422UnprocessableEntity),
            LifecycleOutcome.Frozen => (l["Diese Version ist veröffentlicht oder außer Betrieb und kann nicht mehr geändert werden. Legen Sie einen neuen Entwurf an."].Value, StatusCodes.Status409Conflict),
            _ => (l["Die Version wurde inzwischen von jemand anderem geändert. Bitte prüfen Sie den aktuellen Stand."].Value, StatusCodes.Status409Conflict),
        };
        return Page();
    }

    private async Task<bool> LoadAsync(Guid id, int number, CancellationToken cancellationToken)
    {
        if (await ServiceVersions.FindAsync(db, id, number, cancellationToken) is not (var service, var version))
        {
            return false;
        }

        Service = service;
        Current = version;
        Report = check.Check(version.Artifacts);
        return true;
    }
}
