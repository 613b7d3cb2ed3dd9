using Kogge.Bpmn.Engine.Execution;

namespace Kogge.Bpmn.Engine.Commands;

/// <summary>Sets variables in the process scope of an instance.</summary>
internal sealed class SetVariablesCommand(string instanceId, IReadOnlyDictionary<string, object?> variables, string? userId) : ICommand<bool>
{
    public async Task<bool> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        context.Actor = userId;
        var instance = await context.InstanceAsync(instanceId, cancellationToken);
        var flow = new Flow(context, cancellationToken);
        flow.SetVariables(instance, instance.Id, StartProcessInstanceCommand.Normalize(variables), local: true);
        return true;
    }
}
