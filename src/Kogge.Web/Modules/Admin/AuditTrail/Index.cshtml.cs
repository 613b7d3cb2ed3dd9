using Kogge.Web.Platform.Audit;
using Kogge.Web.Platform.Identity;
using Kogge.Web.Platform.Persistence;
using Kogge.Web.Platform.Tenancy;
using Kogge.Web.Platform.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Kogge.Web.Modules.Admin.AuditTrail;

[Authorize(Policy = IdentityExtensions.TenantAdminPolicy)]
[TenantOnly]
public sealed class IndexModel(KoggeDbContext db, AuditVerifier verifier, TenantContext tenant, IStringLocalizer<SharedResource> l) : PageModel
{
    public AuditView View { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        View = await AuditView.LoadAsync(db, verifier, tenant.TenantId, l, cancellationToken);
}
