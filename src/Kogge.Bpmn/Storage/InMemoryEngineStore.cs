namespace Kogge.Bpmn.Storage;

/// <summary>
/// An engine store in process memory, for tests and simulation. It keeps the same contract as the
/// database stores: atomic commits and optimistic revisions.
/// </summary>
public sealed class InMemoryEngineStore : IEngineStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<Type, Dictionary<string, StoreRecord>> _tables = [];

    // Live rows by process instance, so that loading one instance does not scan every table. An instance has a few
    // live rows at a time, so a list is cheaper than a dictionary per instance and type. History is kept apart.
    private readonly Dictionary<string, List<StoreRecord>> _byInstance = new(StringComparer.Ordinal);
    private readonly InMemoryHistory _history = new();

    /// <inheritdoc />
    public JobSignal JobSignal { get; } = new();

    /// <inheritdoc />
    public Task<IEngineSession> OpenSessionAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IEngineSession>(new Session(this));

    private List<T> Scan<T>(Func<T, bool> predicate)
        where T : StoreRecord
    {
        lock (_gate)
        {
            if (typeof(T) == typeof(HistoryEventRecord))
            {
                return [.. _history.All().Cast<T>().Where(predicate)];
            }

            if (!_tables.TryGetValue(typeof(T), out var table))
            {
                return [];
            }

            return [.. table.Values.Cast<T>().Where(predicate).Select(r => (T)r.Copy())];
        }
    }

    private List<T> ByInstance<T>(string instanceId)
        where T : StoreRecord
    {
        lock (_gate)
        {
            if (typeof(T) == typeof(HistoryEventRecord))
            {
                return [.. _history.ByInstance(instanceId).Cast<T>()];
            }

            var result = new List<T>();
            if (_byInstance.TryGetValue(instanceId, out var rows))
            {
                foreach (var row in rows)
                {
                    if (row is T match)
                    {
                        result.Add((T)match.Copy());
                    }
                }
            }

            return result;
        }
    }

    private void Index(StoreRecord row, bool add)
    {
        if (InstanceOf(row) is not { } instanceId)
        {
            return;
        }

        if (add)
        {
            if (!_byInstance.TryGetValue(instanceId, out var rows))
            {
                rows = [];
                _byInstance[instanceId] = rows;
            }

            rows.Add(row);
        }
        else if (_byInstance.TryGetValue(instanceId, out var rows))
        {
            rows.Remove(row);
            if (rows.Count == 0)
            {
                _byInstance.Remove(instanceId);
            }
        }
    }

    /// <summary>Puts a changed row in the place of its previous version, keeping the instance's row order.</summary>
    private bool Reindex(StoreRecord previous, StoreRecord row)
    {
        if (InstanceOf(previous) is not { } instanceId || InstanceOf(row) != instanceId
            || !_byInstance.TryGetValue(instanceId, out var rows))
        {
            return false;
        }

        var at = rows.IndexOf(previous);
        if (at < 0)
        {
            return false;
        }

        rows[at] = row;
        return true;
    }

    private T? Find<T>(string id)
        where T : StoreRecord
    {
        lock (_gate)
        {
            if (typeof(T) == typeof(HistoryEventRecord))
            {
                return _history.All().FirstOrDefault(r => r.Id == id) as T;
            }

            return _tables.TryGetValue(typeof(T), out var table) && table.TryGetValue(id, out var row) ? (T)row.Copy() : null;
        }
    }

    private void Commit(List<(char Op, StoreRecord Record)> changes)
    {
        lock (_gate)
        {
            foreach (var (op, record) in changes)
            {
                if (record is HistoryEventRecord)
                {
                    if (op != 'A')
                    {
                        throw new NotSupportedException("History events are only ever added.");
                    }

                    continue;
                }

                var table = Table(record.GetType());
                var exists = table.TryGetValue(record.Id, out var stored);
                if (op == 'A' && exists)
                {
                    throw new ConcurrencyConflictException($"{record.GetType().Name} '{record.Id}' already exists.");
                }

                if (op != 'A' && (!exists || stored!.Revision != record.Revision))
                {
                    throw new ConcurrencyConflictException($"{record.GetType().Name} '{record.Id}' was changed or removed by someone else.");
                }
            }

            foreach (var (op, record) in changes)
            {
                if (record is HistoryEventRecord history)
                {
                    history.Sequence = _history.Add(history);
                    history.Revision = 1;
                    continue;
                }

                var table = Table(record.GetType());
                var previous = table.GetValueOrDefault(record.Id);
                if (op == 'R')
                {
                    if (previous is not null)
                    {
                        Index(previous, add: false);
                    }

                    table.Remove(record.Id);
                    continue;
                }

                var row = record.Copy();
                row.Revision = op == 'A' ? 1 : record.Revision + 1;
                table[row.Id] = row;
                if (previous is null || !Reindex(previous, row))
                {
                    if (previous is not null)
                    {
                        Index(previous, add: false);
                    }

                    Index(row, add: true);
                }

                record.Revision = row.Revision;
            }
        }
    }

    private Dictionary<string, StoreRecord> Table(Type type)
    {
        if (!_tables.TryGetValue(type, out var table))
        {
            table = new Dictionary<string, StoreRecord>(StringComparer.Ordinal);
            _tables[type] = table;
        }

        return table;
    }

    private static string? InstanceOf(StoreRecord record) => record switch
    {
        ProcessInstanceRecord r => r.Id,
        ElementInstanceRecord r => r.ProcessInstanceId,
        VariableRecord r => r.ProcessInstanceId,
        UserTaskRecord r => r.ProcessInstanceId,
        JobRecord r => r.ProcessInstanceId,
        EventSubscriptionRecord r => r.ProcessInstanceId,
        IncidentRecord r => r.ProcessInstanceId,
        _ => null,
    };

    private static bool ListContains(string? list, string value) =>
        list is not null && list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Contains(value, StringComparer.Ordinal);

    private sealed class Session(InMemoryEngineStore store) : IEngineSession
    {
        private readonly List<(char Op, StoreRecord Record)> _changes = [];

        public Task<T?> FindAsync<T>(string id, CancellationToken cancellationToken)
            where T : StoreRecord => Task.FromResult(store.Find<T>(id));

        public Task<IReadOnlyList<T>> ListByInstanceAsync<T>(string processInstanceId, CancellationToken cancellationToken)
            where T : StoreRecord =>
            Task.FromResult<IReadOnlyList<T>>(store.ByInstance<T>(processInstanceId));

        public Task<IReadOnlyList<T>> ListStartTriggersAsync<T>(string definitionId, CancellationToken cancellationToken)
            where T : StoreRecord =>
            Task.FromResult<IReadOnlyList<T>>(store.Scan<T>(r => r switch
            {
                JobRecord j => j.ProcessInstanceId is null && j.DefinitionId == definitionId,
                EventSubscriptionRecord s => s.ProcessInstanceId is null && s.DefinitionId == definitionId,
                _ => false,
            }));

        public Task<IReadOnlyList<ProcessDefinitionRecord>> ListDefinitionsAsync(string? processId, string? tenantId, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<ProcessDefinitionRecord>>(
                [.. store.Scan<ProcessDefinitionRecord>(d => (processId is null || d.ProcessId == processId) && d.TenantId == tenantId).OrderBy(d => d.ProcessId, StringComparer.Ordinal).ThenBy(d => d.Version)]);

        public Task<IReadOnlyList<UserTaskRecord>> QueryTasksAsync(TaskQuery query, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<UserTaskRecord>>(
                [.. store.Scan<UserTaskRecord>(t =>
                    (query.ProcessInstanceId is null || t.ProcessInstanceId == query.ProcessInstanceId)
                    && (query.Assignee is null || t.Assignee == query.Assignee)
                    && (query.CandidateGroup is null || (t.Assignee is null && ListContains(t.CandidateGroups, query.CandidateGroup)))
                    && (query.CandidateUser is null || (t.Assignee is null && ListContains(t.CandidateUsers, query.CandidateUser)))
                    && (query.ElementId is null || t.ElementId == query.ElementId)
                    && (query.TenantId is null || t.TenantId == query.TenantId))
                    .OrderBy(t => t.CreatedAt).ThenBy(t => t.Id, StringComparer.Ordinal).Take(query.MaxResults)]);

        public Task<IReadOnlyList<JobRecord>> ListAcquirableJobsAsync(DateTimeOffset now, JobKind kind, string? jobType, int max, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<JobRecord>>(
                [.. store.Scan<JobRecord>(j => j.Kind == kind && j.DueDate <= now && j.Retries > 0 && (j.LockExpiresAt is null || j.LockExpiresAt <= now) && (jobType is null || j.JobType == jobType))
                    .OrderBy(j => j.DueDate).ThenBy(j => j.CreatedAt).Take(max)]);

        public Task<IReadOnlyList<EventSubscriptionRecord>> ListSubscriptionsAsync(SubscriptionKind kind, string eventName, string? correlationKey, string? tenantId, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<EventSubscriptionRecord>>(
                [.. store.Scan<EventSubscriptionRecord>(s => s.Kind == kind && s.EventName == eventName && s.TenantId == tenantId
                    && (kind == SubscriptionKind.Signal || s.ProcessInstanceId is null || s.CorrelationKey == correlationKey))
                    .OrderBy(s => s.CreatedAt).ThenBy(s => s.Id, StringComparer.Ordinal)]);

        public Task<IReadOnlyList<BufferedMessageRecord>> ListBufferedMessagesAsync(string name, string? correlationKey, DateTimeOffset now, string? tenantId, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<BufferedMessageRecord>>(
                [.. store.Scan<BufferedMessageRecord>(m => m.Name == name && m.CorrelationKey == correlationKey && m.ExpiresAt > now && m.TenantId == tenantId)
                    .OrderBy(m => m.PublishedAt)]);

        public Task<IReadOnlyList<IncidentRecord>> ListIncidentsAsync(string? processInstanceId, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<IncidentRecord>>(
                [.. (processInstanceId is null ? store.Scan<IncidentRecord>(_ => true) : store.ByInstance<IncidentRecord>(processInstanceId)).OrderBy(i => i.CreatedAt)]);

        public Task<IReadOnlyList<HistoryEventRecord>> ListHistoryAsync(string? processInstanceId, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<HistoryEventRecord>>(
                processInstanceId is null ? store.Scan<HistoryEventRecord>(_ => true) : store.ByInstance<HistoryEventRecord>(processInstanceId)); // in write order

        public void Add(StoreRecord record) => _changes.Add(('A', record));

        public void Update(StoreRecord record) => _changes.Add(('U', record));

        public void Remove(StoreRecord record) => _changes.Add(('R', record));

        public Task CommitAsync(CancellationToken cancellationToken)
        {
            store.Commit(_changes);
            var jobs = _changes.Any(c => c.Op != 'R' && JobSignal.Concerns(c.Record));
            _changes.Clear();
            if (jobs)
            {
                store.JobSignal.Raise();
            }

            return Task.CompletedTask;
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
