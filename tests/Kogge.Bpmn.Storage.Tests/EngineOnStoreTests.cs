using System.Collections.Concurrent;
using Kogge.Bpmn.Engine;
using Kogge.Bpmn.Engine.History;
using Kogge.Bpmn.Storage;
using Kogge.Bpmn.Tests.TestDoubles;
using Microsoft.Extensions.Time.Testing;

namespace Kogge.Bpmn.Storage.Tests;

/// <summary>The engine on the database store: commands, retries on conflict, jobs, incidents and history end to end.</summary>
public abstract class EngineOnStoreTests(TestStoreDatabase database)
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Model(string fileName) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Engine", fileName));

    private async Task<IEngineStore> StoreAsync()
    {
        Assert.SkipUnless(database.Available, "KOGGE_TEST_POSTGRES is not set.");
        return await database.EmptyStoreAsync();
    }

    private ProcessEngine Node(IEngineStore store, string nodeId, string jobType, IJobHandler handler)
    {
        var options = new ProcessEngineOptions
        {
            Store = store,
            Expressions = new TestExpressionLanguage(_time),
            Time = _time,
            NodeId = nodeId,
            MaxConflictRetries = 50,
            JobRetryBackoff = TimeSpan.FromSeconds(30),
        };
        options.JobHandlers[jobType] = handler;
        return new ProcessEngine(options);
    }

    [Fact]
    public async Task ServiceTask_HandlerCompletes_OutputMappedAndInstanceCompleted()
    {
        var engine = Node(await StoreAsync(), "node-1", "send-notice", new Handler(_ => JobOutcome.Complete(new Dictionary<string, object?> { ["receipt"] = "R-17" })));
        await engine.Repository.DeployAsync("test", [new DeploymentResource("ServiceTask.bpmn", Model("ServiceTask.bpmn"))], cancellationToken: Ct);
        var instance = await engine.Runtime.StartProcessInstanceAsync("serviceTask", new Dictionary<string, object?> { ["applicant"] = new Dictionary<string, object?> { ["name"] = "Erika Muster" } }, cancellationToken: Ct);

        await engine.Jobs.RunDueJobsAsync(Ct);

        Assert.Equal(ProcessInstanceState.Completed, (await engine.Runtime.GetProcessInstanceAsync(instance.Id, Ct))!.State);
        Assert.Equal("R-17", (await engine.Runtime.GetVariablesAsync(instance.Id, Ct))["noticeReceipt"]);
        var history = await engine.History.ListEventsAsync(instance.Id, Ct);
        Assert.Equal(HistoryEventKinds.ProcessInstanceCompleted, history[^1].Kind);
    }

    [Fact]
    public async Task ServiceTask_HandlerKeepsFailing_RetriesThenRaisesIncident()
    {
        var engine = Node(await StoreAsync(), "node-1", "send-notice", new Handler(_ => throw new InvalidOperationException("mail server down")));
        await engine.Repository.DeployAsync("test", [new DeploymentResource("ServiceTask.bpmn", Model("ServiceTask.bpmn"))], cancellationToken: Ct);
        var instance = await engine.Runtime.StartProcessInstanceAsync("serviceTask", new Dictionary<string, object?> { ["applicant"] = new Dictionary<string, object?> { ["name"] = "A" } }, cancellationToken: Ct);

        await engine.Jobs.RunDueJobsAsync(Ct);
        _time.Advance(TimeSpan.FromSeconds(30));
        await engine.Jobs.RunDueJobsAsync(Ct);

        var incident = Assert.Single(await engine.Jobs.ListIncidentsAsync(instance.Id, Ct));
        Assert.Equal(("JobNoRetries", "send"), (incident.Type, incident.ElementId));
    }

    [Fact]
    public async Task ServiceTask_ExecutorWaiting_JobLockedByTheStartAndRunByThatNodeAlone()
    {
        var (a, b, handler) = await TwoNodesWithServiceTaskAsync();
        await a.Jobs.WaitForJobsAsync(TimeSpan.Zero, Ct);
        await a.Jobs.RunDueJobsAsync(Ct);
        var waiting = a.Jobs.WaitForJobsAsync(TimeSpan.FromHours(1), Ct);

        var instance = await StartServiceTaskAsync(a);
        var job = Assert.Single(await a.Jobs.ListJobsAsync(instance.Id, Ct));
        Assert.Equal(("node-a", _time.GetUtcNow() + TimeSpan.FromMinutes(5)), (job.LockOwner, job.LockExpiresAt));
        Assert.Equal(0, await b.Jobs.RunDueJobsAsync(Ct));
        await waiting.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        Assert.Equal(1, await a.Jobs.RunDueJobsAsync(Ct));

        Assert.Equal(1, Assert.Single(handler.Runs).Value);
        Assert.Equal(ProcessInstanceState.Completed, (await a.Runtime.GetProcessInstanceAsync(instance.Id, Ct))!.State);
    }

    [Fact]
    public async Task ServiceTask_HandedOverToANodeThatNeverRunsIt_OtherNodeRunsItOnceTheLockExpires()
    {
        var (a, b, handler) = await TwoNodesWithServiceTaskAsync();
        await a.Jobs.WaitForJobsAsync(TimeSpan.Zero, Ct);
        var instance = await StartServiceTaskAsync(a);

        Assert.Equal(0, await b.Jobs.RunDueJobsAsync(Ct));
        _time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(1, await b.Jobs.RunDueJobsAsync(Ct));
        Assert.Equal(0, await a.Jobs.RunDueJobsAsync(Ct));

        Assert.Equal(1, Assert.Single(handler.Runs).Value);
        Assert.Equal(ProcessInstanceState.Completed, (await a.Runtime.GetProcessInstanceAsync(instance.Id, Ct))!.State);
    }

    [Fact]
    public async Task FiftyParallelBranches_TwoNodes_JoinFiresOnceWithoutIncidents()
    {
        var handler = new CountingHandler();
        var a = Node(await StoreAsync(), "node-a", "signoff", handler);
        var b = Node(database.NewStore(), "node-b", "signoff", handler);
        await a.Repository.DeployAsync("test", [new DeploymentResource("FiftyBranches.bpmn", Model("FiftyBranches.bpmn"))], cancellationToken: Ct);
        var instance = await a.Runtime.StartProcessInstanceAsync("fiftyBranches", null, cancellationToken: Ct);

        await Task.WhenAll(Task.Run(() => a.Jobs.RunDueJobsAsync(Ct), Ct), Task.Run(() => b.Jobs.RunDueJobsAsync(Ct), Ct));
        _time.Advance(TimeSpan.FromMinutes(5));
        await a.Jobs.RunDueJobsAsync(Ct);

        Assert.Equal(50, handler.Runs.Count);
        var history = await a.History.ListEventsAsync(instance.Id, Ct);
        Assert.Single(history, e => e.Kind == HistoryEventKinds.ElementActivated && e.ElementId == "join");
        Assert.Empty(await a.Jobs.ListIncidentsAsync(instance.Id, Ct));
        Assert.Equal("notice", Assert.Single(await a.Tasks.QueryAsync(new TaskQuery { ProcessInstanceId = instance.Id }, Ct)).ElementId);
    }

    [Fact]
    public async Task ThousandTimersDueTogether_TwoNodes_EachFiresExactlyOnce()
    {
        var handler = new CountingHandler();
        var a = Node(await StoreAsync(), "node-a", "count", handler);
        var b = Node(database.NewStore(), "node-b", "count", handler);
        await a.Repository.DeployAsync("test", [new DeploymentResource("ManyTimers.bpmn", Model("ManyTimers.bpmn"))], cancellationToken: Ct);
        for (var i = 0; i < 1000; i++)
        {
            await a.Runtime.StartProcessInstanceAsync("manyTimers", null, cancellationToken: Ct);
        }

        _time.SetUtcNow(new DateTimeOffset(2026, 3, 3, 0, 0, 0, TimeSpan.Zero));
        await Task.WhenAll(Task.Run(() => a.Jobs.RunDueJobsAsync(Ct), Ct), Task.Run(() => b.Jobs.RunDueJobsAsync(Ct), Ct));

        var history = await a.History.ListEventsAsync(cancellationToken: Ct);
        var fired = history.Where(e => e.Kind == HistoryEventKinds.TimerFired).GroupBy(e => e.ProcessInstanceId).ToList();
        Assert.Equal(1000, fired.Count);
        Assert.All(fired, g => Assert.Single(g));
        Assert.Equal(1000, handler.Runs.Count);
        Assert.All(handler.Runs.Values, n => Assert.Equal(1, n));
        Assert.Equal(1000, history.Count(e => e.Kind == HistoryEventKinds.ProcessInstanceCompleted));
    }

    [Fact]
    public async Task UserTask_TwoClerksOnTwoNodesCompleteAtOnce_OneSucceedsOneConflicts()
    {
        var (a, b, instance) = await TwoNodesOnUserTaskAsync(new Dictionary<string, object?> { ["clerk"] = null });
        var task = Assert.Single(await a.Tasks.QueryAsync(new TaskQuery { ProcessInstanceId = instance.Id }, Ct));
        using var start = new Barrier(2);

        var attempts = await Task.WhenAll(new[] { a, b }.Select((node, i) => Task.Run(
            async () =>
            {
                start.SignalAndWait(Ct);
                try
                {
                    await node.Tasks.CompleteAsync(task.Id, new Dictionary<string, object?> { ["approved"] = i == 0 }, $"clerk-{i}", Ct);
                    return "ok";
                }
                catch (Exception e) when (e is ConcurrencyConflictException or NotFoundException)
                {
                    return "conflict";
                }
            },
            Ct)));

        Assert.Equal(["conflict", "ok"], attempts.Order(StringComparer.Ordinal));
        Assert.Equal(ProcessInstanceState.Completed, (await a.Runtime.GetProcessInstanceAsync(instance.Id, Ct))!.State);
        Assert.Single(await a.History.ListEventsAsync(instance.Id, Ct), e => e.Kind == HistoryEventKinds.TaskCompleted);
    }

    [Fact]
    public async Task UserTask_CompletedOnOtherNodeAfterThisNodeStartedIt_CachedInstanceIsNotTrusted()
    {
        // Node A keeps the instance as it committed it; node B completes the task behind A's back.
        var (a, b, instance) = await TwoNodesOnUserTaskAsync(new Dictionary<string, object?> { ["clerk"] = null });
        var task = Assert.Single(await a.Tasks.QueryAsync(new TaskQuery { ProcessInstanceId = instance.Id }, Ct));
        await b.Tasks.CompleteAsync(task.Id, new Dictionary<string, object?> { ["approved"] = false }, "clerk-b", Ct);

        // A's copy still shows the task open; its completion must fail as the store has it, not succeed on the copy.
        await Assert.ThrowsAsync<NotFoundException>(() => a.Tasks.CompleteAsync(task.Id, new Dictionary<string, object?> { ["approved"] = true }, "clerk-a", Ct));

        Assert.Equal(false, (await a.Runtime.GetVariablesAsync(instance.Id, Ct))["decision"]);
        Assert.Single(await a.History.ListEventsAsync(instance.Id, Ct), e => e.Kind == HistoryEventKinds.TaskCompleted);
    }

    [Fact]
    public async Task Variables_SetOnOtherNode_ReadsAndNextCommandOnThisNodeSeeThem()
    {
        var (a, b, instance) = await TwoNodesOnUserTaskAsync(new Dictionary<string, object?> { ["clerk"] = null, ["note"] = "from a" });
        await b.Runtime.SetVariablesAsync(instance.Id, new Dictionary<string, object?> { ["note"] = "from b" }, cancellationToken: Ct);

        // Reads never come from the kept copy; a command on it conflicts once and runs again from the store.
        Assert.Equal("from b", (await a.Runtime.GetVariablesAsync(instance.Id, Ct))["note"]);
        await a.Runtime.SetVariablesAsync(instance.Id, new Dictionary<string, object?> { ["extra"] = 1 }, cancellationToken: Ct);
        var variables = await b.Runtime.GetVariablesAsync(instance.Id, Ct);
        Assert.Equal("from b", variables["note"]);
        Assert.Equal(1, Convert.ToInt32(variables["extra"], System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Start_NewVersionDeployedOnOtherNode_NextStartOnThisNodeRunsIt()
    {
        var (a, b, first) = await TwoNodesOnUserTaskAsync(new Dictionary<string, object?> { ["clerk"] = null });
        var changed = Model("UserTask.bpmn").Replace("Check application", "Check application, second version", StringComparison.Ordinal);
        await b.Repository.DeployAsync("test", [new DeploymentResource("UserTask.bpmn", changed)], cancellationToken: Ct);

        // Node A started version 1 a moment ago; its next start must be on version 2 all the same.
        var second = await a.Runtime.StartProcessInstanceAsync("userTask", new Dictionary<string, object?> { ["clerk"] = null }, cancellationToken: Ct);

        var versions = await a.Repository.ListDefinitionsAsync("userTask", cancellationToken: Ct);
        Assert.Equal(versions.Single(v => v.Version == 1).Id, first.DefinitionId);
        Assert.Equal(versions.Single(v => v.Version == 2).Id, second.DefinitionId);
    }

    /// <summary>Two engine nodes on one database and an instance of UserTask.bpmn started on node A.</summary>
    private async Task<(ProcessEngine A, ProcessEngine B, ProcessInstanceInfo Instance)> TwoNodesOnUserTaskAsync(Dictionary<string, object?> variables)
    {
        var a = Node(await StoreAsync(), "node-a", "none", new CountingHandler());
        var b = Node(database.NewStore(), "node-b", "none", new CountingHandler());
        await a.Repository.DeployAsync("test", [new DeploymentResource("UserTask.bpmn", Model("UserTask.bpmn"))], cancellationToken: Ct);
        return (a, b, await a.Runtime.StartProcessInstanceAsync("userTask", variables, cancellationToken: Ct));
    }

    /// <summary>Two nodes on one database, each with a handler for the service task's jobs, and the model deployed.</summary>
    private async Task<(ProcessEngine A, ProcessEngine B, CountingHandler Handler)> TwoNodesWithServiceTaskAsync()
    {
        var handler = new CountingHandler();
        var a = Node(await StoreAsync(), "node-a", "send-notice", handler);
        var b = Node(database.NewStore(), "node-b", "send-notice", handler);
        await a.Repository.DeployAsync("test", [new DeploymentResource("ServiceTask.bpmn", Model("ServiceTask.bpmn"))], cancellationToken: Ct);
        return (a, b, handler);
    }

    private static Task<ProcessInstanceInfo> StartServiceTaskAsync(ProcessEngine engine) =>
        engine.Runtime.StartProcessInstanceAsync("serviceTask", new Dictionary<string, object?> { ["applicant"] = new Dictionary<string, object?> { ["name"] = "A" } }, cancellationToken: Ct);

    private sealed class Handler(Func<JobContext, JobOutcome> handle) : IJobHandler
    {
        public Task<JobOutcome> HandleAsync(JobContext job, CancellationToken cancellationToken) => Task.FromResult(handle(job));
    }

    private sealed class CountingHandler : IJobHandler
    {
        public ConcurrentDictionary<string, int> Runs { get; } = new(StringComparer.Ordinal);

        public async Task<JobOutcome> HandleAsync(JobContext job, CancellationToken cancellationToken)
        {
            Runs.AddOrUpdate(job.JobId, 1, (_, n) => n + 1);
            await Task.Yield();
            return JobOutcome.Complete();
        }
    }
}

public sealed class SqliteEngineOnStoreTests(SqliteTestDatabase database) : EngineOnStoreTests(database), IClassFixture<SqliteTestDatabase>;

public sealed class PostgresEngineOnStoreTests(PostgresTestDatabase database) : EngineOnStoreTests(database), IClassFixture<PostgresTestDatabase>;
