using System.Text.Json;
using Kogge.Bpmn.Engine;
using Kogge.Bpmn.Storage;
using Kogge.Web.Modules.Admin;
using Kogge.Web.Platform.Processes;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Kogge.Web.Modules.Processes;

/// <summary>User tasks: list, claim, unclaim, complete. Of two completions of one task exactly one succeeds; the other gets 409.</summary>
internal static class WorkItems
{
    public static void Map(RouteGroupBuilder worker)
    {
        worker.MapGet("/tasks", ListAsync).WithName("ListTasks")
            .WithSummary("Open user tasks, oldest first; filter by assignee, candidate group (unassigned tasks offered to it), process id or instance.");
        worker.MapGet("/tasks/{id}", GetAsync).WithName("GetTask").WithSummary("One open user task.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        worker.MapPost("/tasks/{id}/claim", ClaimAsync).WithName("ClaimTask").WithSummary("Assigns the task to a user, unless someone else holds it.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        worker.MapPost("/tasks/{id}/unclaim", UnclaimAsync).WithName("UnclaimTask").WithSummary("Gives the task back to its candidates.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        worker.MapPost("/tasks/{id}/complete", CompleteAsync).WithName("CompleteTask")
            .WithSummary("Completes the task with variables in the name of userId (default: the service account), who must be the assignee of a claimed task.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static async Task<Ok<PageDto<TaskDto>>> ListAsync(
        TenantProcesses processes, string? assignee, string? candidateGroup, string? processId, string? processInstanceId, int? skip, int? take, CancellationToken cancellationToken)
    {
        var (offset, size) = ProcessApi.Paging(skip, take);
        var (items, total) = await processes.TasksAsync(assignee, candidateGroup, processId, processInstanceId, offset, size, cancellationToken);
        return TypedResults.Ok(new PageDto<TaskDto>([.. items.Select(TaskDto.From)], total, offset, size));
    }

    private static async Task<Ok<TaskDto>> GetAsync(TenantProcesses processes, string id, CancellationToken cancellationToken) =>
        TypedResults.Ok(TaskDto.From(await processes.TaskAsync(id, cancellationToken)));

    private static async Task<Results<Ok<TaskDto>, ProblemHttpResult>> ClaimAsync(
        ClaimRequest body, ProcessEngine engine, TenantProcesses processes, string id, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(body.Assignee))
        {
            return ProcessInstances.Invalid("assignee is required.");
        }

        await processes.TaskAsync(id, cancellationToken);
        await StillOpenAsync(id, () => engine.Tasks.ClaimAsync(id, body.Assignee.Trim(), cancellationToken));
        return TypedResults.Ok(TaskDto.From(await processes.TaskAsync(id, cancellationToken)));
    }

    private static async Task<Ok<TaskDto>> UnclaimAsync(HttpContext context, ProcessEngine engine, TenantProcesses processes, string id, CancellationToken cancellationToken)
    {
        await processes.TaskAsync(id, cancellationToken);
        await StillOpenAsync(id, () => engine.Tasks.UnclaimAsync(id, ProcessApi.Actor(context), cancellationToken));
        return TypedResults.Ok(TaskDto.From(await processes.TaskAsync(id, cancellationToken)));
    }

    private static async Task<NoContent> CompleteAsync(
        CompleteTaskRequest? body, HttpContext context, ProcessEngine engine, TenantProcesses processes, string id, CancellationToken cancellationToken)
    {
        await processes.TaskAsync(id, cancellationToken);
        // The engine refuses a task assigned to someone else: a worker completes a claimed task in the assignee's name.
        var userId = string.IsNullOrWhiteSpace(body?.UserId) ? ProcessApi.Actor(context) : body.UserId.Trim();
        await StillOpenAsync(id, () => engine.Tasks.CompleteAsync(id, ProcessInstances.Variables(body?.Variables), userId, cancellationToken));
        return TypedResults.NoContent();
    }

    /// <summary>The task belonged to the municipality a moment ago; when the engine no longer finds it, someone completed it first.</summary>
    private static async Task StillOpenAsync(string id, Func<Task> command)
    {
        try
        {
            await command();
        }
        catch (NotFoundException e)
        {
            throw new ProcessConflictException($"Task '{id}' was completed meanwhile.", e);
        }
    }
}

public sealed record ClaimRequest(string Assignee);

public sealed record CompleteTaskRequest(Dictionary<string, JsonElement>? Variables, string? UserId);

public sealed record TaskDto(
    string Id, string ProcessInstanceId, string ElementId, string? Name, string? Assignee, IReadOnlyList<string> CandidateGroups,
    IReadOnlyList<string> CandidateUsers, string? FormKey, DateTimeOffset? DueDate, DateTimeOffset? FollowUpDate, DateTimeOffset CreatedAt)
{
    internal static TaskDto From(UserTaskRecord t) => new(
        t.Id, t.ProcessInstanceId, t.ElementId, t.Name, t.Assignee, Split(t.CandidateGroups), Split(t.CandidateUsers), t.FormKey, t.DueDate, t.FollowUpDate, t.CreatedAt);

    private static string[] Split(string? list) => list?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) ?? [];
}
