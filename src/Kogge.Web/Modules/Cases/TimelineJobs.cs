using Kogge.Bpmn.Engine;
using Kogge.Web.Platform.Persistence;
using Kogge.Web.Platform.Processes;
using Microsoft.EntityFrameworkCore;

namespace Kogge.Web.Modules.Cases;

/// <summary>
/// Tells another body of the case (job type <see cref="JobType"/>, header <c>stelle</c> with the body's name, e.g.
/// the tax office after a business registration) and notes it on the case's timeline. The transfer itself goes
/// through the municipality's existing channels; the entry records that it was made and when.
/// </summary>
public sealed class BodyNotification(KoggeDbContext db, TenantProcesses processes, TimeProvider clock) : IJobHandler
{
    public const string JobType = "kogge-unterrichtung";

    public async Task<JobOutcome> HandleAsync(JobContext job, CancellationToken cancellationToken)
    {
        if (!job.Headers.TryGetValue("stelle", out var body) || body.Length == 0)
        {
            return JobOutcome.Fail("The task names no body (header stelle).");
        }

        return await TimelineEntry.AddOnceAsync(db, processes, clock, job, CaseEventKinds.BodyNotified, body, cancellationToken);
    }
}

/// <summary>
/// Confirms to the applicant that the notification arrived (job type <see cref="JobType"/>), such as the receipt a
/// trade office issues for a business registration, as an entry on the case's timeline.
/// </summary>
public sealed class ReceiptConfirmation(KoggeDbContext db, TenantProcesses processes, TimeProvider clock) : IJobHandler
{
    public const string JobType = "kogge-empfangsbestaetigung";

    public Task<JobOutcome> HandleAsync(JobContext job, CancellationToken cancellationToken) =>
        TimelineEntry.AddOnceAsync(db, processes, clock, job, CaseEventKinds.ReceiptConfirmed, null, cancellationToken);
}

internal static class TimelineEntry
{
    /// <summary>Adds the entry to the case of the job's instance; a job run again after a crash finds it there and adds none.</summary>
    public static async Task<JobOutcome> AddOnceAsync(KoggeDbContext db, TenantProcesses processes, TimeProvider clock, JobContext job, string kind, string? detail,
        CancellationToken cancellationToken)
    {
        var instance = await processes.InstanceAsync(job.ProcessInstanceId, cancellationToken);
        var caseId = Guid.TryParse(instance.BusinessKey, out var id) ? id : Guid.Empty;
        if (!await db.Cases.AnyAsync(c => c.Id == caseId, cancellationToken))
        {
            return JobOutcome.Fail("The process instance belongs to no case.");
        }

        if (!await db.CaseEvents.AnyAsync(e => e.CaseId == caseId && e.Kind == kind && e.Detail == detail, cancellationToken))
        {
            db.CaseEvents.Add(new CaseEvent { CaseId = caseId, At = clock.GetUtcNow(), Kind = kind, Detail = detail });
            await db.SaveChangesAsync(cancellationToken);
        }

        return JobOutcome.Complete();
    }
}
