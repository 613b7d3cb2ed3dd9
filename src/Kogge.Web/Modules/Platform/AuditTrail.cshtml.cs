using Kogge.Web.Modules.Admin.AuditTrail;
using Kogge.Web.Platform.Audit;
using Kogge.Web.Platform.Identity;
using Kogge.Web.Platform.Persistence;
using Kogge.Web.Platform.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Kogge.Web.Modules.Platform;

[Authorize(Policy = IdentityExtensions.PlatformAdminPolicy)]
[PlatformOnly]
public sealed class AuditTrailModel(KoggeDbContext db, AuditVerifier verifier, IStringLocalizer<SharedResource> l) : PageModel
{
    public AuditView View { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        View = await AuditView.LoadAsync(db, verifier, Guid.Empty, l, cancellationToken);
}
