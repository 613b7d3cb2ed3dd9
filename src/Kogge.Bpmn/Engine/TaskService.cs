using Kogge.Bpmn.Engine.Commands;
using Kogge.Bpmn.Storage;

namespace Kogge.Bpmn.Engine;

/// <summary>Queries, claims and completes user tasks.</summary>
public sealed class TaskService
{
    private readonly CommandExecutor _commands;
    private readonly StoreReader _reader;

    internal TaskService(CommandExecutor commands, StoreReader reader)
    {
        _commands = commands;
        _reader = reader;
    }

    /// <summary>Tasks matching the query, oldest first.</summary>
    public Task<IReadOnlyList<WorkItem>> QueryAsync(TaskQuery query, CancellationToken cancellationToken = default) =>
        _reader.ReadAsync<IReadOnlyList<WorkItem>>(async s => [.. (await s.QueryTasksAsync(query, cancellationToken)).Select(WorkItem.From)], cancellationToken);

    /// <summary>Claims a task for a user.</summary>
    /// <exception cref="TaskAlreadyClaimedException">Someone else holds it.</exception>
    public Task ClaimAsync(string taskId, string userId, CancellationToken cancellationToken = default) =>
        _commands.ExecuteAsync(new AssignUserTaskCommand(taskId, userId, claim: true), cancellationToken);

    /// <summary>Gives a claimed task back to its candidates.</summary>
    public Task UnclaimAsync(string taskId, string? userId = null, CancellationToken cancellationToken = default) =>
        _commands.ExecuteAsync(new AssignUserTaskCommand(taskId, userId, claim: false), cancellationToken);

    /// <summary>
    /// Hands a task held by <paramref name="assigneeId"/> to <paramref name="newAssigneeId"/> (delegation), or back to its
    /// candidates when that is null (release).
    /// </summary>
    /// <exception cref="TaskAlreadyClaimedException">The task is no longer held by <paramref name="assigneeId"/>.</exception>
    public Task ReassignAsync(string taskId, string assigneeId, string? newAssigneeId, CancellationToken cancellationToken = default) =>
        _commands.ExecuteAsync(new ReassignUserTaskCommand(taskId, assigneeId, newAssigneeId), cancellationToken);

    /// <summary>Completes a task; the instance moves on to its next wait states.</summary>
    /// <exception cref="ConcurrencyConflictException">Someone completed or changed the task at the same time.</exception>
    /// <exception cref="NotFoundException">The task is already completed.</exception>
    public Task CompleteAsync(string taskId, IReadOnlyDictionary<string, object?>? variables = null, string? userId = null, CancellationToken cancellationToken = default) =>
        _commands.ExecuteAsync(new CompleteUserTaskCommand(taskId, variables, userId), cancellationToken);
}
