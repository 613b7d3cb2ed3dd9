using System.Xml.Linq;
using Kogge.Mining.Conformance;
using Kogge.Mining.Discovery;
using Kogge.Mining.Tests.Io;

namespace Kogge.Mining.Tests.Discovery;

public sealed class BpmnWriterTests
{
    private static readonly XNamespace Bpmn = "http://www.omg.org/spec/BPMN/20100524/MODEL";
    private static readonly XNamespace BpmnDi = "http://www.omg.org/spec/BPMN/20100524/DI";
    private static readonly XNamespace Di = "http://www.omg.org/spec/DD/20100524/DI";

    [Fact]
    public void ToXml_ChoiceParallelLoop_GatewaysTasksAndFlows()
    {
        var tree = ProcessTree.Sequence(
            ProcessTree.Activity("Antrag prüfen"),
            ProcessTree.ExclusiveChoice(ProcessTree.Silent(), ProcessTree.Parallel(ProcessTree.Activity("b"), ProcessTree.Activity("c"))),
            ProcessTree.Loop(ProcessTree.Activity("d"), ProcessTree.Silent()));

        var process = XDocument.Parse(BpmnWriter.ToXml(tree)).Root!.Element(Bpmn + "process")!;

        Assert.Equal(["Antrag prüfen", "b", "c", "d"], process.Elements(Bpmn + "task").Select(t => (string)t.Attribute("name")!));
        Assert.Equal(2, process.Elements(Bpmn + "parallelGateway").Count());
        Assert.Equal(4, process.Elements(Bpmn + "exclusiveGateway").Count());
        Assert.Single(process.Elements(Bpmn + "startEvent"));
        Assert.Single(process.Elements(Bpmn + "endEvent"));
        // start→task, task→xor, xor→τ→xor, xor→and, and→b, and→c, b→and, c→and, and→xor, xor→loop, loop→d, d→exit, exit→loop (τ redo), exit→end
        Assert.Equal(14, process.Elements(Bpmn + "sequenceFlow").Count());
    }

    [Theory]
    [InlineData("receipt.xes.gz")]
    [InlineData("BPIC15_1.xes.gz")]
    public void ToXml_RealLogModel_EveryFlowResolvesAndEverythingHasDiagramInterchange(string file)
    {
        var log = RealLogs.Xes(file).Log;
        var tree = InductiveMiner.Discover(log, new InductiveMinerOptions { Variant = InductiveMinerVariant.DirectlyFollows }, TestContext.Current.CancellationToken).Tree;

        var doc = XDocument.Parse(BpmnWriter.ToXml(tree));

        var process = doc.Root!.Element(Bpmn + "process")!;
        var flowNodes = process.Elements().Where(e => e.Name.LocalName != "sequenceFlow").ToDictionary(e => (string)e.Attribute("id")!);
        var flows = process.Elements(Bpmn + "sequenceFlow").ToList();
        Assert.All(flows, f => Assert.Contains((string)f.Attribute("sourceRef")!, flowNodes.Keys));
        Assert.All(flows, f => Assert.Contains((string)f.Attribute("targetRef")!, flowNodes.Keys));
        Assert.Equal(tree.Activities().Count(), process.Elements(Bpmn + "task").Count());
        var plane = doc.Root!.Element(BpmnDi + "BPMNDiagram")!.Element(BpmnDi + "BPMNPlane")!;
        Assert.Equal(flowNodes.Keys.Order(), plane.Elements(BpmnDi + "BPMNShape").Select(s => (string)s.Attribute("bpmnElement")!).Order());
        Assert.All(plane.Elements(BpmnDi + "BPMNEdge"), e => Assert.True(e.Elements(Di + "waypoint").Count() >= 2));
        Assert.Equal(flows.Count, plane.Elements(BpmnDi + "BPMNEdge").Count());
        // Every node lies on a path from start to end: it has incoming flows (except the start) and outgoing ones (except the end).
        Assert.All(flowNodes.Values, n => Assert.True(n.Name.LocalName == "startEvent" || n.Elements(Bpmn + "incoming").Any(), (string)n.Attribute("id")!));
        Assert.All(flowNodes.Values, n => Assert.True(n.Name.LocalName == "endEvent" || n.Elements(Bpmn + "outgoing").Any(), (string)n.Attribute("id")!));
    }

    [Fact]
    public void ReplayDeviations_NameElementsThatExistInTheBpmn()
    {
        var log = RealLogs.Xes("receipt.xes.gz").Log;
        var tree = InductiveMiner.Discover(log, cancellationToken: TestContext.Current.CancellationToken).Tree;

        var ids = XDocument.Parse(BpmnWriter.ToXml(tree)).Descendants().Select(e => (string?)e.Attribute("id")).OfType<string>().ToHashSet();
        var deviations = TokenReplay.Replay(log, PetriNet.FromProcessTree(tree), TestContext.Current.CancellationToken).Deviations;

        Assert.NotEmpty(deviations);
        Assert.All(deviations.Where(d => !d.ElementId.StartsWith("Silent_", StringComparison.Ordinal)), d => Assert.Contains(d.ElementId, ids));
    }
}
