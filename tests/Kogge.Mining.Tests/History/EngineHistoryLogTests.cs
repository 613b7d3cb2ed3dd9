using Kogge.Bpmn.Engine;
using Kogge.Bpmn.Expressions.Feel;
using Kogge.Bpmn.Storage;
using Kogge.Mining.Conformance;
using Kogge.Mining.Discovery;
using Kogge.Mining.EventLogs;
using Kogge.Mining.History;
using Microsoft.Extensions.Time.Testing;

namespace Kogge.Mining.Tests.History;

public sealed class EngineHistoryLogTests
{
    private const string Check = "Check application";
    private const string Request = "Request documents";
    private const string Building = "Building office signs off";
    private const string Environment = "Environment office signs off";
    private const string Sign = "Sign notice";

    private static readonly string ModelPath = Path.Combine(AppContext.BaseDirectory, "History", "PermitProcess.bpmn");

    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 2, 8, 0, 0, TimeSpan.FromHours(1)));
    private readonly ProcessEngine engine;

    public EngineHistoryLogTests()
    {
        engine = new ProcessEngine(new ProcessEngineOptions
        {
            Store = new InMemoryEngineStore(),
            Expressions = new FeelExpressionLanguage(time),
            Time = time,
            NodeId = "node-1",
        });
    }

    /// <summary>Three permits: two straight through with two signers, one with a documents request and one signer.</summary>
    private async Task RunPermitsAsync()
    {
        await engine.Repository.DeployAsync("PermitProcess.bpmn", await File.ReadAllTextAsync(ModelPath, TestContext.Current.CancellationToken), cancellationToken: TestContext.Current.CancellationToken);
        foreach (var withRequest in new[] { false, true, false })
        {
            var signers = withRequest ? new List<object?> { "maria" } : new List<object?> { "maria", "ole" };
            var instance = await engine.Runtime.StartProcessInstanceAsync("permit", new Dictionary<string, object?> { ["signers"] = signers }, cancellationToken: TestContext.Current.CancellationToken);
            if (withRequest)
            {
                await WorkAsync(instance.Id, "check", "maria", ("complete", false));
                await WorkAsync(instance.Id, "request", "maria");
                await WorkAsync(instance.Id, "check", "jan", ("complete", true));
                await WorkAsync(instance.Id, "environment", "jan");
                await WorkAsync(instance.Id, "building", "ole");
            }
            else
            {
                await WorkAsync(instance.Id, "check", "maria", ("complete", true));
                await WorkAsync(instance.Id, "building", "ole");
                await WorkAsync(instance.Id, "environment", "jan");
            }

            foreach (var signer in signers)
            {
                await WorkAsync(instance.Id, "sign", (string)signer!);
            }

            Assert.Empty(await engine.Tasks.QueryAsync(new TaskQuery { ProcessInstanceId = instance.Id }, TestContext.Current.CancellationToken));
        }
    }

    private async Task WorkAsync(string instanceId, string elementId, string user, params (string Name, object? Value)[] variables)
    {
        var task = Assert.Single(await engine.Tasks.QueryAsync(new TaskQuery { ProcessInstanceId = instanceId, ElementId = elementId }, TestContext.Current.CancellationToken));
        time.Advance(TimeSpan.FromHours(1));
        await engine.Tasks.CompleteAsync(task.Id, variables.ToDictionary(v => v.Name, v => v.Value), user, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task ReadAsync_RunPermits_CasesActivityInstancesAndResources()
    {
        await RunPermitsAsync();

        var log = await EngineHistoryLog.ReadAsync(engine.History, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(3, log.CaseCount);
        Assert.True(log.Instances.HasStartEvents);

        // Gateways, start and end events are not activities; the multi-instance body is not a signature of its own.
        Assert.Equal([Building, Check, Environment, Request, Sign], log.ActivityNames.Order(StringComparer.Ordinal));
        Assert.Equal(16, log.Instances.Activities.Length);
        Assert.Equal(5, log.Instances.Activities.ToArray().Count(a => log.ActivityNames[a] == Sign));
        Assert.Equal(["jan", "maria", "ole"], log.ResourceNames.Order(StringComparer.Ordinal));
        Assert.All(Enumerable.Range(0, log.EventCount), e => Assert.NotNull(log.EventAttributes.Column(EngineHistoryLog.ElementIdAttribute)![e]));
    }

    [Fact]
    public async Task ReadAsync_RunPermits_DirectlyFollowsGraphAndVariants()
    {
        await RunPermitsAsync();

        var log = await EngineHistoryLog.ReadAsync(engine.History, cancellationToken: TestContext.Current.CancellationToken);
        var dfg = DirectlyFollowsGraph.Compute(log);
        var variants = Variants.Compute(log);

        int Edge(string from, string to) => dfg.Edges.SingleOrDefault(e => e.Source == from && e.Target == to)?.Frequency ?? 0;
        Assert.Equal(2, Edge(Check, Building));
        Assert.Equal(1, Edge(Check, Request));
        Assert.Equal(1, Edge(Request, Check));
        Assert.Equal(1, Edge(Check, Environment));
        Assert.Equal(2, Edge(Sign, Sign));
        Assert.Equal(3, dfg.StartActivities[Check]);
        Assert.Equal(3, dfg.EndActivities[Sign]);

        Assert.Equal(2, variants.Count);
        Assert.Equal([Check, Building, Environment, Sign, Sign], variants[0].Activities);
        Assert.Equal(2, variants[0].CaseCount);
        Assert.Equal([Check, Request, Check, Environment, Building, Sign], variants[1].Activities);

        // Every step took one hour of the fake clock; the case with the request took six.
        Assert.Equal(TimeSpan.FromHours(6), variants[1].Duration.Median);
    }

    [Fact]
    public async Task ReadAsync_PseudonymKey_NoActorNamesInLog()
    {
        await RunPermitsAsync();

        var log = await EngineHistoryLog.ReadAsync(engine.History, new EngineHistoryOptions { ActorPseudonymKey = new byte[32] }, TestContext.Current.CancellationToken);

        Assert.Equal(3, log.ResourceNames.Count);
        Assert.All(log.ResourceNames, r => Assert.Matches("^R-[0-9a-f]{8}$", r));
    }

    [Fact]
    public async Task Align_HistoryAgainstItsOwnModel_EveryCaseFits()
    {
        await RunPermitsAsync();
        var log = await EngineHistoryLog.ReadAsync(engine.History, cancellationToken: TestContext.Current.CancellationToken);
        var byId = await EngineHistoryLog.ReadAsync(engine.History, new EngineHistoryOptions { Naming = ActivityMatching.Id }, TestContext.Current.CancellationToken);

        var byName = Alignments.Align(log, PetriNet.FromBpmnFile(ModelPath), cancellationToken: TestContext.Current.CancellationToken);
        var byElementId = Alignments.Align(byId, PetriNet.FromBpmnFile(ModelPath, new BpmnNetOptions { Matching = ActivityMatching.Id }), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(1.0, byName.AverageFitness);
        Assert.Equal(1.0, byElementId.AverageFitness);
        Assert.Equal(5, Assert.Single(byName.Elements, e => e.ElementId == "sign").SynchronousMoves);
        Assert.Equal(1.0, TokenReplay.Replay(log, PetriNet.FromBpmnFile(ModelPath), TestContext.Current.CancellationToken).Fitness);
    }

    [Fact]
    public async Task ReadAsync_RunningInstance_FinishedOnlyLeavesItOut()
    {
        await RunPermitsAsync();
        var running = await engine.Runtime.StartProcessInstanceAsync("permit", new Dictionary<string, object?> { ["signers"] = new List<object?> { "maria" } }, cancellationToken: TestContext.Current.CancellationToken);
        await WorkAsync(running.Id, "check", "maria", ("complete", true));

        var all = await EngineHistoryLog.ReadAsync(engine.History, cancellationToken: TestContext.Current.CancellationToken);
        var finished = await EngineHistoryLog.ReadAsync(engine.History, new EngineHistoryOptions { FinishedCasesOnly = true }, TestContext.Current.CancellationToken);

        Assert.Equal(4, all.CaseCount);
        Assert.Equal(1, all.CaseLength(3) / 2);
        Assert.Equal(3, finished.CaseCount);
    }
}
