using Kogge.Web.Platform.Hosting;
using Kogge.Web.Platform.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Kogge.Web.Modules.Catalog.Packages;

/// <summary>Upload a service package; it lands as a draft, or the page lists every problem and nothing is stored.</summary>
[Authorize(Policy = CatalogExtensions.DesignerPolicy)]
[TenantOnly]
public sealed class ImportModel(PackageImport import, IConfiguration configuration, IStringLocalizer<SharedResource> l) : PageModel
{
    public IReadOnlyList<PackageProblem> Problems { get; private set; } = [];

    /// <summary>The largest package this page takes: the package limit, or the host's request limit when that is lower.</summary>
    public string MaxSize
    {
        get
        {
            var bytes = Math.Min(PackageFormat.MaxPackageBytes, HostingExtensions.MaxRequestBodyBytes(configuration));
            return bytes >= 1024 * 1024 ? $"{bytes / (1024 * 1024)} MB" : $"{bytes / 1024} KB";
        }
    }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(IFormFile? paket, CancellationToken cancellationToken)
    {
        if (paket is not { Length: > 0 })
        {
            ModelState.AddModelError("paket", l["Bitte wählen Sie ein Leistungspaket (Zip-Datei) aus."]);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }

        await using var stream = paket.OpenReadStream();
        var result = await import.ImportAsync(stream, cancellationToken);
        if (result.Outcome == ImportOutcome.Imported)
        {
            return RedirectToPage("/Catalog/Versions/Detail", new { id = result.ServiceId, number = result.VersionNumber, hinweis = result.NewService ? "paket-neu" : "paket" });
        }

        Problems = result.Problems;
        ModelState.AddModelError("paket", l["Das Paket wurde nicht eingespielt; nichts wurde gespeichert. Der Prüfbericht unten nennt {0} Problem(e).", result.Problems.Count]);
        Response.StatusCode = result.Outcome switch
        {
            ImportOutcome.TooLarge => StatusCodes.Status413PayloadTooLarge,
            ImportOutcome.Conflict => StatusCodes.Status409Conflict,
            ImportOutcome.Invalid => StatusCodes.Status422UnprocessableEntity,
            _ => StatusCodes.Status400BadRequest,
        };
        return Page();
    }
}
