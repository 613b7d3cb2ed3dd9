using Kogge.Bpmn.Engine.History;
using Kogge.Bpmn.Storage;
using Kogge.Web.Modules.Catalog;
using Kogge.Web.Platform.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Kogge.Web.Modules.Cases;

/// <summary>
/// Carries what the engine did into the case: a user task created or claimed moves an "Eingegangen" case to
/// "In Bearbeitung", the end of the process closes it with its result and retention date, and every step gets a line
/// in the timeline. The engine's store cannot share a transaction with the case, so this is a catch-up from the
/// engine's history: the case remembers the last history event it took over (<see cref="Case.HistorySequence"/>) and
/// saves the events after it together with the new mark, under the case's concurrency token. Run twice, it changes
/// nothing the second time; interrupted, it starts again where the last commit left off.
/// </summary>
public sealed class CaseProgress(KoggeDbContext db, EfEngineStore store, TimeProvider clock, ILogger<CaseProgress> log)
{
    /// <summary>The history events that move a case; variable changes and flows do not.</summary>
    internal static readonly string[] Kinds =
    [
        HistoryEventKinds.TaskCreated, HistoryEventKinds.TaskAssigned, HistoryEventKinds.TaskCompleted,
        HistoryEventKinds.ProcessInstanceCompleted, HistoryEventKinds.ProcessInstanceTerminated,
    ];

    /// <summary>Brings the case up to date with its process; false when another request did so at the same time.</summary>
    public async Task<bool> CatchUpAsync(Guid caseId, CancellationToken cancellationToken)
    {
        var found = await db.Cases.FirstOrDefaultAsync(c => c.Id == caseId, cancellationToken);
        return found is not null && await CatchUpAsync(found, cancellationToken);
    }

    /// <summary>The same for the cases of the current municipality whose process instances are named.</summary>
    public async Task CatchUpInstancesAsync(IReadOnlyCollection<string> processInstanceIds, CancellationToken cancellationToken)
    {
        var cases = await db.Cases.Where(c => c.ProcessInstanceId != null && processInstanceIds.Contains(c.ProcessInstanceId)).ToListAsync(cancellationToken);
        foreach (var found in cases)
        {
            await CatchUpAsync(found, cancellationToken);
        }
    }

    /// <summary>
    /// Catches up after a command of this request. The request's own work is committed already; should this fail, the
    /// background catch-up (<see cref="CaseProgressService"/>) brings the case along, so the error is only logged.
    /// </summary>
    public async Task TryCatchUpAsync(string processInstanceId, CancellationToken cancellationToken)
    {
        try
        {
            await CatchUpInstancesAsync([processInstanceId], cancellationToken);
        }
        catch (Exception e) when (e is DbUpdateException or InvalidOperationException)
        {
            log.LogWarning("The case of process instance {InstanceId} was not brought up to date: {ErrorType}", processInstanceId, e.GetType().Name);
        }
    }

    private async Task<bool> CatchUpAsync(Case target, CancellationToken cancellationToken)
    {
        if (target.ProcessInstanceId is null)
        {
            return true;
        }

        List<HistoryEventRecord> events;
        await using (var engine = store.CreateDbContext())
        {
            var instanceId = target.ProcessInstanceId;
            var after = target.HistorySequence;
            events = await engine.Set<HistoryEventRecord>().AsNoTracking()
                .Where(h => h.ProcessInstanceId == instanceId && h.Sequence > after && Kinds.Contains(h.Kind))
                .OrderBy(h => h.Sequence).ToListAsync(cancellationToken);
        }

        if (events.Count == 0)
        {
            return true;
        }

        foreach (var e in events)
        {
            await ApplyAsync(target, e, cancellationToken);
        }

        target.HistorySequence = events[^1].Sequence;
        target.UpdatedAt = clock.GetUtcNow();
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another request or instance committed the case meanwhile (perhaps this very catch-up); the next one resumes from its mark.
            db.ChangeTracker.Clear();
            return false;
        }
    }

    private async Task ApplyAsync(Case target, HistoryEventRecord e, CancellationToken cancellationToken)
    {
        switch (e.Kind)
        {
            case HistoryEventKinds.TaskCreated:
                Add(target, e.Timestamp, CaseEventKinds.TaskCreated, e.ElementName ?? e.ElementId, false);
                StartWork(target, e.Timestamp);
                break;
            case HistoryEventKinds.TaskAssigned when e.Details is not (null or "(none)"):
                Add(target, e.Timestamp, CaseEventKinds.TaskClaimed, e.ElementName ?? e.ElementId, false);
                StartWork(target, e.Timestamp);
                break;
            case HistoryEventKinds.TaskCompleted:
                Add(target, e.Timestamp, CaseEventKinds.TaskCompleted, e.ElementName ?? e.ElementId, false);
                break;
            case HistoryEventKinds.ProcessInstanceCompleted or HistoryEventKinds.ProcessInstanceTerminated when target.ClosedAt is null:
                await CloseAsync(target, e.Timestamp, e.Kind == HistoryEventKinds.ProcessInstanceTerminated, cancellationToken);
                break;
        }
    }

    private void StartWork(Case target, DateTimeOffset at)
    {
        if (target.Status == CaseStatus.Submitted)
        {
            target.Status = CaseStatus.InProgress;
            Add(target, at, CaseEventKinds.InProgress, null, true);
        }
    }

    private async Task CloseAsync(Case target, DateTimeOffset at, bool cancelled, CancellationToken cancellationToken)
    {
        var service = await db.PublicServices.AsNoTracking().FirstOrDefaultAsync(s => s.Id == target.ServiceId, cancellationToken);
        target.Status = CaseStatus.Closed;
        target.ClosedAt = at;
        target.RetainUntil = service is null ? null : RetainUntil(service, target.Result, at);
        Add(target, at, cancelled ? CaseEventKinds.Cancelled : CaseEventKinds.Closed, target.Result, true);
    }

    /// <summary>
    /// The date the case's file is due for deletion: its end plus the service's retention for the result. A result the
    /// catalogue gives no period for keeps the file until a person decides (null).
    /// </summary>
    public static DateTimeOffset? RetainUntil(PublicService service, string? result, DateTimeOffset closedAt)
    {
        var years = result switch
        {
            CaseResults.Approved => service.RetentionApprovedYears,
            CaseResults.Rejected => service.RetentionRejectedYears,
            CaseResults.Withdrawn => service.RetentionWithdrawnYears,
            _ => null,
        };
        return years is { } y ? closedAt.AddYears(y) : null;
    }

    private void Add(Case target, DateTimeOffset at, string kind, string? detail, bool visible) =>
        db.CaseEvents.Add(new CaseEvent
        {
            TenantId = target.TenantId,
            CaseId = target.Id,
            At = at,
            Kind = kind,
            Detail = detail is { Length: > 500 } ? detail[..500] : detail,
            VisibleToApplicant = visible,
        });
}

/// <summary>The results a case closes with; the catalogue names a retention period for each.</summary>
public static class CaseResults
{
    public const string Approved = "bewilligt";
    public const string Rejected = "abgelehnt";
    public const string Withdrawn = "zurueckgezogen";

    public static bool IsKnown(string? result) => result is Approved or Rejected or Withdrawn;
}
