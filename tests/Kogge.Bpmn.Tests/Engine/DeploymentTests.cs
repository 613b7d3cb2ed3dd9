using Kogge.Bpmn.Engine;
using Kogge.Bpmn.Parsing;
using Kogge.Bpmn.Storage;
using Kogge.Bpmn.Tests.TestDoubles;
using Kogge.Bpmn.Validation;
using Kogge.Testing;

namespace Kogge.Bpmn.Tests.Engine;

public sealed class DeploymentTests
{
    private const string Head = """
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="urn:kogge:test">
        <bpmn:process id="p" isExecutable="true"><bpmn:startEvent id="start" /><bpmn:sequenceFlow id="f0" sourceRef="start" targetRef="x" />
        """;

    private const string Tail = "</bpmn:process></bpmn:definitions>";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static IReadOnlyList<BpmnProblem> Validate(string body) =>
        DeploymentValidator.Validate(BpmnParser.ParseXml(Head + body + Tail), new TestExpressionLanguage());

    [Fact]
    public async Task Deploy_UnsupportedElement_IsRefusedNamingElementIdAndName()
    {
        var h = new EngineHarness();
        var xml = Head + """<bpmn:complexGateway id="x" name="Vote" />""" + Tail;

        var error = await Assert.ThrowsAsync<DeploymentValidationException>(() => h.Engine.Repository.DeployAsync("vote.bpmn", xml, cancellationToken: Ct));

        var problem = Assert.Single(error.Problems);
        Assert.Equal("x", problem.ElementId);
        Assert.Equal("Vote", problem.ElementName);
        Assert.Contains("not supported", problem.Message, StringComparison.Ordinal);
        Assert.Empty(await h.Engine.Repository.ListDefinitionsAsync(cancellationToken: Ct));
    }

    [Fact]
    public void Validate_GatewayWithoutConditionOrDefault_IsReported()
    {
        var problems = Validate("""
            <bpmn:exclusiveGateway id="x" name="Complete?" />
            <bpmn:sequenceFlow id="a" name="yes" sourceRef="x" targetRef="e1"><bpmn:conditionExpression>=complete</bpmn:conditionExpression></bpmn:sequenceFlow>
            <bpmn:sequenceFlow id="b" name="no" sourceRef="x" targetRef="e2" />
            <bpmn:endEvent id="e1" /><bpmn:endEvent id="e2" />
            """);

        var problem = Assert.Single(problems);
        Assert.Equal("x", problem.ElementId);
        Assert.Contains("'b'", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ServiceTaskWithoutJobType_IsReported()
    {
        var problems = Validate("""<bpmn:serviceTask id="x" name="Send notice" />""");

        Assert.Contains(problems, p => p.ElementId == "x" && p.ElementName == "Send notice" && p.Message.Contains("job type", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_ExpressionSyntaxError_IsReportedWithTheExpression()
    {
        var problems = Validate("""
            <bpmn:exclusiveGateway id="x" default="b" />
            <bpmn:sequenceFlow id="a" sourceRef="x" targetRef="e1"><bpmn:conditionExpression>=amount &gt; (1000</bpmn:conditionExpression></bpmn:sequenceFlow>
            <bpmn:sequenceFlow id="b" sourceRef="x" targetRef="e1" />
            <bpmn:endEvent id="e1" />
            """);

        var problem = Assert.Single(problems);
        Assert.Equal("a", problem.ElementId);
        Assert.Contains("amount > (1000", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_CompensationAndTransaction_AreRejectedAsOutOfScope()
    {
        var problems = Validate("""
            <bpmn:transaction id="x" name="Pay fee"><bpmn:startEvent id="ts" /></bpmn:transaction>
            <bpmn:boundaryEvent id="comp" attachedToRef="x"><bpmn:compensateEventDefinition /></bpmn:boundaryEvent>
            <bpmn:serviceTask id="undo" isForCompensation="true"><bpmn:extensionElements><zeebe:taskDefinition type="refund" /></bpmn:extensionElements></bpmn:serviceTask>
            """);

        Assert.Contains(problems, p => p.ElementId == "x" && p.Message.Contains("Transactions are out of scope", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.ElementId == "comp" && p.Message.Contains("Compensation", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.ElementId == "undo" && p.Message.Contains("Compensation", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_InvalidTimer_IsReported()
    {
        var problems = Validate("""
            <bpmn:intermediateCatchEvent id="x"><bpmn:timerEventDefinition><bpmn:timeDuration>14 days</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
            """);

        Assert.Contains(problems, p => p.ElementId == "x" && p.Message.Contains("ISO 8601 duration", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_MiwgDescriptiveModels_ReportWhatTheEngineCannotRun()
    {
        var parsed = BpmnParser.ParseFile(SharedData.Path("bpmn-miwg/C.1.1.bpmn"));

        var problems = DeploymentValidator.Validate(parsed, new TestExpressionLanguage());

        Assert.NotEmpty(problems);
        Assert.All(problems, p => Assert.False(string.IsNullOrEmpty(p.ElementId)));
    }

    [Fact]
    public async Task Deploy_ChangedModel_MakesNewVersionAndRunningInstancesStay()
    {
        var h = new EngineHarness();
        await h.DeployAsync("UserTask.bpmn");
        var old = await h.StartAsync("userTask", Vars.Of(("clerk", "maria")));
        var changed = EngineHarness.Model("UserTask.bpmn").Replace("Check documents", "Check all documents", StringComparison.Ordinal);

        var again = await h.Engine.Repository.DeployAsync("UserTask.bpmn", EngineHarness.Model("UserTask.bpmn"), cancellationToken: Ct);
        var second = await h.Engine.Repository.DeployAsync("UserTask.bpmn", changed, cancellationToken: Ct);
        var fresh = await h.StartAsync("userTask", Vars.Of(("clerk", "maria")));

        Assert.Equal(1, Assert.Single(again.Processes).Version);
        Assert.Equal(2, Assert.Single(second.Processes).Version);
        Assert.Equal("Check documents", (await h.SingleTaskAsync(old.Id)).Name);
        Assert.Equal("Check all documents", (await h.SingleTaskAsync(fresh.Id)).Name);
        await h.CompleteTaskAsync((await h.SingleTaskAsync(old.Id)).Id);
        Assert.Equal(ProcessInstanceState.Completed, await h.StateAsync(old.Id));
        Assert.Equal([1, 2], (await h.Engine.Repository.ListDefinitionsAsync("userTask", cancellationToken: Ct)).Select(d => d.Version));
    }

    [Fact]
    public async Task Start_GivenVersion_StartsThatVersionNotTheLatest()
    {
        var h = new EngineHarness();
        await h.DeployAsync("UserTask.bpmn");
        var changed = EngineHarness.Model("UserTask.bpmn").Replace("Check documents", "Check all documents", StringComparison.Ordinal);
        await h.Engine.Repository.DeployAsync("UserTask.bpmn", changed, cancellationToken: Ct);

        var first = await h.Engine.Runtime.StartProcessInstanceAsync("userTask", 1, Vars.Of(("clerk", "maria")), cancellationToken: Ct);

        Assert.StartsWith("userTask:1:", first.DefinitionId, StringComparison.Ordinal);
        Assert.Equal("Check documents", (await h.SingleTaskAsync(first.Id)).Name);
        await Assert.ThrowsAsync<NotFoundException>(() => h.Engine.Runtime.StartProcessInstanceAsync("userTask", 3, cancellationToken: Ct));
    }
}
