using Kogge.Bpmn.Engine;
using Kogge.Bpmn.Engine.History;
using Kogge.Bpmn.Storage;

namespace Kogge.Bpmn.Tests.Engine;

public sealed class ScopeBehaviorTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SubProcess_Completed_ContinuesAfterIt()
    {
        var h = new EngineHarness();
        h.Handle("register-lookup", _ => JobOutcome.Complete(Vars.Of(("registered", true))));
        await h.DeployAsync("SubProcessAndErrors.bpmn");
        var instance = await h.StartAsync("subProcess", Vars.Of(("missing", 0)));

        await h.RunJobsAsync();

        Assert.Equal("decide", (await h.SingleTaskAsync(instance.Id)).ElementId);
        Assert.Equal(true, (await h.VariablesAsync(instance.Id))["registered"]);
    }

    [Fact]
    public async Task ErrorEndEvent_InSubProcess_IsCaughtByBoundaryOfTheSubProcess()
    {
        var h = new EngineHarness();
        await h.DeployAsync("SubProcessAndErrors.bpmn");

        var instance = await h.StartAsync("subProcess", Vars.Of(("missing", 2)));

        Assert.Equal("request", (await h.SingleTaskAsync(instance.Id)).ElementId);
        Assert.Equal(["request"], await h.ActiveAsync(instance.Id));
    }

    [Fact]
    public async Task JobError_FromHandler_IsCaughtByBoundaryOfTheTask()
    {
        var h = new EngineHarness();
        h.Handle("register-lookup", _ => JobOutcome.Error("REGISTER_DOWN", "maintenance"));
        await h.DeployAsync("SubProcessAndErrors.bpmn");
        var instance = await h.StartAsync("subProcess", Vars.Of(("missing", 0)));

        await h.RunJobsAsync();

        Assert.Equal("manualLookup", (await h.SingleTaskAsync(instance.Id)).ElementId);
        Assert.Empty(await h.Engine.Jobs.ListIncidentsAsync(instance.Id, Ct));
    }

    [Fact]
    public async Task ErrorEndEvent_Uncaught_RaisesIncident()
    {
        var h = new EngineHarness();
        await h.DeployAsync("SubProcessAndErrors.bpmn");

        var instance = await h.StartAsync("uncaughtError");

        var incident = Assert.Single(await h.Engine.Jobs.ListIncidentsAsync(instance.Id, Ct));
        Assert.Equal("UnhandledError", incident.Type);
        Assert.Equal("uEnd", incident.ElementId);
    }

    [Fact]
    public async Task TerminateEndEvent_Reached_EndsTheInstanceAndRemovesOpenTasks()
    {
        var h = new EngineHarness();
        await h.DeployAsync("SubProcessAndErrors.bpmn");
        var instance = await h.StartAsync("terminate");

        await h.CompleteTaskAsync((await h.SingleTaskAsync(instance.Id, "check")).Id);

        Assert.Equal(ProcessInstanceState.Terminated, await h.StateAsync(instance.Id));
        Assert.Empty(await h.TasksAsync(instance.Id));
        Assert.Contains(await h.Engine.History.ListEventsAsync(instance.Id, Ct), e => e.Kind == HistoryEventKinds.ElementTerminated && e.ElementId == "longTask");
    }

    [Fact]
    public async Task CallActivity_ChildCompletes_MapsVariablesBackAndContinues()
    {
        var h = new EngineHarness();
        await h.DeployAsync("CallActivity.bpmn");
        var parent = await h.StartAsync("caller", Vars.Of(("applicant", "Erika"), ("secret", "x")));
        var childId = Assert.Single(await h.Engine.Runtime.GetCalledInstancesAsync(parent.Id, Ct));
        var childVariables = await h.VariablesAsync(childId);
        Assert.Equal("Erika", childVariables["person"]);
        Assert.False(childVariables.ContainsKey("secret"));

        await h.CompleteTaskAsync((await h.SingleTaskAsync(childId)).Id, Vars.Of(("verified", true)));

        Assert.Equal(ProcessInstanceState.Completed, await h.StateAsync(childId));
        Assert.Equal(ProcessInstanceState.Completed, await h.StateAsync(parent.Id));
        var variables = await h.VariablesAsync(parent.Id);
        Assert.Equal(true, variables["identityVerified"]);
        Assert.False(variables.ContainsKey("verified"));
    }

    [Fact]
    public async Task CallActivity_ChildThrowsError_IsCaughtByBoundaryInCaller()
    {
        var h = new EngineHarness();
        await h.DeployAsync("CallActivity.bpmn");
        var parent = await h.StartAsync("caller", Vars.Of(("applicant", "Erika")));
        var childId = Assert.Single(await h.Engine.Runtime.GetCalledInstancesAsync(parent.Id, Ct));

        await h.CompleteTaskAsync((await h.SingleTaskAsync(childId)).Id, Vars.Of(("verified", false)));

        Assert.Equal(ProcessInstanceState.Completed, await h.StateAsync(parent.Id));
        Assert.Equal(ProcessInstanceState.Terminated, await h.StateAsync(childId));
        Assert.Contains(await h.Engine.History.ListEventsAsync(parent.Id, Ct), e => e.ElementId == "rejectedEnd");
    }

    [Fact]
    public async Task CallActivity_CallerCancelled_CancelsTheChild()
    {
        var h = new EngineHarness();
        await h.DeployAsync("CallActivity.bpmn");
        var parent = await h.StartAsync("caller", Vars.Of(("applicant", "Erika")));
        var childId = Assert.Single(await h.Engine.Runtime.GetCalledInstancesAsync(parent.Id, Ct));

        await h.Engine.Runtime.CancelProcessInstanceAsync(parent.Id, "operator", Ct);

        Assert.Equal(ProcessInstanceState.Terminated, await h.StateAsync(childId));
        Assert.Empty(await h.TasksAsync(childId));
    }

    [Fact]
    public async Task MultiInstanceParallel_OneTaskPerReviewer_CollectsVotesUntilQuorum()
    {
        var h = new EngineHarness();
        await h.DeployAsync("MultiInstance.bpmn");
        var instance = await h.StartAsync("parallelReview", Vars.Of(("reviewers", new[] { "anna", "ben", "cem" }), ("quorum", 2)));
        var tasks = await h.TasksAsync(instance.Id);
        Assert.Equal(["anna", "ben", "cem"], tasks.Select(t => t.Assignee).Order(StringComparer.Ordinal));

        await h.CompleteTaskAsync(tasks.Single(t => t.Assignee == "ben").Id, Vars.Of(("vote", "yes")), "ben");
        Assert.Equal(2, (await h.TasksAsync(instance.Id)).Count);
        await h.CompleteTaskAsync(tasks.Single(t => t.Assignee == "anna").Id, Vars.Of(("vote", "no")), "anna");

        Assert.Equal(ProcessInstanceState.Completed, await h.StateAsync(instance.Id));
        Assert.Empty(await h.TasksAsync(instance.Id));
        var votes = Assert.IsType<List<object?>>((await h.VariablesAsync(instance.Id))["votes"]);
        Assert.Equal(["no", "yes", null], votes);
    }

    [Fact]
    public async Task MultiInstanceSequential_RunsOneAfterAnotherInOrder()
    {
        var order = new List<string>();
        var h = new EngineHarness();
        h.Handle("signoff", job =>
        {
            var office = (string)job.Variables["office"]!;
            order.Add(office);
            return JobOutcome.Complete(Vars.Of(("stamp", office.ToUpperInvariant())));
        });
        await h.DeployAsync("MultiInstance.bpmn");
        var instance = await h.StartAsync("sequentialSignoff", Vars.Of(("offices", new[] { "building", "fire", "finance" })));
        Assert.Single(await h.Engine.Jobs.ListJobsAsync(instance.Id, Ct));

        await h.RunJobsAsync();

        Assert.Equal(["building", "fire", "finance"], order);
        Assert.Equal(ProcessInstanceState.Completed, await h.StateAsync(instance.Id));
        Assert.Equal(["BUILDING", "FIRE", "FINANCE"], Assert.IsType<List<object?>>((await h.VariablesAsync(instance.Id))["stamps"]));
    }

    [Fact]
    public async Task MultiInstance_EmptyCollection_CompletesAtOnce()
    {
        var h = new EngineHarness();
        await h.DeployAsync("MultiInstance.bpmn");

        var instance = await h.StartAsync("parallelReview", Vars.Of(("reviewers", Array.Empty<string>()), ("quorum", 1)));

        Assert.Equal(ProcessInstanceState.Completed, instance.State);
    }
}
