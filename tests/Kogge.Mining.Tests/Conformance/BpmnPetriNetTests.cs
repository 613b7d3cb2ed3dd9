using Kogge.Bpmn.Parsing;
using Kogge.Mining.Conformance;
using Kogge.Testing;

namespace Kogge.Mining.Tests.Conformance;

public sealed class BpmnPetriNetTests
{
    private const string Check = "Check application";
    private const string Request = "Request documents";
    private const string DocumentsIn = "Documents received";
    private const string Building = "Building office signs off";
    private const string Environment = "Environment office signs off";

    private static string Model(string file) => Path.Combine(AppContext.BaseDirectory, "Conformance", file);

    private static PetriNet Permit(BpmnNetOptions? options = null) => PetriNet.FromBpmnFile(Model("BuildingPermit.bpmn"), options);

    private static TraceAlignment Align(PetriNet net, params string[] trace) =>
        Alignments.AlignTrace(trace, net, cancellationToken: TestContext.Current.CancellationToken);

    [Fact]
    public void FromBpmn_HandDrawnModel_TransitionsKeepElementIdsAndNames()
    {
        var net = Permit();

        var labelled = net.Transitions.Where(t => !t.IsSilent).ToDictionary(t => t.ElementId, t => t.Label);
        Assert.Equal(Check, labelled["check"]);
        Assert.Equal(DocumentsIn, labelled["documentsIn"]);
        Assert.Equal("Write notice", labelled["write"]);
        Assert.Equal("Application withdrawn", labelled["withdrawn"]);
        Assert.Equal(9, labelled.Count);

        // Gateways and start/end events are silent and keep their ids too.
        Assert.Contains(net.Transitions, t => t.IsSilent && t.ElementId == "fork");
        Assert.Contains(net.Transitions, t => t.IsSilent && t.ElementId == "received");
        Assert.True(net.SinkCollectsEndTokens);
    }

    [Theory]
    [InlineData(Check, Building, Environment, "Write notice", "Sign notice", "Send notice")]
    [InlineData(Check, Environment, Building, "Write notice", "Sign notice", "Send notice")]
    [InlineData(Check, Request, DocumentsIn, Check, Building, Environment, "Write notice", "Sign notice", "Send notice")]
    [InlineData(Check, Building, Environment, "Application withdrawn")]
    public void Align_TraceTheModelAllows_CostZero(params string[] trace)
    {
        var alignment = Align(Permit(), trace);

        Assert.Equal(AlignmentStatus.Optimal, alignment.Status);
        Assert.Equal(0, alignment.Cost);
    }

    [Fact]
    public void Align_SkippedSignOff_ModelMoveOnItsElement()
    {
        var alignment = Align(Permit(), Check, Building, "Write notice", "Sign notice", "Send notice");

        Assert.Equal(1, alignment.Cost);
        Assert.Equal("environment", Assert.Single(alignment.Moves, m => m.Kind == AlignmentMoveKind.Model).ElementId);
    }

    [Fact]
    public void Replay_SkippedSignOff_RemainingTokenBeforeElement()
    {
        var log = TestLogs.FromActivities([Check, Building, "Write notice", "Sign notice", "Send notice"]);

        var result = TokenReplay.Replay(log, Permit(), TestContext.Current.CancellationToken);

        Assert.Empty(result.UnknownActivities);
        Assert.Equal(1, Assert.Single(result.Deviations, d => d.ElementId == "environment").RemainingTokens);
        Assert.All(result.Deviations, d => Assert.Contains(d.ElementId, new[] { "environment", "join", "noticeProcess", "write" }));
        Assert.True(result.Fitness < 1.0);
    }

    [Fact]
    public void Align_MatchingById_LogOfElementIds()
    {
        var net = Permit(new BpmnNetOptions { Matching = ActivityMatching.Id });

        Assert.Equal(0, Align(net, "check", "request", "documentsIn", "check", "environment", "building", "write", "sign", "send").Cost);
        Assert.Equal(1, Align(net, "check", "environment", "building", "sign", "send").Cost);
    }

    [Fact]
    public void Align_EventsSilentByOption_NotExpectedInLog()
    {
        var net = Permit(new BpmnNetOptions { NamedEventsAreActivities = false });

        Assert.Equal(0, Align(net, Check, Request, Check, Building, Environment, "Write notice", "Sign notice", "Send notice").Cost);
        Assert.DoesNotContain(net.Transitions, t => t.ElementId == "documentsIn" && !t.IsSilent);
    }

    [Fact]
    public void Align_InclusiveGateway_AnyNonEmptySubsetOfBranches()
    {
        var net = PetriNet.FromBpmnFile(Model("Inclusive.bpmn"));

        Assert.Equal(0, Align(net, "Register", "Fire brigade", "Decide").Cost);
        Assert.Equal(0, Align(net, "Register", "Traffic office", "Fire brigade", "Decide").Cost);
        Assert.Equal(0, Align(net, "Register", "Water authority", "Traffic office", "Fire brigade", "Decide").Cost);

        // No branch at all is not allowed: one model move for the cheapest branch.
        Assert.Equal(1, Align(net, "Register", "Decide").Cost);

        // A branch twice is one log move: the paired join waits for exactly the branches the split started.
        Assert.Equal(1, Align(net, "Register", "Fire brigade", "Fire brigade", "Decide").Cost);
    }

