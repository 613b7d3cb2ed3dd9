using Kogge.Bpmn.Engine.Execution;
using Kogge.Bpmn.Engine.History;
using Kogge.Bpmn.Storage;

namespace Kogge.Bpmn.Engine.Commands;

/// <summary>
/// Completes a user task with the clerk's variables. A conflict with another command on the same instance is
/// retried; of two clerks completing one task, the retry of the later one finds the task gone and fails.
/// </summary>
internal sealed class CompleteUserTaskCommand(string taskId, IReadOnlyDictionary<string, object?>? variables, string? userId) : ICommand<bool>
{
    public async Task<bool> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        context.Actor = userId;
        var instance = await context.InstanceOfAsync<UserTaskRecord>(taskId, cancellationToken);
        var task = instance?.Tasks.Get(taskId) ?? throw new NotFoundException($"Task '{taskId}' does not exist or is already completed.");
        if (task.Assignee is not null && userId is not null && task.Assignee != userId)
        {
            throw new TaskAlreadyClaimedException($"Task '{taskId}' is assigned to someone else.");
        }

        var element = instance.Elements.Get(task.ElementInstanceId)
            ?? throw new NotFoundException($"Task '{taskId}' no longer waits.");
        context.History(HistoryEventKinds.TaskCompleted, instance, task.ElementId, element.Id, task.Id);
        instance.Tasks.Remove(task);
        var flow = new Flow(context, cancellationToken);
        await flow.TriggerAsync(instance, element, variables is null ? null : StartProcessInstanceCommand.Normalize(variables));
        await flow.RunAsync();
        return true;
    }
}
