namespace Kogge.Bpmn.Storage;

/// <summary>
/// Where the engine keeps its state. Each command runs in one <see cref="IEngineSession"/>; the store
/// must commit all of a session's changes atomically or none.
/// </summary>
public interface IEngineStore
{
    /// <summary>Opens a session (a unit of work).</summary>
    Task<IEngineSession> OpenSessionAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Raised after a commit that added a job without a lock owner or released one, so that job executors in this
    /// process wait for it instead of polling; null when the store has none (executors then poll).
    /// </summary>
    JobSignal? JobSignal => null;
}

/// <summary>
/// A unit of work over the store. Reads return copies; changes are registered with
/// <see cref="Add"/>, <see cref="Update"/> and <see cref="Remove"/> and written by <see cref="CommitAsync"/>.
/// </summary>
public interface IEngineSession : IAsyncDisposable
{
    /// <summary>Finds a row by type and id.</summary>
    Task<T?> FindAsync<T>(string id, CancellationToken cancellationToken)
        where T : StoreRecord;

    /// <summary>The rows of a process instance (element instances, variables, tasks, jobs, subscriptions, incidents).</summary>
    Task<IReadOnlyList<T>> ListByInstanceAsync<T>(string processInstanceId, CancellationToken cancellationToken)
        where T : StoreRecord;

    /// <summary>
    /// A process instance with its element instances, variables, tasks, jobs, subscriptions and incidents (as
    /// <see cref="ListByInstanceAsync"/> lists them), or null when the instance does not exist. A database store
    /// reads them in one round trip.
    /// </summary>
    async Task<InstanceRows?> LoadInstanceAsync(string processInstanceId, CancellationToken cancellationToken)
    {
        if (await FindAsync<ProcessInstanceRecord>(processInstanceId, cancellationToken) is not { } instance)
        {
            return null;
        }

        return new InstanceRows(
            instance,
            await ListByInstanceAsync<ElementInstanceRecord>(processInstanceId, cancellationToken),
            await ListByInstanceAsync<VariableRecord>(processInstanceId, cancellationToken),
            await ListByInstanceAsync<UserTaskRecord>(processInstanceId, cancellationToken),
            await ListByInstanceAsync<JobRecord>(processInstanceId, cancellationToken),
            await ListByInstanceAsync<EventSubscriptionRecord>(processInstanceId, cancellationToken),
            await ListByInstanceAsync<IncidentRecord>(processInstanceId, cancellationToken));
    }

    /// <summary>
    /// The process instance that holds a user task, a job or an incident (<typeparamref name="T"/>) with the id
    /// <paramref name="rowId"/>, with all its runtime rows as <see cref="LoadInstanceAsync"/> reads them, or null when
    /// the row or its instance does not exist. A database store reads the row's instance in the same round trip.
    /// </summary>
    async Task<InstanceRows?> LoadInstanceOfAsync<T>(string rowId, CancellationToken cancellationToken)
        where T : StoreRecord
    {
        var instanceId = await FindAsync<T>(rowId, cancellationToken) switch
        {
            UserTaskRecord task => task.ProcessInstanceId,
            JobRecord job => job.ProcessInstanceId,
            IncidentRecord incident => incident.ProcessInstanceId,
            _ => null,
        };
        return instanceId is null ? null : await LoadInstanceAsync(instanceId, cancellationToken);
    }

    /// <summary>Start event triggers of a definition: timer jobs and subscriptions without a process instance.</summary>
    Task<IReadOnlyList<T>> ListStartTriggersAsync<T>(string definitionId, CancellationToken cancellationToken)
        where T : StoreRecord;

    /// <summary>Process definitions of a process id (all versions), or all definitions when null.</summary>
    Task<IReadOnlyList<ProcessDefinitionRecord>> ListDefinitionsAsync(string? processId, string? tenantId, CancellationToken cancellationToken);

    /// <summary>The id of the highest version of a process id, or null when none is deployed.</summary>
    async Task<string?> FindLatestDefinitionIdAsync(string processId, string? tenantId, CancellationToken cancellationToken) =>
        (await ListDefinitionsAsync(processId, tenantId, cancellationToken)).MaxBy(d => d.Version)?.Id;

    /// <summary>
    /// Whether the store can have a commit check that a process definition is still the newest version of its process
    /// (<see cref="RequireNewestDefinition"/>); then the engine keeps the newest definition of each process instead of
    /// reading it for every start.
    /// </summary>
    bool ChecksNewestDefinition => false;

    /// <summary>
    /// Registers a check for <see cref="CommitAsync"/>: no definition of <paramref name="processId"/> (and
    /// <paramref name="tenantId"/>) with a version above <paramref name="version"/> exists; if one does, the commit
    /// writes nothing and fails with <see cref="ConcurrencyConflictException"/>.
    /// </summary>
    void RequireNewestDefinition(string processId, string? tenantId, int version) =>
        throw new NotSupportedException("This store cannot check the newest definition in a commit.");

    /// <summary>User tasks matching a query.</summary>
    Task<IReadOnlyList<UserTaskRecord>> QueryTasksAsync(TaskQuery query, CancellationToken cancellationToken);

    /// <summary>Jobs of a kind (and job type, when given) due at <paramref name="now"/> with retries left and no live lock, oldest due first.</summary>
    Task<IReadOnlyList<JobRecord>> ListAcquirableJobsAsync(DateTimeOffset now, JobKind kind, string? jobType, int max, CancellationToken cancellationToken);

