using Kogge.Web.Platform.Identity;
using Kogge.Web.Platform.Persistence;
using Kogge.Web.Platform.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Kogge.Web.Modules.Admin.Users;

[Authorize(Policy = IdentityExtensions.TenantAdminPolicy)]
[TenantOnly]
public sealed class IndexModel(KoggeDbContext db, TimeProvider clock) : PageModel
{
    private const int PageSize = 50;

    public IReadOnlyList<UserRow> Users { get; private set; } = [];

    public string? Search { get; private set; }

    public int Total { get; private set; }

    public int PageNumber { get; private set; }

    public int Pages => (Total + PageSize - 1) / PageSize;

    public async Task OnGetAsync(string? suche, int seite = 1, CancellationToken cancellationToken = default)
    {
        Search = suche?.Trim();
        PageNumber = Math.Max(1, seite);
        var query = db.Users.AsNoTracking();
        if (!string.IsNullOrEmpty(Search))
        {
            var normalized = Search.ToUpperInvariant();
            query = query.Where(u => u.NormalizedEmail!.Contains(normalized) || u.DisplayName.Contains(Search));
        }

        Total = await query.CountAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var page = await query.OrderBy(u => u.DisplayName).ThenBy(u => u.Id)
            .Skip((PageNumber - 1) * PageSize).Take(PageSize)
            .Select(u => new { u.Id, u.DisplayName, u.Email, u.EmailConfirmed, u.LockoutEnd })
            .ToListAsync(cancellationToken);
        var ids = page.Select(u => u.Id).ToList();
        var roles = await db.UserRoles.Where(ur => ids.Contains(ur.UserId))
            .Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name })
            .ToListAsync(cancellationToken);
        Users = [.. page.Select(u => new UserRow(
            u.Id, u.DisplayName, u.Email ?? "",
            [.. roles.Where(r => r.UserId == u.Id).Select(r => r.Name!)],
            u.EmailConfirmed, u.LockoutEnd > now))];
    }
}

public sealed record UserRow(Guid Id, string DisplayName, string Email, IReadOnlyList<string> Roles, bool Confirmed, bool Locked);
