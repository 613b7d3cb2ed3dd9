using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using Kogge.Bpmn.Model;
using Kogge.Bpmn.Model.Diagram;

namespace Kogge.Bpmn.Parsing;

/// <summary>The result of reading a BPMN file: the model and the problems found in it.</summary>
public sealed class BpmnParseResult
{
    internal BpmnParseResult(Definitions definitions, IReadOnlyList<BpmnProblem> problems)
    {
        Definitions = definitions;
        Problems = problems;
    }

    /// <summary>The model.</summary>
    public Definitions Definitions { get; }

    /// <summary>Problems such as references that do not resolve or duplicate ids.</summary>
    public IReadOnlyList<BpmnProblem> Problems { get; }

    /// <summary>Whether a problem of severity <see cref="BpmnProblemSeverity.Error"/> was found.</summary>
    public bool HasErrors => Problems.Any(p => p.Severity == BpmnProblemSeverity.Error);
}

/// <summary>
/// Reads BPMN 2.0 XML into the <see cref="Definitions"/> model. Elements are matched by namespace,
/// never by prefix; the declared encoding is honoured; DTDs and external entities are refused.
/// </summary>
public static class BpmnParser
{
    static BpmnParser()
    {
        // Files exchanged between municipalities declare legacy code pages such as windows-1252.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
    }

    /// <summary>Reads a model from a file.</summary>
    /// <exception cref="BpmnParseException">The file is not well-formed XML, uses a DTD, or is not BPMN 2.0.</exception>
    public static BpmnParseResult ParseFile(string path)
    {
        using var stream = File.OpenRead(path);
        return Parse(stream);
    }

    /// <summary>Reads a model from a stream, honouring the encoding the XML declares.</summary>
    /// <exception cref="BpmnParseException">The stream is not well-formed XML, uses a DTD, or is not BPMN 2.0.</exception>
    public static BpmnParseResult Parse(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var reader = XmlReader.Create(stream, SecureSettings());
        return Parse(reader);
    }

    /// <summary>Reads a model from XML text.</summary>
    /// <exception cref="BpmnParseException">The text is not well-formed XML, uses a DTD, or is not BPMN 2.0.</exception>
    public static BpmnParseResult ParseXml(string xml)
    {
        ArgumentNullException.ThrowIfNull(xml);
        using var text = new StringReader(xml);
        using var reader = XmlReader.Create(text, SecureSettings());
        return Parse(reader);
    }

    private static XmlReaderSettings SecureSettings() => new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        CloseInput = false,
    };

    private static BpmnParseResult Parse(XmlReader reader)
    {
        XDocument document;
        try
        {
            document = XDocument.Load(reader, LoadOptions.SetLineInfo);
        }
        catch (XmlException e)
        {
            throw new BpmnParseException($"The file is not well-formed XML: {e.Message}", e.LineNumber, e.LinePosition, e);
        }

        var root = document.Root;
        if (root is null || root.Name != BpmnNamespaces.Model + "definitions")
        {
            var found = root?.Name.ToString() ?? "nothing";
            throw new BpmnParseException($"The root element must be 'definitions' in namespace {BpmnNamespaces.Model}, found {found}.", LineOf(root), null);
        }

        var reading = new ModelReader();
        var definitions = reading.ReadDefinitions(root);
        var problems = new ReferenceResolver(definitions, reading).Resolve();
        return new BpmnParseResult(definitions, problems);
    }

    internal static int? LineOf(XObject? node) =>
        node is IXmlLineInfo info && info.HasLineInfo() ? info.LineNumber : null;
}

/// <summary>Turns the XML tree into model objects, remembering where each came from.</summary>
internal sealed class ModelReader
{
    private static readonly XNamespace Bpmn = BpmnNamespaces.Model;
    private static readonly XNamespace Zeebe = BpmnNamespaces.Zeebe;

    public Dictionary<object, int?> Lines { get; } = new(ReferenceEqualityComparer.Instance);

    public HashSet<string> UnmodeledIds { get; } = new(StringComparer.Ordinal);

