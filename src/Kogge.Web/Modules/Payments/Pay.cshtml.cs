using Kogge.Web.Modules.Cases;
using Kogge.Web.Platform.Persistence;
using Kogge.Web.Platform.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Kogge.Web.Modules.Payments;

/// <summary>
/// "Gebühr bezahlen": the POST starts a payment and sends the applicant to the provider; the provider sends them back
/// here with the payment's id, and the page says plainly how it went (and offers to try again after a failure).
/// </summary>
[Authorize(Policy = CasesExtensions.ApplicantPolicy)]
[TenantOnly]
public sealed class PayModel(KoggeDbContext db, CasePayments payments) : PageModel
{
    public Case Case { get; private set; } = null!;

    public Payment Payment { get; private set; } = null!;

    public bool CanRetry { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, Guid? payment, CancellationToken cancellationToken)
    {
        var applicant = User.AccountId();
        var found = await db.Cases.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id && c.ApplicantId == applicant, cancellationToken);
        var attempt = found is null || payment is null ? null
            : await db.Payments.AsNoTracking().FirstOrDefaultAsync(p => p.Id == payment && p.CaseId == id && p.ApplicantId == applicant, cancellationToken);
        if (found is null || (payment is not null && attempt is null))
        {
            return NotFound();
        }

        if (attempt is null)
        {
            return Redirect($"~/konto/antraege/{id}");
        }

        Case = found;
        Payment = attempt;
        CanRetry = attempt.Status is PaymentStatus.Failed or PaymentStatus.Cancelled && payments.CanPay(found);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken)
    {
        var applicant = User.AccountId();
        var found = await db.Cases.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id && c.ApplicantId == applicant, cancellationToken);
        if (found is null)
        {
            return NotFound();
        }

        var service = await db.PublicServices.AsNoTracking().Where(s => s.Id == found.ServiceId).Select(s => s.Name).FirstAsync(cancellationToken);
        var start = await payments.StartAsync(id, applicant, service, p => Url.Page("/Payments/Pay", null, new { id, payment = p }, Request.Scheme)!, cancellationToken);
        // Nothing due (paid meanwhile, or no fee): back to the case, which shows why.
        return start is null ? Redirect($"~/konto/antraege/{id}") : Redirect(start.RedirectUrl);
    }
}
