using Kogge.Web.Platform.Persistence;
using Kogge.Web.Platform.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Kogge.Web.Modules.Catalog.Citizen;

/// <summary>
/// The citizens' catalogue: services with a published version, searchable by name, short text and LeiKa key
/// (case and umlauts do not matter), filtered by category.
/// </summary>
[AllowAnonymous]
[TenantOnly]
public sealed class IndexModel(KoggeDbContext db) : PageModel
{
    public string? Search { get; private set; }

    public ServiceCategory? Category { get; private set; }

    public IReadOnlyList<PublicServiceCard> Services { get; private set; } = [];

    public async Task OnGetAsync(string? suche, string? bereich, CancellationToken cancellationToken)
    {
        Search = suche?.Trim() is { Length: > 0 } s ? s[..Math.Min(s.Length, 200)] : null;
        Category = Enum.TryParse<ServiceCategory>(bereich, ignoreCase: false, out var c) && Enum.IsDefined(c) ? c : null;
        var query = db.PublicServices.AsNoTracking().Where(p => p.PublishedVersionId != null);
        if (Search is not null)
        {
            var folded = CatalogSearch.FoldQuery(Search);
            query = query.Where(p => p.SearchText.Contains(folded));
        }

        if (Category is { } category)
        {
            query = query.Where(p => p.Category == category);
        }

        Services = await query.OrderBy(p => p.Name).ThenBy(p => p.Id).Take(200)
            .Select(p => new PublicServiceCard(p.Slug, p.Name, p.ShortText, p.Category))
            .ToListAsync(cancellationToken);
    }
}

public sealed record PublicServiceCard(string Slug, string Name, string ShortText, ServiceCategory Category);
