using Kogge.Web.Modules.Admin.Outbox;
using Kogge.Web.Platform.Audit;
using Kogge.Web.Platform.Identity;
using Kogge.Web.Platform.Outbox;
using Kogge.Web.Platform.Persistence;
using Kogge.Web.Platform.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Kogge.Web.Modules.Platform;

/// <summary>The outbox of every municipality and of the platform itself.</summary>
[Authorize(Policy = IdentityExtensions.PlatformAdminPolicy)]
[PlatformOnly]
public sealed class OutboxModel(KoggeDbContext db, EmailOutbox outbox, AuditLog audit, IStringLocalizer<SharedResource> l) : PageModel
{
    public OutboxView View { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        View = await OutboxView.LoadAsync(db, platform: true, null, cancellationToken);

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken)
    {
        var view = await OutboxView.ResendAsync(db, outbox, audit, id, platform: true, l["Die E-Mail wird erneut gesendet."], cancellationToken);
        if (view is null)
        {
            return NotFound();
        }

        View = view;
        return Page();
    }
}
