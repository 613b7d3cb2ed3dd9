using Kogge.Bpmn.Engine.Commands;
using Kogge.Bpmn.Engine.Execution;
using Kogge.Bpmn.Engine.Jobs;
using Kogge.Bpmn.Storage;

namespace Kogge.Bpmn.Engine;

/// <summary>
/// The BPMN engine: deploy processes, start and steer instances, work user tasks, run jobs, read history.
/// Every operation is a command in one transaction of the configured store.
/// </summary>
public sealed class ProcessEngine
{
    /// <summary>Creates an engine over the given store, expression language and clock.</summary>
    public ProcessEngine(ProcessEngineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var parts = new EngineParts(options);
        var commands = new CommandExecutor(parts);
        var reader = new StoreReader(parts);
        Repository = new RepositoryService(commands, reader);
        Runtime = new RuntimeService(commands, reader);
        Tasks = new TaskService(commands, reader);
        Jobs = new JobService(commands, reader, new JobExecutor(parts, commands), options);
        History = new HistoryService(reader);
    }

    /// <summary>Deployments and process definitions.</summary>
    public RepositoryService Repository { get; }

    /// <summary>Process instances, messages, signals and variables.</summary>
    public RuntimeService Runtime { get; }

    /// <summary>User tasks (work items).</summary>
    public TaskService Tasks { get; }

    /// <summary>Jobs and incidents.</summary>
    public JobService Jobs { get; }

    /// <summary>The event log of instances.</summary>
    public HistoryService History { get; }
}

/// <summary>Read-only access to the store for queries, outside of commands.</summary>
internal sealed class StoreReader(EngineParts engine)
{
    public async Task<T> ReadAsync<T>(Func<IEngineSession, Task<T>> read, CancellationToken cancellationToken)
    {
        await using var session = await engine.Options.Store.OpenSessionAsync(cancellationToken);
        return await read(session);
    }

    public async Task<T> ReadInstanceAsync<T>(string instanceId, Func<InstanceState, T> read, CancellationToken cancellationToken)
    {
        await using var session = await engine.Options.Store.OpenSessionAsync(cancellationToken);
        var context = new CommandContext(session, engine);
        return read(await context.InstanceAsync(instanceId, cancellationToken));
    }
}

/// <summary>Deploys BPMN resources and lists process definitions.</summary>
public sealed class RepositoryService
{
    private readonly CommandExecutor _commands;
    private readonly StoreReader _reader;

    internal RepositoryService(CommandExecutor commands, StoreReader reader)
    {
        _commands = commands;
        _reader = reader;
    }

    /// <summary>Validates and deploys resources; a changed process gets version n+1, running instances stay on theirs.</summary>
    /// <exception cref="DeploymentValidationException">Something cannot be executed; each problem names its element.</exception>
    public Task<Deployment> DeployAsync(string name, IReadOnlyList<DeploymentResource> resources, string? tenantId = null, CancellationToken cancellationToken = default) =>
        _commands.ExecuteAsync(new DeployCommand(name, resources, tenantId), cancellationToken);

    /// <summary>Deploys one resource.</summary>
    public Task<Deployment> DeployAsync(string resourceName, string xml, string? tenantId = null, CancellationToken cancellationToken = default) =>
        DeployAsync(resourceName, [new DeploymentResource(resourceName, xml)], tenantId, cancellationToken);

    /// <summary>All versions of a process, or of all processes when <paramref name="processId"/> is null.</summary>
    public Task<IReadOnlyList<ProcessDefinitionInfo>> ListDefinitionsAsync(string? processId = null, string? tenantId = null, CancellationToken cancellationToken = default) =>
        _reader.ReadAsync<IReadOnlyList<ProcessDefinitionInfo>>(
            async s => [.. (await s.ListDefinitionsAsync(processId, tenantId, cancellationToken)).Select(ProcessDefinitionInfo.From)],
            cancellationToken);
}

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

    /// <summary>Completes a task; the instance moves on to its next wait states.</summary>
    /// <exception cref="ConcurrencyConflictException">Someone completed or changed the task at the same time.</exception>
    /// <exception cref="NotFoundException">The task is already completed.</exception>
    public Task CompleteAsync(string taskId, IReadOnlyDictionary<string, object?>? variables = null, string? userId = null, CancellationToken cancellationToken = default) =>
        _commands.ExecuteAsync(new CompleteUserTaskCommand(taskId, variables, userId), cancellationToken);
}

