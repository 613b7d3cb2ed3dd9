using System.Diagnostics;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Kogge.Web.Platform.Hosting;

/// <summary>
/// Turns exceptions into answers: bad requests (malformed or oversized bodies, forged antiforgery tokens) into
/// 4xx, everything else into 500 — as problem details under <c>/api</c>, as the friendly error page elsewhere.
/// </summary>
internal sealed class KoggeExceptionHandler(IProblemDetailsService problems, ILogger<KoggeExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var status = StatusFor(exception);
        context.Response.StatusCode = status;
        if (status >= 500)
        {
            logger.LogError(exception, "Unhandled error, correlation id {CorrelationId}", CorrelationId(context));
        }
        else
        {
            logger.LogInformation("Rejected request with {Status}: {Reason}", status, exception.GetType().Name);
        }

        // The middleware has already switched the path to the error page; the feature keeps the one requested.
        var requested = new PathString(context.Features.Get<IExceptionHandlerPathFeature>()?.Path ?? context.Request.Path.Value);
        if (!requested.StartsWithSegments("/api"))
        {
            // The error page renders the German message for the status that was set here.
            return false;
        }

        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails = new ProblemDetails
            {
                Status = status,
                Title = status >= 500 ? "An unexpected error occurred." : "The request is not valid.",
                Detail = status >= 500 ? null : exception.Message,
            },
        });
    }

    internal static int StatusFor(Exception exception) => exception switch
    {
        BadHttpRequestException bad => bad.StatusCode,
        AntiforgeryValidationException => StatusCodes.Status400BadRequest,
        InvalidDataException => StatusCodes.Status400BadRequest,
        OperationCanceledException => StatusCodes.Status499ClientClosedRequest,
        _ => StatusCodes.Status500InternalServerError,
    };

    internal static string CorrelationId(HttpContext context) => Activity.Current?.TraceId.ToString() ?? context.TraceIdentifier;
}
