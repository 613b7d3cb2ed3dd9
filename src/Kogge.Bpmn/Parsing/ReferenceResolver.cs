using Kogge.Bpmn.Model;
using Kogge.Bpmn.Model.Diagram;

namespace Kogge.Bpmn.Parsing;

/// <summary>Links references between model elements and reports those that do not resolve.</summary>
internal sealed class ReferenceResolver(Definitions definitions, ModelReader reading)
{
    private readonly List<BpmnProblem> _problems = [];
    private readonly Dictionary<string, BaseElement> _byId = new(StringComparer.Ordinal);

    public List<BpmnProblem> Resolve()
    {
        foreach (var element in definitions.AllElements())
        {
            foreach (var id in element.UnmodeledContent.SelectMany(c => c.DescendantsAndSelf()).Select(d => (string?)d.Attribute("id")).OfType<string>())
            {
                reading.UnmodeledIds.Add(id);
            }

            if (element.Id.Length == 0)
            {
                continue;
            }

            if (!_byId.TryAdd(element.Id, element))
            {
                Report(BpmnProblemSeverity.Error, element, $"The id '{element.Id}' is used more than once.");
            }
        }

        foreach (var element in definitions.AllElements())
        {
            switch (element)
            {
                case SequenceFlow flow:
                    flow.Source = Find<FlowNode>(flow, flow.SourceRef, "sourceRef");
                    flow.Target = Find<FlowNode>(flow, flow.TargetRef, "targetRef");
                    flow.Source?.Outgoing.Add(flow);
                    flow.Target?.Incoming.Add(flow);
                    break;
                case BoundaryEvent boundary:
                    boundary.AttachedTo = Find<Activity>(boundary, boundary.AttachedToRef, "attachedToRef");
                    boundary.AttachedTo?.BoundaryEvents.Add(boundary);
                    break;
                case Participant participant when participant.ProcessRef is not null:
                    Find<Process>(participant, participant.ProcessRef, "processRef");
                    break;
                case MessageFlow messageFlow:
                    FindAny(messageFlow, messageFlow.SourceRef, "sourceRef");
                    FindAny(messageFlow, messageFlow.TargetRef, "targetRef");
                    FindRoot<Message>(messageFlow, messageFlow.MessageRef, "messageRef");
                    break;
                case Lane lane:
                    foreach (var node in lane.FlowNodeRefs)
                    {
                        Find<FlowNode>(lane, node, "flowNodeRef");
                    }

                    break;
                case MessageEventDefinition message:
                    FindRoot<Message>(message, message.MessageRef, "messageRef");
                    break;
                case SignalEventDefinition signal:
                    FindRoot<Signal>(signal, signal.SignalRef, "signalRef");
                    break;
                case ErrorEventDefinition error:
                    FindRoot<BpmnError>(error, error.ErrorRef, "errorRef");
                    break;
                case EscalationEventDefinition escalation:
                    FindRoot<Escalation>(escalation, escalation.EscalationRef, "escalationRef");
                    break;
                case SendTask send:
                    FindRoot<Message>(send, send.MessageRef, "messageRef");
                    break;
                case ReceiveTask receive:
                    FindRoot<Message>(receive, receive.MessageRef, "messageRef");
                    break;
                case DataObjectReference dataObjectReference when dataObjectReference.DataObjectRef is not null:
                    Find<DataObject>(dataObjectReference, dataObjectReference.DataObjectRef, "dataObjectRef");
                    break;
                case DataStoreReference dataStoreReference when dataStoreReference.DataStoreRef is not null:
                    FindRoot<DataStore>(dataStoreReference, dataStoreReference.DataStoreRef, "dataStoreRef");
                    break;
                case Association association:
                    FindAny(association, association.SourceRef, "sourceRef");
                    FindAny(association, association.TargetRef, "targetRef");
                    break;
            }

            switch (element)
            {
                case Activity activity when activity.DefaultFlowRef is not null:
                    activity.DefaultFlow = FindOutgoingDefault(activity, activity.DefaultFlowRef);
                    break;
                case GatewayWithDefault gateway when gateway.DefaultFlowRef is not null:
                    gateway.DefaultFlow = FindOutgoingDefault(gateway, gateway.DefaultFlowRef);
                    break;
            }
        }

        foreach (var diagram in definitions.Diagrams)
        {
            CheckDiagramReference(diagram.Plane.BpmnElement, diagram.Plane.Id);
            foreach (var item in diagram.Plane.Elements)
            {
                var reference = item switch
                {
                    BpmnShape shape => shape.BpmnElement,
                    BpmnEdge edge => edge.BpmnElement,
                    _ => null,
                };
                CheckDiagramReference(reference, item.Id);
            }
        }

        return _problems;
    }

    private SequenceFlow? FindOutgoingDefault(FlowNode node, string id)
    {
        var flow = Find<SequenceFlow>(node, id, "default");
        if (flow is not null && flow.SourceRef != node.Id)
        {
            Report(BpmnProblemSeverity.Error, node, $"The default flow '{id}' does not leave this element.");
        }

        return flow;
    }

    private void CheckDiagramReference(string? reference, string? diagramId)
    {
        if (reference is not null && !_byId.ContainsKey(reference) && !reading.UnmodeledIds.Contains(reference))
        {
            _problems.Add(new BpmnProblem(BpmnProblemSeverity.Warning, diagramId, null, $"The diagram element draws '{reference}', which the model does not contain."));
        }
    }

    private T? Find<T>(BaseElement from, string id, string attribute)
        where T : BaseElement
    {
        if (_byId.TryGetValue(id, out var found) && found is T typed)
        {
            return typed;
        }

        var what = found is null ? "does not exist" : $"is a {found.ElementName}, not a {typeof(T).Name}";
        Report(BpmnProblemSeverity.Error, from, $"The reference {attribute}='{id}' {what}.");
        return null;
    }

    private void FindRoot<T>(BaseElement from, string? id, string attribute)
        where T : RootElement
    {
        if (id is not null)
        {
            Find<T>(from, id, attribute);
        }
    }

    private void FindAny(BaseElement from, string id, string attribute)
    {
        if (!_byId.ContainsKey(id) && !reading.UnmodeledIds.Contains(id))
        {
            Report(BpmnProblemSeverity.Error, from, $"The reference {attribute}='{id}' does not exist.");
        }
    }

    private void Report(BpmnProblemSeverity severity, BaseElement element, string message)
    {
        var name = element switch
        {
            FlowElement f => f.Name,
            RootElement r => r.Name,
            Participant p => p.Name,
            Lane l => l.Name,
            MessageFlow m => m.Name,
            _ => null,
        };
        reading.Lines.TryGetValue(element, out var line);
        _problems.Add(new BpmnProblem(severity, element.Id.Length == 0 ? null : element.Id, name, message, line));
    }
}
