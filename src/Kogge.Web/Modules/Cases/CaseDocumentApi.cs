using Kogge.Web.Modules.Api;
using Kogge.Web.Modules.Cases.DocumentRequests;
using Kogge.Web.Platform.Audit;
using Kogge.Web.Platform.Identity;
using Kogge.Web.Platform.Persistence;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Kogge.Web.Modules.Cases;

/// <summary>
/// A case's documents for machine clients: the attachments and notices, one document's content, the document
/// requests, and answering a request with files. The service account that submitted the case sees its own case;
/// a clerk's client sees every case of the municipality but answers none. Another case is not found.
/// Stored documents were checked by their first bytes and, where clamd is configured, scanned before they were
/// stored, so every listed document may be downloaded.
/// </summary>
public static class CaseDocumentApi
{
    public static WebApplication MapCaseDocumentApi(this WebApplication app)
    {
        var group = app.MapApiV1().RequireAuthorization(p => p.RequireRole(Roles.ProcessWorker, Roles.ProcessAdmin, Roles.Clerk)).WithTags("Applications and cases");
        group.MapGet("/cases/{id:guid}/documents", ListAsync).WithName("ListCaseDocuments")
            .WithSummary("The case's documents (attachments and notices), oldest first, without their content.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/cases/{id:guid}/documents/{document:guid}", DownloadAsync).WithName("GetCaseDocument")
            .WithSummary("One document's content with its stored type, as a download.")
            .Produces(StatusCodes.Status200OK, contentType: "application/octet-stream").ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/cases/{id:guid}/document-requests", RequestsAsync).WithName("ListDocumentRequests")
            .WithSummary("The documents asked for on this case, oldest first, with their state.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/cases/{id:guid}/document-requests/{request:guid}/answer", AnswerAsync).WithName("AnswerDocumentRequest")
            .WithSummary("The applicant answers a document request with files (multipart/form-data: one or more 'files', an optional 'comment').")
            .DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(CaseFiles.MaxApplicationBytes + (1024 * 1024)), new RequestFormLimitsAttribute { MultipartBodyLengthLimit = CaseFiles.MaxApplicationBytes })
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        return app;
    }

    /// <summary>The case, if the caller may read it: its submitter, or a clerk's client of the municipality.</summary>
    private static Task<Case?> VisibleAsync(HttpContext context, KoggeDbContext db, Guid id, CancellationToken cancellationToken)
    {
        var caller = context.User.AccountId();
        var clerk = context.User.IsInRole(Roles.Clerk);
        return db.Cases.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id && (clerk || c.ApplicantId == caller), cancellationToken);
    }

    private static ProblemHttpResult AnswerNotFound() => TypedResults.Problem(title: "Anforderung nicht gefunden.", statusCode: StatusCodes.Status404NotFound);

    private static ProblemHttpResult CaseNotFound() => TypedResults.Problem(title: "Vorgang nicht gefunden.", statusCode: StatusCodes.Status404NotFound);

    private static async Task<Results<Ok<List<CaseDocumentDto>>, ProblemHttpResult>> ListAsync(HttpContext context, KoggeDbContext db, Guid id, CancellationToken cancellationToken)
    {
        if (await VisibleAsync(context, db, id, cancellationToken) is null)
        {
            return CaseNotFound();
        }

        var documents = await db.CaseDocuments.AsNoTracking().Where(d => d.CaseId == id)
            .Select(d => new CaseDocumentDto(d.Id, d.Kind, d.FieldKey, d.FileName, d.ContentType, d.Size, d.Sha256, d.UploadedAt)).ToListAsync(cancellationToken);

        // A case has few documents; sorted here because SQLite cannot order by a DateTimeOffset.
        return TypedResults.Ok(documents.OrderBy(d => d.UploadedAt).ThenBy(d => d.FileName, StringComparer.Ordinal).ToList());
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> DownloadAsync(HttpContext context, KoggeDbContext db, AuditLog audit, Guid id, Guid document,
        CancellationToken cancellationToken)
    {
        var file = await VisibleAsync(context, db, id, cancellationToken) is null ? null
            : await db.CaseDocuments.AsNoTracking().FirstOrDefaultAsync(d => d.Id == document && d.CaseId == id, cancellationToken);
        if (file is null)
        {
            return TypedResults.Problem(title: "Dokument nicht gefunden.", statusCode: StatusCodes.Status404NotFound);
        }

        var content = await db.CaseDocumentContents.AsNoTracking().FirstAsync(c => c.Id == file.Id, cancellationToken);
        await audit.WriteAsync("case.document_opened", "CaseDocument", file.Id, new { @case = id }, cancellationToken);
        context.Response.Headers.XContentTypeOptions = "nosniff";
        return TypedResults.File(content.Data, file.ContentType, file.FileName);
    }

    private static async Task<Results<Ok<List<DocumentRequestDto>>, ProblemHttpResult>> RequestsAsync(HttpContext context, KoggeDbContext db, Guid id,
        CancellationToken cancellationToken)
    {
        if (await VisibleAsync(context, db, id, cancellationToken) is null)
        {
            return CaseNotFound();
        }

        var requests = await db.DocumentRequests.AsNoTracking().Where(r => r.CaseId == id).ToListAsync(cancellationToken);
        return TypedResults.Ok(requests.OrderBy(r => r.RequestedAt).Select(DocumentRequestDto.Of).ToList());
    }

    private static async Task<Results<Ok<DocumentRequestDto>, ProblemHttpResult, ValidationProblem>> AnswerAsync(HttpContext context, KoggeDbContext db,
        DocumentRequests.DocumentRequests requests, Guid id, Guid request, CancellationToken cancellationToken)
    {
        var caller = context.User.AccountId();
        if (!await db.DocumentRequests.AnyAsync(r => r.Id == request && r.CaseId == id && db.Cases.Any(c => c.Id == id && c.ApplicantId == caller), cancellationToken))
        {
            return AnswerNotFound();
        }

        if (!context.Request.HasFormContentType)
        {
            return TypedResults.Problem(title: "Falsches Datenformat.", detail: "Senden Sie die Dateien als multipart/form-data im Feld 'files'.",
                statusCode: StatusCodes.Status415UnsupportedMediaType);
        }

        IFormCollection form;
        try
        {
            form = await context.Request.ReadFormAsync(cancellationToken);
        }
        catch (Exception e) when (e is InvalidDataException or BadHttpRequestException)
        {
            return CaseFiles.UnreadableForm(e);
        }

        var result = await requests.AnswerAsync(id, request, caller, form.Files.GetFiles("files"), form["comment"].ToString(), cancellationToken);
        return result.Outcome switch
        {
            DocumentRequestOutcome.NotFound => AnswerNotFound(),
            DocumentRequestOutcome.Invalid => TypedResults.ValidationProblem(
                result.Errors.ToDictionary(e => e.Key == "kommentar" ? "comment" : "files", e => new[] { e.Value }), title: "Die Antwort wurde nicht angenommen."),
            _ => TypedResults.Ok(DocumentRequestDto.Of(result.Request!)),
        };
    }
}

public sealed record CaseDocumentDto(Guid Id, CaseDocumentKind Kind, string FieldKey, string FileName, string ContentType, long Size, string Sha256, DateTimeOffset UploadedAt);
