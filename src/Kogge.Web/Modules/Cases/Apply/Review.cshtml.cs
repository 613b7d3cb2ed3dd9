using System.Globalization;
using System.Text.Json.Nodes;
using Kogge.Forms.Schema;
using Kogge.Forms.Validation;
using Kogge.Web.Modules.Fees;
using Kogge.Web.Platform.Persistence;
using Kogge.Web.Platform.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Kogge.Web.Modules.Cases.Apply;

/// <summary>"Ihre Angaben prüfen": every answer with a link back to its page, the files, and the binding submission.</summary>
[Authorize(Policy = CasesExtensions.ApplicantPolicy)]
[TenantOnly]
public sealed class ReviewModel(KoggeDbContext db, CaseSubmission submission, IStringLocalizer<SharedResource> l) : PageModel
{
    public StartForm Start { get; private set; } = null!;

    public ApplicationDraft Draft { get; private set; } = null!;

    /// <summary>Per page: its number, title and the answers shown on it.</summary>
    public IReadOnlyList<(int Page, string Title, IReadOnlyList<(string Label, string Value)> Answers)> Sections { get; private set; } = [];

    public IReadOnlyList<FieldError> Errors { get; private set; } = [];

    /// <summary>The fee as the version's rule computes it from the answers; null when the service charges none up front.</summary>
    public FeeResult? Fee { get; private set; }

    public async Task<IActionResult> OnGetAsync(string key, CancellationToken cancellationToken)
    {
        if (await LoadAsync(key, cancellationToken) is { } missing)
        {
            return missing;
        }

        Errors = Validate();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string key, string? idempotencyKey, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(idempotencyKey) || idempotencyKey.Length > CasesModel.IdempotencyKeyLength)
        {
            return BadRequest();
        }

        var applicant = User.AccountId();
        if (await ReceiptAsync(applicant, idempotencyKey, cancellationToken) is { } receipt)
        {
            // Sent twice (a double click, a reload, a second tab): the first submission's receipt.
            return receipt;
        }

        if (await LoadAsync(key, cancellationToken) is { } missing)
        {
            // The draft may have gone with a submission of the same key that committed a moment ago.
            return await ReceiptAsync(applicant, idempotencyKey, cancellationToken) ?? missing;
        }

        var result = await submission.SubmitAsync(Start, applicant, idempotencyKey, Data(), Draft.Id, cancellationToken);
        if (result.Outcome == SubmissionOutcome.Invalid)
        {
            Errors = result.Errors;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        return Redirect($"~/konto/antraege/{result.Case!.Id}/eingang");
    }

    private async Task<IActionResult?> ReceiptAsync(Guid applicant, string idempotencyKey, CancellationToken cancellationToken) =>
        await db.Cases.AsNoTracking().Where(c => c.ApplicantId == applicant && c.IdempotencyKey == idempotencyKey).Select(c => (Guid?)c.Id)
            .FirstOrDefaultAsync(cancellationToken) is { } id ? Redirect($"~/konto/antraege/{id}/eingang") : null;

    /// <summary>The page of the start form that holds <paramref name="path"/>, counted from 1.</summary>
    public int PageOf(string path)
    {
        var key = path.Split('.', '[')[0];
        for (var i = 0; i < Start.Pages.Count; i++)
        {
            if (Start.Pages[i].Keys.Contains(key, StringComparer.Ordinal))
            {
                return i + 1;
            }
        }

        return 1;
    }

    private async Task<IActionResult?> LoadAsync(string key, CancellationToken cancellationToken)
    {
        if (await StartForm.LoadAsync(db, key, cancellationToken) is not { } start)
        {
            return NotFound();
        }

        Start = start;
        var applicant = User.AccountId();
        var draft = await db.ApplicationDrafts.FirstOrDefaultAsync(d => d.ApplicantId == applicant && d.ServiceId == start.Service.Id, cancellationToken);
        if (draft is null || draft.Page < start.Pages.Count)
        {
            // Nothing to review yet: the form first.
            return Redirect($"~/leistungen/{start.Service.Slug}/antrag/{Math.Max(1, Math.Min((draft?.Page ?? 0) + 1, start.Pages.Count))}");
        }

        Draft = draft;
        var documents = await db.CaseDocuments.AsNoTracking().Where(d => d.DraftId == draft.Id).ToListAsync(cancellationToken);
        var data = Data();
        Sections = [.. start.Pages.Select((page, i) => (i + 1, page.Title ?? start.Service.Name, FormAnswers.Of(page.Form.AllComponents, data, documents, l)))];
        Fee = ServiceFees.For(start.Version, data);
        return null;
    }

    private JsonObject Data() => JsonNode.Parse(Draft.Data) as JsonObject ?? [];

    private List<FieldError> Validate() => Start.Form is null ? [] : [.. new FormValidator(Start.Form).Validate(Data()).Errors];
}