    public Definitions ReadDefinitions(XElement root)
    {
        var definitions = new Definitions
        {
            Name = Attr(root, "name"),
            TargetNamespace = Attr(root, "targetNamespace") ?? string.Empty,
            ExpressionLanguage = Attr(root, "expressionLanguage"),
            TypeLanguage = Attr(root, "typeLanguage"),
            Exporter = Attr(root, "exporter"),
            ExporterVersion = Attr(root, "exporterVersion"),
        };
        foreach (var ns in root.Attributes().Where(a => a.IsNamespaceDeclaration))
        {
            var prefix = ns.Name.Namespace == XNamespace.None ? string.Empty : ns.Name.LocalName;
            definitions.NamespaceDeclarations.Add(new(prefix, ns.Value));
        }

        Common(root, definitions, "name", "targetNamespace", "expressionLanguage", "typeLanguage", "exporter", "exporterVersion");
        foreach (var child in root.Elements())
        {
            if (child.Name == Bpmn + "import")
            {
                var import = new Import
                {
                    Namespace = Attr(child, "namespace") ?? string.Empty,
                    Location = Attr(child, "location") ?? string.Empty,
                    ImportType = Attr(child, "importType") ?? string.Empty,
                };
                Foreign(child, import.ForeignAttributes, "namespace", "location", "importType");
                definitions.Imports.Add(import);
            }
            else if (child.Name == BpmnNamespaces.BpmnDi + "BPMNDiagram")
            {
                definitions.Diagrams.Add(ReadDiagram(child));
            }
            else if (IsCommonChild(child))
            {
                continue;
            }
            else if (child.Name.Namespace == Bpmn)
            {
                definitions.RootElements.Add(ReadRootElement(child));
            }
            else
            {
                definitions.UnmodeledContent.Add(new XElement(child));
            }
        }

        return definitions;
    }

    private RootElement ReadRootElement(XElement e)
    {
        switch (e.Name.LocalName)
        {
            case "process":
                var process = new Process
                {
                    IsExecutable = Bool(e, "isExecutable"),
                    IsClosed = Bool(e, "isClosed"),
                    ProcessType = Attr(e, "processType"),
                };
                Common(e, process, "name", "isExecutable", "isClosed", "processType");
                process.Name = Attr(e, "name");
                ReadContainer(e, process);
                return process;
            case "collaboration":
                var collaboration = new Collaboration { Name = Attr(e, "name"), IsClosed = Bool(e, "isClosed") };
                Common(e, collaboration, "name", "isClosed");
                ReadCollaborationChildren(e, collaboration);
                return collaboration;
            case "message":
                return Root(e, new Message { ItemRef = Attr(e, "itemRef") }, "itemRef");
            case "error":
                return Root(e, new BpmnError { ErrorCode = Attr(e, "errorCode"), StructureRef = Attr(e, "structureRef") }, "errorCode", "structureRef");
            case "signal":
                return Root(e, new Signal { StructureRef = Attr(e, "structureRef") }, "structureRef");
            case "escalation":
                return Root(e, new Escalation { EscalationCode = Attr(e, "escalationCode"), StructureRef = Attr(e, "structureRef") }, "escalationCode", "structureRef");
            case "itemDefinition":
                return Root(e, new ItemDefinition { StructureRef = Attr(e, "structureRef"), IsCollection = Bool(e, "isCollection") ?? false, ItemKind = Attr(e, "itemKind") }, "structureRef", "isCollection", "itemKind");
            case "dataStore":
                return Root(e, new DataStore { Capacity = Int(e, "capacity"), IsUnlimited = Bool(e, "isUnlimited"), ItemSubjectRef = Attr(e, "itemSubjectRef") }, "capacity", "isUnlimited", "itemSubjectRef");
            default:
                var unmodeled = new UnmodeledRootElement(new XElement(e)) { Id = Attr(e, "id") ?? string.Empty, Name = Attr(e, "name") };
                Lines[unmodeled] = BpmnParser.LineOf(e);
                foreach (var id in e.DescendantsAndSelf().Select(d => (string?)d.Attribute("id")).OfType<string>())
                {
                    UnmodeledIds.Add(id);
                }

                return unmodeled;
        }
    }

    private T Root<T>(XElement e, T element, params string[] known)
        where T : RootElement
    {
        element.Name = Attr(e, "name");
        Common(e, element, [.. known, "name"]);
        ReadOtherChildren(e, element);
        return element;
    }

    private void ReadCollaborationChildren(XElement e, Collaboration collaboration)
    {
        foreach (var child in e.Elements())
        {
            if (IsCommonChild(child))
            {
                continue;
            }

            switch (child.Name == Bpmn + child.Name.LocalName ? child.Name.LocalName : null)
            {
                case "participant":
                    var participant = new Participant { Name = Attr(child, "name"), ProcessRef = Attr(child, "processRef") };
                    Common(child, participant, "name", "processRef");
                    ReadOtherChildren(child, participant);
                    collaboration.Participants.Add(participant);
                    break;
                case "messageFlow":
                    var flow = new MessageFlow
                    {
                        Name = Attr(child, "name"),
                        SourceRef = Attr(child, "sourceRef") ?? string.Empty,
                        TargetRef = Attr(child, "targetRef") ?? string.Empty,
                        MessageRef = Attr(child, "messageRef"),
                    };
                    Common(child, flow, "name", "sourceRef", "targetRef", "messageRef");
                    ReadOtherChildren(child, flow);
                    collaboration.MessageFlows.Add(flow);
                    break;
                case "textAnnotation" or "association" or "group":
                    collaboration.Artifacts.Add(ReadArtifact(child));
                    break;
                default:
                    collaboration.UnmodeledContent.Add(new XElement(child));
                    break;
            }
        }
    }

