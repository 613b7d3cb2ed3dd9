using Kogge.Bpmn.Engine;
using Kogge.Bpmn.Engine.History;
using Kogge.Bpmn.Storage;

namespace Kogge.Bpmn.Tests.Engine;

public sealed class BasicBehaviorTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task NoneStartEnd_Started_CompletesAndWritesHistory()
    {
        var h = new EngineHarness();
        await h.DeployAsync("NoneStartEnd.bpmn");

        var instance = await h.StartAsync("noneStartEnd");

        Assert.Equal(ProcessInstanceState.Completed, instance.State);
        var history = await h.Engine.History.ListEventsAsync(instance.Id, Ct);
        var steps = history.Where(e => e.Kind is HistoryEventKinds.ElementActivated or HistoryEventKinds.ElementCompleted).Select(e => $"{e.Kind}:{e.ElementId}");
        Assert.Equal(
            ["ElementActivated:start", "ElementCompleted:start", "ElementActivated:register", "ElementCompleted:register", "ElementActivated:end", "ElementCompleted:end"],
            steps);
        Assert.Equal(HistoryEventKinds.ProcessInstanceCompleted, history[^1].Kind);
        Assert.All(history, e => Assert.Equal(h.Time.GetUtcNow(), e.Timestamp));
    }

    [Fact]
    public async Task UserTask_Started_CreatesWorkItemWithAssignmentFormAndDates()
    {
        var h = new EngineHarness();
        await h.DeployAsync("UserTask.bpmn");

        var instance = await h.StartAsync("userTask", Vars.Of(("clerk", "maria"), ("followUp", "2026-03-04T09:00:00Z")));

        var task = await h.SingleTaskAsync(instance.Id);
        Assert.Equal("Check documents", task.Name);
        Assert.Equal("maria", task.Assignee);
        Assert.Equal(["registry", "permits"], task.CandidateGroups);
        Assert.Equal(["anna", "ben"], task.CandidateUsers);
        Assert.Equal("forms:check", task.FormKey);
        Assert.Equal(h.Time.GetUtcNow().AddDays(3), task.DueDate);
        Assert.Equal(new DateTimeOffset(2026, 3, 4, 9, 0, 0, TimeSpan.Zero), task.FollowUpDate);
    }

    [Fact]
    public async Task UserTask_Completed_MapsOutputAndEndsInstance()
    {
        var h = new EngineHarness();
        await h.DeployAsync("UserTask.bpmn");
        var instance = await h.StartAsync("userTask", Vars.Of(("clerk", "maria")));
        var task = await h.SingleTaskAsync(instance.Id);

        await h.CompleteTaskAsync(task.Id, Vars.Of(("approved", true)), "maria");

        Assert.Equal(ProcessInstanceState.Completed, await h.StateAsync(instance.Id));
        var variables = await h.VariablesAsync(instance.Id);
        Assert.Equal(true, variables["decision"]);
        Assert.False(variables.ContainsKey("approved"));
        var history = await h.Engine.History.ListEventsAsync(instance.Id, Ct);
        Assert.Contains(history, e => e.Kind == HistoryEventKinds.TaskCompleted && e.Actor == "maria" && e.ElementId == "check");
    }

    [Fact]
    public async Task UserTask_CandidateQuery_FindsOnlyUnassignedTasksOfTheGroup()
    {
        var h = new EngineHarness();
        await h.DeployAsync("UserTask.bpmn");
        var open = await h.StartAsync("userTask", Vars.Of(("clerk", null)));
        await h.StartAsync("userTask", Vars.Of(("clerk", "maria")));

        var inbox = await h.Engine.Tasks.QueryAsync(new TaskQuery { CandidateGroup = "permits" }, Ct);

        Assert.Equal(open.Id, Assert.Single(inbox).ProcessInstanceId);
    }

    [Fact]
    public async Task UserTask_ClaimedByOther_RefusesSecondClaimAndForeignCompletion()
    {
        var h = new EngineHarness();
        await h.DeployAsync("UserTask.bpmn");
        var instance = await h.StartAsync("userTask", Vars.Of(("clerk", null)));
        var task = await h.SingleTaskAsync(instance.Id);

        await h.Engine.Tasks.ClaimAsync(task.Id, "anna", Ct);

        await Assert.ThrowsAsync<TaskAlreadyClaimedException>(() => h.Engine.Tasks.ClaimAsync(task.Id, "ben", Ct));
        await Assert.ThrowsAsync<TaskAlreadyClaimedException>(() => h.CompleteTaskAsync(task.Id, null, "ben"));
        Assert.Equal("anna", (await h.SingleTaskAsync(instance.Id)).Assignee);
    }

    [Fact]
    public async Task UserTask_Reassign_OnlyTheHolderHandsItOnOrBack()
    {
        var h = new EngineHarness();
        await h.DeployAsync("UserTask.bpmn");
        var instance = await h.StartAsync("userTask", Vars.Of(("clerk", null)));
        var task = await h.SingleTaskAsync(instance.Id);
        await h.Engine.Tasks.ClaimAsync(task.Id, "anna", Ct);

        await Assert.ThrowsAsync<TaskAlreadyClaimedException>(() => h.Engine.Tasks.ReassignAsync(task.Id, "ben", "carla", Ct));
        await h.Engine.Tasks.ReassignAsync(task.Id, "anna", "ben", Ct);
        Assert.Equal("ben", (await h.SingleTaskAsync(instance.Id)).Assignee);
        await Assert.ThrowsAsync<TaskAlreadyClaimedException>(() => h.Engine.Tasks.ReassignAsync(task.Id, "anna", null, Ct));
        await h.Engine.Tasks.ReassignAsync(task.Id, "ben", null, Ct);

        Assert.Null((await h.SingleTaskAsync(instance.Id)).Assignee);
    }

    [Fact]
    public async Task UserTask_TwoClerksCompleteAtOnce_OneSucceedsOneConflicts()
    {
        var h = new EngineHarness();
        await h.DeployAsync("UserTask.bpmn");
        var instance = await h.StartAsync("userTask", Vars.Of(("clerk", null)));
        var task = await h.SingleTaskAsync(instance.Id);
        using var start = new Barrier(2);

        var attempts = await Task.WhenAll(Enumerable.Range(0, 2).Select(i => Task.Run(async () =>
        {
            start.SignalAndWait(Ct);
            try
            {
                await h.CompleteTaskAsync(task.Id, Vars.Of(("approved", i == 0)));
                return "ok";
            }
            catch (Exception e) when (e is ConcurrencyConflictException or NotFoundException)
            {
                return "conflict";
            }
        })));

        Assert.Equal(["conflict", "ok"], attempts.Order(StringComparer.Ordinal));
        Assert.Equal(ProcessInstanceState.Completed, await h.StateAsync(instance.Id));
        var history = await h.Engine.History.ListEventsAsync(instance.Id, Ct);
        Assert.Single(history, e => e.Kind == HistoryEventKinds.TaskCompleted);
    }

    [Fact]
    public async Task ServiceTask_HandlerCompletes_GetsMappedInputsHeadersAndIdempotencyKey()
    {
        JobContext? seen = null;
        var h = new EngineHarness();
        h.Handle("send-notice", job =>
        {
            seen = job;
            return JobOutcome.Complete(Vars.Of(("receipt", "R-17")));
        });
        await h.DeployAsync("ServiceTask.bpmn");
        var instance = await h.StartAsync("serviceTask", Vars.Of(("applicant", Vars.Of(("name", "Erika Muster")))));
        var jobId = Assert.Single(await h.Engine.Jobs.ListJobsAsync(instance.Id, Ct)).Id;

        await h.RunJobsAsync();

        Assert.NotNull(seen);
        Assert.Equal(jobId, seen.JobId);
        Assert.Equal("Erika Muster", seen.Variables["recipient"]);
        Assert.Equal("letter", seen.Variables["channel"]);
        Assert.Equal("notice-v1", seen.Headers["template"]);
        Assert.Equal(ProcessInstanceState.Completed, await h.StateAsync(instance.Id));
        Assert.Equal("R-17", (await h.VariablesAsync(instance.Id))["noticeReceipt"]);
    }

    [Fact]
    public async Task ServiceTask_HandlerKeepsFailing_RetriesWithBackoffThenRaisesIncident()
    {
        var calls = 0;
        var h = new EngineHarness();
        h.Handle("send-notice", _ =>
        {
            calls++;
            throw new InvalidOperationException("mail server down");
        });
        await h.DeployAsync("ServiceTask.bpmn");
        var instance = await h.StartAsync("serviceTask", Vars.Of(("applicant", Vars.Of(("name", "A")))));

        await h.RunJobsAsync();
        Assert.Equal(1, calls);
        var job = Assert.Single(await h.Engine.Jobs.ListJobsAsync(instance.Id, Ct));
        Assert.Equal(1, job.Retries);
        Assert.Equal(h.Time.GetUtcNow().AddSeconds(30), job.DueDate);
        Assert.Empty(await h.Engine.Jobs.ListIncidentsAsync(instance.Id, Ct));

        await h.AdvanceAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(2, calls);
        var incident = Assert.Single(await h.Engine.Jobs.ListIncidentsAsync(instance.Id, Ct));
        Assert.Equal("JobNoRetries", incident.Type);
        Assert.Equal("send", incident.ElementId);
        Assert.Contains("mail server down", incident.Message, StringComparison.Ordinal);
        await h.AdvanceAsync(TimeSpan.FromHours(1));
        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task ServiceTask_RetryCycleConfigured_UsesItsCountAndInterval()
    {
        var calls = 0;
        var h = new EngineHarness();
        var options = new ProcessEngineOptions { Store = h.Store, Expressions = h.Options.Expressions, Time = h.Time, JobRetryCycle = "R4/PT5M" };
        options.JobHandlers["send-notice"] = new FailingHandler(() => calls++);
        var engine = new ProcessEngine(options);
        await engine.Repository.DeployAsync("ServiceTask.bpmn", EngineHarness.Model("ServiceTask.bpmn").Replace(" retries=\"2\"", string.Empty, StringComparison.Ordinal), cancellationToken: Ct);
        var instance = await engine.Runtime.StartProcessInstanceAsync("serviceTask", Vars.Of(("applicant", Vars.Of(("name", "A")))), cancellationToken: Ct);

        for (var i = 0; i < 5; i++)
        {
            await engine.Jobs.RunDueJobsAsync(Ct);
            h.Time.Advance(TimeSpan.FromMinutes(5));
        }

        Assert.Equal(4, calls);
        Assert.Single(await engine.Jobs.ListIncidentsAsync(instance.Id, Ct));
    }

    private sealed class FailingHandler(Action onCall) : IJobHandler
    {
        public Task<JobOutcome> HandleAsync(JobContext job, CancellationToken cancellationToken)
        {
            onCall();
            return Task.FromResult(JobOutcome.Fail("down"));
        }
    }

    [Fact]
    public async Task ServiceTask_IncidentResolved_RunsAgainAndCompletes()
    {
        var fail = true;
        var h = new EngineHarness();
        h.Handle("send-notice", _ => fail ? JobOutcome.Fail("down", TimeSpan.Zero) : JobOutcome.Complete());
        await h.DeployAsync("ServiceTask.bpmn");
        var instance = await h.StartAsync("serviceTask", Vars.Of(("applicant", Vars.Of(("name", "A")))));
        await h.RunJobsAsync();
        var incident = Assert.Single(await h.Engine.Jobs.ListIncidentsAsync(instance.Id, Ct));

        fail = false;
        await h.Engine.Jobs.ResolveIncidentAsync(incident.Id, retries: 1, userId: "operator", cancellationToken: Ct);
        await h.RunJobsAsync();

        Assert.Equal(ProcessInstanceState.Completed, await h.StateAsync(instance.Id));
        Assert.Empty(await h.Engine.Jobs.ListIncidentsAsync(instance.Id, Ct));
    }

    [Fact]
    public async Task ServiceTask_ExternalWorker_ActivatesLockedJobAndCompletesIt()
    {
        var h = new EngineHarness();
        await h.DeployAsync("ServiceTask.bpmn");
        var instance = await h.StartAsync("serviceTask", Vars.Of(("applicant", Vars.Of(("name", "A")))));

        var jobs = await h.Engine.Jobs.ActivateJobsAsync("send-notice", "worker-7", 10, TimeSpan.FromMinutes(1), Ct);
        var again = await h.Engine.Jobs.ActivateJobsAsync("send-notice", "worker-8", 10, TimeSpan.FromMinutes(1), Ct);

        var job = Assert.Single(jobs);
        Assert.Empty(again);
        Assert.Equal("worker-7", Assert.Single(await h.Engine.Jobs.ListJobsAsync(instance.Id, Ct)).LockOwner);
        await h.Engine.Jobs.CompleteAsync(job.JobId, Vars.Of(("receipt", "X")), "worker-7", Ct);
        Assert.Equal(ProcessInstanceState.Completed, await h.StateAsync(instance.Id));
    }

    [Fact]
    public async Task ServiceTask_LockExpired_AnotherWorkerTakesTheJobOver()
    {
        var h = new EngineHarness();
        await h.DeployAsync("ServiceTask.bpmn");
        await h.StartAsync("serviceTask", Vars.Of(("applicant", Vars.Of(("name", "A")))));
        await h.Engine.Jobs.ActivateJobsAsync("send-notice", "crashed-worker", 10, TimeSpan.FromMinutes(1), Ct);

        h.Time.Advance(TimeSpan.FromMinutes(2));
        var taken = await h.Engine.Jobs.ActivateJobsAsync("send-notice", "worker-2", 10, TimeSpan.FromMinutes(1), Ct);

        Assert.Single(taken);
    }

    [Theory]
    [InlineData(5000, "review")]
    [InlineData(20, "book")]
    public async Task ExclusiveGateway_ConditionOrDefault_TakesExactlyOnePath(int amount, string expectedTask)
    {
        var h = new EngineHarness();
        await h.DeployAsync("ExclusiveGateway.bpmn");

        var instance = await h.StartAsync("exclusiveGateway", Vars.Of(("amount", amount)));

        Assert.Equal(expectedTask, (await h.SingleTaskAsync(instance.Id)).ElementId);
    }

    [Fact]
    public async Task ExclusiveGateway_ConditionCannotBeEvaluated_RaisesIncidentAtGateway()
    {
        var h = new EngineHarness();
        await h.DeployAsync("ExclusiveGateway.bpmn");

        var instance = await h.StartAsync("exclusiveGateway", Vars.Of(("amount", "not a number")));

        Assert.Equal(["fee"], await h.ActiveAsync(instance.Id));
        Assert.Empty(await h.TasksAsync(instance.Id));

        var incident = Assert.Single(await h.Engine.Jobs.ListIncidentsAsync(instance.Id, Ct));
        Assert.Equal("fee", incident.ElementId);
        Assert.Equal("ExpressionFailed", incident.Type);

        await h.Engine.Runtime.SetVariablesAsync(instance.Id, Vars.Of(("amount", 2000)), cancellationToken: Ct);
        await h.Engine.Jobs.ResolveIncidentAsync(incident.Id, cancellationToken: Ct);

        Assert.Equal("review", (await h.SingleTaskAsync(instance.Id)).ElementId);
        Assert.Empty(await h.Engine.Jobs.ListIncidentsAsync(instance.Id, Ct));
    }

    [Fact]
    public async Task ParallelGateway_BothBranchesDone_JoinsOnceAndContinues()
    {
        var h = new EngineHarness();
        await h.DeployAsync("ParallelGateway.bpmn");
        var instance = await h.StartAsync("parallelGateway");
        var tasks = await h.TasksAsync(instance.Id);
        Assert.Equal(["building", "environment"], tasks.Select(t => t.ElementId).Order(StringComparer.Ordinal));

        await h.CompleteTaskAsync(tasks.Single(t => t.ElementId == "building").Id);
        Assert.Equal(["environment", "join"], await h.ActiveAsync(instance.Id));
        await h.CompleteTaskAsync(tasks.Single(t => t.ElementId == "environment").Id);

        Assert.Equal("notice", (await h.SingleTaskAsync(instance.Id)).ElementId);
        var history = await h.Engine.History.ListEventsAsync(instance.Id, Ct);
        Assert.Single(history, e => e.Kind == HistoryEventKinds.ElementActivated && e.ElementId == "join");
    }
}
