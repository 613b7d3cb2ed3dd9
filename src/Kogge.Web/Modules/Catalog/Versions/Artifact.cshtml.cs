using Kogge.Web.Platform;
using Kogge.Web.Platform.Persistence;
using Kogge.Web.Platform.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Kogge.Web.Modules.Catalog.Versions;

/// <summary>
/// Upload or paste one artifact of a draft (file or text field), or read it in a published version. In a draft, the
/// graphical editor of the kind (bpmn-js, form-js, dmn-js) writes into the text field when JavaScript runs; the server
/// checks the text the same way either way.
/// </summary>
[Authorize(Policy = CatalogExtensions.DesignerPolicy)]
[TenantOnly]
public sealed class ArtifactModel(KoggeDbContext db, VersionLifecycle lifecycle, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty]
    public ArtifactInput Input { get; set; } = new();

    public PublicService Service { get; private set; } = null!;

    public ServiceVersion Current { get; private set; } = null!;

    public ArtifactKind Kind { get; private set; }

    /// <summary>The stored artifact, when the page edits or shows one.</summary>
    public ServiceArtifact? Existing { get; private set; }

    /// <summary>Whether the designer names the artifact; forms are named by their id, the process is one.</summary>
    public bool NeedsName => Kind is ArtifactKind.Decision or ArtifactKind.NoticeTemplate && Existing is null;

    public async Task<IActionResult> OnGetAsync(Guid id, int number, ArtifactKind? art, string? name, CancellationToken cancellationToken)
    {
        if (art is not { } kind || !Enum.IsDefined(kind) || !await LoadAsync(id, number, kind, name, cancellationToken)
            || (Existing is null && (name is not null || !Current.IsDraft)))
        {
            // A named artifact that is not there, or a new one in a frozen version: nothing to show.
            return NotFound();
        }

        Input = new ArtifactInput { Name = Existing?.Name, Content = Existing?.Content };
        AllowEditorStyles();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, int number, ArtifactKind? art, string? name, CancellationToken cancellationToken)
    {
        if (art is not { } kind || !Enum.IsDefined(kind) || !await LoadAsync(id, number, kind, name, cancellationToken))
        {
            return NotFound();
        }

        if (Existing is null && name is not null && kind != ArtifactKind.Process)
        {
            return NotFound();
        }

        AllowEditorStyles();
        if (!Current.IsDraft)
        {
            ModelState.AddModelError(string.Empty, l["Diese Version ist veröffentlicht oder außer Betrieb und kann nicht mehr geändert werden. Legen Sie einen neuen Entwurf an."]);
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }

        var content = Input.Content ?? "";
        if (Input.File is { Length: > 0 } file)
        {
            var (text, error) = await ArtifactUpload.ReadAsync(file, l, cancellationToken);
            if (error is not null)
            {
                ModelState.AddModelError("Input.File", error);
                return Page();
            }

            content = text!;
            Input.Content = content;
        }

        var accepted = ArtifactUpload.Accept(kind, Existing?.Name ?? Input.Name, content, l);
        if (accepted.Error is not null)
        {
            var field = accepted.NameRefused && NeedsName ? "Input.Name" : Input.File is { Length: > 0 } ? "Input.File" : "Input.Content";
            ModelState.AddModelError(field, accepted.Error);
            return Page();
        }

        // A form's id comes from its JSON; editing a form under a new id would leave the old one behind.
        if (kind == ArtifactKind.Form && Existing is not null && accepted.Name != Existing.Name)
        {
            ModelState.AddModelError("Input.Content", l["Die Formular-ID darf sich beim Bearbeiten nicht ändern. Laden Sie ein Formular mit neuer ID als neue Datei hoch."]);
            return Page();
        }

        var outcome = await lifecycle.SetArtifactAsync(id, number, kind, accepted.Name!, accepted.Content!, cancellationToken);
        switch (outcome)
        {
            case LifecycleOutcome.Done:
                return RedirectToPage("/Catalog/Versions/Detail", new { id, number, hinweis = "gespeichert" });
            case LifecycleOutcome.NotFound:
                return NotFound();
            default:
                ModelState.AddModelError(string.Empty, outcome == LifecycleOutcome.Frozen
                    ? l["Diese Version ist veröffentlicht oder außer Betrieb und kann nicht mehr geändert werden. Legen Sie einen neuen Entwurf an."]
                    : l["Die Version wurde inzwischen von jemand anderem geändert. Bitte prüfen Sie den aktuellen Stand."]);
                Response.StatusCode = StatusCodes.Status409Conflict;
                return Page();
        }
    }

    /// <summary>Whether the page shows a graphical editor: in a draft, for everything but notice templates.</summary>
    public bool HasEditor => Current.IsDraft && Kind is ArtifactKind.Process or ArtifactKind.Form or ArtifactKind.Decision;

    private void AllowEditorStyles()
    {
        if (HasEditor)
        {
            Response.Headers.ContentSecurityPolicy = PlatformExtensions.ContentSecurityPolicy(inlineStyles: true);
        }
    }

    private async Task<bool> LoadAsync(Guid id, int number, ArtifactKind kind, string? name, CancellationToken cancellationToken)
    {
        if (await ServiceVersions.FindAsync(db, id, number, cancellationToken) is not (var service, var version))
        {
            return false;
        }

        Service = service;
        Current = version;
        Kind = kind;
        var lookup = kind == ArtifactKind.Process ? ServiceArtifact.ProcessName : name;
        Existing = version.Artifacts.FirstOrDefault(a => a.Kind == kind && a.Name == lookup);
        return true;
    }
}

public sealed class ArtifactInput
{
    public string? Name { get; set; }

    public string? Content { get; set; }

    public IFormFile? File { get; set; }
}
