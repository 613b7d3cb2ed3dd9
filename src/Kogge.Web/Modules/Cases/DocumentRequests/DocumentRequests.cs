using System.Globalization;
using Kogge.Bpmn.Engine;
using Kogge.Web.Modules.Cases.Apply;
using Kogge.Web.Platform.Audit;
using Kogge.Web.Platform.Outbox;
using Kogge.Web.Platform.Persistence;
using Kogge.Web.Platform.Processes;
using Kogge.Web.Platform.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Kogge.Web.Modules.Cases.DocumentRequests;

public enum DocumentRequestOutcome
{
    Done,
    NotFound,
    Invalid,
}

/// <summary>The result of a request or an answer: the request, or German messages by field (nothing was written then).</summary>
public sealed record DocumentRequestResult(DocumentRequestOutcome Outcome, DocumentRequest? Request, IReadOnlyDictionary<string, string> Errors)
{
    public static readonly DocumentRequestResult NotFound = new(DocumentRequestOutcome.NotFound, null, new Dictionary<string, string>());

    public static DocumentRequestResult Invalid(string field, string message) => new(DocumentRequestOutcome.Invalid, null, new Dictionary<string, string> { [field] = message });
}

/// <summary>
/// Asking the applicant for further documents and taking their answer. A request puts the case into "Wartet auf Ihre
/// Unterlagen" and e-mails the applicant (a link, no content); the answer stores the files with the case, marks the
/// request answered and publishes <see cref="AnsweredMessage"/> with the case id as correlation key, so that a
/// process waiting at a message catch event (typically with a timer boundary for a reminder) moves on.
/// </summary>
public sealed class DocumentRequests(KoggeDbContext db, Attachments attachments, EmailOutbox outbox, PortalLinks links, TenantContext tenant,
    ProcessEngine engine, TenantProcesses processes, AuditLog audit, TimeProvider clock, IStringLocalizer<SharedResource> l, ILogger<DocumentRequests> log)
{
    public const string AnsweredMessage = "unterlagen-eingegangen";

    /// <summary>The field key under which an answer's files are kept: <c>nachforderung:{request id}</c>.</summary>
    public static string FieldKey(Guid requestId) => $"nachforderung:{requestId}";

    /// <summary>Today in the municipality's calendar (all Kogge municipalities are German).</summary>
    public static DateOnly Today(TimeProvider clock) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin")).DateTime);

    public async Task<DocumentRequestResult> CreateAsync(Guid caseId, string? text, DateOnly? dueDate, Guid clerk, CancellationToken cancellationToken)
    {
        var c = await db.Cases.FirstOrDefaultAsync(x => x.Id == caseId, cancellationToken);
        if (c is null)
        {
            return DocumentRequestResult.NotFound;
        }

        text = text?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return DocumentRequestResult.Invalid("text", l["Bitte schreiben Sie, welche Unterlagen fehlen."]);
        }

        if (text.Length > DocumentRequest.TextLength)
        {
            return DocumentRequestResult.Invalid("text", l["Bitte fassen Sie sich kürzer: höchstens {0} Zeichen.", DocumentRequest.TextLength]);
        }

        if (dueDate is not { } due || due <= Today(clock))
        {
            return DocumentRequestResult.Invalid("frist", l["Bitte geben Sie eine Frist an, die nach dem heutigen Tag liegt."]);
        }

        if (c.Status is CaseStatus.Decided or CaseStatus.Closed or CaseStatus.Withdrawn)
        {
            return DocumentRequestResult.Invalid("text", l["Zu einem entschiedenen oder abgeschlossenen Vorgang können Sie keine Unterlagen mehr anfordern."]);
        }

        var now = clock.GetUtcNow();
        var request = new DocumentRequest { CaseId = c.Id, Text = text, DueDate = due, Status = DocumentRequestStatus.Open, RequestedBy = clerk, RequestedAt = now };
        db.DocumentRequests.Add(request);
        c.Status = CaseStatus.WaitingForApplicant;
        c.UpdatedAt = now;
        db.CaseEvents.Add(new CaseEvent { CaseId = c.Id, At = now, Kind = CaseEventKinds.DocumentsRequested, Detail = l["Frist: {0}", due.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture)] });
        if (await ApplicantEmailAsync(c, cancellationToken) is { } email)
        {
            outbox.Enqueue(db, MailTemplates.DocumentRequestMail(email, tenant.Current!.Name, c.ReferenceNumber, links.Case(c.Id), CultureInfo.CurrentUICulture),
                MailTemplates.DocumentRequest, $"{MailTemplates.DocumentRequest}:{request.Id}");
        }

        audit.Add("case.documents-requested", "Case", c.Id, new { request = request.Id });
        await db.SaveChangesAsync(cancellationToken);
        return new DocumentRequestResult(DocumentRequestOutcome.Done, request, new Dictionary<string, string>());
    }

    /// <summary>The applicant's answer: at least one file, and a comment if they like.</summary>
    public async Task<DocumentRequestResult> AnswerAsync(Guid caseId, Guid requestId, Guid applicant, IReadOnlyList<IFormFile> files, string? comment,
        CancellationToken cancellationToken)
    {
        var c = await db.Cases.FirstOrDefaultAsync(x => x.Id == caseId && x.ApplicantId == applicant, cancellationToken);
        var request = c is null ? null : await db.DocumentRequests.FirstOrDefaultAsync(r => r.Id == requestId && r.CaseId == caseId, cancellationToken);
        if (c is null || request is null)
        {
            return DocumentRequestResult.NotFound;
        }

        if (request.Status == DocumentRequestStatus.Answered)
        {
            return DocumentRequestResult.Invalid("dateien", l["Diese Anforderung haben Sie bereits beantwortet."]);
        }

        comment = comment?.Trim();
        if (comment?.Length > DocumentRequest.CommentLength)
        {
            return DocumentRequestResult.Invalid("kommentar", l["Bitte fassen Sie sich kürzer: höchstens {0} Zeichen.", DocumentRequest.CommentLength]);
        }

        if (files.Count == 0 || files.All(f => f.Length == 0))
        {
            return DocumentRequestResult.Invalid("dateien", l["Bitte wählen Sie mindestens eine Datei aus."]);
        }

        var (added, error) = await attachments.AddToCaseAsync(c.Id, FieldKey(request.Id), applicant, [.. files.Where(f => f.Length > 0)], cancellationToken);
        if (error is not null)
        {
            db.ChangeTracker.Clear();
            return DocumentRequestResult.Invalid("dateien", error);
        }

        var now = clock.GetUtcNow();
        request.Status = DocumentRequestStatus.Answered;
        request.AnsweredAt = now;
        request.Comment = string.IsNullOrEmpty(comment) ? null : comment;
        var stillOpen = await db.DocumentRequests.AnyAsync(r => r.CaseId == c.Id && r.Id != request.Id && r.Status != DocumentRequestStatus.Answered, cancellationToken);
        if (!stillOpen && c.Status == CaseStatus.WaitingForApplicant)
        {
            c.Status = CaseStatus.InProgress;
        }

        c.UpdatedAt = now;
        db.CaseEvents.Add(new CaseEvent { CaseId = c.Id, At = now, Kind = CaseEventKinds.DocumentsAnswered, Detail = string.Join(", ", added.Select(d => d.FileName)) });
        audit.Add("case.documents-answered", "Case", c.Id, new { request = request.Id, files = added.Count });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Answered (or changed by the clerk) in another request a moment ago.
            db.ChangeTracker.Clear();
            return DocumentRequestResult.Invalid("dateien", l["Diese Anforderung haben Sie bereits beantwortet."]);
        }

        try
        {
            await engine.Runtime.CorrelateMessageAsync(AnsweredMessage, c.Id.ToString(), new Dictionary<string, object?> { ["nachforderungId"] = request.Id.ToString() },
                TimeSpan.Zero, processes.TenantId, cancellationToken);
        }
        catch (ProcessEngineException e)
        {
            // The answer stands; the clerk sees it in the case file.
            log.LogError("The answer message of case {CaseId} was not published: {ExceptionType}", c.Id, e.GetType().Name);
        }

        return new DocumentRequestResult(DocumentRequestOutcome.Done, request, new Dictionary<string, string>());
    }

    private Task<string?> ApplicantEmailAsync(Case c, CancellationToken cancellationToken) =>
        db.Users.Where(u => u.Id == c.ApplicantId && u.EmailConfirmed).Select(u => u.Email).FirstOrDefaultAsync(cancellationToken);
}
