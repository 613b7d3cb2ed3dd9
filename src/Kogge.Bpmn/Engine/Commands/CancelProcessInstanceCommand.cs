using Kogge.Bpmn.Engine.Execution;

namespace Kogge.Bpmn.Engine.Commands;

/// <summary>Cancels a running instance with everything it waits for, including called instances.</summary>
internal sealed class CancelProcessInstanceCommand(string instanceId, string? userId) : ICommand<bool>
{
    public async Task<bool> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        context.Actor = userId;
        var instance = await context.InstanceAsync(instanceId, cancellationToken);
        var flow = new Flow(context, cancellationToken);
        await flow.CancelInstanceAsync(instance);
        await flow.RunAsync();
        return true;
    }
}
