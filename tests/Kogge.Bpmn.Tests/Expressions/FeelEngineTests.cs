using Kogge.Bpmn.Engine;
using Kogge.Bpmn.Expressions.Feel;
using Kogge.Bpmn.Tests.Engine;
using Kogge.Bpmn.Validation;

namespace Kogge.Bpmn.Tests.Expressions;

/// <summary>The engine running its expressions with the real FEEL adapter instead of the test double.</summary>
public sealed class FeelEngineTests
{
    private const string Model = """
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="d" targetNamespace="urn:kogge:test">
          <bpmn:process id="fee" isExecutable="true">
            <bpmn:startEvent id="start" />
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="assess" />
            <bpmn:userTask id="assess" name="Assess">
              <bpmn:extensionElements>
                <zeebe:ioMapping>
                  <zeebe:output source="={name: applicant.name, fee: amount * 0.1, lines: for i in 1..2 return i * 10}" target="summary" />
                </zeebe:ioMapping>
              </bpmn:extensionElements>
            </bpmn:userTask>
            <bpmn:sequenceFlow id="f2" sourceRef="assess" targetRef="gw" />
            <bpmn:exclusiveGateway id="gw" default="low" />
            <bpmn:sequenceFlow id="high" sourceRef="gw" targetRef="wait">
              <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">= summary.fee &gt; 50 and applicant.name != null</bpmn:conditionExpression>
            </bpmn:sequenceFlow>
            <bpmn:sequenceFlow id="low" sourceRef="gw" targetRef="book" />
            <bpmn:intermediateCatchEvent id="wait" name="Objection period">
              <bpmn:timerEventDefinition><bpmn:timeDuration>= duration("P" + string(objectionDays) + "D")</bpmn:timeDuration></bpmn:timerEventDefinition>
            </bpmn:intermediateCatchEvent>
            <bpmn:sequenceFlow id="f3" sourceRef="wait" targetRef="review" />
            <bpmn:userTask id="review" name="Review" />
            <bpmn:userTask id="book" name="Book" />
            <bpmn:sequenceFlow id="f4" sourceRef="review" targetRef="end" />
            <bpmn:sequenceFlow id="f5" sourceRef="book" targetRef="end" />
            <bpmn:endEvent id="end" />
          </bpmn:process>
        </bpmn:definitions>
        """;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<EngineHarness> DeployAsync(string xml = Model)
    {
        var h = new EngineHarness(expressions: time => new FeelExpressionLanguage(time));
        await h.Engine.Repository.DeployAsync("fee.bpmn", xml, cancellationToken: Ct);
        return h;
    }

    private static Dictionary<string, object?> Start(object? amount) =>
        Vars.Of(("amount", amount), ("objectionDays", 3), ("applicant", Vars.Of(("name", "Erika Muster"))));

    [Fact]
    public async Task IoMapping_ContextExpression_StoresMap()
    {
        var h = await DeployAsync();
        var instance = await h.StartAsync("fee", Start(200m));

        await h.CompleteTaskAsync((await h.SingleTaskAsync(instance.Id)).Id);

        var summary = Assert.IsType<Dictionary<string, object?>>((await h.VariablesAsync(instance.Id))["summary"]);
        Assert.Equal("Erika Muster", summary["name"]);
        Assert.Equal(20m, summary["fee"]);
        Assert.Equal(new List<object?> { 10m, 20m }, summary["lines"]);
    }

    [Fact]
    public async Task GatewayCondition_FeeBelowLimit_TakesDefaultFlow()
    {
        var h = await DeployAsync();
        var instance = await h.StartAsync("fee", Start(200m));

        await h.CompleteTaskAsync((await h.SingleTaskAsync(instance.Id)).Id);

        Assert.Equal(["book"], await h.ActiveAsync(instance.Id));
    }

    [Fact]
    public async Task GatewayConditionAndTimer_FeeAboveLimit_WaitsFeelDurationThenReviews()
    {
        var h = await DeployAsync();
        var instance = await h.StartAsync("fee", Start(900m));

        await h.CompleteTaskAsync((await h.SingleTaskAsync(instance.Id)).Id);
        Assert.Equal(["wait"], await h.ActiveAsync(instance.Id));
        await h.AdvanceAsync(TimeSpan.FromDays(2));
        Assert.Equal(["wait"], await h.ActiveAsync(instance.Id));
        await h.AdvanceAsync(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));

        Assert.Equal(["review"], await h.ActiveAsync(instance.Id));
    }

    [Fact]
    public async Task GatewayCondition_NullResult_RaisesIncident()
    {
        var h = await DeployAsync();
        var instance = await h.StartAsync("fee", Start("nine hundred"));

        await h.CompleteTaskAsync((await h.SingleTaskAsync(instance.Id)).Id);

        var incident = Assert.Single(await h.Engine.Jobs.ListIncidentsAsync(instance.Id, Ct));
        Assert.Equal("ExpressionFailed", incident.Type);
        Assert.Contains("null", incident.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deploy_FeelSyntaxError_IsRefusedNamingElementId()
    {
        var h = new EngineHarness(expressions: time => new FeelExpressionLanguage(time));
        var xml = Model.Replace("= summary.fee &gt; 50 and", "= summary.fee &gt; and", StringComparison.Ordinal);

        var error = await Assert.ThrowsAsync<DeploymentValidationException>(() => h.Engine.Repository.DeployAsync("fee.bpmn", xml, cancellationToken: Ct));

        var problem = Assert.Single(error.Problems);
        Assert.Equal("high", problem.ElementId);
        Assert.Contains("line 1", problem.Message, StringComparison.Ordinal);
    }
}
