using Kogge.Bpmn.Storage;
using Kogge.Web.Platform.Persistence;
using Kogge.Web.Platform.Processes;
using Kogge.Web.Platform.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Kogge.Web.Modules.Cases;

/// <summary>
/// Brings cases along with what the engine did on its own (timers, service tasks, the end of a process after a job)
/// or what a request did not carry over because it stopped. It reads the engine's history from a cursor and lets
/// <see cref="CaseProgress"/> catch up the cases of the instances it finds there. The cursor lives in memory only: it
/// starts at the lowest mark of the open cases, and it moves past an event only once the event is
/// <see cref="Settle"/> old, because on PostgreSQL an event numbered lower may become visible after a higher one.
/// Catching up is idempotent, so reading an event twice costs a query and changes nothing.
/// </summary>
internal sealed class CaseProgressService(IServiceScopeFactory scopes, EfEngineStore store, TenantCatalog tenants, ProcessOptions options,
    TimeProvider clock, ILogger<CaseProgressService> log) : BackgroundService
{
    private static readonly TimeSpan Settle = TimeSpan.FromMinutes(1);
    private const int Batch = 500;

    private long? _cursor;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.JobExecutorEnabled)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                log.LogError("Case progress pass failed with {ErrorType}", e.GetType().FullName);
            }

            try
            {
                await Task.Delay(options.JobPollInterval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    /// <summary>One pass: every case whose process moved since the cursor is brought up to date.</summary>
    public async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        _cursor ??= await FirstCursorAsync(cancellationToken);
        var settled = clock.GetUtcNow() - Settle;
        while (true)
        {
            var from = _cursor.Value;
            List<(long Sequence, string? Instance, string? Tenant, DateTimeOffset At)> events;
            await using (var engine = store.CreateDbContext())
            {
                events = [.. (await engine.Set<HistoryEventRecord>().AsNoTracking()
                        .Where(h => h.Sequence > from && CaseProgress.Kinds.Contains(h.Kind))
                        .OrderBy(h => h.Sequence).Take(Batch)
                        .Select(h => new { h.Sequence, h.ProcessInstanceId, h.TenantId, h.Timestamp })
                        .ToListAsync(cancellationToken))
                    .Select(h => (h.Sequence, h.ProcessInstanceId, h.TenantId, h.Timestamp))];
            }

            foreach (var group in events.Where(e => e.Instance is not null && Guid.TryParse(e.Tenant, out _)).GroupBy(e => Guid.Parse(e.Tenant!)))
            {
                if (await tenants.FindByIdAsync(group.Key, cancellationToken) is not { } tenant)
                {
                    continue;
                }

                await using var scope = scopes.CreateAsyncScope();
                scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenant);
                await scope.ServiceProvider.GetRequiredService<CaseProgress>()
                    .CatchUpInstancesAsync([.. group.Select(e => e.Instance!).Distinct(StringComparer.Ordinal)], cancellationToken);
            }

            // Past settled events only; the unsettled rest is read again next pass.
            foreach (var e in events.TakeWhile(e => e.At < settled))
            {
                _cursor = e.Sequence;
            }

            if (events.Count < Batch || _cursor == from)
            {
                return;
            }
        }
    }

    /// <summary>The lowest mark among the open cases of every municipality: nothing before it can still move a case.</summary>
    private async Task<long> FirstCursorAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KoggeDbContext>();
        return await db.Cases.IgnoreQueryFilters()
            .Where(c => c.ProcessInstanceId != null && c.Status != CaseStatus.Closed && c.Status != CaseStatus.Withdrawn)
            .MinAsync(c => (long?)c.HistorySequence, cancellationToken) ?? await LastSequenceAsync(cancellationToken);
    }

    private async Task<long> LastSequenceAsync(CancellationToken cancellationToken)
    {
        await using var engine = store.CreateDbContext();
        return await engine.Set<HistoryEventRecord>().MaxAsync(h => (long?)h.Sequence, cancellationToken) ?? 0;
    }
}
