using System.Text.Json;
using System.Text.Json.Nodes;
using Kogge.Web.Modules.Api;
using Kogge.Web.Modules.Cases.Apply;
using Kogge.Web.Modules.Fees;
using Kogge.Web.Platform.Hosting;
using Kogge.Web.Platform.Identity;
using Kogge.Web.Platform.Persistence;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Kogge.Web.Modules.Cases;

/// <summary>
/// Applications from machine clients (a portal, an intake system) and reading their cases. A client submits with
/// an <c>Idempotency-Key</c> header: the same key again returns the case of the first submission. Cases belong to
/// the service account that submitted them; another account's or another municipality's case is not found.
/// </summary>
public static class CaseApi
{
    private const string Tag = "Applications and cases";

    public static WebApplication MapCaseApi(this WebApplication app)
    {
        var group = app.MapApiV1().RequireAuthorization(p => p.RequireRole(Roles.ProcessWorker, Roles.ProcessAdmin)).WithTags(Tag);
        group.MapPost("/applications", Submit).WithName("SubmitApplication")
            .WithSummary("Submits an application for a service's published version; the Idempotency-Key header makes a repetition return the first case.")
            .WithDescription("As JSON, or as multipart/form-data with the JSON in the part 'application' and the files of each file field in parts "
                + "named by the field's key (PDF, PNG or JPEG by their first bytes; each at most 10 MB, all together at most 25 MB).")
            .Accepts<ApplicationRequest>("application/json", "multipart/form-data").DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(CaseFiles.MaxApplicationBytes + (1024 * 1024)), new RequestFormLimitsAttribute { MultipartBodyLengthLimit = CaseFiles.MaxApplicationBytes })
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        group.MapGet("/cases/{id:guid}", Get).WithName("GetCase").WithSummary("A case this service account submitted.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<Results<Created<CaseDto>, Ok<CaseDto>, ProblemHttpResult, ValidationProblem>> Submit(
        HttpContext context, KoggeDbContext db, CaseSubmission submission, Attachments attachments, IConfiguration configuration, [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(idempotencyKey) || idempotencyKey.Length > CasesModel.IdempotencyKeyLength)
        {
            return TypedResults.Problem(title: "Idempotency-Key fehlt.", detail: $"Senden Sie einen Header Idempotency-Key mit 1 bis {CasesModel.IdempotencyKeyLength} Zeichen, zum Beispiel eine UUID.",
                statusCode: StatusCodes.Status400BadRequest);
        }

        var (body, files, unreadable) = await ReadAsync(context.Request, HostingExtensions.MaxRequestBodyBytes(configuration), cancellationToken);
        if (unreadable is not null)
        {
            return unreadable;
        }

        if (body?.Service is not { Length: > 0 } key || body.Data is null)
        {
            return TypedResults.Problem(title: "Antrag unvollständig.", detail: "Der Antrag braucht 'service' (Kurzname oder Id der Leistung) und 'data' (die Angaben als JSON-Objekt).",
                statusCode: StatusCodes.Status400BadRequest);
        }

        if (await StartForm.LoadAsync(db, key, cancellationToken) is not { } start)
        {
            return TypedResults.Problem(title: "Leistung nicht gefunden.", detail: "Die Kommune hat keine Leistung dieses Namens mit einer veröffentlichten Version.",
                statusCode: StatusCodes.Status404NotFound);
        }

        // Files go with the start form's file fields; their ids become the fields' values, so the form's own rules
        // (required, multiple) judge them like the citizen's uploads.
        var pickers = start.Pages.SelectMany(p => p.FilePickers).ToDictionary(c => c.Key!, StringComparer.Ordinal);
        var read = new List<(CaseDocument Document, byte[] Data)>();
        if (files is not null)
        {
            if (files.FirstOrDefault(f => !pickers.ContainsKey(f.Name)) is { } stray)
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [stray.Name] = ["Das Antragsformular hat kein Dateifeld dieses Namens."] },
                    title: "Die Angaben passen nicht zum Antragsformular.");
            }

            if (files.Sum(f => f.Length) > CaseFiles.MaxApplicationBytes)
            {
                return TypedResults.Problem(title: "Die Dateien sind zu groß.", detail: $"Alle Dateien eines Antrags zusammen dürfen höchstens {CaseFiles.MaxApplicationBytes / (1024 * 1024)} MB groß sein.",
                    statusCode: StatusCodes.Status413PayloadTooLarge);
            }

            foreach (var group in files.GroupBy(f => f.Name, StringComparer.Ordinal))
            {
                var (documents, error) = await attachments.CheckAsync(group.Key, context.User.AccountId(), [.. group], cancellationToken);
                if (error is not null)
                {
                    return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [group.Key] = [error] }, title: "Eine Datei wurde nicht angenommen.");
                }

                read.AddRange(documents);
                body.Data[group.Key] = Attachments.FieldValue(documents.Select(d => d.Document));
            }
        }

        foreach (var picker in pickers.Keys.Where(k => files?.Any(f => f.Name == k) != true))
        {
            // A file field's value is only ever what was uploaded with it.
            body.Data.Remove(picker);
        }

        var result = await submission.SubmitAsync(start, context.User.AccountId(), idempotencyKey.Trim(), body.Data, null, cancellationToken, read);
        switch (result.Outcome)
        {
            case SubmissionOutcome.Invalid:
                return TypedResults.ValidationProblem(
                    result.Errors.GroupBy(e => e.Path).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()),
                    title: "Die Angaben passen nicht zum Antragsformular.");
            case SubmissionOutcome.Repeated:
                return TypedResults.Ok(await DtoAsync(db, result.Case!, cancellationToken));
            default:
                var dto = await DtoAsync(db, result.Case!, cancellationToken);
                return TypedResults.Created($"{context.Request.PathBase}/api/v1/cases/{dto.Id}", dto);
        }
    }

    /// <summary>
    /// The application from a JSON body (within the host's usual body limit: only file uploads may be larger), or from
    /// a multipart body's part 'application' with its files; or the problem why not.
    /// </summary>
    private static async Task<(ApplicationRequest? Body, IReadOnlyList<IFormFile>? Files, ProblemHttpResult? Problem)> ReadAsync(HttpRequest request, long jsonLimit,
        CancellationToken cancellationToken)
    {
        try
        {
            if (request.HasJsonContentType())
            {
                if (request.ContentLength > jsonLimit)
                {
                    throw new BadHttpRequestException("The request body is too large.", StatusCodes.Status413PayloadTooLarge);
                }

                if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
                {
                    size.MaxRequestBodySize = jsonLimit;
                }

                return (await request.ReadFromJsonAsync<ApplicationRequest>(cancellationToken), null, null);
            }

            if (request.ContentType?.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase) == true)
            {
                var form = await request.ReadFormAsync(cancellationToken);
                var json = form["application"].ToString();
                return (json.Length == 0 ? null : JsonSerializer.Deserialize<ApplicationRequest>(json, JsonSerializerOptions.Web), form.Files, null);
            }
        }
        catch (JsonException)
        {
            return (null, null, TypedResults.Problem(title: "Ungültiges JSON.", detail: "Der Antrag ist kein lesbares JSON-Objekt mit 'service' und 'data'.",
                statusCode: StatusCodes.Status400BadRequest));
        }
        catch (Exception e) when (e is InvalidDataException or BadHttpRequestException)
        {
            return (null, null, CaseFiles.UnreadableForm(e));
        }

        return (null, null, TypedResults.Problem(title: "Falsches Datenformat.", detail: "Senden Sie den Antrag als application/json oder als multipart/form-data mit dem Teil 'application'.",
            statusCode: StatusCodes.Status415UnsupportedMediaType));
    }

    private static async Task<Results<Ok<CaseDto>, ProblemHttpResult>> Get(HttpContext context, KoggeDbContext db, Guid id, CancellationToken cancellationToken)
    {
        var applicant = context.User.AccountId();
        var found = await db.Cases.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id && c.ApplicantId == applicant, cancellationToken);
        return found is null
            ? TypedResults.Problem(title: "Vorgang nicht gefunden.", statusCode: StatusCodes.Status404NotFound)
            : TypedResults.Ok(await DtoAsync(db, found, cancellationToken));
    }

    private static async Task<CaseDto> DtoAsync(KoggeDbContext db, Case c, CancellationToken cancellationToken)
    {
        var events = (await db.CaseEvents.AsNoTracking().Where(e => e.CaseId == c.Id && e.VisibleToApplicant)
            .Select(e => new CaseEventDto(e.At, e.Kind, e.Detail)).ToListAsync(cancellationToken)).OrderBy(e => e.At).ToList();
        return new CaseDto(c.Id, c.ReferenceNumber, c.ServiceId, c.ServiceVersionNumber, c.Status, c.SubmittedAt, c.FeeAmount, ServiceFees.Lines(c.FeeBreakdown), c.FeePaidAt, c.Result,
            c.ProcessInstanceId, JsonNode.Parse(c.FormData) as JsonObject ?? [], events);
    }
}

/// <param name="Service">The service's slug or id.</param>
/// <param name="Data">The answers to its start form, by the form's keys.</param>
public sealed record ApplicationRequest(string? Service, JsonObject? Data);

public sealed record CaseDto(Guid Id, string ReferenceNumber, Guid ServiceId, int ServiceVersion, CaseStatus Status, DateTimeOffset SubmittedAt,
    decimal? FeeAmount, IReadOnlyList<FeeLine> FeeLines, DateTimeOffset? FeePaidAt, string? Result, string? ProcessInstanceId, JsonObject Data, IReadOnlyList<CaseEventDto> Events);

public sealed record CaseEventDto(DateTimeOffset At, string Kind, string? Detail);
