using Kogge.Bpmn.Engine;
using Kogge.Bpmn.Storage;
using Kogge.Bpmn.Tests.TestDoubles;
using Microsoft.Extensions.Time.Testing;

namespace Kogge.Bpmn.Tests.Engine;

/// <summary>An engine on the in-memory store with a fake clock, and helpers to deploy the .bpmn files beside the tests.</summary>
internal sealed class EngineHarness
{
    public EngineHarness(Action<ProcessEngineOptions>? configure = null, IDecisionEvaluator? decisions = null, Func<TimeProvider, Kogge.Bpmn.Expressions.IExpressionLanguage>? expressions = null)
    {
        Options = new ProcessEngineOptions
        {
            Store = Store,
            Expressions = expressions?.Invoke(Time) ?? new TestExpressionLanguage(Time),
            Time = Time,
            NodeId = "node-1",
            Decisions = decisions,
            JobRetryBackoff = TimeSpan.FromSeconds(30),
        };
        configure?.Invoke(Options);
        Engine = new ProcessEngine(Options);
    }

    /// <summary>A clock that stands still at the harness start time, for collaborators built before the harness.</summary>
    public static TimeProvider Clock { get; } = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero));

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero));

    public InMemoryEngineStore Store { get; } = new();

    public ProcessEngineOptions Options { get; }

    public ProcessEngine Engine { get; }

    public static string Model(string fileName) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Engine", fileName));

    public Task<Deployment> DeployAsync(params string[] fileNames) =>
        Engine.Repository.DeployAsync("test", [.. fileNames.Select(f => new DeploymentResource(f, Model(f)))], cancellationToken: TestContext.Current.CancellationToken);

    public Task<ProcessInstanceInfo> StartAsync(string processId, IReadOnlyDictionary<string, object?>? variables = null) =>
        Engine.Runtime.StartProcessInstanceAsync(processId, variables, cancellationToken: TestContext.Current.CancellationToken);

    public async Task<ProcessInstanceState> StateAsync(string instanceId) =>
        (await Engine.Runtime.GetProcessInstanceAsync(instanceId, TestContext.Current.CancellationToken))!.State;

    public async Task<string[]> ActiveAsync(string instanceId) =>
        [.. (await Engine.Runtime.GetActiveElementsAsync(instanceId, TestContext.Current.CancellationToken)).Select(e => e.ElementId).Order(StringComparer.Ordinal)];

    public async Task<WorkItem> SingleTaskAsync(string instanceId, string? elementId = null) =>
        Assert.Single(await Engine.Tasks.QueryAsync(new TaskQuery { ProcessInstanceId = instanceId, ElementId = elementId }, TestContext.Current.CancellationToken));

    public Task<IReadOnlyList<WorkItem>> TasksAsync(string instanceId) =>
        Engine.Tasks.QueryAsync(new TaskQuery { ProcessInstanceId = instanceId }, TestContext.Current.CancellationToken);

    public Task CompleteTaskAsync(string taskId, IReadOnlyDictionary<string, object?>? variables = null, string? user = null) =>
        Engine.Tasks.CompleteAsync(taskId, variables, user, TestContext.Current.CancellationToken);

    public Task<IReadOnlyDictionary<string, object?>> VariablesAsync(string instanceId) =>
        Engine.Runtime.GetVariablesAsync(instanceId, TestContext.Current.CancellationToken);

    public Task<int> RunJobsAsync() => Engine.Jobs.RunDueJobsAsync(TestContext.Current.CancellationToken);

    public async Task<int> AdvanceAsync(TimeSpan by)
    {
        Time.Advance(by);
        return await RunJobsAsync();
    }

    public void Handle(string jobType, Func<JobContext, JobOutcome> handler) =>
        Options.JobHandlers[jobType] = new DelegateHandler(handler);

    private sealed class DelegateHandler(Func<JobContext, JobOutcome> handler) : IJobHandler
    {
        public Task<JobOutcome> HandleAsync(JobContext job, CancellationToken cancellationToken) => Task.FromResult(handler(job));
    }
}

internal static class Vars
{
    public static Dictionary<string, object?> Of(params (string Name, object? Value)[] pairs) =>
        pairs.ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);
}
