using Kogge.Web.Platform.Persistence;
using Kogge.Web.Platform.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Kogge.Web.Modules.Catalog.Services;

/// <summary>The process designers' list of the municipality's services with the state of their versions.</summary>
[Authorize(Policy = CatalogExtensions.DesignerPolicy)]
[TenantOnly]
public sealed class IndexModel(KoggeDbContext db) : PageModel
{
    public IReadOnlyList<ServiceRow> Services { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Services = await db.PublicServices.AsNoTracking().OrderBy(s => s.Name).ThenBy(s => s.Id)
            .Select(s => new ServiceRow(
                s.Id, s.Name, s.LeikaKey, s.Category,
                s.Versions.Where(v => v.State == VersionState.Published).Select(v => (int?)v.Number).FirstOrDefault(),
                s.Versions.Where(v => v.State == VersionState.Draft).Select(v => (int?)v.Number).FirstOrDefault()))
            .ToListAsync(cancellationToken);
    }
}

public sealed record ServiceRow(Guid Id, string Name, string LeikaKey, ServiceCategory Category, int? Published, int? Draft);
