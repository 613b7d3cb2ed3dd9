using Kogge.Bpmn.Engine;
using Kogge.Bpmn.Storage;
using Kogge.Web.Modules.Api;
using Kogge.Web.Platform.Identity;
using Kogge.Web.Platform.Processes;

namespace Kogge.Web.Modules.Processes;

/// <summary>
/// The process API under <c>/{municipality}/api/v1</c>: deployments and definitions, instances, messages, user tasks
/// and incidents of the municipality's BPMN processes. <see cref="Roles.ProcessAdmin"/> deploys and resolves
/// incidents; <see cref="Roles.ProcessWorker"/> (or ProcessAdmin) starts instances, publishes messages and works tasks.
/// </summary>
public static class ProcessApi
{
    public const string Tag = "Processes";

    public static WebApplication MapProcessApi(this WebApplication app)
    {
        var admin = app.MapApiV1().RequireAuthorization(p => p.RequireRole(Roles.ProcessAdmin)).WithTags(Tag)
            .AddEndpointFilter(MapEngineErrors).ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        var worker = app.MapApiV1().RequireAuthorization(p => p.RequireRole(Roles.ProcessWorker, Roles.ProcessAdmin)).WithTags(Tag)
            .AddEndpointFilter(MapEngineErrors).ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        ProcessDefinitions.Map(admin, worker);
        ProcessInstances.Map(worker);
        WorkItems.Map(worker);
        Incidents.Map(admin);
        return app;
    }

    /// <summary>Page bounds of list endpoints.</summary>
    internal static (int Skip, int Take) Paging(int? skip, int? take) => (Math.Max(0, skip ?? 0), Math.Clamp(take ?? 50, 1, 200));

    /// <summary>The account that acts, for the engine's history: the service account's id.</summary>
    internal static string Actor(HttpContext context) =>
        "service-account:" + (context.User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value ?? "unknown");

    /// <summary>Engine exceptions as RFC 9457 problem details, in one place for every process endpoint.</summary>
    private static async ValueTask<object?> MapEngineErrors(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (DeploymentValidationException e)
        {
            return TypedResults.Problem(
                title: "The BPMN model cannot be deployed.",
                detail: "The deployment contains elements the engine cannot execute or errors in the model; see 'problems'.",
                statusCode: StatusCodes.Status400BadRequest,
                extensions: new Dictionary<string, object?>
                {
                    ["problems"] = e.Problems.Select(p => new DeploymentProblemDto(p.Severity.ToString(), p.ElementId, p.ElementName, p.Message, p.Line)).ToList(),
                });
        }
        catch (NotFoundException e)
        {
            return TypedResults.Problem(title: "Not found.", detail: e.Message, statusCode: StatusCodes.Status404NotFound);
        }
        catch (Exception e) when (e is ConcurrencyConflictException or TaskAlreadyClaimedException or ProcessConflictException)
        {
            return TypedResults.Problem(title: "The request conflicts with the current state.", detail: e.Message, statusCode: StatusCodes.Status409Conflict);
        }
        catch (ProcessEngineException e)
        {
            // E.g. a process without a none start event started directly: understood, but not possible.
            return TypedResults.Problem(title: "The engine cannot carry out the request.", detail: e.Message, statusCode: StatusCodes.Status422UnprocessableEntity);
        }
    }
}

/// <summary>One finding of the deployment validation, naming the element.</summary>
public sealed record DeploymentProblemDto(string Severity, string? ElementId, string? ElementName, string Message, int? Line);
