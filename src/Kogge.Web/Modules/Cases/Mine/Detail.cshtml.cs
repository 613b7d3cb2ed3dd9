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
/// </summary>
[Authorize(Policy = CasesExtensions.ApplicantPolicy)]
[TenantOnly]
public sealed class DetailModel(KoggeDbContext db) : PageModel
{
    public Case Case { get; private set; } = null!;

    public string ServiceName { get; private set; } = "";

    public bool IsReceipt { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, string? eingang, CancellationToken cancellationToken)
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
