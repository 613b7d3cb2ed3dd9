using Kogge.Bpmn.Engine;
using Kogge.Bpmn.Storage;
using Kogge.Web.Modules.Cases;
using Kogge.Web.Platform.Audit;
using Kogge.Web.Platform.Processes;

namespace Kogge.Web.Modules.Inbox;

/// <summary>What a clerk's action on a task came to.</summary>
public enum TaskActionResult
{
    Done,

    /// <summary>The municipality has no such task the clerk may see.</summary>
    NotFound,

    /// <summary>Someone else claimed, handed on or completed the task meanwhile.</summary>
    Conflict,
}

/// <summary>
/// Claim, release and delegate for a clerk. Each checks that the clerk may see the task, then lets the engine decide
/// against the task's current row: of two clerks claiming at once, one wins and the other gets <see cref="TaskActionResult.Conflict"/>.
/// </summary>
public sealed class TaskActions(ClerkInbox inbox, TenantProcesses processes, ProcessEngine engine, AuditLog audit, CaseProgress progress)
{
    public Task<TaskActionResult> ClaimAsync(string taskId, string userId, IReadOnlyList<string> groups, CancellationToken cancellationToken) =>
        RunAsync(taskId, userId, groups, "task.claimed", null, () => engine.Tasks.ClaimAsync(taskId, userId, cancellationToken), cancellationToken);

    public Task<TaskActionResult> ReleaseAsync(string taskId, string userId, IReadOnlyList<string> groups, CancellationToken cancellationToken) =>
        RunAsync(taskId, userId, groups, "task.released", null, () => engine.Tasks.ReassignAsync(taskId, userId, null, cancellationToken), cancellationToken);

    /// <summary>Hands the clerk's task to <paramref name="toUserId"/>, who must be a clerk of the municipality (checked by the caller).</summary>
    public Task<TaskActionResult> DelegateAsync(string taskId, string userId, IReadOnlyList<string> groups, string toUserId, CancellationToken cancellationToken) =>
        RunAsync(taskId, userId, groups, "task.delegated", new { to = toUserId }, () => engine.Tasks.ReassignAsync(taskId, userId, toUserId, cancellationToken), cancellationToken);

    private async Task<TaskActionResult> RunAsync(
        string taskId, string userId, IReadOnlyList<string> groups, string action, object? data, Func<Task> command, CancellationToken cancellationToken)
    {
        if (!await inbox.IsVisibleAsync(taskId, userId, groups, cancellationToken))
        {
            return await CompletedAsync(taskId, cancellationToken) ? TaskActionResult.Conflict : TaskActionResult.NotFound;
        }

        string instanceId;
        try
        {
            instanceId = (await processes.TaskAsync(taskId, cancellationToken)).ProcessInstanceId;
            await command();
        }
        catch (Exception e) when (e is TaskAlreadyClaimedException or ConcurrencyConflictException or NotFoundException or ProcessConflictException)
        {
            return TaskActionResult.Conflict;
        }

        await audit.WriteAsync(action, "Task", taskId, data, cancellationToken);
        await progress.TryCatchUpAsync(instanceId, cancellationToken);
        return TaskActionResult.Done;
    }

    /// <summary>A task completed meanwhile is a conflict the clerk should hear about, not a missing page.</summary>
    private async Task<bool> CompletedAsync(string taskId, CancellationToken cancellationToken)
    {
        try
        {
            await processes.TaskAsync(taskId, cancellationToken);
            return false;
        }
        catch (ProcessConflictException)
        {
            return true;
        }
        catch (NotFoundException)
        {
            return false;
        }
    }
}
