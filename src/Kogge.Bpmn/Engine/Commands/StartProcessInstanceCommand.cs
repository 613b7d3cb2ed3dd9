using Kogge.Bpmn.Engine.Execution;
using Kogge.Bpmn.Model;

namespace Kogge.Bpmn.Engine.Commands;

/// <summary>
/// Starts a process at its none start event and runs it to its first wait states: the latest version, or exactly
/// <paramref name="version"/> when given.
/// </summary>
internal sealed class StartProcessInstanceCommand(string processId, IReadOnlyDictionary<string, object?>? variables, string? businessKey, string? tenantId, int? version = null)
    : ICommand<ProcessInstanceInfo>
{
    public async Task<ProcessInstanceInfo> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var definitionId = version is { } wanted
            ? (await context.Session.ListDefinitionsAsync(processId, tenantId, cancellationToken)).FirstOrDefault(v => v.Version == wanted)?.Id
                ?? throw new NotFoundException($"Process '{processId}' has no version {wanted}.")
            : await context.NewestDefinitionIdAsync(processId, tenantId, cancellationToken)
                ?? throw new NotFoundException($"No process '{processId}' is deployed.");
        var process = await context.ProcessAsync(definitionId, cancellationToken);
        var start = process.Process.FlowElements.OfType<StartEvent>().FirstOrDefault(s => s.EventDefinitions.Count == 0)
            ?? throw new ProcessEngineException($"Process '{processId}' has no none start event; it starts by message, timer or signal.");
        var instance = context.NewInstance(process, businessKey, null, null);
        var flow = new Flow(context, cancellationToken);
        flow.StartInstance(instance, variables is null ? null : Normalize(variables), start);
        await flow.RunAsync();
        return ProcessInstanceInfo.From(instance.Instance);
    }

    internal static Dictionary<string, object?> Normalize(IReadOnlyDictionary<string, object?> variables) =>
        variables.ToDictionary(kv => kv.Key, kv => VariableValues.Normalize(kv.Value), StringComparer.Ordinal);
}
