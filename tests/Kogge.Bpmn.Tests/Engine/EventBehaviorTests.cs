using Kogge.Bpmn.Engine;
using Kogge.Bpmn.Engine.History;
using Kogge.Bpmn.Storage;

namespace Kogge.Bpmn.Tests.Engine;

public sealed class EventBehaviorTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TimerCatch_Duration_FiresOnlyWhenDue()
    {
        var h = new EngineHarness();
        await h.DeployAsync("Timers.bpmn");
        var instance = await h.StartAsync("timerCatch");
        var job = Assert.Single(await h.Engine.Jobs.ListJobsAsync(instance.Id, Ct));
        Assert.Equal(h.Time.GetUtcNow().AddDays(14), job.DueDate);

        await h.AdvanceAsync(TimeSpan.FromDays(14) - TimeSpan.FromSeconds(1));
        Assert.Equal(ProcessInstanceState.Active, await h.StateAsync(instance.Id));

        await h.AdvanceAsync(TimeSpan.FromSeconds(1));
        Assert.Equal(ProcessInstanceState.Completed, await h.StateAsync(instance.Id));
        Assert.Contains(await h.Engine.History.ListEventsAsync(instance.Id, Ct), e => e.Kind == HistoryEventKinds.TimerFired && e.ElementId == "wait");
    }

    [Fact]
    public async Task TimerCatch_DateFromVariable_FiresAtThatDate()
    {
        var h = new EngineHarness();
        await h.DeployAsync("Timers.bpmn");

        var instance = await h.StartAsync("timerDate", Vars.Of(("deadline", "2026-03-05T12:00:00Z")));

        Assert.Equal(new DateTimeOffset(2026, 3, 5, 12, 0, 0, TimeSpan.Zero), Assert.Single(await h.Engine.Jobs.ListJobsAsync(instance.Id, Ct)).DueDate);
    }

    [Fact]
    public async Task TimerBoundary_NonInterruptingCycle_RemindsThreeTimesWhileTaskStays()
    {
        var reminders = 0;
        var h = new EngineHarness();
        h.Handle("remind", _ =>
        {
            reminders++;
            return JobOutcome.Complete();
        });
        await h.DeployAsync("Timers.bpmn");
        var instance = await h.StartAsync("timerBoundary");

        for (var day = 0; day < 5; day++)
        {
            await h.AdvanceAsync(TimeSpan.FromHours(24));
        }

        Assert.Equal(3, reminders);
        Assert.Equal("decide", (await h.SingleTaskAsync(instance.Id)).ElementId);
    }

    [Fact]
    public async Task TimerBoundary_InterruptingDeadline_CancelsTaskAndEscalates()
    {
        var h = new EngineHarness();
        h.Handle("remind", _ => JobOutcome.Complete());
        await h.DeployAsync("Timers.bpmn");
        var instance = await h.StartAsync("timerBoundary");

        await h.AdvanceAsync(TimeSpan.FromDays(30));

        Assert.Equal("escalate", (await h.SingleTaskAsync(instance.Id)).ElementId);
        Assert.DoesNotContain(await h.Engine.Jobs.ListJobsAsync(instance.Id, Ct), j => j.ElementId is "reminder" or "deadline");
        Assert.Contains(await h.Engine.History.ListEventsAsync(instance.Id, Ct), e => e.Kind == HistoryEventKinds.ElementTerminated && e.ElementId == "decide");
    }

    [Fact]
    public async Task TimerBoundary_TaskCompletedFirst_TimersAreRemoved()
    {
        var h = new EngineHarness();
        await h.DeployAsync("Timers.bpmn");
        var instance = await h.StartAsync("timerBoundary");

        await h.CompleteTaskAsync((await h.SingleTaskAsync(instance.Id)).Id);

        Assert.Equal(ProcessInstanceState.Completed, await h.StateAsync(instance.Id));
        Assert.Empty(await h.Engine.Jobs.ListJobsAsync(instance.Id, Ct));
        await h.AdvanceAsync(TimeSpan.FromDays(60));
        Assert.DoesNotContain(await h.Engine.History.ListEventsAsync(instance.Id, Ct), e => e.Kind == HistoryEventKinds.TimerFired);
    }

    [Fact]
    public async Task TimerStart_Cycle_StartsOneInstancePerFiringUpToTheRepetitions()
    {
        var h = new EngineHarness();
        await h.DeployAsync("Timers.bpmn");

        await h.AdvanceAsync(TimeSpan.FromHours(12));
        await h.AdvanceAsync(TimeSpan.FromHours(12));
        await h.AdvanceAsync(TimeSpan.FromHours(12));

        var reports = await h.Engine.Tasks.QueryAsync(new TaskQuery { ElementId = "report" }, Ct);
        Assert.Equal(2, reports.Count);
    }

    [Fact]
    public async Task InclusiveGateway_TwoConditionsHold_JoinWaitsForBoth()
    {
        var h = new EngineHarness();
        await h.DeployAsync("InclusiveGateway.bpmn");
        var instance = await h.StartAsync("inclusiveGateway", Vars.Of(("needsFire", true), ("needsMonument", true)));
        var tasks = await h.TasksAsync(instance.Id);
        Assert.Equal(["fire", "monument"], tasks.Select(t => t.ElementId).Order(StringComparer.Ordinal));

        await h.CompleteTaskAsync(tasks.Single(t => t.ElementId == "fire").Id);
        Assert.DoesNotContain(await h.TasksAsync(instance.Id), t => t.ElementId == "decide");

        await h.CompleteTaskAsync(tasks.Single(t => t.ElementId == "monument").Id);
        Assert.Equal("decide", (await h.SingleTaskAsync(instance.Id)).ElementId);
    }

    [Fact]
    public async Task InclusiveGateway_OneConditionHolds_JoinPassesWithoutWaiting()
    {
        var h = new EngineHarness();
        await h.DeployAsync("InclusiveGateway.bpmn");
        var instance = await h.StartAsync("inclusiveGateway", Vars.Of(("needsFire", true), ("needsMonument", false)));

        await h.CompleteTaskAsync((await h.SingleTaskAsync(instance.Id)).Id);

        Assert.Equal("decide", (await h.SingleTaskAsync(instance.Id)).ElementId);
    }

    [Fact]
    public async Task InclusiveGateway_NoConditionHolds_TakesDefaultStraightToJoin()
    {
        var h = new EngineHarness();
        await h.DeployAsync("InclusiveGateway.bpmn");

        var instance = await h.StartAsync("inclusiveGateway", Vars.Of(("needsFire", false), ("needsMonument", false)));

        Assert.Equal("decide", (await h.SingleTaskAsync(instance.Id)).ElementId);
    }

    [Fact]
    public async Task MessageCatch_CorrelatedByKey_ReachesOnlyTheMatchingInstance()
    {
        var h = new EngineHarness();
        await h.DeployAsync("Messages.bpmn");
        var mine = await h.StartAsync("messageCatch", Vars.Of(("caseNumber", "B-1")));
        var other = await h.StartAsync("messageCatch", Vars.Of(("caseNumber", "B-2")));

        var result = await h.Engine.Runtime.CorrelateMessageAsync("DocumentsReceived", "B-1", Vars.Of(("pages", 12)), cancellationToken: Ct);

        Assert.Equal([mine.Id], result.ProcessInstanceIds);
        Assert.Equal("review", (await h.SingleTaskAsync(mine.Id)).ElementId);
        Assert.Equal(12m, (await h.VariablesAsync(mine.Id))["pages"]);
        Assert.Equal(["waitDocs"], await h.ActiveAsync(other.Id));
    }

    [Fact]
    public async Task MessageCatch_MessageBeforeSubscription_IsBufferedUntilItsTimeToLive()
    {
        var h = new EngineHarness();
        await h.DeployAsync("Messages.bpmn");

        var early = await h.Engine.Runtime.CorrelateMessageAsync("DocumentsReceived", "B-9", null, TimeSpan.FromHours(1), cancellationToken: Ct);
        var instance = await h.StartAsync("messageCatch", Vars.Of(("caseNumber", "B-9")));

        Assert.True(early.Buffered);
        Assert.Equal("review", (await h.SingleTaskAsync(instance.Id)).ElementId);
        var late = await h.StartAsync("messageCatch", Vars.Of(("caseNumber", "B-9")));
        Assert.Equal(["waitDocs"], await h.ActiveAsync(late.Id));
    }

    [Fact]
    public async Task MessageCatch_BufferedMessageExpired_IsNotCorrelated()
    {
        var h = new EngineHarness();
        await h.DeployAsync("Messages.bpmn");
        await h.Engine.Runtime.CorrelateMessageAsync("DocumentsReceived", "B-9", null, TimeSpan.FromMinutes(5), cancellationToken: Ct);

        h.Time.Advance(TimeSpan.FromMinutes(6));
        var instance = await h.StartAsync("messageCatch", Vars.Of(("caseNumber", "B-9")));

        Assert.Equal(["waitDocs"], await h.ActiveAsync(instance.Id));
    }

    [Fact]
    public async Task MessageBoundary_Withdrawn_InterruptsReviewAndCloses()
    {
        var h = new EngineHarness();
        await h.DeployAsync("Messages.bpmn");
        var instance = await h.StartAsync("messageCatch", Vars.Of(("caseNumber", "B-3")));
        await h.Engine.Runtime.CorrelateMessageAsync("DocumentsReceived", "B-3", cancellationToken: Ct);

        await h.Engine.Runtime.CorrelateMessageAsync("ApplicationWithdrawn", "B-3", cancellationToken: Ct);

        Assert.Equal(ProcessInstanceState.Completed, await h.StateAsync(instance.Id));
        Assert.Empty(await h.TasksAsync(instance.Id));
        Assert.Contains(await h.Engine.History.ListEventsAsync(instance.Id, Ct), e => e.ElementId == "closed" && e.Kind == HistoryEventKinds.ElementCompleted);
    }

    [Fact]
    public async Task MessageStart_Published_StartsAnInstanceWithThePayload()
    {
        var h = new EngineHarness();
        await h.DeployAsync("Messages.bpmn");

        var result = await h.Engine.Runtime.CorrelateMessageAsync("ApplicationSubmitted", null, Vars.Of(("service", "parking permit")), cancellationToken: Ct);

        var started = Assert.Single(result.ProcessInstanceIds);
        Assert.Equal("triage", (await h.SingleTaskAsync(started)).ElementId);
        Assert.Equal("parking permit", (await h.VariablesAsync(started))["service"]);
    }
}
