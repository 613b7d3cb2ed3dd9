using System.Collections.Concurrent;
using Kogge.Bpmn.Model;
using Kogge.Bpmn.Parsing;
using Kogge.Bpmn.Storage;

namespace Kogge.Bpmn.Engine.Execution;

/// <summary>A deployed process version, parsed once and indexed for execution.</summary>
internal sealed class DeployedProcess
{
    private readonly Dictionary<string, FlowElement> _elements = new(StringComparer.Ordinal);

    public DeployedProcess(ProcessDefinitionRecord record)
    {
        Record = record;
        Definitions = BpmnParser.ParseXml(record.Xml).Definitions;
        Process = Definitions.FindProcess(record.ProcessId)
            ?? throw new InvalidOperationException($"The deployed resource does not contain process '{record.ProcessId}'.");
        Index(Process);
    }

    public ProcessDefinitionRecord Record { get; }

    public Definitions Definitions { get; }

    public Process Process { get; }

    public FlowElement Element(string id) =>
        _elements.TryGetValue(id, out var element) ? element : throw new InvalidOperationException($"Element '{id}' is not part of process '{Process.Id}'.");

    public FlowNode Node(string id) => (FlowNode)Element(id);

    public Message? Message(string? messageRef) => messageRef is null ? null : Definitions.FindRootElement(messageRef) as Message;

    public T? Root<T>(string? id)
        where T : RootElement => id is null ? null : Definitions.FindRootElement(id) as T;

    private void Index(IFlowElementsContainer container)
    {
        foreach (var element in container.FlowElements)
        {
            _elements[element.Id] = element;
            if (element is SubProcess sub)
            {
                Index(sub);
            }
        }
    }
}

/// <summary>Deployed processes by definition id, shared by all commands of an engine.</summary>
internal sealed class DeployedProcessCache
{
    private readonly ConcurrentDictionary<string, DeployedProcess> _byId = new(StringComparer.Ordinal);

    public async Task<DeployedProcess> GetAsync(IEngineSession session, string definitionId, CancellationToken cancellationToken)
    {
        if (_byId.TryGetValue(definitionId, out var cached))
        {
            return cached;
        }

        var record = await session.FindAsync<ProcessDefinitionRecord>(definitionId, cancellationToken)
            ?? throw new ProcessEngineException($"Process definition '{definitionId}' does not exist.");
        return _byId.GetOrAdd(definitionId, _ => new DeployedProcess(record));
    }
}
