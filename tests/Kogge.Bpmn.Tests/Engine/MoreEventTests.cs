using Kogge.Bpmn.Engine;
using Kogge.Bpmn.Storage;

namespace Kogge.Bpmn.Tests.Engine;

public sealed class MoreEventTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<EngineHarness> DeployedAsync()
    {
        var h = new EngineHarness();
        await h.DeployAsync("MoreEvents.bpmn");
        return h;
    }

    [Fact]
    public async Task EventBasedGateway_MessageFirst_WinsAndCancelsTheTimer()
    {
        var h = await DeployedAsync();
        var instance = await h.StartAsync("eventGateway", Vars.Of(("caseNumber", "F-1")));
        Assert.Equal(["gw"], await h.ActiveAsync(instance.Id));

        await h.Engine.Runtime.CorrelateMessageAsync("FeePaid", "F-1", cancellationToken: Ct);

        Assert.Equal("issue", (await h.SingleTaskAsync(instance.Id)).ElementId);
        Assert.Empty(await h.Engine.Jobs.ListJobsAsync(instance.Id, Ct));
    }

    [Fact]
    public async Task EventBasedGateway_TimerFirst_WinsAndClosesTheSubscription()
    {
        var h = await DeployedAsync();
        var instance = await h.StartAsync("eventGateway", Vars.Of(("caseNumber", "F-2")));

        await h.AdvanceAsync(TimeSpan.FromDays(30));
        var late = await h.Engine.Runtime.CorrelateMessageAsync("FeePaid", "F-2", cancellationToken: Ct);

        Assert.Equal("dun", (await h.SingleTaskAsync(instance.Id)).ElementId);
        Assert.Empty(late.ProcessInstanceIds);
    }

    [Fact]
    public async Task Signal_Broadcast_ReachesWaitingInstancesAndStartsSignalStartProcesses()
    {
        var h = await DeployedAsync();
        var first = await h.StartAsync("signals");
        var second = await h.StartAsync("signals");

        var received = await h.Engine.Runtime.BroadcastSignalAsync("StormWarning", cancellationToken: Ct);

        Assert.Equal(3, received);
        Assert.Equal("secure", (await h.SingleTaskAsync(first.Id)).ElementId);
        Assert.Equal("secure", (await h.SingleTaskAsync(second.Id)).ElementId);
        Assert.Single(await h.Engine.Tasks.QueryAsync(new TaskQuery { ElementId = "inform" }, Ct));
    }

    [Fact]
    public async Task SignalThrowEvent_InOneInstance_ReachesOthers()
    {
        var h = await DeployedAsync();
        var waiting = await h.StartAsync("signals");

        var thrower = await h.StartAsync("signalThrow");

        Assert.Equal(ProcessInstanceState.Completed, thrower.State);
        Assert.Equal("secure", (await h.SingleTaskAsync(waiting.Id)).ElementId);
    }

    [Fact]
    public async Task LinkEvents_ThrowAndCatchWithSameName_ContinueAtTheCatch()
    {
        var h = await DeployedAsync();

        var instance = await h.StartAsync("links");

        Assert.Equal("continued", (await h.SingleTaskAsync(instance.Id)).ElementId);
    }

    [Fact]
    public async Task Escalation_NonInterruptingBoundary_StartsSideFlowAndWorkGoesOn()
    {
        var h = await DeployedAsync();

        var instance = await h.StartAsync("escalations");

        Assert.Equal(["finish", "tellHead"], (await h.TasksAsync(instance.Id)).Select(t => t.ElementId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task EventSubProcess_NonInterruptingTimerCycle_RunsScriptTwiceBesideTheTask()
    {
        var h = await DeployedAsync();
        var instance = await h.StartAsync("eventSubProcess", Vars.Of(("reminders", 0)));

        for (var i = 0; i < 4; i++)
        {
            await h.AdvanceAsync(TimeSpan.FromDays(2));
        }

        Assert.Equal(2m, (await h.VariablesAsync(instance.Id))["reminders"]);
        Assert.Equal("decide", (await h.SingleTaskAsync(instance.Id)).ElementId);
        await h.CompleteTaskAsync((await h.SingleTaskAsync(instance.Id)).Id);
        Assert.Equal(ProcessInstanceState.Completed, await h.StateAsync(instance.Id));
    }

    [Fact]
    public async Task MessageBoundary_NonInterrupting_CatchesEveryMessageWhileTheTaskRuns()
    {
        var h = await DeployedAsync();
        var instance = await h.StartAsync("questions", Vars.Of(("caseNumber", "Q-1")));

        await h.Engine.Runtime.CorrelateMessageAsync("CitizenQuestion", "Q-1", cancellationToken: Ct);
        await h.Engine.Runtime.CorrelateMessageAsync("CitizenQuestion", "Q-1", cancellationToken: Ct);

        Assert.Equal(["answer", "answer", "handle"], (await h.TasksAsync(instance.Id)).Select(t => t.ElementId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ReceiveTask_MessageArrives_ContinuesToMessageThrowJobAndSignalEnd()
    {
        var notified = 0;
        var h = new EngineHarness();
        h.Handle("notify-cashier", job =>
        {
            notified++;
            return JobOutcome.Complete();
        });
        await h.DeployAsync("MoreEvents.bpmn");
        var waiting = await h.StartAsync("signals");
        var instance = await h.StartAsync("receive", Vars.Of(("caseNumber", "P-7")));
        Assert.Equal(["awaitPayment"], await h.ActiveAsync(instance.Id));

        await h.Engine.Runtime.CorrelateMessageAsync("FeePaid", "P-7", Vars.Of(("amount", 35)), cancellationToken: Ct);
        await h.RunJobsAsync();

        Assert.Equal(1, notified);
        Assert.Equal(ProcessInstanceState.Completed, await h.StateAsync(instance.Id));
        Assert.Equal("secure", (await h.SingleTaskAsync(waiting.Id)).ElementId);
    }
}
