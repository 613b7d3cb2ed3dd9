using System.Text.Json.Nodes;
using Kogge.Web.Modules.Api;
using Kogge.Web.Modules.Cases.Apply;
using Kogge.Web.Modules.Fees;
using Kogge.Web.Platform.Identity;
using Kogge.Web.Platform.Persistence;
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
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/cases/{id:guid}", Get).WithName("GetCase").WithSummary("A case this service account submitted.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<Results<Created<CaseDto>, Ok<CaseDto>, ProblemHttpResult, ValidationProblem>> Submit(
        HttpContext context, KoggeDbContext db, CaseSubmission submission, [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
        ApplicationRequest? body, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(idempotencyKey) || idempotencyKey.Length > CasesModel.IdempotencyKeyLength)
        {
            return TypedResults.Problem(title: "Idempotency-Key fehlt.", detail: $"Senden Sie einen Header Idempotency-Key mit 1 bis {CasesModel.IdempotencyKeyLength} Zeichen, zum Beispiel eine UUID.",
                statusCode: StatusCodes.Status400BadRequest);
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

        var result = await submission.SubmitAsync(start, context.User.AccountId(), idempotencyKey.Trim(), body.Data, null, cancellationToken);
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
