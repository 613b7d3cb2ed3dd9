using Kogge.Web.Platform.Audit;
using Kogge.Web.Platform.Persistence;
using Kogge.Web.Platform.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Kogge.Web.Modules.Catalog.Services;

[Authorize(Policy = CatalogExtensions.DesignerPolicy)]
[TenantOnly]
public sealed class CreateModel(KoggeDbContext db, AuditLog audit, TimeProvider clock, IStringLocalizer<SharedResource> l) : PageModel, IServiceForm
{
    [BindProperty]
    public ServiceInput Input { get; set; } = new() { TrustLevel = TrustLevel.Low };

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var key = LeikaKey.Normalize(Input.LeikaKey)!;
        if (await db.PublicServices.AnyAsync(s => s.LeikaKey == key, cancellationToken))
        {
            ModelState.AddModelError("Input.LeikaKey", l["Ihre Kommune hat bereits eine Leistung mit diesem LeiKa-Schlüssel."]);
            return Page();
        }

        var now = clock.GetUtcNow();
        var service = new PublicService { LeikaKey = key, Name = "", Slug = await FreeSlugAsync(db, Input.Name, cancellationToken), CreatedAt = now, UpdatedAt = now };
        Input.ApplyTo(service);
        db.PublicServices.Add(service);
        audit.Add("catalog.service_created", "PublicService", service.Id, new { service.LeikaKey });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The same key or address saved by someone else a moment ago.
            ModelState.AddModelError("Input.LeikaKey", l["Ihre Kommune hat bereits eine Leistung mit diesem LeiKa-Schlüssel."]);
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }

        return RedirectToPage("/Catalog/Services/Edit", new { id = service.Id, hinweis = "angelegt" });
    }

    /// <summary>The address part from the name, numbered when another service of the municipality has it.</summary>
    internal static async Task<string> FreeSlugAsync(KoggeDbContext db, string name, CancellationToken cancellationToken)
    {
        var slug = CatalogSearch.Slug(name);
        var taken = await db.PublicServices.Where(s => s.Slug == slug || s.Slug.StartsWith(slug + "-")).Select(s => s.Slug).ToListAsync(cancellationToken);
        var candidate = slug;
        for (var n = 2; taken.Contains(candidate); n++)
        {
            candidate = $"{slug}-{n}";
        }

        return candidate;
    }
}
