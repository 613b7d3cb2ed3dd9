using Kogge.Web.Modules.Cases;
using Kogge.Web.Platform.Persistence;
using Kogge.Web.Platform.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Kogge.Web.Modules.Payments;

/// <summary>
/// The test provider's page: it stands in for a real provider's checkout, so the citizen chooses the outcome. It
/// reports like a provider's callback and then sends the citizen back. Not found where the test provider is off.
/// </summary>
[Authorize(Policy = CasesExtensions.ApplicantPolicy)]
[TenantOnly]
public sealed class TestProviderModel(KoggeDbContext db, CasePayments payments) : PageModel
{
    public Payment Payment { get; private set; } = null!;

    public string ReferenceNumber { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(Guid id, string? ergebnis, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        PaymentStatus? outcome = ergebnis switch
        {
            "erfolg" => PaymentStatus.Succeeded,
            "fehler" => PaymentStatus.Failed,
            "abbruch" => PaymentStatus.Cancelled,
            _ => null,
        };
        if (outcome is null)
        {
            return BadRequest();
        }

        await payments.CompleteAsync(id, outcome.Value, "Testzahlung", cancellationToken);
        return Redirect($"~/konto/antraege/{Payment.CaseId}/zahlung/{id}");
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        if (payments.Provider is not TestPaymentProvider)
        {
            return false;
        }

        var applicant = User.AccountId();
        var found = await db.Payments.AsNoTracking()
            .FirstOrDefaultAsync(p => p.Id == id && p.ApplicantId == applicant && p.Provider == TestPaymentProvider.ProviderName, cancellationToken);
        if (found is null)
        {
            return false;
        }

        Payment = found;
        ReferenceNumber = await db.Cases.AsNoTracking().Where(c => c.Id == found.CaseId).Select(c => c.ReferenceNumber).FirstAsync(cancellationToken);
        return true;
    }
}