    [Fact]
    public void Align_Log_DeviationsPerBpmnElement()
    {
        var log = TestLogs.FromActivities(
            ["Register", "Decide"],
            ["Register", "Water authority", "Decide"],
            ["Register", "Water authority", "Decide"],
            ["Register", "Water authority", "Inspection", "Decide"]);
        var net = PetriNet.FromBpmn(BpmnParser.ParseFile(Model("Inclusive.bpmn")).Definitions);

        var result = Alignments.Align(log, net, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(1, result.UnknownActivities["Inspection"]);
        Assert.Equal(3, Assert.Single(result.Elements, e => e.ElementId == "water").SynchronousMoves);
        Assert.Equal(1, result.Elements.Sum(e => e.ModelMoves));
        Assert.Equal(0.5, result.FittingCaseShare);
    }

    [Fact]
    public void FromBpmn_UnknownProcess_ErrorNamesProcesses()
    {
        var error = Assert.Throws<BpmnNetException>(() => Permit(new BpmnNetOptions { ProcessId = "nope" }));

        Assert.Contains("buildingPermit", error.Message, StringComparison.Ordinal);
        Assert.Equal("nope", error.ElementId);
    }

    [Fact]
    public void FromBpmn_NotBpmn_ParseError()
    {
        var path = Path.Combine(Path.GetTempPath(), $"kogge-not-bpmn-{Guid.NewGuid():N}.bpmn");
        File.WriteAllText(path, "<html><body>no model</body></html>");
        try
        {
            Assert.Throws<BpmnParseException>(() => PetriNet.FromBpmnFile(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void FromBpmn_DanglingFlow_ErrorNamesFlow()
    {
        const string Xml = """
            <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="urn:t">
              <process id="p">
                <startEvent id="s" />
                <sequenceFlow id="broken" sourceRef="s" targetRef="missing" />
              </process>
            </definitions>
            """;

        var error = Assert.Throws<BpmnNetException>(() => PetriNet.FromBpmn(BpmnParser.ParseXml(Xml).Definitions));

        Assert.Equal("broken", error.ElementId);
    }

    [Fact]
    public void Align_ModelThatDeadlocks_NotFound()
    {
        // An exclusive split into a parallel join: the join waits for a branch that never comes.
        const string Xml = """
            <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="urn:t">
              <process id="p">
                <startEvent id="s" />
                <sequenceFlow id="f1" sourceRef="s" targetRef="x" />
                <exclusiveGateway id="x" />
                <sequenceFlow id="f2" sourceRef="x" targetRef="a" />
                <sequenceFlow id="f3" sourceRef="x" targetRef="b" />
                <task id="a" name="A" />
                <task id="b" name="B" />
                <sequenceFlow id="f4" sourceRef="a" targetRef="j" />
                <sequenceFlow id="f5" sourceRef="b" targetRef="j" />
                <parallelGateway id="j" />
                <sequenceFlow id="f6" sourceRef="j" targetRef="e" />
                <endEvent id="e" />
              </process>
            </definitions>
            """;
        var net = PetriNet.FromBpmn(BpmnParser.ParseXml(Xml).Definitions);

        var alignment = Align(net, "A");

        Assert.Equal(AlignmentStatus.NotFound, alignment.Status);
        Assert.Equal(AlignmentMoveKind.Log, Assert.Single(alignment.Moves).Kind);
        Assert.Equal(0.0, alignment.Fitness);
    }

    public static TheoryData<string> MiwgModels => ["A.1.0.bpmn", "A.2.0.bpmn", "A.2.1.bpmn", "A.3.0.bpmn", "A.4.0.bpmn", "A.4.1.bpmn", "B.1.0.bpmn", "C.1.0.bpmn", "C.1.1.bpmn", "C.3.0.bpmn", "C.9.0.bpmn"];

    [Theory]
    [MemberData(nameof(MiwgModels))]
    public void FromBpmn_MiwgReferenceModel_TranslatesOrNamesTheElement(string file)
    {
        var path = SharedData.Path("bpmn-miwg/" + file);
        var definitions = BpmnParser.ParseFile(path).Definitions;
        var processes = definitions.Processes.Where(p => p.FlowElements.OfType<Kogge.Bpmn.Model.FlowNode>().Any()).ToList();

        foreach (var process in processes)
        {
            PetriNet net;
            try
            {
                net = PetriNet.FromBpmn(definitions, new BpmnNetOptions { ProcessId = process.Id });
            }
            catch (BpmnNetException error)
            {
                Assert.False(string.IsNullOrEmpty(error.ElementId), error.Message);
                continue;
            }

            // Every task of the process is a labelled transition with its id.
            var tasks = process.FlowElements.OfType<Kogge.Bpmn.Model.TaskActivity>().Select(t => t.Id).ToHashSet();
            Assert.Subset(net.Transitions.Where(t => !t.IsSilent).Select(t => t.ElementId).ToHashSet(), tasks);

            // The model's cheapest complete run is found or reported as missing, never a crash or a hang.
            var run = Alignments.AlignTrace([], net, new AlignmentOptions { MaxStatesPerTrace = 100_000 }, TestContext.Current.CancellationToken);
            Assert.Equal(run.Status == AlignmentStatus.Optimal, run.Moves.Count > 0);
        }
    }
}
