using Kogge.Bpmn.Storage;

namespace Kogge.Bpmn.Engine.Commands;

/// <summary>Locks due jobs for one engine node or worker: lock owner and expiry are set so no other node runs them meanwhile.</summary>
internal sealed class AcquireJobsCommand(JobKind kind, string? jobType, int max, string lockOwner, TimeSpan lockDuration) : ICommand<IReadOnlyList<JobRecord>>
{
    public async Task<IReadOnlyList<JobRecord>> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var jobs = await context.Session.ListAcquirableJobsAsync(context.Now, kind, jobType, max, cancellationToken);
        foreach (var job in jobs)
        {
            job.LockOwner = lockOwner;
            job.LockExpiresAt = context.Now + lockDuration;
            context.Session.Update(job);
        }

        return jobs;
    }
}
