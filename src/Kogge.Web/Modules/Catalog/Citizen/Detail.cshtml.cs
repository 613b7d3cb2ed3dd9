using Kogge.Web.Platform.Persistence;
using Kogge.Web.Platform.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Kogge.Web.Modules.Catalog.Citizen;

/// <summary>A service page for citizens, addressed by its readable slug or its id; only services with a published version.</summary>
[AllowAnonymous]
[TenantOnly]
public sealed class DetailModel(KoggeDbContext db) : PageModel
{
    public PublicService Service { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string key, CancellationToken cancellationToken)
    {
        var published = db.PublicServices.AsNoTracking().Where(s => s.PublishedVersionId != null);
        var service = Guid.TryParse(key, out var id)
            ? await published.FirstOrDefaultAsync(s => s.Id == id, cancellationToken)
            : await published.FirstOrDefaultAsync(s => s.Slug == key, cancellationToken);
        if (service is null)
        {
            return NotFound();
        }

        Service = service;
        return Page();
    }
}