    private void ReadContainer(XElement e, IFlowElementsContainer container)
    {
        var owner = (BaseElement)container;
        foreach (var child in e.Elements())
        {
            if (IsCommonChild(child) || IsLoop(child))
            {
                continue;
            }

            if (child.Name.Namespace != Bpmn)
            {
                owner.UnmodeledContent.Add(new XElement(child));
                continue;
            }

            switch (child.Name.LocalName)
            {
                case "laneSet":
                    container.LaneSets.Add(ReadLaneSet(child));
                    break;
                case "textAnnotation" or "association" or "group":
                    container.Artifacts.Add(ReadArtifact(child));
                    break;
                case "incoming" or "outgoing":
                    break;
                default:
                    var flowElement = ReadFlowElement(child);
                    if (flowElement is null)
                    {
                        owner.UnmodeledContent.Add(new XElement(child));
                    }
                    else
                    {
                        flowElement.Container = container;
                        container.FlowElements.Add(flowElement);
                    }

                    break;
            }
        }
    }

    private LaneSet ReadLaneSet(XElement e)
    {
        var set = new LaneSet { Name = Attr(e, "name") };
        Common(e, set, "name");
        foreach (var child in e.Elements())
        {
            if (IsCommonChild(child))
            {
                continue;
            }

            if (child.Name == Bpmn + "lane")
            {
                var lane = new Lane { Name = Attr(child, "name"), PartitionElementRef = Attr(child, "partitionElementRef") };
                Common(child, lane, "name", "partitionElementRef");
                foreach (var laneChild in child.Elements())
                {
                    if (IsCommonChild(laneChild))
                    {
                        continue;
                    }

                    if (laneChild.Name == Bpmn + "flowNodeRef")
                    {
                        lane.FlowNodeRefs.Add(laneChild.Value.Trim());
                    }
                    else if (laneChild.Name == Bpmn + "childLaneSet")
                    {
                        lane.ChildLaneSet = ReadLaneSet(laneChild);
                    }
                    else
                    {
                        lane.UnmodeledContent.Add(new XElement(laneChild));
                    }
                }

                set.Lanes.Add(lane);
            }
            else
            {
                set.UnmodeledContent.Add(new XElement(child));
            }
        }

        return set;
    }

    private Artifact ReadArtifact(XElement e)
    {
        switch (e.Name.LocalName)
        {
            case "textAnnotation":
                var annotation = new TextAnnotation { TextFormat = Attr(e, "textFormat") };
                Common(e, annotation, "textFormat");
                foreach (var child in e.Elements().Where(c => !IsCommonChild(c)))
                {
                    if (child.Name == Bpmn + "text")
                    {
                        annotation.Text = child.Value;
                    }
                    else
                    {
                        annotation.UnmodeledContent.Add(new XElement(child));
                    }
                }

                return annotation;
            case "association":
                var association = new Association
                {
                    SourceRef = Attr(e, "sourceRef") ?? string.Empty,
                    TargetRef = Attr(e, "targetRef") ?? string.Empty,
                    AssociationDirection = Attr(e, "associationDirection"),
                };
                Common(e, association, "sourceRef", "targetRef", "associationDirection");
                ReadOtherChildren(e, association);
                return association;
            default:
                var group = new Group { CategoryValueRef = Attr(e, "categoryValueRef") };
                Common(e, group, "categoryValueRef");
                ReadOtherChildren(e, group);
                return group;
        }
    }

