using Kogge.Web.Platform.Persistence;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Kogge.Web.Modules.Catalog.Packages;

/// <summary>The package part of a version page: where an imported version came from, and the download of the version as a package.</summary>
public sealed class VersionPackage(KoggeDbContext db) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(PublicService service, ServiceVersion version)
    {
        var origin = await db.Set<PackageOrigin>().AsNoTracking().FirstOrDefaultAsync(o => o.VersionId == version.Id, HttpContext.RequestAborted);
        return View("~/Modules/Catalog/Packages/_VersionPackage.cshtml", new VersionPackageView(service, version, origin));
    }
}

public sealed record VersionPackageView(PublicService Service, ServiceVersion Version, PackageOrigin? Origin);
