using Kogge.Bpmn.Engine.Execution;

namespace Kogge.Bpmn.Engine.Commands;

/// <summary>Broadcasts a signal to every waiting instance and signal start event.</summary>
internal sealed class BroadcastSignalCommand(string name, IReadOnlyDictionary<string, object?>? variables, string? tenantId) : ICommand<int>
{
    public async Task<int> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var flow = new Flow(context, cancellationToken);
        var count = await flow.BroadcastSignalAsync(name, variables is null ? null : StartProcessInstanceCommand.Normalize(variables), tenantId);
        await flow.RunAsync();
        return count;
    }
}
