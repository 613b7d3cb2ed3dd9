using System.Collections.Concurrent;
using Kogge.Bpmn.Engine;
using Kogge.Bpmn.Engine.History;
using Kogge.Bpmn.Tests.TestDoubles;

namespace Kogge.Bpmn.Tests.Engine;

/// <summary>Two engine nodes sharing one store: jobs run once, joins fire once (in memory; the database stores run the same checks).</summary>
public sealed class TwoNodeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ProcessEngine Node(EngineHarness shared, string nodeId, string jobType, IJobHandler handler)
    {
        var options = new ProcessEngineOptions
        {
            Store = shared.Store,
            Expressions = new TestExpressionLanguage(shared.Time),
            Time = shared.Time,
            NodeId = nodeId,
            MaxConflictRetries = 50,
        };
        options.JobHandlers[jobType] = handler;
        return new ProcessEngine(options);
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

    [Fact]
    public async Task FiftyParallelBranches_TwoNodes_JoinFiresOnceWithoutIncidents()
    {
        var shared = new EngineHarness();
        var handler = new CountingHandler();
        var a = Node(shared, "node-a", "signoff", handler);
        var b = Node(shared, "node-b", "signoff", handler);
        await shared.DeployAsync("FiftyBranches.bpmn");
        var instance = await shared.StartAsync("fiftyBranches");

        await Task.WhenAll(Task.Run(() => a.Jobs.RunDueJobsAsync(Ct), Ct), Task.Run(() => b.Jobs.RunDueJobsAsync(Ct), Ct));
        await shared.AdvanceAsync(shared.Options.JobLockDuration);
        await a.Jobs.RunDueJobsAsync(Ct);

        Assert.Equal(50, handler.Runs.Count);
        Assert.Equal("notice", (await shared.SingleTaskAsync(instance.Id)).ElementId);
        var history = await shared.Engine.History.ListEventsAsync(instance.Id, Ct);
        Assert.Single(history, e => e.Kind == HistoryEventKinds.ElementActivated && e.ElementId == "join");
        Assert.Empty(await shared.Engine.Jobs.ListIncidentsAsync(instance.Id, Ct));
    }

    [Fact]
    public async Task ThousandTimersDueTogether_TwoNodes_EachFiresExactlyOnce()
    {
        var shared = new EngineHarness();
        var handler = new CountingHandler();
        var a = Node(shared, "node-a", "count", handler);
        var b = Node(shared, "node-b", "count", handler);
        await shared.DeployAsync("ManyTimers.bpmn");
        var ids = new List<string>();
        for (var i = 0; i < 1000; i++)
        {
            ids.Add((await shared.StartAsync("manyTimers")).Id);
        }

        shared.Time.SetUtcNow(new DateTimeOffset(2026, 3, 3, 0, 0, 0, TimeSpan.Zero));
        await Task.WhenAll(Task.Run(() => a.Jobs.RunDueJobsAsync(Ct), Ct), Task.Run(() => b.Jobs.RunDueJobsAsync(Ct), Ct));

        var history = await shared.Engine.History.ListEventsAsync(cancellationToken: Ct);
        var fired = history.Where(e => e.Kind == HistoryEventKinds.TimerFired).GroupBy(e => e.ProcessInstanceId).ToList();
        Assert.Equal(1000, fired.Count);
        Assert.All(fired, g => Assert.Single(g));
        Assert.Equal(1000, handler.Runs.Count);
        Assert.All(handler.Runs.Values, n => Assert.Equal(1, n));
        Assert.Equal(1000, history.Count(e => e.Kind == HistoryEventKinds.ProcessInstanceCompleted));
    }

    [Fact]
    public async Task DifferentTasksOfOneInstance_CompletedAtOnce_BothSucceed()
    {
        var h = new EngineHarness();
        await h.DeployAsync("ParallelGateway.bpmn");
        var instance = await h.StartAsync("parallelGateway");
        var tasks = await h.TasksAsync(instance.Id);
        using var start = new Barrier(2);

        await Task.WhenAll(tasks.Select(t => Task.Run(
            async () =>
            {
                start.SignalAndWait(Ct);
                await h.CompleteTaskAsync(t.Id);
            },
            Ct)));

        Assert.Equal("notice", (await h.SingleTaskAsync(instance.Id)).ElementId);
    }
}
