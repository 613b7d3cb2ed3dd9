using Kogge.Web.Modules.Cases.DocumentRequests;
using Kogge.Web.Modules.Fees;
using Kogge.Web.Modules.Payments;
using Kogge.Web.Platform.Persistence;
using Kogge.Web.Platform.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Kogge.Web.Modules.Cases.Mine;

/// <summary>
/// One of the applicant's cases: where it stands, its timeline and its documents. Another account's case is not
/// found (404), so that its existence is not given away. With <c>/eingang</c> it is the receipt after submission.
/// Open document requests come first, then the fee and its payment, the mailbox with notices, the timeline and files.
/// </summary>
[Authorize(Policy = CasesExtensions.ApplicantPolicy)]
[TenantOnly]
public sealed class DetailModel(KoggeDbContext db, CasePayments payments) : PageModel
{
    public IReadOnlyList<DocumentRequest> Requests { get; private set; } = [];

    public IReadOnlyList<FeeLine> FeeLines { get; private set; } = [];

    public bool CanPay { get; private set; }

    public bool OnlinePayment => payments.Provider is not null;

    /// <summary>The latest payment that did not go through, when the fee is still open: the page says so.</summary>
    public Payment? LastUnfinished { get; private set; }

    public IReadOnlyList<CaseDocument> Notices => [.. Case.Documents.Where(d => d.Kind == CaseDocumentKind.Notice).OrderByDescending(d => d.UploadedAt)];

    public IReadOnlyList<CaseDocument> Files => [.. Case.Documents.Where(d => d.Kind != CaseDocumentKind.Notice).OrderBy(d => d.UploadedAt)];

    public string? Notice { get; private set; }

    public Case Case { get; private set; } = null!;

    public string ServiceName { get; private set; } = "";

    public bool IsReceipt { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, string? eingang, string? hinweis, CancellationToken cancellationToken)
    {
        var applicant = User.AccountId();
        var found = await db.Cases.AsNoTracking().Include(c => c.Events.Where(e => e.VisibleToApplicant)).Include(c => c.Documents)
            .FirstOrDefaultAsync(c => c.Id == id && c.ApplicantId == applicant, cancellationToken);
        if (found is null)
        {
            return NotFound();
        }

        found.Events = [.. found.Events.OrderBy(e => e.At)];
        Case = found;
        ServiceName = await db.PublicServices.AsNoTracking().Where(s => s.Id == found.ServiceId).Select(s => s.Name).FirstAsync(cancellationToken);
        IsReceipt = eingang is not null;
        Notice = hinweis;
        // A person's requests and payments of one case are few; sorted here because SQLite cannot order by a DateTimeOffset.
        Requests = [.. (await db.DocumentRequests.AsNoTracking().Where(r => r.CaseId == id).ToListAsync(cancellationToken)).OrderBy(r => r.RequestedAt)];
        FeeLines = ServiceFees.Lines(found.FeeBreakdown);
        CanPay = payments.CanPay(found);
        var latest = (await db.Payments.AsNoTracking().Where(p => p.CaseId == id).ToListAsync(cancellationToken)).MaxBy(p => p.CreatedAt);
        LastUnfinished = CanPay && latest?.Status is PaymentStatus.Failed or PaymentStatus.Cancelled ? latest : null;
        return Page();
    }

    /// <summary>The applicant's own attachment, as it was uploaded.</summary>
    public async Task<IActionResult> OnGetDocumentAsync(Guid id, Guid document, CancellationToken cancellationToken)
    {
        var applicant = User.AccountId();
        var file = await db.CaseDocuments.AsNoTracking()
            .Where(d => d.Id == document && d.CaseId == id && db.Cases.Any(c => c.Id == id && c.ApplicantId == applicant))
            .FirstOrDefaultAsync(cancellationToken);
        if (file is null)
        {
            return NotFound();
        }

        var content = await db.CaseDocumentContents.AsNoTracking().FirstAsync(c => c.Id == file.Id, cancellationToken);
        return File(content.Data, file.ContentType, file.FileName);
    }
}
