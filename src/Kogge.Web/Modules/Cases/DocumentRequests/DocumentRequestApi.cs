using Kogge.Web.Modules.Api;
using Kogge.Web.Platform.Identity;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Kogge.Web.Modules.Cases.DocumentRequests;

/// <summary>
/// A clerk's client asks an applicant for further documents, as the page <c>/vorgaenge/{id}/unterlagen-anfordern</c>
/// does. Any case of the municipality; another municipality's case is not found.
/// </summary>
public static class DocumentRequestApi
{
    public static WebApplication MapDocumentRequestApi(this WebApplication app)
    {
        app.MapApiV1().RequireAuthorization(p => p.RequireRole(Roles.Clerk)).WithTags("Applications and cases")
            .MapPost("/cases/{id:guid}/document-requests", Create).WithName("RequestDocuments")
            .WithSummary("Asks the case's applicant for further documents by a due date; the case waits for the applicant and they are e-mailed.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<Results<Created<DocumentRequestDto>, ProblemHttpResult, ValidationProblem>> Create(HttpContext context, DocumentRequests requests, Guid id,
        DocumentRequestBody? body, CancellationToken cancellationToken)
    {
        var result = await requests.CreateAsync(id, body?.Text, body?.DueDate, context.User.AccountId(), cancellationToken);
        return result.Outcome switch
        {
            DocumentRequestOutcome.NotFound => TypedResults.Problem(title: "Vorgang nicht gefunden.", statusCode: StatusCodes.Status404NotFound),
            DocumentRequestOutcome.Invalid => TypedResults.ValidationProblem(
                result.Errors.ToDictionary(e => e.Key == "frist" ? "dueDate" : "text", e => new[] { e.Value }), title: "Die Anforderung ist unvollständig."),
            _ => TypedResults.Created($"{context.Request.PathBase}/api/v1/cases/{id}", DocumentRequestDto.Of(result.Request!)),
        };
    }
}

/// <param name="Text">What is asked for, in plain German, as the applicant will read it.</param>
/// <param name="DueDate">The last day for the documents (after today).</param>
public sealed record DocumentRequestBody(string? Text, DateOnly? DueDate);

public sealed record DocumentRequestDto(Guid Id, Guid CaseId, string Text, DateOnly DueDate, DocumentRequestStatus Status)
{
    public static DocumentRequestDto Of(DocumentRequest r) => new(r.Id, r.CaseId, r.Text, r.DueDate, r.Status);
}
