using Kogge.Bpmn.Engine;
using Kogge.Bpmn.Expressions;
using Kogge.Bpmn.Expressions.Feel;
using Kogge.Bpmn.Storage;
using Kogge.Bpmn.Tests.Engine;
using Kogge.Testing;

namespace Kogge.Bpmn.Tests.Expressions;

/// <summary>
/// The MIWG reference model C.9.0 (Camunda 8 dialect) run unchanged with the real FEEL adapter:
/// its gateway conditions, io mappings, result expression and correlation keys are evaluated by Kogge.Feel.
/// Job handlers, the called process and the decision are stand-ins, as in <see cref="CustomerOnboardingTests"/>.
/// </summary>
public sealed class FeelCustomerOnboardingTests
{
    private const string ProcessId = "customer_onboarding_en";

    private static readonly string[] JobTypes =
    [
        "calculateScore", "issuePolicy", "rejectPolicy", "io.camunda:sendgrid:1", "reportFraud",
        "cancelApplication", "informCustomerSuccessfulCancelation", "informOperationsSuccessfulCancelation", "timeoutHandled",
    ];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed class RiskDecision : IDecisionEvaluator
    {
        public object? Evaluate(string decisionId, IVariableScope variables)
        {
            variables.TryGetVariable("expectedRisk", out var risk);
            return Vars.Of(("riskLevel", new List<object?> { risk }), ("risk", new List<object?> { $"{risk} risk" }));
        }
    }

    /// <summary>A DMN stand-in for <c>risk_check</c>, as the Camunda Modeler saves it: a COLLECT table echoing the expected risk.</summary>
    private const string RiskDmn = """
        <definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="risk" name="Risk" namespace="urn:kogge:test:risk">
          <inputData id="in_expectedRisk" name="expectedRisk" />
          <decision id="risk_check" name="Risk check">
            <informationRequirement id="req1"><requiredInput href="#in_expectedRisk" /></informationRequirement>
            <decisionTable id="t" hitPolicy="COLLECT">
              <input id="i1" label="Expected risk"><inputExpression id="e1" typeRef="string"><text>expectedRisk</text></inputExpression></input>
              <output id="o1" name="riskLevel" typeRef="string" />
              <output id="o2" name="risk" typeRef="string" />
              <rule id="r1">
                <inputEntry id="r1i"><text>"green", "yellow", "red"</text></inputEntry>
                <outputEntry id="r1o1"><text>expectedRisk</text></outputEntry>
                <outputEntry id="r1o2"><text>expectedRisk + " risk"</text></outputEntry>
              </rule>
            </decisionTable>
          </decision>
        </definitions>
        """;

    private static async Task<(EngineHarness Harness, List<JobContext> Jobs)> DeployAsync(bool realDmn = false)
    {
        var h = new EngineHarness(
            decisions: realDmn ? new FeelDecisionEvaluator([RiskDmn], EngineHarness.Clock) : new RiskDecision(),
            expressions: time => new FeelExpressionLanguage(time));

        var jobs = new List<JobContext>();
        foreach (var type in JobTypes)
        {
            h.Handle(type, job =>
            {
                jobs.Add(job);
                return JobOutcome.Complete();
            });
        }

        var c9 = await File.ReadAllTextAsync(SharedData.Path("bpmn-miwg/C.9.0.bpmn"), Ct);
        await h.Engine.Repository.DeployAsync("onboarding", [new DeploymentResource("C.9.0.bpmn", c9), new DeploymentResource("ManualCheck.bpmn", EngineHarness.Model("ManualCheck.bpmn"))], cancellationToken: Ct);
        return (h, jobs);
    }

    private static async Task<string> StartAsync(EngineHarness h, string risk)
    {
        var instance = await h.StartAsync(ProcessId, Vars.Of(("expectedRisk", risk), ("approved", true), ("applicant", Vars.Of(("name", "Erika Muster"), ("email", "erika@example.org")))));
        await h.RunJobsAsync();
        return instance.Id;
    }

