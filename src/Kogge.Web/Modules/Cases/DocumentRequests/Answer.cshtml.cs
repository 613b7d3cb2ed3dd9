using Kogge.Web.Platform.Persistence;
using Kogge.Web.Platform.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Kogge.Web.Modules.Cases.DocumentRequests;

/// <summary>The applicant answers a document request of their case: files (checked by their content) and a comment.</summary>
[Authorize(Policy = CasesExtensions.ApplicantPolicy)]
[TenantOnly]
[RequestSizeLimit(CaseFiles.MaxApplicationBytes + (1024 * 1024))]
[RequestFormLimits(MultipartBodyLengthLimit = CaseFiles.MaxApplicationBytes)]
public sealed class AnswerModel(KoggeDbContext db, DocumentRequests requests) : PageModel
{
    public Case Case { get; private set; } = null!;

    public DocumentRequest Asked { get; private set; } = null!;

    public string? FileError { get; private set; }

    public string? CommentError { get; private set; }

    public string? Comment { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, Guid request, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, request, cancellationToken))
        {
            return NotFound();
        }

        return Asked.Status == DocumentRequestStatus.Answered ? Redirect($"~/konto/antraege/{id}") : Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, Guid request, List<IFormFile>? dateien, string? kommentar, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, request, cancellationToken))
        {
            return NotFound();
        }

        var result = await requests.AnswerAsync(id, request, User.AccountId(), dateien ?? [], kommentar, cancellationToken);
        switch (result.Outcome)
        {
            case DocumentRequestOutcome.NotFound:
                return NotFound();
            case DocumentRequestOutcome.Invalid:
                FileError = result.Errors.GetValueOrDefault("dateien");
                CommentError = result.Errors.GetValueOrDefault("kommentar");
                Comment = kommentar;
                Response.StatusCode = StatusCodes.Status400BadRequest;
                return Page();
            default:
                return Redirect($"~/konto/antraege/{id}?hinweis=nachgereicht");
        }
    }

    private async Task<bool> LoadAsync(Guid id, Guid request, CancellationToken cancellationToken)
    {
        var applicant = User.AccountId();
        var found = await db.Cases.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id && c.ApplicantId == applicant, cancellationToken);
        var asked = found is null ? null : await db.DocumentRequests.AsNoTracking().FirstOrDefaultAsync(r => r.Id == request && r.CaseId == id, cancellationToken);
        if (found is null || asked is null)
        {
            return false;
        }

        Case = found;
        Asked = asked;
        return true;
    }
}
