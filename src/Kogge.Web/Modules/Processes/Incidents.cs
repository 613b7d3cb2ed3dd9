using Kogge.Bpmn.Engine;
using Kogge.Web.Platform.Processes;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Kogge.Web.Modules.Processes;

/// <summary>Incidents: instances stuck at an element until an operator resolves them.</summary>
internal static class Incidents
{
    public static void Map(RouteGroupBuilder admin)
    {
        admin.MapGet("/incidents", ListAsync).WithName("ListIncidents").WithSummary("Unresolved incidents, oldest first, optionally of one instance.");
        admin.MapPost("/incidents/{id}/resolve", ResolveAsync).WithName("ResolveIncident")
            .WithSummary("Resolves an incident: a job gets new retries (default 1), any other element is entered again.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static async Task<Ok<List<IncidentDto>>> ListAsync(TenantProcesses processes, string? processInstanceId, int? take, CancellationToken cancellationToken)
    {
        var incidents = await processes.IncidentsAsync(processInstanceId, Math.Clamp(take ?? 100, 1, 1000), cancellationToken);
        return TypedResults.Ok(incidents.Select(i => new IncidentDto(i.Id, i.ProcessInstanceId, i.ElementId, i.Type, i.Message, i.JobId, i.CreatedAt)).ToList());
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> ResolveAsync(
        ResolveIncidentRequest? body, HttpContext context, ProcessEngine engine, TenantProcesses processes, string id, CancellationToken cancellationToken)
    {
        var retries = body?.Retries ?? 1;
        if (retries is < 1 or > 100)
        {
            return ProcessInstances.Invalid("retries must be between 1 and 100.");
        }

        await processes.IncidentAsync(id, cancellationToken);
        try
        {
            await engine.Jobs.ResolveIncidentAsync(id, retries, ProcessApi.Actor(context), cancellationToken);
        }
        catch (NotFoundException e)
        {
            throw new ProcessConflictException($"Incident '{id}' was resolved meanwhile.", e);
        }

        return TypedResults.NoContent();
    }
}

public sealed record ResolveIncidentRequest(int? Retries);

public sealed record IncidentDto(string Id, string ProcessInstanceId, string ElementId, string Type, string Message, string? JobId, DateTimeOffset CreatedAt);