    private FlowElement? ReadFlowElement(XElement e)
    {
        FlowElement? element = e.Name.LocalName switch
        {
            "sequenceFlow" => new SequenceFlow
            {
                SourceRef = Attr(e, "sourceRef") ?? string.Empty,
                TargetRef = Attr(e, "targetRef") ?? string.Empty,
                IsImmediate = Bool(e, "isImmediate"),
                ConditionExpression = ReadExpression(e.Element(Bpmn + "conditionExpression")),
            },
            "dataObject" => new DataObject { IsCollection = Bool(e, "isCollection") ?? false, ItemSubjectRef = Attr(e, "itemSubjectRef") },
            "dataObjectReference" => new DataObjectReference { DataObjectRef = Attr(e, "dataObjectRef"), ItemSubjectRef = Attr(e, "itemSubjectRef") },
            "dataStoreReference" => new DataStoreReference { DataStoreRef = Attr(e, "dataStoreRef"), ItemSubjectRef = Attr(e, "itemSubjectRef") },
            "task" => new UntypedTask(),
            "userTask" => new UserTask { Implementation = Attr(e, "implementation") },
            "serviceTask" => new ServiceTask { Implementation = Attr(e, "implementation") },
            "sendTask" => new SendTask { Implementation = Attr(e, "implementation"), MessageRef = Attr(e, "messageRef") },
            "receiveTask" => new ReceiveTask { Implementation = Attr(e, "implementation"), MessageRef = Attr(e, "messageRef"), Instantiate = Bool(e, "instantiate") ?? false },
            "businessRuleTask" => new BusinessRuleTask { Implementation = Attr(e, "implementation") },
            "scriptTask" => new ScriptTask { ScriptFormat = Attr(e, "scriptFormat"), Script = e.Element(Bpmn + "script")?.Value },
            "manualTask" => new ManualTask(),
            "subProcess" => new SubProcess { TriggeredByEvent = Bool(e, "triggeredByEvent") ?? false },
            "transaction" => new Transaction { TriggeredByEvent = Bool(e, "triggeredByEvent") ?? false, Method = Attr(e, "method") },
            "adHocSubProcess" => new AdHocSubProcess
            {
                TriggeredByEvent = Bool(e, "triggeredByEvent") ?? false,
                Ordering = Attr(e, "ordering"),
                CancelRemainingInstances = Bool(e, "cancelRemainingInstances"),
                CompletionCondition = ReadExpression(e.Element(Bpmn + "completionCondition")),
            },
            "callActivity" => new CallActivity { CalledElement = Attr(e, "calledElement") },
            "startEvent" => new StartEvent { IsInterrupting = Bool(e, "isInterrupting") ?? true },
            "endEvent" => new EndEvent(),
            "intermediateCatchEvent" => new IntermediateCatchEvent(),
            "intermediateThrowEvent" => new IntermediateThrowEvent(),
            "boundaryEvent" => new BoundaryEvent { AttachedToRef = Attr(e, "attachedToRef") ?? string.Empty, CancelActivity = Bool(e, "cancelActivity") ?? true },
            "exclusiveGateway" => new ExclusiveGateway { DefaultFlowRef = Attr(e, "default") },
            "inclusiveGateway" => new InclusiveGateway { DefaultFlowRef = Attr(e, "default") },
            "complexGateway" => new ComplexGateway { DefaultFlowRef = Attr(e, "default"), ActivationCondition = ReadExpression(e.Element(Bpmn + "activationCondition")) },
            "parallelGateway" => new ParallelGateway(),
            "eventBasedGateway" => new EventBasedGateway { Instantiate = Bool(e, "instantiate") ?? false, EventGatewayType = Attr(e, "eventGatewayType") },
            _ => null,
        };
        if (element is null)
        {
            return null;
        }

        element.Name = Attr(e, "name");
        Common(e, element, KnownAttributes(element));
        switch (element)
        {
            case Activity activity:
                activity.IsForCompensation = Bool(e, "isForCompensation") ?? false;
                activity.StartQuantity = Int(e, "startQuantity");
                activity.CompletionQuantity = Int(e, "completionQuantity");
                activity.DefaultFlowRef = Attr(e, "default");
                activity.LoopCharacteristics = ReadLoop(e.Elements().FirstOrDefault(IsLoop));
                break;
            case BpmnEvent ev:
                ev.ParallelMultiple = Bool(e, "parallelMultiple") ?? false;
                break;
            case Gateway gateway:
                gateway.GatewayDirection = Attr(e, "gatewayDirection");
                break;
        }

        if (element is SubProcess sub)
        {
            ReadContainer(e, sub);
            return element;
        }

        foreach (var child in e.Elements())
        {
            if (IsCommonChild(child) || IsLoop(child))
            {
                continue;
            }

            var local = child.Name.Namespace == Bpmn ? child.Name.LocalName : null;
            switch (local)
            {
                case "incoming" or "outgoing":
                    continue;
                case "conditionExpression" when element is SequenceFlow:
                case "script" when element is ScriptTask:
                case "completionCondition" when element is AdHocSubProcess:
                case "activationCondition" when element is ComplexGateway:
                    continue;
                case not null when element is BpmnEvent ev && local.EndsWith("EventDefinition", StringComparison.Ordinal):
                    var definition = ReadEventDefinition(child);
                    if (definition is null)
                    {
                        element.UnmodeledContent.Add(new XElement(child));
                    }
                    else
                    {
                        ev.EventDefinitions.Add(definition);
                    }

                    break;
                default:
                    element.UnmodeledContent.Add(new XElement(child));
                    break;
            }
        }

        return element;
    }

