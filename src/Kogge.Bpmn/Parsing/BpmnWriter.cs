using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using Kogge.Bpmn.Model;
using Kogge.Bpmn.Model.Diagram;

namespace Kogge.Bpmn.Parsing;

/// <summary>
/// Writes the <see cref="Definitions"/> model as BPMN 2.0 XML (UTF-8) that bpmn-js and Camunda Modeler open,
/// including diagram interchange, Zeebe extensions and every vendor detail the reader kept.
/// </summary>
public static class BpmnWriter
{
    private static readonly XNamespace Bpmn = BpmnNamespaces.Model;
    private static readonly XNamespace Zeebe = BpmnNamespaces.Zeebe;
    private static readonly XNamespace BpmnDi = BpmnNamespaces.BpmnDi;
    private static readonly XNamespace DC = BpmnNamespaces.DC;
    private static readonly XNamespace DI = BpmnNamespaces.DI;

    private static readonly HashSet<string> TrailingProcessContent = new(StringComparer.Ordinal)
    {
        "resourceRole", "performer", "humanPerformer", "potentialOwner", "correlationSubscription", "supports",
    };

    /// <summary>Writes the model to a stream as UTF-8 XML.</summary>
    public static void Write(Definitions definitions, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var settings = new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true, IndentChars = "  " };
        using var writer = XmlWriter.Create(stream, settings);
        ToDocument(definitions).Save(writer);
    }

    /// <summary>Writes the model to an XML string.</summary>
    public static string ToXml(Definitions definitions)
    {
        using var stream = new MemoryStream();
        Write(definitions, stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Builds the XML document of the model.</summary>
    public static XDocument ToDocument(Definitions definitions)
    {
        ArgumentNullException.ThrowIfNull(definitions);
        var root = new XElement(Bpmn + "definitions");
        var declared = new Dictionary<string, XNamespace>(StringComparer.Ordinal)
        {
            ["bpmn"] = Bpmn,
            ["bpmndi"] = BpmnDi,
            ["dc"] = DC,
            ["di"] = DI,
            ["xsi"] = BpmnNamespaces.Xsi,
            ["zeebe"] = Zeebe,
        };
        // Vendor content copied verbatim may hold QNames (xsi:type values) with the original prefixes,
        // so those stay declared; Kogge's prefixes come last because the last declaration of a namespace wins.
        foreach (var (prefix, uri) in definitions.NamespaceDeclarations)
        {
            if (prefix.Length > 0 && !declared.ContainsKey(prefix))
            {
                root.Add(new XAttribute(XNamespace.Xmlns + prefix, uri));
            }
        }

        foreach (var (prefix, ns) in declared)
        {
            root.Add(new XAttribute(XNamespace.Xmlns + prefix, ns.NamespaceName));
        }

        root.Add(
            Id(definitions),
            Opt("name", definitions.Name),
            new XAttribute("targetNamespace", definitions.TargetNamespace),
            Opt("expressionLanguage", definitions.ExpressionLanguage),
            Opt("typeLanguage", definitions.TypeLanguage),
            Opt("exporter", definitions.Exporter),
            Opt("exporterVersion", definitions.ExporterVersion),
            Copy(definitions.ForeignAttributes));
        root.Add(Header(definitions));
        foreach (var import in definitions.Imports)
        {
            root.Add(new XElement(
                Bpmn + "import",
                new XAttribute("namespace", import.Namespace),
                new XAttribute("location", import.Location),
                new XAttribute("importType", import.ImportType),
                Copy(import.ForeignAttributes)));
        }

        root.Add(definitions.UnmodeledContent.Select(e => new XElement(e)));
        foreach (var rootElement in definitions.RootElements)
        {
            root.Add(WriteRootElement(rootElement));
        }

        foreach (var diagram in definitions.Diagrams)
        {
            root.Add(WriteDiagram(diagram));
        }

        return new XDocument(new XDeclaration("1.0", "UTF-8", null), root);
    }

    private static XElement WriteRootElement(RootElement element)
    {
        if (element is UnmodeledRootElement unmodeled)
        {
            return new XElement(unmodeled.Element);
        }

        var e = Start(element, Opt("name", element.Name));
        switch (element)
        {
            case Process process:
                e.Add(
                    Opt("processType", process.ProcessType),
                    Opt("isClosed", process.IsClosed),
                    Opt("isExecutable", process.IsExecutable));
                e.Add(element.UnmodeledContent.Where(c => !TrailingProcessContent.Contains(c.Name.LocalName)).Select(c => new XElement(c)));
                WriteContainer(e, process);
                e.Add(element.UnmodeledContent.Where(c => TrailingProcessContent.Contains(c.Name.LocalName)).Select(c => new XElement(c)));
                return e;
            case Collaboration collaboration:
                e.Add(Opt("isClosed", collaboration.IsClosed));
                e.Add(collaboration.Participants.Select(p => Tail(Start(p, Opt("name", p.Name), Opt("processRef", p.ProcessRef)), p)));
                e.Add(collaboration.MessageFlows.Select(m => Tail(
                    Start(m, Opt("name", m.Name), new XAttribute("sourceRef", m.SourceRef), new XAttribute("targetRef", m.TargetRef), Opt("messageRef", m.MessageRef)),
                    m)));
                e.Add(collaboration.Artifacts.Select(WriteArtifact));
                return Tail(e, element);
            case Message message:
                e.Add(Opt("itemRef", message.ItemRef));
                break;
            case BpmnError error:
                e.Add(Opt("errorCode", error.ErrorCode), Opt("structureRef", error.StructureRef));
                break;
            case Signal signal:
                e.Add(Opt("structureRef", signal.StructureRef));
                break;
            case Escalation escalation:
                e.Add(Opt("escalationCode", escalation.EscalationCode), Opt("structureRef", escalation.StructureRef));
                break;
            case ItemDefinition item:
                e.Add(Opt("structureRef", item.StructureRef), Opt("itemKind", item.ItemKind), item.IsCollection ? new XAttribute("isCollection", "true") : null);
                break;
            case DataStore store:
                e.Add(Opt("capacity", store.Capacity), Opt("isUnlimited", store.IsUnlimited), Opt("itemSubjectRef", store.ItemSubjectRef));
                break;
        }

        return Tail(e, element);
    }

    private static void WriteContainer(XElement e, IFlowElementsContainer container)
    {
        e.Add(container.LaneSets.Select(WriteLaneSet));
        e.Add(container.FlowElements.Select(WriteFlowElement));
        e.Add(container.Artifacts.Select(WriteArtifact));
    }

    private static XElement WriteLaneSet(LaneSet set) => WriteLaneSet(set, "laneSet");

    private static XElement WriteLaneSet(LaneSet set, string elementName)
    {
        var e = Start(set, elementName, Opt("name", set.Name));
        foreach (var lane in set.Lanes)
        {
            var l = Start(lane, Opt("name", lane.Name), Opt("partitionElementRef", lane.PartitionElementRef));
            l.Add(lane.FlowNodeRefs.Select(r => new XElement(Bpmn + "flowNodeRef", r)));
            if (lane.ChildLaneSet is not null)
            {
                l.Add(WriteLaneSet(lane.ChildLaneSet, "childLaneSet"));
            }

            e.Add(Tail(l, lane));
        }

        return Tail(e, set);
    }

    private static XElement WriteArtifact(Artifact artifact)
    {
        var e = Start(artifact);
        switch (artifact)
        {
            case TextAnnotation annotation:
                e.Add(Opt("textFormat", annotation.TextFormat));
                if (annotation.Text is not null)
                {
                    e.Add(new XElement(Bpmn + "text", annotation.Text));
                }

                break;
            case Association association:
                e.Add(new XAttribute("sourceRef", association.SourceRef), new XAttribute("targetRef", association.TargetRef), Opt("associationDirection", association.AssociationDirection));
                break;
            case Group group:
                e.Add(Opt("categoryValueRef", group.CategoryValueRef));
                break;
        }

        return Tail(e, artifact);
    }

    private static XElement WriteFlowElement(FlowElement element)
    {
        var e = Start(element, Opt("name", element.Name));
        switch (element)
        {
            case SequenceFlow flow:
                e.Add(new XAttribute("sourceRef", flow.SourceRef), new XAttribute("targetRef", flow.TargetRef), Opt("isImmediate", flow.IsImmediate));
                e.Add(WriteExpression("conditionExpression", flow.ConditionExpression));
                return Tail(e, element);
            case DataObject data:
                e.Add(Opt("itemSubjectRef", data.ItemSubjectRef), data.IsCollection ? new XAttribute("isCollection", "true") : null);
                return Tail(e, element);
            case DataObjectReference reference:
                e.Add(Opt("itemSubjectRef", reference.ItemSubjectRef), Opt("dataObjectRef", reference.DataObjectRef));
                return Tail(e, element);
            case DataStoreReference storeReference:
                e.Add(Opt("itemSubjectRef", storeReference.ItemSubjectRef), Opt("dataStoreRef", storeReference.DataStoreRef));
                return Tail(e, element);
        }

        var node = (FlowNode)element;
        WriteNodeAttributes(e, node);
        if (node is SubProcess sub)
        {
            Links(e, node);
            e.Add(node.UnmodeledContent.Select(c => new XElement(c)));
            e.Add(WriteLoop(sub.LoopCharacteristics));
            WriteContainer(e, sub);
            if (sub is AdHocSubProcess adHoc)
            {
                e.Add(WriteExpression("completionCondition", adHoc.CompletionCondition));
            }

            return e;
        }

        Links(e, node);
        switch (node)
        {
            case ComplexGateway complex:
                e.Add(WriteExpression("activationCondition", complex.ActivationCondition));
                break;
            case ScriptTask script when script.Script is not null:
                e.Add(new XElement(Bpmn + "script", script.Script));
                break;
        }

        e.Add(node.UnmodeledContent.Select(c => new XElement(c)));
        if (node is BpmnEvent ev)
        {
            e.Add(ev.EventDefinitions.Select(WriteEventDefinition));
        }

        if (node is Activity activity)
        {
            e.Add(WriteLoop(activity.LoopCharacteristics));
        }

        return e;
    }

    private static void WriteNodeAttributes(XElement e, FlowNode node)
    {
        switch (node)
        {
            case Activity activity:
                e.Add(
                    activity.IsForCompensation ? new XAttribute("isForCompensation", "true") : null,
                    Opt("startQuantity", activity.StartQuantity),
                    Opt("completionQuantity", activity.CompletionQuantity),
                    Opt("default", activity.DefaultFlowRef));
                break;
            case BpmnEvent ev when ev.ParallelMultiple:
                e.Add(new XAttribute("parallelMultiple", "true"));
                break;
            case Gateway gateway:
                e.Add(Opt("gatewayDirection", gateway.GatewayDirection));
                break;
        }

        e.Add(node switch
        {
            UserTask t => [Opt("implementation", t.Implementation)],
            ServiceTask t => [Opt("implementation", t.Implementation)],
            BusinessRuleTask t => [Opt("implementation", t.Implementation)],
            SendTask t => [Opt("implementation", t.Implementation), Opt("messageRef", t.MessageRef)],
            ReceiveTask t => [Opt("implementation", t.Implementation), Opt("messageRef", t.MessageRef), t.Instantiate ? new XAttribute("instantiate", "true") : null],
            ScriptTask t => [Opt("scriptFormat", t.ScriptFormat)],
            Transaction t => [TriggeredByEvent(t), Opt("method", t.Method)],
            AdHocSubProcess t => [TriggeredByEvent(t), Opt("ordering", t.Ordering), Opt("cancelRemainingInstances", t.CancelRemainingInstances)],
            SubProcess t => [TriggeredByEvent(t)],
            CallActivity t => [Opt("calledElement", t.CalledElement)],
            StartEvent t => [t.IsInterrupting ? null : new XAttribute("isInterrupting", "false")],
            BoundaryEvent t => [t.CancelActivity ? null : new XAttribute("cancelActivity", "false"), new XAttribute("attachedToRef", t.AttachedToRef)],
            GatewayWithDefault t => [Opt("default", t.DefaultFlowRef)],
            EventBasedGateway t => [t.Instantiate ? new XAttribute("instantiate", "true") : null, Opt("eventGatewayType", t.EventGatewayType)],
            _ => Array.Empty<XAttribute?>(),
        });

        static XAttribute? TriggeredByEvent(SubProcess s) => s.TriggeredByEvent ? new XAttribute("triggeredByEvent", "true") : null;
    }

    private static void Links(XElement e, FlowNode node)
    {
        e.Add(node.Incoming.Select(f => new XElement(Bpmn + "incoming", f.Id)));
        e.Add(node.Outgoing.Select(f => new XElement(Bpmn + "outgoing", f.Id)));
    }

    private static XElement WriteEventDefinition(EventDefinition definition)
    {
        var e = Start(definition);
        switch (definition)
        {
            case MessageEventDefinition d:
                e.Add(Opt("messageRef", d.MessageRef), Opt("operationRef", d.OperationRef));
                break;
            case TimerEventDefinition d:
                e.Add(WriteExpression("timeDate", d.TimeDate), WriteExpression("timeDuration", d.TimeDuration), WriteExpression("timeCycle", d.TimeCycle));
                break;
            case SignalEventDefinition d:
                e.Add(Opt("signalRef", d.SignalRef));
                break;
            case ErrorEventDefinition d:
                e.Add(Opt("errorRef", d.ErrorRef));
                break;
            case EscalationEventDefinition d:
                e.Add(Opt("escalationRef", d.EscalationRef));
                break;
            case LinkEventDefinition d:
                e.Add(Opt("name", d.Name));
                break;
            case ConditionalEventDefinition d:
                e.Add(WriteExpression("condition", d.Condition));
                break;
            case CompensateEventDefinition d:
                e.Add(Opt("activityRef", d.ActivityRef), Opt("waitForCompletion", d.WaitForCompletion));
                break;
        }

        return Tail(e, definition);
    }

    private static XElement? WriteLoop(LoopCharacteristics? loop)
    {
        switch (loop)
        {
            case StandardLoopCharacteristics standard:
                var s = Start(standard, standard.TestBefore ? new XAttribute("testBefore", "true") : null, Opt("loopMaximum", standard.LoopMaximum));
                s.Add(WriteExpression("loopCondition", standard.LoopCondition));
                return Tail(s, standard);
            case MultiInstanceLoopCharacteristics multi:
                var m = Start(multi, multi.IsSequential ? new XAttribute("isSequential", "true") : null);
                m.Add(
                    WriteExpression("loopCardinality", multi.LoopCardinality),
                    multi.LoopDataInputRef is null ? null : new XElement(Bpmn + "loopDataInputRef", multi.LoopDataInputRef),
                    multi.LoopDataOutputRef is null ? null : new XElement(Bpmn + "loopDataOutputRef", multi.LoopDataOutputRef));
                m.Add(multi.UnmodeledContent.Select(c => new XElement(c)));
                m.Add(WriteExpression("completionCondition", multi.CompletionCondition));
                return m;
            default:
                return null;
        }
    }

    private static XElement? WriteExpression(string name, Expression? expression)
    {
        if (expression is null)
        {
            return null;
        }

        return new XElement(
            Bpmn + name,
            expression.IsFormal ? new XAttribute(BpmnNamespaces.Xsi + "type", "bpmn:tFormalExpression") : null,
            Opt("id", expression.Id),
            Opt("language", expression.Language),
            Opt("evaluatesToTypeRef", expression.EvaluatesToTypeRef),
            expression.Text);
    }

    private static XElement Start(BaseElement element, params object?[] content) => Start(element, element.ElementName, content);

    private static XElement Start(BaseElement element, string elementName, params object?[] content)
    {
        var e = new XElement(Bpmn + elementName, Id(element), content, Copy(element.ForeignAttributes));
        e.Add(Header(element));
        return e;
    }

    private static XElement Tail(XElement e, BaseElement element)
    {
        e.Add(element.UnmodeledContent.Select(c => new XElement(c)));
        return e;
    }

    private static IEnumerable<XElement> Header(BaseElement element)
    {
        foreach (var doc in element.Documentation)
        {
            yield return new XElement(Bpmn + "documentation", Opt("id", doc.Id), Opt("textFormat", doc.TextFormat), doc.Text);
        }

        var x = element.Extensions;
        var items = WriteExtensions(x).ToList();
        if (items.Count > 0 || x.IsPresent)
        {
            yield return new XElement(Bpmn + "extensionElements", items);
        }
    }

    private static IEnumerable<XElement> WriteExtensions(ExtensionElements x)
    {
        if (x.TaskDefinition is { } task)
        {
            yield return new XElement(Zeebe + "taskDefinition", Opt("type", task.Type), Opt("retries", task.Retries));
        }

        if (x.FormDefinition is { } form)
        {
            yield return new XElement(Zeebe + "formDefinition", Opt("formKey", form.FormKey), Opt("formId", form.FormId), Opt("externalReference", form.ExternalReference));
        }

        if (x.IsZeebeUserTask)
        {
            yield return new XElement(Zeebe + "userTask");
        }

        foreach (var userTaskForm in x.UserTaskForms)
        {
            yield return new XElement(Zeebe + "userTaskForm", new XAttribute("id", userTaskForm.Id), userTaskForm.Body);
        }

        if (x.AssignmentDefinition is { } assignment)
        {
            yield return new XElement(Zeebe + "assignmentDefinition", Opt("assignee", assignment.Assignee), Opt("candidateGroups", assignment.CandidateGroups), Opt("candidateUsers", assignment.CandidateUsers));
        }

        if (x.TaskSchedule is { } schedule)
        {
            yield return new XElement(Zeebe + "taskSchedule", Opt("dueDate", schedule.DueDate), Opt("followUpDate", schedule.FollowUpDate));
        }

        if (x.CalledElement is { } called)
        {
            yield return new XElement(
                Zeebe + "calledElement",
                Opt("processId", called.ProcessId),
                Opt("propagateAllChildVariables", called.PropagateAllChildVariables),
                Opt("propagateAllParentVariables", called.PropagateAllParentVariables),
                Opt("bindingType", called.BindingType));
        }

        if (x.CalledDecision is { } decision)
        {
            yield return new XElement(Zeebe + "calledDecision", Opt("decisionId", decision.DecisionId), Opt("resultVariable", decision.ResultVariable), Opt("bindingType", decision.BindingType));
        }

        if (x.Script is { } script)
        {
            yield return new XElement(Zeebe + "script", Opt("expression", script.Expression), Opt("resultVariable", script.ResultVariable));
        }

        if (x.LoopCharacteristics is { } loop)
        {
            yield return new XElement(
                Zeebe + "loopCharacteristics",
                Opt("inputCollection", loop.InputCollection),
                Opt("inputElement", loop.InputElement),
                Opt("outputCollection", loop.OutputCollection),
                Opt("outputElement", loop.OutputElement));
        }

        if (x.Subscription is { } subscription)
        {
            yield return new XElement(Zeebe + "subscription", Opt("correlationKey", subscription.CorrelationKey));
        }

        if (x.HasTaskHeaders)
        {
            yield return new XElement(Zeebe + "taskHeaders", x.TaskHeaders.Select(h => new XElement(Zeebe + "header", new XAttribute("key", h.Key), new XAttribute("value", h.Value))));
        }

        if (x.IoMapping is { } io)
        {
            yield return new XElement(
                Zeebe + "ioMapping",
                io.Inputs.Select(m => new XElement(Zeebe + "input", new XAttribute("source", m.Source), new XAttribute("target", m.Target))),
                io.Outputs.Select(m => new XElement(Zeebe + "output", new XAttribute("source", m.Source), new XAttribute("target", m.Target))));
        }

        foreach (var other in x.Other)
        {
            yield return new XElement(other);
        }
    }

    private static XElement WriteDiagram(BpmnDiagram diagram)
    {
        var e = new XElement(
            BpmnDi + "BPMNDiagram",
            Opt("id", diagram.Id),
            Opt("name", diagram.Name),
            Opt("documentation", diagram.Documentation),
            Opt("resolution", diagram.Resolution),
            Copy(diagram.ForeignAttributes));
        var plane = diagram.Plane;
        var p = new XElement(BpmnDi + "BPMNPlane", Opt("id", plane.Id), Opt("bpmnElement", plane.BpmnElement), Copy(plane.ForeignAttributes));
        foreach (var item in plane.Elements)
        {
            p.Add(item switch
            {
                BpmnShape shape => WriteShape(shape),
                BpmnEdge edge => WriteEdge(edge),
                _ => null,
            });
        }

        p.Add(plane.UnmodeledContent.Select(c => new XElement(c)));
        e.Add(p);
        e.Add(diagram.LabelStyles.Select(s => new XElement(s)));
        e.Add(diagram.UnmodeledContent.Select(c => new XElement(c)));
        return e;
    }

    private static XElement WriteShape(BpmnShape shape)
    {
        var e = new XElement(
            BpmnDi + "BPMNShape",
            Opt("id", shape.Id),
            Opt("bpmnElement", shape.BpmnElement),
            Opt("isHorizontal", shape.IsHorizontal),
            Opt("isExpanded", shape.IsExpanded),
            Opt("isMarkerVisible", shape.IsMarkerVisible),
            Opt("isMessageVisible", shape.IsMessageVisible),
            Opt("participantBandKind", shape.ParticipantBandKind),
            Opt("choreographyActivityShape", shape.ChoreographyActivityShape),
            Copy(shape.ForeignAttributes));
        e.Add(WriteBounds(shape.Bounds));
        e.Add(WriteLabel(shape.Label));
        e.Add(shape.UnmodeledContent.Select(c => new XElement(c)));
        return e;
    }

    private static XElement WriteEdge(BpmnEdge edge)
    {
        var e = new XElement(
            BpmnDi + "BPMNEdge",
            Opt("id", edge.Id),
            Opt("bpmnElement", edge.BpmnElement),
            Opt("sourceElement", edge.SourceElement),
            Opt("targetElement", edge.TargetElement),
            Opt("messageVisibleKind", edge.MessageVisibleKind),
            Copy(edge.ForeignAttributes));
        e.Add(edge.Waypoints.Select(w => new XElement(DI + "waypoint", new XAttribute("x", Number(w.X)), new XAttribute("y", Number(w.Y)))));
        e.Add(WriteLabel(edge.Label));
        e.Add(edge.UnmodeledContent.Select(c => new XElement(c)));
        return e;
    }

    private static XElement? WriteLabel(BpmnLabel? label)
    {
        if (label is null)
        {
            return null;
        }

        var e = new XElement(BpmnDi + "BPMNLabel", Opt("id", label.Id), Opt("labelStyle", label.LabelStyle), Copy(label.ForeignAttributes));
        e.Add(WriteBounds(label.Bounds));
        e.Add(label.UnmodeledContent.Select(c => new XElement(c)));
        return e;
    }

    private static XElement? WriteBounds(Bounds? bounds) => bounds is null
        ? null
        : new XElement(
            DC + "Bounds",
            new XAttribute("x", Number(bounds.X)),
            new XAttribute("y", Number(bounds.Y)),
            new XAttribute("width", Number(bounds.Width)),
            new XAttribute("height", Number(bounds.Height)));

    private static XAttribute? Id(BaseElement element) => element.Id.Length == 0 ? null : new XAttribute("id", element.Id);

    private static IEnumerable<XAttribute> Copy(IEnumerable<XAttribute> attributes) => attributes.Select(a => new XAttribute(a));

    private static XAttribute? Opt(string name, string? value) => value is null ? null : new XAttribute(name, value);

    private static XAttribute? Opt(string name, bool? value) => value is null ? null : new XAttribute(name, value.Value ? "true" : "false");

    private static XAttribute? Opt(string name, int? value) => value is null ? null : new XAttribute(name, value.Value.ToString(CultureInfo.InvariantCulture));

    private static XAttribute? Opt(string name, double? value) => value is null ? null : new XAttribute(name, Number(value.Value));

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
