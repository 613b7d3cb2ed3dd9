using Kogge.Bpmn.Storage;

namespace Kogge.Bpmn.Engine.Commands;

/// <summary>
/// Locks due jobs for one engine node or worker: timers (when asked) and task jobs of the given types. Lock owner and
/// expiry are set so no other node runs them meanwhile.
/// </summary>
internal sealed class AcquireJobsCommand(bool timers, IReadOnlyCollection<string> jobTypes, int max, string lockOwner, TimeSpan lockDuration) : ICommand<IReadOnlyList<JobRecord>>
{
    public Task<IReadOnlyList<JobRecord>> ExecuteAsync(CommandContext context, CancellationToken cancellationToken) =>
        context.Session.LockJobsAsync(context.Now, timers, jobTypes, max, lockOwner, context.Now + lockDuration, cancellationToken);
}