    private static string[] KnownAttributes(FlowElement element)
    {
        List<string> known = ["name"];
        switch (element)
        {
            case SequenceFlow:
                known.AddRange(["sourceRef", "targetRef", "isImmediate"]);
                break;
            case DataObject:
                known.AddRange(["isCollection", "itemSubjectRef"]);
                break;
            case DataObjectReference:
                known.AddRange(["dataObjectRef", "itemSubjectRef"]);
                break;
            case DataStoreReference:
                known.AddRange(["dataStoreRef", "itemSubjectRef"]);
                break;
            case Activity:
                known.AddRange(["isForCompensation", "startQuantity", "completionQuantity", "default"]);
                known.AddRange(element switch
                {
                    UserTask or ServiceTask or BusinessRuleTask => ["implementation"],
                    SendTask => ["implementation", "messageRef"],
                    ReceiveTask => ["implementation", "messageRef", "instantiate"],
                    ScriptTask => ["scriptFormat"],
                    Transaction => ["triggeredByEvent", "method"],
                    AdHocSubProcess => ["triggeredByEvent", "ordering", "cancelRemainingInstances"],
                    SubProcess => ["triggeredByEvent"],
                    CallActivity => ["calledElement"],
                    _ => [],
                });
                break;
            case BpmnEvent:
                known.Add("parallelMultiple");
                known.AddRange(element switch
                {
                    StartEvent => ["isInterrupting"],
                    BoundaryEvent => ["attachedToRef", "cancelActivity"],
                    _ => [],
                });
                break;
            case Gateway:
                known.Add("gatewayDirection");
                known.AddRange(element switch
                {
                    GatewayWithDefault => ["default"],
                    EventBasedGateway => ["instantiate", "eventGatewayType"],
                    _ => [],
                });
                break;
        }

        return [.. known];
    }

    private EventDefinition? ReadEventDefinition(XElement e)
    {
        EventDefinition? definition = e.Name.LocalName switch
        {
            "messageEventDefinition" => new MessageEventDefinition { MessageRef = Attr(e, "messageRef"), OperationRef = Attr(e, "operationRef") },
            "timerEventDefinition" => new TimerEventDefinition
            {
                TimeDate = ReadExpression(e.Element(Bpmn + "timeDate")),
                TimeDuration = ReadExpression(e.Element(Bpmn + "timeDuration")),
                TimeCycle = ReadExpression(e.Element(Bpmn + "timeCycle")),
            },
            "signalEventDefinition" => new SignalEventDefinition { SignalRef = Attr(e, "signalRef") },
            "errorEventDefinition" => new ErrorEventDefinition { ErrorRef = Attr(e, "errorRef") },
            "escalationEventDefinition" => new EscalationEventDefinition { EscalationRef = Attr(e, "escalationRef") },
            "terminateEventDefinition" => new TerminateEventDefinition(),
            "linkEventDefinition" => new LinkEventDefinition { Name = Attr(e, "name") },
            "conditionalEventDefinition" => new ConditionalEventDefinition { Condition = ReadExpression(e.Element(Bpmn + "condition")) },
            "compensateEventDefinition" => new CompensateEventDefinition { ActivityRef = Attr(e, "activityRef"), WaitForCompletion = Bool(e, "waitForCompletion") },
            "cancelEventDefinition" => new CancelEventDefinition(),
            _ => null,
        };
        if (definition is null)
        {
            return null;
        }

        string[] known = definition switch
        {
            MessageEventDefinition => ["messageRef", "operationRef"],
            SignalEventDefinition => ["signalRef"],
            ErrorEventDefinition => ["errorRef"],
            EscalationEventDefinition => ["escalationRef"],
            LinkEventDefinition => ["name"],
            CompensateEventDefinition => ["activityRef", "waitForCompletion"],
            _ => [],
        };
        Common(e, definition, known);
        string[] typedChildren = ["timeDate", "timeDuration", "timeCycle", "condition"];
        foreach (var child in e.Elements().Where(c => !IsCommonChild(c)))
        {
            if (child.Name.Namespace != Bpmn || !typedChildren.Contains(child.Name.LocalName))
            {
                definition.UnmodeledContent.Add(new XElement(child));
            }
        }

        return definition;
    }