/// <summary>Runs and inspects jobs; lists and resolves incidents.</summary>
public sealed class JobService
{
    private readonly CommandExecutor _commands;
    private readonly StoreReader _reader;
    private readonly JobExecutor _executor;
    private readonly ProcessEngineOptions _options;

    internal JobService(CommandExecutor commands, StoreReader reader, JobExecutor executor, ProcessEngineOptions options)
    {
        _commands = commands;
        _reader = reader;
        _executor = executor;
        _options = options;
    }

    /// <summary>Runs every job due now on this node (timers and jobs with a registered handler), until none is left; returns how many ran.</summary>
    public Task<int> RunDueJobsAsync(CancellationToken cancellationToken = default) => _executor.RunDueJobsAsync(cancellationToken);

    /// <summary>Locks up to <paramref name="max"/> due jobs of a type for an external worker and hands them over with their variables.</summary>
    public async Task<IReadOnlyList<JobContext>> ActivateJobsAsync(string jobType, string worker, int max, TimeSpan? lockDuration = null, CancellationToken cancellationToken = default)
    {
        var jobs = await _commands.ExecuteAsync(new AcquireJobsCommand(Storage.JobKind.Task, jobType, max, worker, lockDuration ?? _options.JobLockDuration), cancellationToken);
        var result = new List<JobContext>(jobs.Count);
        foreach (var job in jobs)
        {
            result.Add(await _executor.ReadJobContextAsync(job, cancellationToken));
        }

        return result;
    }

    /// <summary>Completes a job with the worker's variables.</summary>
    public Task CompleteAsync(string jobId, IReadOnlyDictionary<string, object?>? variables = null, string? worker = null, CancellationToken cancellationToken = default) =>
        _commands.ExecuteAsync(new CompleteJobCommand(jobId, variables, worker), cancellationToken);

    /// <summary>Reports a failed attempt; at zero retries an incident is raised.</summary>
    public Task FailAsync(string jobId, string message, TimeSpan? backoff = null, string? worker = null, CancellationToken cancellationToken = default) =>
        _commands.ExecuteAsync(new FailJobCommand(jobId, message, backoff, worker), cancellationToken);

    /// <summary>Reports a business error, thrown as a BPMN error from the job's element.</summary>
    public Task ThrowErrorAsync(string jobId, string errorCode, string? message = null, string? worker = null, CancellationToken cancellationToken = default) =>
        _commands.ExecuteAsync(new ThrowJobErrorCommand(jobId, errorCode, message, worker), cancellationToken);

    /// <summary>The jobs of an instance.</summary>
    public Task<IReadOnlyList<JobInfo>> ListJobsAsync(string instanceId, CancellationToken cancellationToken = default) =>
        _reader.ReadAsync<IReadOnlyList<JobInfo>>(async s => [.. (await s.ListByInstanceAsync<Storage.JobRecord>(instanceId, cancellationToken)).OrderBy(j => j.DueDate).Select(JobInfo.From)], cancellationToken);

    /// <summary>Unresolved incidents, of one instance or all.</summary>
    public Task<IReadOnlyList<IncidentInfo>> ListIncidentsAsync(string? instanceId = null, CancellationToken cancellationToken = default) =>
        _reader.ReadAsync<IReadOnlyList<IncidentInfo>>(async s => [.. (await s.ListIncidentsAsync(instanceId, cancellationToken)).Select(IncidentInfo.From)], cancellationToken);

    /// <summary>Resolves an incident: a job gets <paramref name="retries"/> new retries, any other element is entered again.</summary>
    public Task ResolveIncidentAsync(string incidentId, int retries = 1, string? userId = null, CancellationToken cancellationToken = default) =>
        _commands.ExecuteAsync(new ResolveIncidentCommand(incidentId, retries, userId), cancellationToken);
}

/// <summary>Reads the event log of instances: every element start and end, task, variable change, job failure and incident.</summary>
public sealed class HistoryService
{
    private readonly StoreReader _reader;

    internal HistoryService(StoreReader reader) => _reader = reader;

    /// <summary>The events of an instance (or all) in the order they happened.</summary>
    public Task<IReadOnlyList<HistoryEventRecord>> ListEventsAsync(string? instanceId = null, CancellationToken cancellationToken = default) =>
        _reader.ReadAsync(s => s.ListHistoryAsync(instanceId, cancellationToken), cancellationToken);
}
