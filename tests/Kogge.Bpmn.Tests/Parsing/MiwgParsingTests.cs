using System.Xml.Linq;
using Kogge.Bpmn.Model;
using Kogge.Bpmn.Model.Diagram;
using Kogge.Bpmn.Parsing;
using Kogge.Testing;

namespace Kogge.Bpmn.Tests.Parsing;

public sealed class MiwgParsingTests
{
    private static readonly XNamespace Bpmn = "http://www.omg.org/spec/BPMN/20100524/MODEL";
    private static readonly XNamespace BpmnDi = "http://www.omg.org/spec/BPMN/20100524/DI";
    private static readonly XNamespace Zeebe = "http://camunda.org/schema/zeebe/1.0";

    // The element kinds the model types; each must be found exactly as often as the file holds it.
    private static readonly string[] CountedKinds =
    [
        "process", "collaboration", "participant", "messageFlow", "lane",
        "message", "error", "signal", "escalation", "itemDefinition", "dataStore",
        "task", "userTask", "serviceTask", "sendTask", "receiveTask", "businessRuleTask", "scriptTask", "manualTask",
        "subProcess", "transaction", "adHocSubProcess", "callActivity",
        "startEvent", "endEvent", "intermediateCatchEvent", "intermediateThrowEvent", "boundaryEvent",
        "exclusiveGateway", "inclusiveGateway", "parallelGateway", "eventBasedGateway", "complexGateway",
        "sequenceFlow", "dataObject", "dataObjectReference", "dataStoreReference",
        "textAnnotation", "association", "group",
        "messageEventDefinition", "timerEventDefinition", "signalEventDefinition", "errorEventDefinition",
        "escalationEventDefinition", "terminateEventDefinition", "linkEventDefinition", "conditionalEventDefinition",
        "compensateEventDefinition", "cancelEventDefinition",
        "standardLoopCharacteristics", "multiInstanceLoopCharacteristics",
    ];

    public static TheoryData<string> MiwgFiles() =>
    [
        "A.1.0.bpmn", "A.2.0.bpmn", "A.2.1.bpmn", "A.3.0.bpmn", "A.4.0.bpmn", "A.4.1.bpmn",
        "B.1.0.bpmn", "C.1.0.bpmn", "C.1.1.bpmn", "C.3.0.bpmn", "C.9.0.bpmn",
    ];

    [Fact]
    public void MiwgFolder_EveryFile_IsListedHere()
    {
        var folder = SharedData.Path("bpmn-miwg");
        var onDisk = Directory.GetFiles(folder, "*.bpmn").Select(Path.GetFileName).Order(StringComparer.Ordinal);

        Assert.Equal(MiwgFiles().Select(row => row.Data).Order(StringComparer.Ordinal), onDisk);
    }

    [Theory]
    [MemberData(nameof(MiwgFiles))]
    public void Parse_MiwgFile_CountsEveryElementKindAsTheFileHoldsIt(string file)
    {
        var path = SharedData.Path($"bpmn-miwg/{file}");
        var raw = XDocument.Load(path);

        var model = BpmnParser.ParseFile(path).Definitions;

        var modelCounts = model.AllElements().GroupBy(e => e.ElementName).ToDictionary(g => g.Key, g => g.Count());
        foreach (var kind in CountedKinds)
        {
            var expected = raw.Descendants(Bpmn + kind).Count(e => !e.Ancestors(Bpmn + "extensionElements").Any());
            Assert.True(
                expected == modelCounts.GetValueOrDefault(kind),
                $"{file}: {kind} expected {expected}, model has {modelCounts.GetValueOrDefault(kind)}");
        }

        var shapes = model.Diagrams.SelectMany(d => d.Plane.Elements).OfType<BpmnShape>().Count();
        var edges = model.Diagrams.SelectMany(d => d.Plane.Elements).OfType<BpmnEdge>().Count();
        Assert.Equal(raw.Descendants(BpmnDi + "BPMNShape").Count(), shapes);
        Assert.Equal(raw.Descendants(BpmnDi + "BPMNEdge").Count(), edges);
        Assert.Equal(
            raw.Descendants(Zeebe + "taskDefinition").Count(),
            model.AllElements().Count(e => e.Extensions.TaskDefinition is not null));
    }

    [Theory]
    [MemberData(nameof(MiwgFiles))]
    public void Parse_MiwgFile_LinksEverySequenceFlowOrReportsIt(string file)
    {
        var result = BpmnParser.ParseFile(SharedData.Path($"bpmn-miwg/{file}"));

        foreach (var flow in result.Definitions.AllElements().OfType<SequenceFlow>())
        {
            var reported = result.Problems.Any(p => p.ElementId == flow.Id);
            Assert.True(reported || (flow.Source is not null && flow.Target is not null), $"{file}: {flow.Id} neither linked nor reported");
        }

        Assert.All(result.Problems, p => Assert.False(string.IsNullOrEmpty(p.ElementId), p.ToString()));
    }

    [Theory]
    [MemberData(nameof(MiwgFiles))]
    public void WriteThenParse_MiwgFile_GivesTheSameModel(string file)
    {
        var first = BpmnParser.ParseFile(SharedData.Path($"bpmn-miwg/{file}"));

        var written = BpmnWriter.ToXml(first.Definitions);
        var second = BpmnParser.ParseXml(written);

        Assert.Equal(ModelSnapshot.Of(first.Definitions), ModelSnapshot.Of(second.Definitions));
        Assert.Equal(first.Problems.Select(p => p with { Line = null }), second.Problems.Select(p => p with { Line = null }));
    }

    [Fact]
    public void Parse_C9CamundaFile_ReadsZeebeExtensions()
    {
        var model = BpmnParser.ParseFile(SharedData.Path("bpmn-miwg/C.9.0.bpmn")).Definitions;
        var process = Assert.Single(model.Processes);

        var score = process.FlowElements.OfType<ServiceTask>().Single(t => t.Id == "ServiceTask_GetCreditScore");
        var check = process.FlowElements.OfType<BusinessRuleTask>().Single();
        var call = process.FlowElements.OfType<CallActivity>().Single();
        var gateway = process.FlowElements.OfType<ExclusiveGateway>().Single(g => g.Id == "ExclusiveGateway_Risk");

        Assert.Equal("calculateScore", score.Extensions.TaskDefinition?.Type);
        Assert.Equal(new ZeebeCalledDecision("risk_check", "result", null), check.Extensions.CalledDecision);
        Assert.Equal("ManualCheck", call.Extensions.CalledElement?.ProcessId);
        Assert.Equal("SequenceFlow_Green", gateway.DefaultFlow?.Id);
        Assert.Equal(3, gateway.Outgoing.Count);
        Assert.Equal(2, process.FlowElements.OfType<SubProcess>().Count(s => s.TriggeredByEvent));
        Assert.Equal("= documentReferenceId", model.RootElements.OfType<Message>().First().Extensions.Subscription?.CorrelationKey);
        Assert.Single(process.Extensions.UserTaskForms);
    }

    [Fact]
    public void Parse_A3BoundaryEvents_AttachesThemToTheirActivities()
    {
        var model = BpmnParser.ParseFile(SharedData.Path("bpmn-miwg/A.3.0.bpmn")).Definitions;

        var boundaries = model.AllElements().OfType<BoundaryEvent>().ToList();

        Assert.NotEmpty(boundaries);
        Assert.All(boundaries, b => Assert.Contains(b, b.AttachedTo!.BoundaryEvents));
    }
}