    private LoopCharacteristics? ReadLoop(XElement? e)
    {
        if (e is null)
        {
            return null;
        }

        if (e.Name.LocalName == "standardLoopCharacteristics")
        {
            var standard = new StandardLoopCharacteristics
            {
                TestBefore = Bool(e, "testBefore") ?? false,
                LoopMaximum = Int(e, "loopMaximum"),
                LoopCondition = ReadExpression(e.Element(Bpmn + "loopCondition")),
            };
            Common(e, standard, "testBefore", "loopMaximum");
            foreach (var child in e.Elements().Where(c => !IsCommonChild(c) && c.Name != Bpmn + "loopCondition"))
            {
                standard.UnmodeledContent.Add(new XElement(child));
            }

            return standard;
        }

        var multi = new MultiInstanceLoopCharacteristics
        {
            IsSequential = Bool(e, "isSequential") ?? false,
            LoopCardinality = ReadExpression(e.Element(Bpmn + "loopCardinality")),
            CompletionCondition = ReadExpression(e.Element(Bpmn + "completionCondition")),
            LoopDataInputRef = e.Element(Bpmn + "loopDataInputRef")?.Value.Trim(),
            LoopDataOutputRef = e.Element(Bpmn + "loopDataOutputRef")?.Value.Trim(),
        };
        Common(e, multi, "isSequential");
        string[] typed = ["loopCardinality", "completionCondition", "loopDataInputRef", "loopDataOutputRef"];
        foreach (var child in e.Elements().Where(c => !IsCommonChild(c)))
        {
            if (child.Name.Namespace != Bpmn || !typed.Contains(child.Name.LocalName))
            {
                multi.UnmodeledContent.Add(new XElement(child));
            }
        }

        return multi;
    }

    private Expression? ReadExpression(XElement? e)
    {
        if (e is null)
        {
            return null;
        }

        var type = (string?)e.Attribute(BpmnNamespaces.Xsi + "type");
        var isFormal = false;
        if (type is not null)
        {
            var colon = type.IndexOf(':', StringComparison.Ordinal);
            isFormal = (colon < 0 ? type : type[(colon + 1)..]) == "tFormalExpression";
        }

        var expression = new Expression
        {
            Text = e.Value,
            Language = Attr(e, "language"),
            Id = Attr(e, "id"),
            EvaluatesToTypeRef = Attr(e, "evaluatesToTypeRef"),
            IsFormal = isFormal,
        };
        Lines[expression] = BpmnParser.LineOf(e);
        return expression;
    }

    private static void ReadOtherChildren(XElement e, BaseElement element)
    {
        foreach (var child in e.Elements().Where(c => !IsCommonChild(c)))
        {
            element.UnmodeledContent.Add(new XElement(child));
        }
    }

    private void Common(XElement e, BaseElement element, params string[] known)
    {
        element.Id = Attr(e, "id") ?? string.Empty;
        Lines[element] = BpmnParser.LineOf(e);
        Foreign(e, element.ForeignAttributes, [.. known, "id"]);
        foreach (var doc in e.Elements(Bpmn + "documentation"))
        {
            element.Documentation.Add(new Documentation { Text = doc.Value, TextFormat = Attr(doc, "textFormat"), Id = Attr(doc, "id") });
        }

        if (e.Element(Bpmn + "extensionElements") is { } extensions)
        {
            ReadExtensions(extensions, element.Extensions);
        }
    }

    private static void Foreign(XElement e, IList<XAttribute> target, params string[] known)
    {
        foreach (var attribute in e.Attributes())
        {
            if (attribute.IsNamespaceDeclaration
                || (attribute.Name.Namespace == XNamespace.None && known.Contains(attribute.Name.LocalName)))
            {
                continue;
            }

            target.Add(new XAttribute(attribute));
        }
    }

    private static void ReadExtensions(XElement e, ExtensionElements extensions)
    {
        extensions.IsPresent = true;
        foreach (var child in e.Elements())
        {
            if (child.Name.Namespace != Zeebe || !ReadZeebe(child, extensions))
            {
                extensions.Other.Add(new XElement(child));
            }
        }
    }

