using Kogge.Bpmn.Engine.Execution;
using Kogge.Bpmn.Engine.History;
using Kogge.Bpmn.Engine.Jobs;
using Kogge.Bpmn.Model;
using Kogge.Bpmn.Storage;

namespace Kogge.Bpmn.Engine.Commands;

/// <summary>Fires a due timer locked by this node: continues the waiting element, or starts an instance for a timer start event; a cycle is re-armed.</summary>
internal sealed class ExecuteTimerJobCommand(string jobId, string lockOwner) : ICommand<bool>
{
    public async Task<bool> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var row = await context.Session.FindAsync<JobRecord>(jobId, cancellationToken);
        if (row is null || row.LockOwner != lockOwner)
        {
            return false;
        }

        var flow = new Flow(context, cancellationToken);
        if (row.ProcessInstanceId is null)
        {
            context.Session.Remove(row);
            Rearm(context, row, null);
            var process = await context.ProcessAsync(row.DefinitionId, cancellationToken);
            var started = context.NewInstance(process, null, null, null);
            context.History(HistoryEventKinds.TimerFired, started, row.ElementId);
            flow.StartInstance(started, null, (StartEvent)process.Node(row.ElementId));
            await flow.RunAsync();
            return true;
        }

        var instance = await context.InstanceAsync(row.ProcessInstanceId, cancellationToken);
        var job = instance.Jobs.Get(jobId);
        if (job is null)
        {
            return false;
        }

        instance.Jobs.Remove(job);
        Rearm(context, job, instance);
        context.History(HistoryEventKinds.TimerFired, instance, job.ElementId, job.ElementInstanceId);
        await flow.TriggerEventAsync(instance, job.ElementId, job.ElementInstanceId, null);
        await flow.RunAsync();
        return true;
    }

    private static void Rearm(CommandContext context, JobRecord fired, InstanceState? instance)
    {
        if (fired.RemainingCycle is null || !TimerSchedule.TryParseCycle(fired.RemainingCycle, out var cycle))
        {
            return;
        }

        var next = new JobRecord
        {
            Id = CommandContext.NewId(),
            Kind = JobKind.Timer,
            ProcessInstanceId = fired.ProcessInstanceId,
            DefinitionId = fired.DefinitionId,
            ElementInstanceId = fired.ElementInstanceId,
            ElementId = fired.ElementId,
            TenantId = fired.TenantId,
            DueDate = cycle.Interval.AddTo(fired.DueDate),
            Retries = context.Engine.DefaultRetries,
            RemainingCycle = Flow.NextCycle(cycle.Repetitions, cycle.IntervalText),
            CreatedAt = context.Now,
        };
        if (instance is null)
        {
            context.Session.Add(next);
        }
        else
        {
            instance.Jobs.Add(next);
        }
    }
}