    [Fact]
    public async Task C9Feel_GreenRisk_IssuesPolicyAutomatically()
    {
        var (h, jobs) = await DeployAsync();

        var id = await StartAsync(h, "green");

        Assert.Equal(string.Empty, string.Join(" | ", (await h.Engine.Jobs.ListIncidentsAsync(id, Ct)).Select(i => i.ElementId + ": " + i.Message)));
        Assert.Equal(ProcessInstanceState.Completed, await h.StateAsync(id));
        Assert.Equal(["calculateScore", "issuePolicy", "io.camunda:sendgrid:1"], jobs.Select(j => j.JobType));
        var variables = await h.VariablesAsync(id);
        Assert.Equal(new List<object?> { "green" }, variables["riskLevels"]);
        Assert.IsType<string>(variables["documentReferenceId"]);
        Assert.Empty(await h.Engine.Jobs.ListIncidentsAsync(id, Ct));
    }

    [Fact]
    public async Task C9Feel_RedRisk_RejectsApplication()
    {
        var (h, jobs) = await DeployAsync();

        var id = await StartAsync(h, "red");

        Assert.Equal(ProcessInstanceState.Completed, await h.StateAsync(id));
        Assert.Equal(["calculateScore", "rejectPolicy", "io.camunda:sendgrid:1"], jobs.Select(j => j.JobType));
    }

    [Fact]
    public async Task C9Feel_YellowRisk_CallsManualCheckThenIssues()
    {
        var (h, jobs) = await DeployAsync();
        var id = await StartAsync(h, "yellow");
        var check = Assert.Single(await h.Engine.Tasks.QueryAsync(new TaskQuery { CandidateGroup = "underwriters" }, Ct));

        await h.CompleteTaskAsync(check.Id, Vars.Of(("fraudSuspected", false)));
        await h.RunJobsAsync();

        Assert.Equal(ProcessInstanceState.Completed, await h.StateAsync(id));
        Assert.Equal(["calculateScore", "issuePolicy", "io.camunda:sendgrid:1"], jobs.Select(j => j.JobType));
    }

    [Fact]
    public async Task C9Feel_CancellationMessage_InterruptsAndInformsBothSides()
    {
        var (h, jobs) = await DeployAsync();
        var id = await StartAsync(h, "yellow");

        var result = await h.Engine.Runtime.CorrelateMessageAsync("Message_CancellationRequested", "1", cancellationToken: Ct);
        await h.RunJobsAsync();

        Assert.Equal([id], result.ProcessInstanceIds);
        Assert.Equal(ProcessInstanceState.Completed, await h.StateAsync(id));
        Assert.Contains("cancelApplication", jobs.Select(j => j.JobType));
    }

    [Fact]
    public async Task C9FeelDmn_RedRiskFromDecisionTable_RejectsApplication()
    {
        var (h, jobs) = await DeployAsync(realDmn: true);

        var id = await StartAsync(h, "red");

        Assert.Equal(string.Empty, string.Join(" | ", (await h.Engine.Jobs.ListIncidentsAsync(id, Ct)).Select(i => i.ElementId + ": " + i.Message)));
        Assert.Equal(ProcessInstanceState.Completed, await h.StateAsync(id));
        Assert.Equal(["calculateScore", "rejectPolicy", "io.camunda:sendgrid:1"], jobs.Select(j => j.JobType));
        var variables = await h.VariablesAsync(id);
        Assert.Equal(new List<object?> { "red" }, variables["riskLevels"]);
    }

    [Fact]
    public async Task C9FeelDmn_NoRuleMatches_EmptyRiskLevelsGoToManualCheck()
    {
        var (h, jobs) = await DeployAsync(realDmn: true);

        // COLLECT without a match gives [], not null, so the model's ["green"] fallback does not apply;
        // "every risk in [] satisfies ..." is true in FEEL, so the application goes to the manual check.
        var id = await StartAsync(h, "purple");

        Assert.Equal(new List<object?>(), (await h.VariablesAsync(id))["riskLevels"]);
        Assert.Equal(["Activity_ManualCheck"], await h.ActiveAsync(id));
        Assert.Equal(["calculateScore"], jobs.Select(j => j.JobType));
    }
}