    private static bool ReadZeebe(XElement z, ExtensionElements x)
    {
        switch (z.Name.LocalName)
        {
            case "taskDefinition" when x.TaskDefinition is null:
                x.TaskDefinition = new(Attr(z, "type"), Attr(z, "retries"));
                return OnlyKnown(z, "type", "retries");
            case "formDefinition" when x.FormDefinition is null:
                x.FormDefinition = new(Attr(z, "formKey"), Attr(z, "formId"), Attr(z, "externalReference"));
                return OnlyKnown(z, "formKey", "formId", "externalReference");
            case "userTask" when !x.IsZeebeUserTask:
                x.IsZeebeUserTask = true;
                return OnlyKnown(z);
            case "userTaskForm":
                x.UserTaskForms.Add(new(Attr(z, "id") ?? string.Empty, z.Value));
                return OnlyKnown(z, "id");
            case "assignmentDefinition" when x.AssignmentDefinition is null:
                x.AssignmentDefinition = new(Attr(z, "assignee"), Attr(z, "candidateGroups"), Attr(z, "candidateUsers"));
                return OnlyKnown(z, "assignee", "candidateGroups", "candidateUsers");
            case "taskSchedule" when x.TaskSchedule is null:
                x.TaskSchedule = new(Attr(z, "dueDate"), Attr(z, "followUpDate"));
                return OnlyKnown(z, "dueDate", "followUpDate");
            case "ioMapping" when x.IoMapping is null && z.Elements().All(m => m.Name == Zeebe + "input" || m.Name == Zeebe + "output"):
                var mapping = new ZeebeIoMapping();
                foreach (var m in z.Elements())
                {
                    var item = new ZeebeMapping(Attr(m, "source") ?? string.Empty, Attr(m, "target") ?? string.Empty);
                    (m.Name.LocalName == "input" ? mapping.Inputs : mapping.Outputs).Add(item);
                }

                x.IoMapping = mapping;
                return OnlyKnown(z);
            case "calledElement" when x.CalledElement is null:
                x.CalledElement = new(Attr(z, "processId"), Bool(z, "propagateAllChildVariables"), Bool(z, "propagateAllParentVariables"), Attr(z, "bindingType"));
                return OnlyKnown(z, "processId", "propagateAllChildVariables", "propagateAllParentVariables", "bindingType");
            case "loopCharacteristics" when x.LoopCharacteristics is null:
                x.LoopCharacteristics = new(Attr(z, "inputCollection"), Attr(z, "inputElement"), Attr(z, "outputCollection"), Attr(z, "outputElement"));
                return OnlyKnown(z, "inputCollection", "inputElement", "outputCollection", "outputElement");
            case "subscription" when x.Subscription is null:
                x.Subscription = new(Attr(z, "correlationKey"));
                return OnlyKnown(z, "correlationKey");
            case "calledDecision" when x.CalledDecision is null:
                x.CalledDecision = new(Attr(z, "decisionId"), Attr(z, "resultVariable"), Attr(z, "bindingType"));
                return OnlyKnown(z, "decisionId", "resultVariable", "bindingType");
            case "script" when x.Script is null:
                x.Script = new(Attr(z, "expression"), Attr(z, "resultVariable"));
                return OnlyKnown(z, "expression", "resultVariable");
            case "taskHeaders" when !x.HasTaskHeaders && z.Elements().All(h => h.Name == Zeebe + "header"):
                x.HasTaskHeaders = true;
                foreach (var header in z.Elements())
                {
                    x.TaskHeaders.Add(new(Attr(header, "key") ?? string.Empty, Attr(header, "value") ?? string.Empty));
                }

                return OnlyKnown(z);
            default:
                return false;
        }

        // Anything beyond the typed attributes would be lost, so such an element is kept verbatim instead.
        static bool OnlyKnown(XElement z, params string[] known) =>
            z.Attributes().All(a => a.IsNamespaceDeclaration || (a.Name.Namespace == XNamespace.None && known.Contains(a.Name.LocalName)))
            && (z.Name.LocalName is "ioMapping" or "taskHeaders" or "userTaskForm" || !z.HasElements);
    }

    private static BpmnDiagram ReadDiagram(XElement e)
    {
        var diagram = new BpmnDiagram
        {
            Id = Attr(e, "id"),
            Name = Attr(e, "name"),
            Documentation = Attr(e, "documentation"),
            Resolution = Double(e, "resolution"),
        };
        Foreign(e, diagram.ForeignAttributes, "id", "name", "documentation", "resolution");
        foreach (var child in e.Elements())
        {
            if (child.Name == BpmnNamespaces.BpmnDi + "BPMNPlane")
            {
                var plane = new BpmnPlane { Id = Attr(child, "id"), BpmnElement = Attr(child, "bpmnElement") };
                Foreign(child, plane.ForeignAttributes, "id", "bpmnElement");
                foreach (var item in child.Elements())
                {
                    if (item.Name == BpmnNamespaces.BpmnDi + "BPMNShape")
                    {
                        plane.Elements.Add(ReadShape(item));
                    }
                    else if (item.Name == BpmnNamespaces.BpmnDi + "BPMNEdge")
                    {
                        plane.Elements.Add(ReadEdge(item));
                    }
                    else
                    {
                        plane.UnmodeledContent.Add(new XElement(item));
                    }
                }

                diagram.Plane = plane;
            }
            else if (child.Name == BpmnNamespaces.BpmnDi + "BPMNLabelStyle")
            {
                diagram.LabelStyles.Add(new XElement(child));
            }
            else
            {
                diagram.UnmodeledContent.Add(new XElement(child));
            }
        }

        return diagram;
    }

