using System.Collections.Concurrent;
using Kogge.Bpmn.Storage.EntityFramework;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Kogge.Bpmn.Storage;

/// <summary>
/// One unit of work. Reads are untracked, so the engine gets copies; <see cref="Add"/>, <see cref="Update"/> and
/// <see cref="Remove"/> keep a copy with the revision read, and <see cref="CommitAsync"/> writes them atomically
/// through the store's <see cref="GroupCommitter"/> (in one transaction, possibly shared with other sessions).
/// </summary>
internal sealed class EfEngineSession(BpmnStoreDbContext context, EngineStoreProvider provider, GroupCommitter committer, JobSignal jobSignal) : IEngineSession
{
    private readonly Dictionary<(Type Type, string Id), RowChange> _changes = [];

    // History is only ever added, and in the order of adding, which is the order the database numbers it in.
    private readonly List<RowChange> _history = [];

    // Conditions the commit checks without writing a row (the newest definition of a process).
    private readonly List<RowChange> _checks = [];
    private IDbContextTransaction? _transaction;

    public async Task<T?> FindAsync<T>(string id, CancellationToken cancellationToken)
        where T : StoreRecord =>
        await context.Set<T>().AsNoTracking().Where(r => r.Id == id).FirstOrDefaultAsync(cancellationToken);

    public async Task<IReadOnlyList<T>> ListByInstanceAsync<T>(string processInstanceId, CancellationToken cancellationToken)
        where T : StoreRecord
    {
        var rows = context.Set<T>().AsNoTracking();
        if (typeof(T) == typeof(ProcessInstanceRecord))
        {
            return await rows.Where(r => r.Id == processInstanceId).ToListAsync(cancellationToken);
        }

        if (context.Model.FindEntityType(typeof(T))?.FindProperty(nameof(JobRecord.ProcessInstanceId)) is null)
        {
            return [];
        }

        rows = rows.Where(r => EF.Property<string?>(r, nameof(JobRecord.ProcessInstanceId)) == processInstanceId);
        return typeof(T) == typeof(HistoryEventRecord)
            ? await rows.OrderBy(r => EF.Property<long>(r, nameof(HistoryEventRecord.Sequence))).ToListAsync(cancellationToken)
            : await rows.OrderBy(r => r.Id).ToListAsync(cancellationToken);
    }

    public Task<InstanceRows?> LoadInstanceAsync(string processInstanceId, CancellationToken cancellationToken) =>
        InstanceLoader.LoadAsync(context, _transaction, processInstanceId, cancellationToken);

    public Task<InstanceRows?> LoadInstanceOfAsync<T>(string rowId, CancellationToken cancellationToken)
        where T : StoreRecord =>
        typeof(T) == typeof(UserTaskRecord) || typeof(T) == typeof(JobRecord) || typeof(T) == typeof(IncidentRecord)
            ? InstanceLoader.LoadOfAsync(context, _transaction, typeof(T), rowId, cancellationToken)
            : Task.FromResult<InstanceRows?>(null);

