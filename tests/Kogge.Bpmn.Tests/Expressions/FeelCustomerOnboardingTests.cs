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

    private static async Task<(EngineHarness Harness, List<JobContext> Jobs)> DeployAsync()
    {
        var h = new EngineHarness(decisions: new RiskDecision(), expressions: time => new FeelExpressionLanguage(time));
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
}
