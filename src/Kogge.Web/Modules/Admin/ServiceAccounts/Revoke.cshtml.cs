using Kogge.Web.Platform.Api;
using Kogge.Web.Platform.Audit;
using Kogge.Web.Platform.Identity;
using Kogge.Web.Platform.Persistence;
using Kogge.Web.Platform.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Kogge.Web.Modules.Admin.ServiceAccounts;

[Authorize(Policy = IdentityExtensions.TenantAdminPolicy)]
[TenantOnly]
public sealed class RevokeModel(KoggeDbContext db, AuditLog audit, TimeProvider clock) : PageModel
{
    public ServiceAccount Account { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        var account = await db.ServiceAccounts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (account is null)
        {
            return NotFound();
        }

        Account = account;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, int version, CancellationToken cancellationToken)
    {
        var account = await db.ServiceAccounts.FirstOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (account is null)
        {
            return NotFound();
        }

        if (account.RevokedAt is null)
        {
            db.Entry(account).Property(a => a.Version).OriginalValue = version;
            account.RevokedAt = clock.GetUtcNow();
            audit.Add("service_account.revoked", "ServiceAccount", account.Id);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                return StatusCode(StatusCodes.Status409Conflict);
            }
        }

        return RedirectToPage("/Admin/ServiceAccounts/Index");
    }
}