    private static BpmnShape ReadShape(XElement e)
    {
        var shape = new BpmnShape
        {
            Id = Attr(e, "id"),
            BpmnElement = Attr(e, "bpmnElement"),
            IsHorizontal = Bool(e, "isHorizontal"),
            IsExpanded = Bool(e, "isExpanded"),
            IsMarkerVisible = Bool(e, "isMarkerVisible"),
            IsMessageVisible = Bool(e, "isMessageVisible"),
            ParticipantBandKind = Attr(e, "participantBandKind"),
            ChoreographyActivityShape = Attr(e, "choreographyActivityShape"),
        };
        Foreign(e, shape.ForeignAttributes, "id", "bpmnElement", "isHorizontal", "isExpanded", "isMarkerVisible", "isMessageVisible", "participantBandKind", "choreographyActivityShape");
        foreach (var child in e.Elements())
        {
            if (child.Name == BpmnNamespaces.DC + "Bounds" && shape.Bounds is null)
            {
                shape.Bounds = ReadBounds(child);
            }
            else if (child.Name == BpmnNamespaces.BpmnDi + "BPMNLabel" && shape.Label is null)
            {
                shape.Label = ReadLabel(child);
            }
            else
            {
                shape.UnmodeledContent.Add(new XElement(child));
            }
        }

        return shape;
    }

    private static BpmnEdge ReadEdge(XElement e)
    {
        var edge = new BpmnEdge
        {
            Id = Attr(e, "id"),
            BpmnElement = Attr(e, "bpmnElement"),
            SourceElement = Attr(e, "sourceElement"),
            TargetElement = Attr(e, "targetElement"),
            MessageVisibleKind = Attr(e, "messageVisibleKind"),
        };
        Foreign(e, edge.ForeignAttributes, "id", "bpmnElement", "sourceElement", "targetElement", "messageVisibleKind");
        foreach (var child in e.Elements())
        {
            if (child.Name == BpmnNamespaces.DI + "waypoint" && child.Attributes().All(a => a.Name.LocalName is "x" or "y" || a.Name == BpmnNamespaces.Xsi + "type"))
            {
                edge.Waypoints.Add(new Waypoint(Double(child, "x") ?? 0, Double(child, "y") ?? 0));
            }
            else if (child.Name == BpmnNamespaces.BpmnDi + "BPMNLabel" && edge.Label is null)
            {
                edge.Label = ReadLabel(child);
            }
            else
            {
                edge.UnmodeledContent.Add(new XElement(child));
            }
        }

        return edge;
    }

    private static BpmnLabel ReadLabel(XElement e)
    {
        var label = new BpmnLabel { Id = Attr(e, "id"), LabelStyle = Attr(e, "labelStyle") };
        Foreign(e, label.ForeignAttributes, "id", "labelStyle");
        foreach (var child in e.Elements())
        {
            if (child.Name == BpmnNamespaces.DC + "Bounds" && label.Bounds is null)
            {
                label.Bounds = ReadBounds(child);
            }
            else
            {
                label.UnmodeledContent.Add(new XElement(child));
            }
        }

        return label;
    }

    private static Bounds ReadBounds(XElement e) =>
        new(Double(e, "x") ?? 0, Double(e, "y") ?? 0, Double(e, "width") ?? 0, Double(e, "height") ?? 0);

    private static bool IsCommonChild(XElement e) =>
        e.Name == Bpmn + "documentation" || e.Name == Bpmn + "extensionElements";

    private static bool IsLoop(XElement e) =>
        e.Name == Bpmn + "standardLoopCharacteristics" || e.Name == Bpmn + "multiInstanceLoopCharacteristics";

    internal static string? Attr(XElement e, string name) => (string?)e.Attribute(name);

    private static bool? Bool(XElement e, string name) =>
        Attr(e, name) is { } value && bool.TryParse(value.Trim(), out var result) ? result : null;

    private static int? Int(XElement e, string name) =>
        Attr(e, name) is { } value && int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var result) ? result : null;

    private static double? Double(XElement e, string name) =>
        Attr(e, name) is { } value && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var result) ? result : null;
}