    /// <summary>
    /// Locks for <paramref name="lockOwner"/> until <paramref name="lockExpiresAt"/> up to <paramref name="max"/>
    /// acquirable jobs (as <see cref="ListAcquirableJobsAsync"/> finds them), oldest due first: timer jobs when
    /// <paramref name="timers"/>, and task jobs of the <paramref name="jobTypes"/>. Without an override the locks are
    /// registered as updates and written by <see cref="CommitAsync"/>; a database store may take and write them in
    /// one statement at once instead, returning the rows with their new revision.
    /// </summary>
    Task<IReadOnlyList<JobRecord>> LockJobsAsync(DateTimeOffset now, bool timers, IReadOnlyCollection<string> jobTypes, int max, string lockOwner, DateTimeOffset lockExpiresAt, CancellationToken cancellationToken) =>
        JobLocks.RegisterAsync(this, now, timers, jobTypes, max, lockOwner, lockExpiresAt, cancellationToken);

    /// <summary>Subscriptions waiting for an event name (and correlation key for messages), oldest first.</summary>
    Task<IReadOnlyList<EventSubscriptionRecord>> ListSubscriptionsAsync(SubscriptionKind kind, string eventName, string? correlationKey, string? tenantId, CancellationToken cancellationToken);

    /// <summary>Buffered messages of a name and correlation key that have not expired, oldest first.</summary>
    Task<IReadOnlyList<BufferedMessageRecord>> ListBufferedMessagesAsync(string name, string? correlationKey, DateTimeOffset now, string? tenantId, CancellationToken cancellationToken);

    /// <summary>Unresolved incidents, optionally of one instance.</summary>
    Task<IReadOnlyList<IncidentRecord>> ListIncidentsAsync(string? processInstanceId, CancellationToken cancellationToken);

    /// <summary>History events of an instance in order, or all when null.</summary>
    Task<IReadOnlyList<HistoryEventRecord>> ListHistoryAsync(string? processInstanceId, CancellationToken cancellationToken);

    /// <summary>Registers a new row.</summary>
    void Add(StoreRecord record);

    /// <summary>Registers a changed row; the commit fails if someone else changed it since it was read.</summary>
    void Update(StoreRecord record);

    /// <summary>Registers a removed row; the commit fails if someone else changed it since it was read.</summary>
    void Remove(StoreRecord record);

    /// <summary>Writes all registered changes atomically.</summary>
    /// <exception cref="ConcurrencyConflictException">A row was changed by another session since it was read.</exception>
    Task CommitAsync(CancellationToken cancellationToken);
}

/// <summary>Job locking as <see cref="IEngineSession.LockJobsAsync"/> does it without an override.</summary>
public static class JobLocks
{
    /// <summary>Lists the acquirable jobs and registers their locks as updates of <paramref name="session"/>, written by its commit.</summary>
    public static async Task<IReadOnlyList<JobRecord>> RegisterAsync(IEngineSession session, DateTimeOffset now, bool timers, IReadOnlyCollection<string> jobTypes, int max, string lockOwner, DateTimeOffset lockExpiresAt, CancellationToken cancellationToken)
    {
        var jobs = new List<JobRecord>();
        if (timers)
        {
            jobs.AddRange(await session.ListAcquirableJobsAsync(now, JobKind.Timer, null, max, cancellationToken));
        }

        foreach (var type in jobTypes)
        {
            jobs.AddRange(await session.ListAcquirableJobsAsync(now, JobKind.Task, type, max, cancellationToken));
        }

        var locked = jobs.OrderBy(j => j.DueDate).ThenBy(j => j.CreatedAt).Take(max).ToList();
        foreach (var job in locked)
        {
            job.LockOwner = lockOwner;
            job.LockExpiresAt = lockExpiresAt;
            session.Update(job);
        }

        return locked;
    }
}

/// <summary>A process instance and its runtime rows, as <see cref="IEngineSession.LoadInstanceAsync"/> reads them.</summary>
public sealed record InstanceRows(
    ProcessInstanceRecord Instance,
    IReadOnlyList<ElementInstanceRecord> Elements,
    IReadOnlyList<VariableRecord> Variables,
    IReadOnlyList<UserTaskRecord> Tasks,
    IReadOnlyList<JobRecord> Jobs,
    IReadOnlyList<EventSubscriptionRecord> Subscriptions,
    IReadOnlyList<IncidentRecord> Incidents);

/// <summary>A query for user tasks; empty fields do not filter.</summary>
public sealed record TaskQuery
{
    /// <summary>Tasks of this instance.</summary>
    public string? ProcessInstanceId { get; init; }

    /// <summary>Tasks assigned to this user.</summary>
    public string? Assignee { get; init; }

    /// <summary>Unassigned tasks offered to this group.</summary>
    public string? CandidateGroup { get; init; }

    /// <summary>Unassigned tasks offered to this user.</summary>
    public string? CandidateUser { get; init; }

    /// <summary>Tasks of this BPMN element.</summary>
    public string? ElementId { get; init; }

    /// <summary>Tasks of this tenant.</summary>
    public string? TenantId { get; init; }

    /// <summary>At most this many tasks.</summary>
    public int MaxResults { get; init; } = 1000;
}

/// <summary>Thrown when a row was changed by someone else since it was read; the command is retried.</summary>
public sealed class ConcurrencyConflictException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ConcurrencyConflictException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ConcurrencyConflictException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the cause.</summary>
    public ConcurrencyConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
