using Kogge.Web.Modules.Inbox;
using Kogge.Web.Platform.Persistence;
using Kogge.Web.Platform.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Kogge.Web.Modules.Cases.Files;

/// <summary>
/// The municipality's cases for its clerks: found by reference number (or a part of it), narrowed by status and
/// service, newest first, a page at a time.
/// </summary>
[Authorize(Policy = InboxExtensions.ClerkPolicy)]
[TenantOnly]
public sealed class IndexModel(KoggeDbContext db) : PageModel
{
    public const int PageSize = 25;

    [FromQuery(Name = "suche")]
    public string? Search { get; set; }

    [FromQuery(Name = "status")]
    public string? Status { get; set; }

    [FromQuery(Name = "leistung")]
    public Guid? ServiceId { get; set; }

    [FromQuery(Name = "seite")]
    public int? PageNumber { get; set; }

    public CaseStatus? StatusFilter { get; private set; }

    public IReadOnlyList<(Case Case, string Service)> Rows { get; private set; } = [];

    public IReadOnlyList<(Guid Id, string Name)> Services { get; private set; } = [];

    public int Total { get; private set; }

    public int CurrentPage { get; private set; } = 1;

    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Services = [.. (await db.PublicServices.AsNoTracking().OrderBy(s => s.Name).Select(s => new { s.Id, s.Name }).ToListAsync(cancellationToken))
            .Select(s => (s.Id, s.Name))];
        StatusFilter = Enum.TryParse<CaseStatus>(Status, ignoreCase: true, out var status) && Enum.IsDefined(status) ? status : null;
        var rows = db.Cases.AsNoTracking();
        if (Search?.Trim() is { Length: > 0 and <= 60 } search)
        {
            // Reference numbers are upper case (HRO-2026-000123); a clerk may type them in any case, or only the number.
            var pattern = "%" + search.ToUpperInvariant().Replace("\\", "", StringComparison.Ordinal).Replace("%", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal) + "%";
            rows = rows.Where(c => EF.Functions.Like(c.ReferenceNumber, pattern));
        }

        if (StatusFilter is { } s)
        {
            rows = rows.Where(c => c.Status == s);
        }

        if (ServiceId is { } serviceId)
        {
            rows = rows.Where(c => c.ServiceId == serviceId);
        }

        Total = await rows.CountAsync(cancellationToken);
        CurrentPage = Math.Clamp(PageNumber ?? 1, 1, PageCount);
        // Reference numbers count up with submission (year, then number), so they order newest first on every provider.
        var found = await rows.OrderByDescending(c => c.ReferenceNumber).Skip((CurrentPage - 1) * PageSize).Take(PageSize).ToListAsync(cancellationToken);
        var names = Services.ToDictionary(s => s.Id, s => s.Name);
        Rows = [.. found.Select(c => (c, names.GetValueOrDefault(c.ServiceId, "–")))];
    }

    /// <summary>This list's address with the current filters, on <paramref name="page"/>.</summary>
    public string Address(int page)
    {
        var query = new List<string>();
        if (Search is { Length: > 0 })
        {
            query.Add("suche=" + Uri.EscapeDataString(Search));
        }

        if (StatusFilter is { } s)
        {
            query.Add("status=" + s);
        }

        if (ServiceId is { } id)
        {
            query.Add("leistung=" + id);
        }

        if (page > 1)
        {
            query.Add("seite=" + page);
        }

        return Url.Content("~/vorgaenge") + (query.Count > 0 ? "?" + string.Join('&', query) : "");
    }
}
