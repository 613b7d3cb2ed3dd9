using System.Globalization;
using Kogge.Bpmn.Engine.Execution;
using Kogge.Bpmn.Engine.History;

namespace Kogge.Bpmn.Engine.Commands;

/// <summary>Records a failed attempt: one retry fewer and a back-off, or an incident when no retries are left.</summary>
internal sealed class FailJobCommand(string jobId, string message, TimeSpan? backoff, string? worker) : ICommand<bool>
{
    public async Task<bool> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        context.Actor = worker;
        var (instance, job) = await JobLookup.FindAsync(context, jobId, cancellationToken);
        job.Retries = Math.Max(0, job.Retries - 1);
        job.ErrorMessage = message;
        job.LockOwner = null;
        job.LockExpiresAt = null;
        job.DueDate = backoff is { } wait ? context.Now + wait : context.Engine.RetryBackoff.AddTo(context.Now);
        instance.Jobs.Changed(job);
        context.History(HistoryEventKinds.JobFailed, instance, job.ElementId, job.ElementInstanceId, string.Create(CultureInfo.InvariantCulture, $"{message} (retries left: {job.Retries})"));
        if (job.Retries == 0)
        {
            var flow = new Flow(context, cancellationToken);
            flow.RaiseIncident(instance, job.ElementInstanceId is null ? null : instance.Elements.Get(job.ElementInstanceId), "JobNoRetries", message, job.Id, job.ElementId);
        }

        return true;
    }
}
