using Kogge.Bpmn.Engine.History;
using Kogge.Bpmn.Storage;

namespace Kogge.Bpmn.Engine.Commands;

/// <summary>
/// Hands a task from its assignee to another user (delegation) or back to its candidates (release, new assignee null),
/// only while <paramref name="expectedAssignee"/> still holds it; a conflict is not retried, so the caller learns of it.
/// </summary>
internal sealed class ReassignUserTaskCommand(string taskId, string expectedAssignee, string? newAssignee) : ICommand<bool>
{
    public bool RetryOnConflict => false;

    public async Task<bool> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        context.Actor = expectedAssignee;
        var row = await context.Session.FindAsync<UserTaskRecord>(taskId, cancellationToken)
            ?? throw new NotFoundException($"Task '{taskId}' does not exist or is already completed.");
        var instance = await context.InstanceAsync(row.ProcessInstanceId, cancellationToken);
        var task = instance.Tasks.Get(taskId) ?? throw new ConcurrencyConflictException($"Task '{taskId}' was completed meanwhile.");
        if (task.Assignee != expectedAssignee)
        {
            throw new TaskAlreadyClaimedException($"Task '{taskId}' is not held by the user who hands it on.");
        }

        task.Assignee = newAssignee;
        instance.Tasks.Changed(task);
        context.History(HistoryEventKinds.TaskAssigned, instance, task.ElementId, task.ElementInstanceId, task.Assignee ?? "(none)");
        return true;
    }
}
