using Kogge.Bpmn.Engine.Execution;

namespace Kogge.Bpmn.Engine.Commands;

/// <summary>A worker reports a business error: it is thrown as a BPMN error from the job's element.</summary>
internal sealed class ThrowJobErrorCommand(string jobId, string errorCode, string? message, string? worker) : ICommand<bool>
{
    public async Task<bool> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        context.Actor = worker;
        var (instance, job) = await JobLookup.FindAsync(context, jobId, cancellationToken);
        var element = instance.Elements.Get(job.ElementInstanceId!)
            ?? throw new NotFoundException($"Job '{jobId}' no longer has a waiting element.");
        instance.Jobs.Remove(job);
        var flow = new Flow(context, cancellationToken);
        await flow.ThrowErrorAsync(instance, element, errorCode, message);
        await flow.RunAsync();
        return true;
    }
}
