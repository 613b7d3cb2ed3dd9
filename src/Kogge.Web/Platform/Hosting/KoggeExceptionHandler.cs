using System.Diagnostics;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Kogge.Web.Platform.Hosting;

/// <summary>
/// Turns exceptions into answers: bad requests (malformed or oversized bodies, forged antiforgery tokens) into
/// 4xx, a database that is overloaded or briefly unreachable into 503 with Retry-After, everything else into 500 — as problem details under <c>/api</c>, as the friendly error page elsewhere.
/// </summary>
internal sealed class KoggeExceptionHandler(IProblemDetailsService problems, ILogger<KoggeExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var status = StatusFor(exception);
        context.Response.StatusCode = status;
        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            context.Response.Headers.RetryAfter = "5";
        }
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
                Title = status == StatusCodes.Status503ServiceUnavailable ? "The service is busy; please repeat the request shortly."
                    : status >= 500 ? "An unexpected error occurred." : "The request is not valid.",
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
        // The database is overloaded or briefly unreachable: the request may be repeated, nothing was acknowledged.
        _ when Transient(exception) => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    };

    private static bool Transient(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is Npgsql.NpgsqlException { IsTransient: true })
            {
                return true;
            }
        }

        return false;
    }

    internal static string CorrelationId(HttpContext context) => Activity.Current?.TraceId.ToString() ?? context.TraceIdentifier;
}