    public async Task<IReadOnlyList<T>> ListStartTriggersAsync<T>(string definitionId, CancellationToken cancellationToken)
        where T : StoreRecord
    {
        if (typeof(T) != typeof(JobRecord) && typeof(T) != typeof(EventSubscriptionRecord))
        {
            return [];
        }

        return await context.Set<T>().AsNoTracking()
            .Where(r => EF.Property<string?>(r, nameof(JobRecord.ProcessInstanceId)) == null
                && EF.Property<string>(r, nameof(JobRecord.DefinitionId)) == definitionId)
            .OrderBy(r => r.Id)
            .ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<ProcessDefinitionRecord>> ListDefinitionsAsync(string? processId, string? tenantId, CancellationToken cancellationToken)
    {
        var rows = context.Set<ProcessDefinitionRecord>().AsNoTracking().Where(d => d.TenantId == tenantId);
        if (processId is not null)
        {
            rows = rows.Where(d => d.ProcessId == processId);
        }

        var list = await rows.ToListAsync(cancellationToken);
        return [.. list.OrderBy(d => d.ProcessId, StringComparer.Ordinal).ThenBy(d => d.Version)];
    }

    // Compiled once per model (a compiled query serves one provider's model only): the two lookups every start and
    // every task list of an instance make, without EF Core translating the query each time.
    private static readonly ConcurrentDictionary<IModel, Func<BpmnStoreDbContext, string, string?, CancellationToken, Task<string?>>> LatestDefinitionIds = new();
    private static readonly ConcurrentDictionary<IModel, Func<BpmnStoreDbContext, string, int, IAsyncEnumerable<UserTaskRecord>>> TasksOfInstances = new();

    private static Func<BpmnStoreDbContext, string, string?, CancellationToken, Task<string?>> LatestDefinitionId() =>
        EF.CompileAsyncQuery((BpmnStoreDbContext db, string processId, string? tenantId, CancellationToken _) =>
            db.Set<ProcessDefinitionRecord>().AsNoTracking()
                .Where(d => d.ProcessId == processId && d.TenantId == tenantId)
                .OrderByDescending(d => d.Version)
                .Select(d => d.Id)
                .FirstOrDefault());

    private static Func<BpmnStoreDbContext, string, int, IAsyncEnumerable<UserTaskRecord>> TasksOfInstance() =>
        EF.CompileAsyncQuery((BpmnStoreDbContext db, string instanceId, int max) =>
            db.Set<UserTaskRecord>().AsNoTracking()
                .Where(t => t.ProcessInstanceId == instanceId)
                .OrderBy(t => t.CreatedAt).ThenBy(t => t.Id)
                .Take(max));

    public Task<string?> FindLatestDefinitionIdAsync(string processId, string? tenantId, CancellationToken cancellationToken) =>
        LatestDefinitionIds.GetOrAdd(context.Model, _ => LatestDefinitionId())(context, processId, tenantId, cancellationToken);

    public async Task<IReadOnlyList<UserTaskRecord>> QueryTasksAsync(TaskQuery query, CancellationToken cancellationToken)
    {
        if (query is { ProcessInstanceId: { } instanceId, Assignee: null, CandidateGroup: null, CandidateUser: null, ElementId: null, TenantId: null })
        {
            var tasks = new List<UserTaskRecord>();
            await foreach (var task in TasksOfInstances.GetOrAdd(context.Model, _ => TasksOfInstance())(context, instanceId, query.MaxResults).WithCancellation(cancellationToken))
            {
                tasks.Add(task);
            }

            return tasks;
        }

        var rows = context.Set<UserTaskRecord>().AsNoTracking();
        if (query.ProcessInstanceId is { } instance)
        {
            rows = rows.Where(t => t.ProcessInstanceId == instance);
        }

        if (query.Assignee is { } assignee)
        {
            rows = rows.Where(t => t.Assignee == assignee);
        }

        if (query.CandidateGroup is { } group)
        {
            rows = rows.Where(t => t.Assignee == null && t.CandidateGroups != null && t.CandidateGroups.Contains(group));
        }

        if (query.CandidateUser is { } user)
        {
            rows = rows.Where(t => t.Assignee == null && t.CandidateUsers != null && t.CandidateUsers.Contains(user));
        }

        if (query.ElementId is { } element)
        {
            rows = rows.Where(t => t.ElementId == element);
        }

        if (query.TenantId is { } tenant)
        {
            rows = rows.Where(t => t.TenantId == tenant);
        }

        var ordered = rows.OrderBy(t => t.CreatedAt).ThenBy(t => t.Id);
        if (query.CandidateGroup is null && query.CandidateUser is null)
        {
            return await ordered.Take(query.MaxResults).ToListAsync(cancellationToken);
        }

        // Candidate lists are comma separated: the database narrows by substring, the exact entry is checked here.
        // Page by page, so that a group with a million open tasks costs one page, not a million rows.
        var result = new List<UserTaskRecord>();
        var pageSize = Math.Max(64, query.MaxResults * 2);
        for (var skip = 0; result.Count < query.MaxResults; skip += pageSize)
        {
            var page = await ordered.Skip(skip).Take(pageSize).ToListAsync(cancellationToken);
            result.AddRange(page.Where(t => (query.CandidateGroup is null || ListContains(t.CandidateGroups, query.CandidateGroup))
                && (query.CandidateUser is null || ListContains(t.CandidateUsers, query.CandidateUser))));
            if (page.Count < pageSize)
            {
                break;
            }
        }

        return [.. result.Take(query.MaxResults)];
    }

    public async Task<IReadOnlyList<JobRecord>> ListAcquirableJobsAsync(DateTimeOffset now, JobKind kind, string? jobType, int max, CancellationToken cancellationToken)
    {
        if (provider == EngineStoreProvider.Postgres)
        {
            // The rows stay locked until this session commits; other nodes skip them instead of waiting or
            // taking the same jobs. The commit then writes lock owner and expiry in the same transaction.
            _transaction ??= await context.Database.BeginTransactionAsync(cancellationToken);
            var utcNow = now.ToUniversalTime();
            var kindName = kind.ToString();
            var jobs = await context.Set<JobRecord>().FromSql($"""
                SELECT * FROM "BpmnJobs"
                WHERE "Kind" = {kindName} AND "DueDate" <= {utcNow} AND "Retries" > 0
                  AND ("LockExpiresAt" IS NULL OR "LockExpiresAt" <= {utcNow})
                  AND ({jobType}::text IS NULL OR "JobType" = {jobType}::text)
                ORDER BY "DueDate", "CreatedAt"
                LIMIT {max}
                FOR UPDATE SKIP LOCKED
                """).AsNoTracking().ToListAsync(cancellationToken);
            return jobs;
        }

        // SQLite: the claim is the commit's conditional UPDATE (same id and revision); of two nodes that read the
        // same job, one UPDATE matches no row and that session conflicts.
        var due = new List<JobRecord>();
        await foreach (var job in AcquirableJobs.GetOrAdd(context.Model, _ => AcquirableJob())(context, kind, now, jobType, max).WithCancellation(cancellationToken))
        {
            due.Add(job);
        }

        return due;
    }

    // Compiled, as the two lookups above: every job executor's pass runs it once per job type and once for timers.
    private static readonly ConcurrentDictionary<IModel, Func<BpmnStoreDbContext, JobKind, DateTimeOffset, string?, int, IAsyncEnumerable<JobRecord>>> AcquirableJobs = new();

    private static Func<BpmnStoreDbContext, JobKind, DateTimeOffset, string?, int, IAsyncEnumerable<JobRecord>> AcquirableJob() =>
        EF.CompileAsyncQuery((BpmnStoreDbContext db, JobKind kind, DateTimeOffset now, string? jobType, int max) =>
            db.Set<JobRecord>().AsNoTracking()
                .Where(j => j.Kind == kind && j.DueDate <= now && j.Retries > 0 && (j.LockExpiresAt == null || j.LockExpiresAt <= now)
                    && (jobType == null || j.JobType == jobType))
                .OrderBy(j => j.DueDate).ThenBy(j => j.CreatedAt)
                .Take(max));

    public Task<IReadOnlyList<JobRecord>> LockJobsAsync(DateTimeOffset now, bool timers, IReadOnlyCollection<string> jobTypes, int max, string lockOwner, DateTimeOffset lockExpiresAt, CancellationToken cancellationToken) =>
        provider == EngineStoreProvider.Postgres
            ? PostgresJobLocks.LockAsync(context, now, timers, jobTypes, max, lockOwner, lockExpiresAt, cancellationToken)
            : JobLocks.RegisterAsync(this, now, timers, jobTypes, max, lockOwner, lockExpiresAt, cancellationToken);

    public async Task<IReadOnlyList<EventSubscriptionRecord>> ListSubscriptionsAsync(SubscriptionKind kind, string eventName, string? correlationKey, string? tenantId, CancellationToken cancellationToken)
    {
        var rows = context.Set<EventSubscriptionRecord>().AsNoTracking()
            .Where(s => s.Kind == kind && s.EventName == eventName && s.TenantId == tenantId);
        if (kind == SubscriptionKind.Message)
        {
            rows = rows.Where(s => s.ProcessInstanceId == null || s.CorrelationKey == correlationKey);
        }

        return await rows.OrderBy(s => s.CreatedAt).ThenBy(s => s.Id).ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<BufferedMessageRecord>> ListBufferedMessagesAsync(string name, string? correlationKey, DateTimeOffset now, string? tenantId, CancellationToken cancellationToken) =>
        await context.Set<BufferedMessageRecord>().AsNoTracking()
            .Where(m => m.Name == name && m.CorrelationKey == correlationKey && m.ExpiresAt > now && m.TenantId == tenantId)
            .OrderBy(m => m.PublishedAt).ThenBy(m => m.Id)
            .ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<IncidentRecord>> ListIncidentsAsync(string? processInstanceId, CancellationToken cancellationToken)
    {
        var rows = context.Set<IncidentRecord>().AsNoTracking();
        if (processInstanceId is not null)
        {
            rows = rows.Where(i => i.ProcessInstanceId == processInstanceId);
        }

        return await rows.OrderBy(i => i.CreatedAt).ThenBy(i => i.Id).ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<HistoryEventRecord>> ListHistoryAsync(string? processInstanceId, CancellationToken cancellationToken)
    {
        var rows = context.Set<HistoryEventRecord>().AsNoTracking();
        if (processInstanceId is not null)
        {
            rows = rows.Where(h => h.ProcessInstanceId == processInstanceId);
        }

        return await rows.OrderBy(h => h.Sequence).ToListAsync(cancellationToken);
    }

    public bool ChecksNewestDefinition => provider == EngineStoreProvider.Postgres;

    public void RequireNewestDefinition(string processId, string? tenantId, int version)
    {
        if (!ChecksNewestDefinition)
        {
            throw new NotSupportedException("Only PostgreSQL checks the newest definition in a commit.");
        }

        var check = new ProcessDefinitionRecord { Id = processId, ProcessId = processId, TenantId = tenantId, Version = version };
        _checks.Add(new RowChange(check, check, EntityState.Unchanged, 0));
    }

    public void Add(StoreRecord record)
    {
        var copy = record.Copy();
        copy.Revision = 1;
        if (copy is HistoryEventRecord history)
        {
            history.Sequence = 0;
            _history.Add(new RowChange(record, copy, EntityState.Added, 0));
            return;
        }

        _changes[(record.GetType(), record.Id)] = new RowChange(record, copy, EntityState.Added, 0);
    }

    public void Update(StoreRecord record)
    {
        var key = (record.GetType(), record.Id);
        var copy = record.Copy();
        if (_changes.TryGetValue(key, out var known) && known.State is EntityState.Added or EntityState.Modified)
        {
            // Changed again in the same session: take the newest values, keep the revision check of the first read.
            copy.Revision = known.Row.Revision;
            _changes[key] = known with { Caller = record, Row = copy };
            return;
        }

        copy.Revision = record.Revision + 1;
        _changes[key] = new RowChange(record, copy, EntityState.Modified, record.Revision);
    }

    public void Remove(StoreRecord record)
    {
        var key = (record.GetType(), record.Id);
        if (_changes.TryGetValue(key, out var known))
        {
            if (known.State == EntityState.Added)
            {
                _changes.Remove(key);
                return;
            }

            _changes[key] = known with { State = EntityState.Deleted };
            return;
        }

        _changes[key] = new RowChange(record, record.Copy(), EntityState.Deleted, record.Revision);
    }

    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        var jobs = _changes.Values.Any(c => c.State != EntityState.Deleted && JobSignal.Concerns(c.Row));
        try
        {
            if (_transaction is null)
            {
                // Without rows locked by this session, its changes may share one transaction with other sessions'.
                await committer.CommitAsync(context, [.. _changes.Values, .. _history, .. _checks], cancellationToken);
            }
            else
            {
                List<RowChange> changes = [.. _changes.Values, .. _history, .. _checks];
                await RowWriter.WriteAsync(context, _transaction, changes, cancellationToken);
                await _transaction.CommitAsync(cancellationToken);
                RowChange.Acknowledge(changes);
            }

            if (jobs)
            {
                jobSignal.Raise();
            }
        }
        finally
        {
            await ResetAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await ResetAsync();
        await context.DisposeAsync();
    }

    private async Task ResetAsync()
    {
        _changes.Clear();
        _history.Clear();
        _checks.Clear();
        context.ChangeTracker.Clear();
        if (_transaction is not null)
        {
            await _transaction.DisposeAsync();
            _transaction = null;
        }
    }

    private static bool ListContains(string? list, string value) =>
        list is not null && list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Contains(value, StringComparer.Ordinal);
}
