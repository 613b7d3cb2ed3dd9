using Kogge.Bpmn.Engine.Commands;
using Kogge.Bpmn.Engine.Execution;
using Kogge.Bpmn.Storage;

namespace Kogge.Bpmn.Engine;

/// <summary>Starts and steers process instances; publishes messages and signals; reads variables.</summary>
public sealed class RuntimeService
{
    private readonly CommandExecutor _commands;
    private readonly StoreReader _reader;

    internal RuntimeService(CommandExecutor commands, StoreReader reader)
    {
        _commands = commands;
        _reader = reader;
    }

    /// <summary>Starts the latest version of a process; returns once the instance rests in wait states.</summary>
    public Task<ProcessInstanceInfo> StartProcessInstanceAsync(string processId, IReadOnlyDictionary<string, object?>? variables = null, string? businessKey = null, string? tenantId = null, CancellationToken cancellationToken = default) =>
        _commands.ExecuteAsync(new StartProcessInstanceCommand(processId, variables, businessKey, tenantId), cancellationToken);

    /// <summary>Starts one version of a process, so that an application starts the version whose form it was filled in.</summary>
    /// <exception cref="NotFoundException">The tenant has no such version.</exception>
    public Task<ProcessInstanceInfo> StartProcessInstanceAsync(string processId, int version, IReadOnlyDictionary<string, object?>? variables = null, string? businessKey = null, string? tenantId = null, CancellationToken cancellationToken = default) =>
        _commands.ExecuteAsync(new StartProcessInstanceCommand(processId, variables, businessKey, tenantId, version), cancellationToken);

    /// <summary>Publishes a message by name and correlation key; when no one waits it is buffered for <paramref name="timeToLive"/>.</summary>
    public Task<MessageCorrelationResult> CorrelateMessageAsync(string name, string? correlationKey, IReadOnlyDictionary<string, object?>? variables = null, TimeSpan timeToLive = default, string? tenantId = null, CancellationToken cancellationToken = default) =>
        _commands.ExecuteAsync(new CorrelateMessageCommand(name, correlationKey, variables, timeToLive, tenantId), cancellationToken);

    /// <summary>Broadcasts a signal; returns how many catch events and start events received it.</summary>
    public Task<int> BroadcastSignalAsync(string name, IReadOnlyDictionary<string, object?>? variables = null, string? tenantId = null, CancellationToken cancellationToken = default) =>
        _commands.ExecuteAsync(new BroadcastSignalCommand(name, variables, tenantId), cancellationToken);

    /// <summary>Cancels an instance with all it waits for.</summary>
    public Task CancelProcessInstanceAsync(string instanceId, string? userId = null, CancellationToken cancellationToken = default) =>
        _commands.ExecuteAsync(new CancelProcessInstanceCommand(instanceId, userId), cancellationToken);

    /// <summary>Sets variables in the process scope.</summary>
    public Task SetVariablesAsync(string instanceId, IReadOnlyDictionary<string, object?> variables, string? userId = null, CancellationToken cancellationToken = default) =>
        _commands.ExecuteAsync(new SetVariablesCommand(instanceId, variables, userId), cancellationToken);

    /// <summary>An instance, or null.</summary>
    public Task<ProcessInstanceInfo?> GetProcessInstanceAsync(string instanceId, CancellationToken cancellationToken = default) =>
        _reader.ReadAsync(async s => await s.FindAsync<ProcessInstanceRecord>(instanceId, cancellationToken) is { } r ? ProcessInstanceInfo.From(r) : null, cancellationToken);

    /// <summary>The variables of the process scope.</summary>
    public Task<IReadOnlyDictionary<string, object?>> GetVariablesAsync(string instanceId, CancellationToken cancellationToken = default) =>
        _reader.ReadInstanceAsync<IReadOnlyDictionary<string, object?>>(
            instanceId,
            i => i.Variables.All.Where(v => v.ScopeId == i.Id).ToDictionary(v => v.Name, v => VariableValues.FromJson(v.Json), StringComparer.Ordinal),
            cancellationToken);

    /// <summary>The active element instances (tokens and open scopes) of an instance, without the process itself.</summary>
    public Task<IReadOnlyList<ElementInstanceInfo>> GetActiveElementsAsync(string instanceId, CancellationToken cancellationToken = default) =>
        _reader.ReadInstanceAsync<IReadOnlyList<ElementInstanceInfo>>(
            instanceId,
            i => [.. i.Elements.All.Where(e => e.ParentId is not null).OrderBy(e => e.StartedAt).Select(e => new ElementInstanceInfo(e.Id, e.ElementId, e.ParentId, e.State))],
            cancellationToken);

    /// <summary>The instances a call activity of <paramref name="instanceId"/> started and that still run.</summary>
    public Task<IReadOnlyList<string>> GetCalledInstancesAsync(string instanceId, CancellationToken cancellationToken = default) =>
        _reader.ReadInstanceAsync<IReadOnlyList<string>>(
            instanceId,
            i => [.. i.Elements.All.Select(e => e.CalledInstanceId).OfType<string>()],
            cancellationToken);
}
