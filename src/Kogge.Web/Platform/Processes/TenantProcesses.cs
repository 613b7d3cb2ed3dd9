using Kogge.Bpmn.Engine;
using Kogge.Bpmn.Engine.History;
using Kogge.Bpmn.Storage;
using Kogge.Web.Platform.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Kogge.Web.Platform.Processes;

/// <summary>
/// The current municipality's view of the engine's tables. Every read filters by its tenant id, so an id of another
/// municipality is simply not found; engine calls take <see cref="TenantId"/>. A row's tenant never changes, so a
/// check here followed by an engine command cannot let a command reach another municipality's row.
/// </summary>
public sealed class TenantProcesses(EfEngineStore store, TenantContext tenant)
{
    /// <summary>The engine's tenant id of the current municipality.</summary>
    public string TenantId => tenant.Current is { } current
        ? current.Id.ToString()
        : throw new InvalidOperationException("Processes belong to a municipality; this request has none.");

    public async Task<ProcessDefinitionRecord> DefinitionAsync(string processId, int version, CancellationToken cancellationToken)
    {
        var tenantId = TenantId;
        await using var db = store.CreateDbContext();
        return await db.Set<ProcessDefinitionRecord>().AsNoTracking()
                .FirstOrDefaultAsync(d => d.TenantId == tenantId && d.ProcessId == processId && d.Version == version, cancellationToken)
            ?? throw new NotFoundException($"Process '{processId}' has no version {version}.");
    }

    public async Task<ProcessInstanceRecord> InstanceAsync(string id, CancellationToken cancellationToken)
    {
        var tenantId = TenantId;
        await using var db = store.CreateDbContext();
        return await db.Set<ProcessInstanceRecord>().AsNoTracking().FirstOrDefaultAsync(i => i.TenantId == tenantId && i.Id == id, cancellationToken)
            ?? throw new NotFoundException($"Process instance '{id}' does not exist.");
    }

    /// <summary>Instances, newest first, with the total count of the filter.</summary>
    public async Task<(IReadOnlyList<ProcessInstanceRecord> Items, int Total)> InstancesAsync(
        string? processId, ProcessInstanceState? state, string? businessKey, int skip, int take, CancellationToken cancellationToken)
    {
        var tenantId = TenantId;
        await using var db = store.CreateDbContext();
        var rows = db.Set<ProcessInstanceRecord>().AsNoTracking().Where(i => i.TenantId == tenantId);
        if (processId is not null)
        {
            rows = rows.Where(i => i.ProcessId == processId);
        }

        if (state is { } s)
        {
            rows = rows.Where(i => i.State == s);
        }

        if (businessKey is not null)
        {
            rows = rows.Where(i => i.BusinessKey == businessKey);
        }

        var total = await rows.CountAsync(cancellationToken);
        var items = await rows.OrderByDescending(i => i.StartedAt).ThenBy(i => i.Id).Skip(skip).Take(take).ToListAsync(cancellationToken);
        return (items, total);
    }

    /// <summary>An open task of the municipality.</summary>
    /// <exception cref="ProcessConflictException">The task was completed already.</exception>
    /// <exception cref="NotFoundException">The municipality has no such task.</exception>
    public async Task<UserTaskRecord> TaskAsync(string id, CancellationToken cancellationToken)
    {
        var tenantId = TenantId;
        await using var db = store.CreateDbContext();
        var task = await db.Set<UserTaskRecord>().AsNoTracking().FirstOrDefaultAsync(t => t.TenantId == tenantId && t.Id == id, cancellationToken);
        if (task is not null)
        {
            return task;
        }

        // A completed task leaves its id in the history; answering 409 there tells a second clerk why.
        var completed = await db.Set<HistoryEventRecord>().AsNoTracking()
            .AnyAsync(h => h.TenantId == tenantId && h.Kind == HistoryEventKinds.TaskCompleted && h.Details == id, cancellationToken);
        throw completed
            ? new ProcessConflictException($"Task '{id}' is already completed.")
            : new NotFoundException($"Task '{id}' does not exist.");
    }

    /// <summary>Open tasks, oldest first, with the total count of the filter. A candidate group matches unassigned tasks offered to it by exactly that name.</summary>
    public async Task<(IReadOnlyList<UserTaskRecord> Items, int Total)> TasksAsync(
        string? assignee, string? candidateGroup, string? processId, string? processInstanceId, int skip, int take, CancellationToken cancellationToken)
    {
        var tenantId = TenantId;
        await using var db = store.CreateDbContext();
        var rows = db.Set<UserTaskRecord>().AsNoTracking().Where(t => t.TenantId == tenantId);
        if (assignee is not null)
        {
            rows = rows.Where(t => t.Assignee == assignee);
        }

        if (processInstanceId is not null)
        {
            rows = rows.Where(t => t.ProcessInstanceId == processInstanceId);
        }

        if (processId is not null)
        {
            var instances = db.Set<ProcessInstanceRecord>().Where(i => i.TenantId == tenantId && i.ProcessId == processId).Select(i => i.Id);
            rows = rows.Where(t => instances.Contains(t.ProcessInstanceId));
        }

        if (candidateGroup is not null)
        {
            // One row per group in BpmnTaskCandidates: an exact match in the database, through its index.
            var offered = db.Set<TaskCandidate>().Where(c => c.TenantId == tenantId && c.Kind == TaskCandidate.Group && c.Name == candidateGroup).Select(c => c.TaskId);
            rows = rows.Where(t => t.Assignee == null && offered.Contains(t.Id));
        }

        rows = rows.OrderBy(t => t.CreatedAt).ThenBy(t => t.Id);
        return (await rows.Skip(skip).Take(take).ToListAsync(cancellationToken), await rows.CountAsync(cancellationToken));
    }

    public async Task<IncidentRecord> IncidentAsync(string id, CancellationToken cancellationToken)
    {
        var tenantId = TenantId;
        await using var db = store.CreateDbContext();
        return await db.Set<IncidentRecord>().AsNoTracking().FirstOrDefaultAsync(i => i.TenantId == tenantId && i.Id == id, cancellationToken)
            ?? throw new NotFoundException($"Incident '{id}' does not exist or is resolved.");
    }

    /// <summary>Unresolved incidents, oldest first.</summary>
    public async Task<IReadOnlyList<IncidentRecord>> IncidentsAsync(string? processInstanceId, int take, CancellationToken cancellationToken)
    {
        var tenantId = TenantId;
        await using var db = store.CreateDbContext();
        var rows = db.Set<IncidentRecord>().AsNoTracking().Where(i => i.TenantId == tenantId);
        if (processInstanceId is not null)
        {
            rows = rows.Where(i => i.ProcessInstanceId == processInstanceId);
        }

        return await rows.OrderBy(i => i.CreatedAt).ThenBy(i => i.Id).Take(take).ToListAsync(cancellationToken);
    }
}

/// <summary>The request meets a state that forbids it, e.g. completing a task that is already completed (409).</summary>
public sealed class ProcessConflictException : Exception
{
    public ProcessConflictException()
    {
    }

    public ProcessConflictException(string message)
        : base(message)
    {
    }

    public ProcessConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
