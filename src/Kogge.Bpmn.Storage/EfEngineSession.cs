using Kogge.Bpmn.Storage.EntityFramework;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage;

namespace Kogge.Bpmn.Storage;

/// <summary>
/// One unit of work. Reads are untracked, so the engine gets copies; <see cref="Add"/>, <see cref="Update"/> and
/// <see cref="Remove"/> attach a copy with the revision read as original value, and <see cref="CommitAsync"/> writes
/// them in one transaction.
/// </summary>
internal sealed class EfEngineSession(BpmnStoreDbContext context, EngineStoreProvider provider) : IEngineSession
{
    private readonly Dictionary<(Type Type, string Id), (StoreRecord Caller, EntityEntry Entry)> _changes = [];
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

    public async Task<IReadOnlyList<UserTaskRecord>> QueryTasksAsync(TaskQuery query, CancellationToken cancellationToken)
    {
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
        var rows = context.Set<JobRecord>().AsNoTracking()
            .Where(j => j.Kind == kind && j.DueDate <= now && j.Retries > 0 && (j.LockExpiresAt == null || j.LockExpiresAt <= now));
        if (jobType is not null)
        {
            rows = rows.Where(j => j.JobType == jobType);
        }

        return await rows.OrderBy(j => j.DueDate).ThenBy(j => j.CreatedAt).Take(max).ToListAsync(cancellationToken);
    }

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

    public void Add(StoreRecord record)
    {
        var copy = record.Copy();
        copy.Revision = 1;
        if (copy is HistoryEventRecord history)
        {
            history.Sequence = 0;
        }

        var entry = context.Add(copy);
        _changes[(record.GetType(), record.Id)] = (record, entry);
    }

    public void Update(StoreRecord record)
    {
        if (_changes.TryGetValue((record.GetType(), record.Id), out var known) && known.Entry.State is EntityState.Added or EntityState.Modified)
        {
            // Changed again in the same session: take the newest values, keep the revision check of the first read.
            var revision = (int)known.Entry.Property(nameof(StoreRecord.Revision)).CurrentValue!;
            known.Entry.CurrentValues.SetValues(record);
            known.Entry.Property(nameof(StoreRecord.Revision)).CurrentValue = revision;
            _changes[(record.GetType(), record.Id)] = (record, known.Entry);
            return;
        }

        var entry = context.Attach(record.Copy());
        entry.State = EntityState.Modified;
        var token = entry.Property(nameof(StoreRecord.Revision));
        token.OriginalValue = record.Revision;
        token.CurrentValue = record.Revision + 1;
        _changes[(record.GetType(), record.Id)] = (record, entry);
    }

    public void Remove(StoreRecord record)
    {
        if (_changes.TryGetValue((record.GetType(), record.Id), out var known))
        {
            if (known.Entry.State == EntityState.Added)
            {
                known.Entry.State = EntityState.Detached;
                _changes.Remove((record.GetType(), record.Id));
                return;
            }

            known.Entry.State = EntityState.Deleted;
            return;
        }

        var entry = context.Attach(record.Copy());
        entry.Property(nameof(StoreRecord.Revision)).OriginalValue = record.Revision;
        entry.State = EntityState.Deleted;
        _changes[(record.GetType(), record.Id)] = (record, entry);
    }

    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        try
        {
            await context.SaveChangesAsync(cancellationToken);
            if (_transaction is not null)
            {
                await _transaction.CommitAsync(cancellationToken);
            }
        }
        catch (DbUpdateConcurrencyException exception)
        {
            await ResetAsync();
            throw new ConcurrencyConflictException("A row was changed or removed by someone else since it was read.", exception);
        }
        catch (DbUpdateException exception) when (EfEngineStore.IsDuplicateKey(exception))
        {
            await ResetAsync();
            throw new ConcurrencyConflictException("A row with the same id already exists.", exception);
        }
        catch (Exception exception) when (EfEngineStore.IsTransientConflict(exception))
        {
            await ResetAsync();
            throw new ConcurrencyConflictException("The commit lost a race with another writer.", exception);
        }
        catch
        {
            await ResetAsync();
            throw;
        }

        foreach (var (caller, entry) in _changes.Values)
        {
            if (entry.State != EntityState.Detached)
            {
                caller.Revision = (int)entry.Property(nameof(StoreRecord.Revision)).CurrentValue!;
                if (caller is HistoryEventRecord history && entry.Entity is HistoryEventRecord written)
                {
                    history.Sequence = written.Sequence;
                }
            }
        }

        await ResetAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await ResetAsync();
        await context.DisposeAsync();
    }

    private async Task ResetAsync()
    {
        _changes.Clear();
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
