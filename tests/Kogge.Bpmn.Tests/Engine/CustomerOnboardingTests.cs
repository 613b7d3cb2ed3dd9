using Kogge.Bpmn.Engine;
using Kogge.Bpmn.Expressions;
using Kogge.Bpmn.Storage;
using Kogge.Testing;

namespace Kogge.Bpmn.Tests.Engine;

/// <summary>
/// Runs the MIWG reference model C.9.0 (Camunda 8 dialect) unchanged, with test handlers for its job types,
/// a stand-in for the called process of C.9.1, and a decision double for its business rule task.
/// </summary>
public sealed class CustomerOnboardingTests
{
    private const string ProcessId = "customer_onboarding_en";

    private static readonly string[] JobTypes =
    [
        "calculateScore", "issuePolicy", "rejectPolicy", "io.camunda:sendgrid:1", "reportFraud",
        "cancelApplication", "informCustomerSuccessfulCancelation", "informOperationsSuccessfulCancelation", "timeoutHandled",
    ];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed class Onboarding
    {
        public Onboarding(Func<JobContext, JobOutcome>? scoreHandler = null)
        {
            Harness = new EngineHarness(decisions: new RiskDecision());
            foreach (var type in JobTypes)
            {
                Harness.Handle(type, job =>
                {
                    Calls.Add(job.JobType);
                    return type == "calculateScore" && scoreHandler is not null ? scoreHandler(job) : JobOutcome.Complete();
                });
            }
        }

        public EngineHarness Harness { get; }

        public List<string> Calls { get; } = [];

        public async Task DeployAsync()
        {
            var c9 = await File.ReadAllTextAsync(SharedData.Path("bpmn-miwg/C.9.0.bpmn"), Ct);
            await Harness.Engine.Repository.DeployAsync("onboarding", [new DeploymentResource("C.9.0.bpmn", c9), new DeploymentResource("ManualCheck.bpmn", EngineHarness.Model("ManualCheck.bpmn"))], cancellationToken: Ct);
        }

        public async Task<string> StartAsync(string risk, bool approved = true)
        {
            var instance = await Harness.StartAsync(ProcessId, Vars.Of(("expectedRisk", risk), ("approved", approved), ("applicant", Vars.Of(("name", "Erika Muster"), ("email", "erika@example.org")))));
            await Harness.RunJobsAsync();
            return instance.Id;
        }
    }

    /// <summary>Decision double for <c>risk_check</c>: returns the risk level the test asks for.</summary>
    private sealed class RiskDecision : IDecisionEvaluator
    {
        public object? Evaluate(string decisionId, IVariableScope variables)
        {
            Assert.Equal("risk_check", decisionId);
            variables.TryGetVariable("expectedRisk", out var risk);
            return Vars.Of(("riskLevel", new List<object?> { risk }), ("risk", new List<object?> { $"{risk} risk" }));
        }
    }

    [Fact]
    public async Task C9_GreenRisk_IssuesPolicyAutomatically()
    {
        var o = new Onboarding();
        await o.DeployAsync();

        var id = await o.StartAsync("green");

        Assert.Equal(ProcessInstanceState.Completed, await o.Harness.StateAsync(id));
        Assert.Equal(["calculateScore", "issuePolicy", "io.camunda:sendgrid:1"], o.Calls);
        var variables = await o.Harness.VariablesAsync(id);
        Assert.Equal(new List<object?> { "green" }, variables["riskLevels"]);
        Assert.IsType<string>(variables["documentReferenceId"]);
    }

    [Fact]
    public async Task C9_RedRisk_RejectsApplication()
    {
        var o = new Onboarding();
        await o.DeployAsync();

        var id = await o.StartAsync("red");

        Assert.Equal(ProcessInstanceState.Completed, await o.Harness.StateAsync(id));
        Assert.Equal(["calculateScore", "rejectPolicy", "io.camunda:sendgrid:1"], o.Calls);
    }

    [Fact]
    public async Task C9_YellowRisk_CallsManualCheckThenIssues()
    {
        var o = new Onboarding();
        await o.DeployAsync();
        var id = await o.StartAsync("yellow");
        var childId = Assert.Single(await o.Harness.Engine.Runtime.GetCalledInstancesAsync(id, Ct));
        var check = Assert.Single(await o.Harness.Engine.Tasks.QueryAsync(new TaskQuery { CandidateGroup = "underwriters" }, Ct));

        await o.Harness.CompleteTaskAsync(check.Id, Vars.Of(("fraudSuspected", false)));
        await o.Harness.RunJobsAsync();

        Assert.Equal(childId, check.ProcessInstanceId);
        Assert.Equal(ProcessInstanceState.Completed, await o.Harness.StateAsync(id));
        Assert.Equal(["calculateScore", "issuePolicy", "io.camunda:sendgrid:1"], o.Calls);
    }

    [Fact]
    public async Task C9_FraudInManualCheck_ReportsFraudAndTerminates()
    {
        var o = new Onboarding();
        await o.DeployAsync();
        var id = await o.StartAsync("yellow");
        var check = Assert.Single(await o.Harness.Engine.Tasks.QueryAsync(new TaskQuery { CandidateGroup = "underwriters" }, Ct));

        await o.Harness.CompleteTaskAsync(check.Id, Vars.Of(("fraudSuspected", true)));
        await o.Harness.RunJobsAsync();

        Assert.Equal(ProcessInstanceState.Terminated, await o.Harness.StateAsync(id));
        Assert.Equal(["calculateScore", "reportFraud"], o.Calls);
    }

    [Fact]
    public async Task C9_CancellationMessage_InterruptsAndInformsBothSides()
    {
        var o = new Onboarding();
        await o.DeployAsync();
        var id = await o.StartAsync("yellow");

        var result = await o.Harness.Engine.Runtime.CorrelateMessageAsync("Message_CancellationRequested", "1", cancellationToken: Ct);
        await o.Harness.RunJobsAsync();

        Assert.Equal([id], result.ProcessInstanceIds);
        Assert.Equal(ProcessInstanceState.Completed, await o.Harness.StateAsync(id));
        Assert.Equal(
            ["calculateScore", "cancelApplication", "informCustomerSuccessfulCancelation", "informOperationsSuccessfulCancelation"],
            [o.Calls[0], o.Calls[1], .. o.Calls.Skip(2).Order(StringComparer.Ordinal)]);
        Assert.Empty(await o.Harness.Engine.Tasks.QueryAsync(new TaskQuery { CandidateGroup = "underwriters" }, Ct));
    }

    [Fact]
    public async Task C9_TimeoutErrorFromWorker_IsHandledByEventSubProcess()
    {
        var o = new Onboarding(_ => JobOutcome.Error("00", "score service timed out"));
        await o.DeployAsync();
        var id = await o.StartAsync("green");
        var task = await o.Harness.SingleTaskAsync(id);
        Assert.Equal("UserTask_HandleTimeout", task.ElementId);

        await o.Harness.CompleteTaskAsync(task.Id);
        await o.Harness.RunJobsAsync();

        Assert.Equal(ProcessInstanceState.Completed, await o.Harness.StateAsync(id));
        Assert.Equal(["calculateScore", "timeoutHandled"], o.Calls);
    }
}
