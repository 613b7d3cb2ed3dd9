using Kogge.Bpmn.Engine.History;
using Kogge.Bpmn.Storage;

namespace Kogge.Bpmn.Engine.Commands;

/// <summary>Claims a task for a user (only when unassigned or already theirs), or unclaims it when the user is null.</summary>
internal sealed class AssignUserTaskCommand(string taskId, string? userId, bool claim) : ICommand<bool>
{
    public bool RetryOnConflict => false;

    public async Task<bool> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        context.Actor = userId;
        var instance = await context.InstanceOfAsync<UserTaskRecord>(taskId, cancellationToken);
        var task = instance?.Tasks.Get(taskId) ?? throw new NotFoundException($"Task '{taskId}' does not exist or is already completed.");
        if (claim && task.Assignee is not null && task.Assignee != userId)
        {
            throw new TaskAlreadyClaimedException($"Task '{taskId}' is already claimed by someone else.");
        }

        task.Assignee = claim ? userId : null;
        instance.Tasks.Changed(task);
        context.History(HistoryEventKinds.TaskAssigned, instance, task.ElementId, task.ElementInstanceId, task.Assignee ?? "(none)");
        return true;
    }
}
