using Kogge.Web.Platform.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kogge.Web.Modules.Catalog.Packages;

/// <summary>The download button of a version page: the version as a service package.</summary>
[Authorize(Policy = CatalogExtensions.DesignerPolicy)]
[TenantOnly]
public sealed class ExportModel(PackageExport export) : PageModel
{
    public async Task<IActionResult> OnGetAsync(Guid id, int number, CancellationToken cancellationToken) =>
        await export.ExportAsync(id, number, cancellationToken) is { } package
            ? File(package.Bytes, PackageFormat.MediaType, package.FileName)
            : NotFound();
}
