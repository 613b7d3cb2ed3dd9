using Kogge.Bpmn.Engine.Execution;
using Kogge.Bpmn.Engine.History;

namespace Kogge.Bpmn.Engine.Commands;

/// <summary>Completes a task job with the worker's variables and continues the instance.</summary>
internal sealed class CompleteJobCommand(string jobId, IReadOnlyDictionary<string, object?>? variables, string? worker) : ICommand<bool>
{
    public async Task<bool> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        context.Actor = worker;
        var (instance, job) = await JobLookup.FindAsync(context, jobId, cancellationToken);
        var element = instance.Elements.Get(job.ElementInstanceId!)
            ?? throw new NotFoundException($"Job '{jobId}' no longer has a waiting element.");
        instance.Jobs.Remove(job);
        context.History(HistoryEventKinds.JobCompleted, instance, job.ElementId, element.Id, job.JobType);
        var flow = new Flow(context, cancellationToken);
        await flow.TriggerAsync(instance, element, variables is null ? null : StartProcessInstanceCommand.Normalize(variables));
        await flow.RunAsync();
        return true;
    }
}

internal static class JobLookup
{
    public static async Task<(InstanceState Instance, Storage.JobRecord Job)> FindAsync(CommandContext context, string jobId, CancellationToken cancellationToken)
    {
        if (await context.InstanceOfAsync<Storage.JobRecord>(jobId, cancellationToken) is not { } instance || instance.Jobs.Get(jobId) is not { } job)
        {
            throw new NotFoundException($"Job '{jobId}' does not exist or is already done.");
        }

        return (instance, job);
    }
}
