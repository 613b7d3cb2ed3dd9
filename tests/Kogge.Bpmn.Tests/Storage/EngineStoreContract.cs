using Kogge.Bpmn.Storage;

namespace Kogge.Bpmn.Tests.Storage;

/// <summary>
/// What every <see cref="IEngineStore"/> must do, whatever keeps the rows: atomic commits, optimistic
/// revisions, copies on read, and the queries of the engine. A store's test class derives from this
/// one (the EF Core store links this file into its own test project).
/// </summary>
public abstract class EngineStoreContract
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected abstract Task<IEngineStore> CreateStoreAsync();

    private async Task<IEngineStore> StoreWithAsync(params StoreRecord[] rows)
    {
        var store = await CreateStoreAsync();
        await using var session = await store.OpenSessionAsync(Ct);
        foreach (var row in rows)
        {
            session.Add(row);
        }

        await session.CommitAsync(Ct);
        return store;
    }

    private static ProcessInstanceRecord Instance(string id) =>
        new() { Id = id, DefinitionId = "p:1", ProcessId = "p", State = ProcessInstanceState.Active, StartedAt = Now };

    private static JobRecord Job(string id, DateTimeOffset due, string? owner = null, DateTimeOffset? lockExpiry = null, int retries = 3, string type = "mail") =>
        new() { Id = id, Kind = JobKind.Task, JobType = type, ProcessInstanceId = "i1", DefinitionId = "p:1", ElementId = "t", DueDate = due, LockOwner = owner, LockExpiresAt = lockExpiry, Retries = retries, CreatedAt = Now };

    [Fact]
    public async Task Commit_AddedRow_IsReadByLaterSessionsWithRevisionOne()
    {
        var store = await StoreWithAsync(Instance("i1"));

        await using var session = await store.OpenSessionAsync(Ct);
        var row = await session.FindAsync<ProcessInstanceRecord>("i1", Ct);

        Assert.NotNull(row);
        Assert.Equal(1, row.Revision);
        Assert.Equal("p", row.ProcessId);
    }

    [Fact]
    public async Task Commit_StaleUpdate_ConflictsAndWritesNothingOfTheSession()
    {
        var store = await StoreWithAsync(Instance("i1"));
        await using var first = await store.OpenSessionAsync(Ct);
        await using var second = await store.OpenSessionAsync(Ct);
        var mine = (await first.FindAsync<ProcessInstanceRecord>("i1", Ct))!;
        var theirs = (await second.FindAsync<ProcessInstanceRecord>("i1", Ct))!;
        theirs.BusinessKey = "theirs";
        second.Update(theirs);
        await second.CommitAsync(Ct);

        mine.BusinessKey = "mine";
        first.Update(mine);
        first.Add(Instance("i2"));

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => first.CommitAsync(Ct));
        await using var check = await store.OpenSessionAsync(Ct);
        Assert.Equal("theirs", (await check.FindAsync<ProcessInstanceRecord>("i1", Ct))!.BusinessKey);
        Assert.Null(await check.FindAsync<ProcessInstanceRecord>("i2", Ct));
    }

    [Fact]
    public async Task Commit_AddingAnExistingId_Conflicts()
    {
        var store = await StoreWithAsync(Instance("i1"));
        await using var session = await store.OpenSessionAsync(Ct);

        session.Add(Instance("i1"));

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => session.CommitAsync(Ct));
    }

    [Fact]
    public async Task Commit_RemovingARowChangedMeanwhile_Conflicts()
    {
        var store = await StoreWithAsync(Instance("i1"));
        await using var first = await store.OpenSessionAsync(Ct);
        await using var second = await store.OpenSessionAsync(Ct);
        var stale = (await first.FindAsync<ProcessInstanceRecord>("i1", Ct))!;
        var fresh = (await second.FindAsync<ProcessInstanceRecord>("i1", Ct))!;
        fresh.State = ProcessInstanceState.Completed;
        second.Update(fresh);
        await second.CommitAsync(Ct);

        first.Remove(stale);

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => first.CommitAsync(Ct));
    }

    [Fact]
    public async Task Find_ChangedCopyNotCommitted_IsInvisibleToOthers()
    {
        var store = await StoreWithAsync(Instance("i1"));
        await using var session = await store.OpenSessionAsync(Ct);
        var row = (await session.FindAsync<ProcessInstanceRecord>("i1", Ct))!;

        row.BusinessKey = "changed";

        await using var other = await store.OpenSessionAsync(Ct);
        Assert.Null((await other.FindAsync<ProcessInstanceRecord>("i1", Ct))!.BusinessKey);
    }

    [Fact]
    public async Task ListAcquirableJobs_SkipsNotDueLiveLockedExhaustedAndOtherTypes()
    {
        var store = await StoreWithAsync(
            Job("due", Now.AddMinutes(-1)),
            Job("later", Now.AddMinutes(1)),
            Job("locked", Now.AddMinutes(-1), "node-b", Now.AddMinutes(4)),
            Job("expiredLock", Now.AddMinutes(-2), "node-b", Now.AddMinutes(-1)),
            Job("exhausted", Now.AddMinutes(-1), retries: 0),
            Job("otherType", Now.AddMinutes(-1), type: "print"));
        await using var session = await store.OpenSessionAsync(Ct);

        var jobs = await session.ListAcquirableJobsAsync(Now, JobKind.Task, "mail", 10, Ct);

        Assert.Equal(["expiredLock", "due"], jobs.Select(j => j.Id));
    }

    [Fact]
    public async Task ListSubscriptions_Message_MatchesNameAndKeyPlusStartEvents()
    {
        EventSubscriptionRecord Subscription(string id, string? instance, string? key, string name = "Paid") => new()
        {
            Id = id,
            Kind = SubscriptionKind.Message,
            EventName = name,
            CorrelationKey = key,
            ProcessInstanceId = instance,
            DefinitionId = "p:1",
            ElementId = "e",
            CreatedAt = Now,
        };
        var store = await StoreWithAsync(
            Subscription("match", "i1", "K1"),
            Subscription("otherKey", "i2", "K2"),
            Subscription("otherName", "i3", "K1", "Withdrawn"),
            Subscription("start", null, null));
        await using var session = await store.OpenSessionAsync(Ct);

        var found = await session.ListSubscriptionsAsync(SubscriptionKind.Message, "Paid", "K1", null, Ct);

        Assert.Equal(["match", "start"], found.Select(s => s.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task QueryTasks_CandidateGroup_ReturnsOnlyUnassignedTasksOfThatGroup()
    {
        UserTaskRecord Task(string id, string? assignee, string groups) => new()
        {
            Id = id,
            ProcessInstanceId = "i1",
            ElementInstanceId = id,
            ElementId = "t",
            Assignee = assignee,
            CandidateGroups = groups,
            CreatedAt = Now,
        };
        var store = await StoreWithAsync(Task("open", null, "registry,permits"), Task("claimed", "anna", "permits"), Task("elsewhere", null, "finance"));
        await using var session = await store.OpenSessionAsync(Ct);

        var inbox = await session.QueryTasksAsync(new TaskQuery { CandidateGroup = "permits" }, Ct);

        Assert.Equal("open", Assert.Single(inbox).Id);
    }

    [Fact]
    public async Task ListBufferedMessages_ExpiredOnes_AreLeftOut()
    {
        BufferedMessageRecord Message(string id, DateTimeOffset expires) => new() { Id = id, Name = "Paid", CorrelationKey = "K", PublishedAt = Now.AddHours(-1), ExpiresAt = expires };
        var store = await StoreWithAsync(Message("alive", Now.AddMinutes(1)), Message("expired", Now.AddMinutes(-1)));
        await using var session = await store.OpenSessionAsync(Ct);

        var messages = await session.ListBufferedMessagesAsync("Paid", "K", Now, null, Ct);

        Assert.Equal("alive", Assert.Single(messages).Id);
    }

    [Fact]
    public async Task ListByInstance_ReturnsRowsOfThatInstanceOnly()
    {
        VariableRecord Variable(string id, string instance) => new() { Id = id, ProcessInstanceId = instance, ScopeId = instance, Name = id, Json = "1" };
        var store = await StoreWithAsync(Variable("a", "i1"), Variable("b", "i1"), Variable("c", "i2"));
        await using var session = await store.OpenSessionAsync(Ct);

        var rows = await session.ListByInstanceAsync<VariableRecord>("i1", Ct);

        Assert.Equal(["a", "b"], rows.Select(r => r.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task LoadInstance_ReturnsTheInstanceWithAllItsRowsAndEveryValueAsWritten()
    {
        var due = new DateTimeOffset(2026, 3, 2, 9, 30, 15, 123, TimeSpan.FromHours(2));
        var instance = Instance("i1");
        instance.BusinessKey = "A-17";
        instance.EndedAt = due;
        var store = await StoreWithAsync(
            instance,
            Instance("i2"),
            new ElementInstanceRecord { Id = "e1", ProcessInstanceId = "i1", ElementId = "check", State = ElementInstanceState.WaitingAtJoin, IsMultiInstanceBody = true, Counter = 3, CompletedCount = 2, StartedAt = Now },
            new ElementInstanceRecord { Id = "e2", ProcessInstanceId = "i2", ElementId = "check", StartedAt = Now },
            new VariableRecord { Id = "v1", ProcessInstanceId = "i1", ScopeId = "i1", Name = "amount", Json = "1500" },
            new UserTaskRecord { Id = "t1", ProcessInstanceId = "i1", ElementInstanceId = "e1", ElementId = "check", CandidateGroups = "registry", DueDate = due, CreatedAt = Now },
            Job("j1", due, owner: "node-a", lockExpiry: due, retries: 2),
            new EventSubscriptionRecord { Id = "s1", Kind = SubscriptionKind.Message, EventName = "paid", CorrelationKey = "A-17", ProcessInstanceId = "i1", DefinitionId = "p:1", ElementId = "wait", CreatedAt = Now },
            new IncidentRecord { Id = "n1", ProcessInstanceId = "i1", ElementId = "check", Type = "failedJob", Message = "down", CreatedAt = Now });
        await using var session = await store.OpenSessionAsync(Ct);

        var rows = await session.LoadInstanceAsync("i1", Ct);

        Assert.NotNull(rows);
        Assert.Equal(("A-17", 1, due), (rows.Instance.BusinessKey, rows.Instance.Revision, rows.Instance.EndedAt));
        var element = Assert.Single(rows.Elements);
        Assert.Equal(("e1", ElementInstanceState.WaitingAtJoin, true, 3, 2, Now), (element.Id, element.State, element.IsMultiInstanceBody, element.Counter, element.CompletedCount, element.StartedAt));
        Assert.Equal("1500", Assert.Single(rows.Variables).Json);
        var task = Assert.Single(rows.Tasks);
        Assert.Equal(("registry", due, (string?)null), (task.CandidateGroups, task.DueDate, task.Assignee));
        var job = Assert.Single(rows.Jobs);
        Assert.Equal((JobKind.Task, "node-a", due, 2), (job.Kind, job.LockOwner, job.LockExpiresAt, job.Retries));
        Assert.Equal((SubscriptionKind.Message, "A-17"), (Assert.Single(rows.Subscriptions).Kind, rows.Subscriptions[0].CorrelationKey));
        Assert.Equal("down", Assert.Single(rows.Incidents).Message);
        Assert.Null(await session.LoadInstanceAsync("missing", Ct));
    }

    [Fact]
    public async Task FindLatestDefinitionId_HighestVersionOfThatProcessAndTenant()
    {
        ProcessDefinitionRecord Definition(string id, string processId, int version, string? tenant) =>
            new() { Id = id, ProcessId = processId, Version = version, TenantId = tenant, DeploymentId = "d", ResourceName = "p.bpmn", Xml = "<x/>", ContentHash = id, DeployedAt = Now };
        var store = await StoreWithAsync(Definition("p:1", "p", 1, null), Definition("p:3", "p", 3, null), Definition("p:2", "p", 2, null),
            Definition("p:9", "p", 9, "rostock"), Definition("q:5", "q", 5, null));
        await using var session = await store.OpenSessionAsync(Ct);

        Assert.Equal("p:3", await session.FindLatestDefinitionIdAsync("p", null, Ct));
        Assert.Equal("p:9", await session.FindLatestDefinitionIdAsync("p", "rostock", Ct));
        Assert.Null(await session.FindLatestDefinitionIdAsync("p", "luebeck", Ct));
        Assert.Null(await session.FindLatestDefinitionIdAsync("missing", null, Ct));
    }

    [Fact]
    public async Task ListHistory_ReturnsEventsInTheOrderTheyWereWritten()
    {
        var store = await CreateStoreAsync();
        foreach (var kind in new[] { "first", "second", "third" })
        {
            await using var session = await store.OpenSessionAsync(Ct);
            session.Add(new HistoryEventRecord { Id = Guid.NewGuid().ToString("N"), Kind = kind, ProcessInstanceId = "i1", Timestamp = Now });
            await session.CommitAsync(Ct);
        }

        await using var read = await store.OpenSessionAsync(Ct);
        Assert.Equal(["first", "second", "third"], (await read.ListHistoryAsync("i1", Ct)).Select(h => h.Kind));
    }

    [Fact]
    public async Task ListHistory_InterleavedInstances_EachInstanceAndAllInWriteOrderWithTheirIds()
    {
        var store = await CreateStoreAsync();
        var written = new List<HistoryEventRecord>();
        for (var i = 0; i < 5; i++)
        {
            await using var session = await store.OpenSessionAsync(Ct);
            foreach (var instance in new[] { "a", "b", null })
            {
                // The engine's ids are 32 lowercase hex digits; other ids are kept as they are.
                var history = new HistoryEventRecord
                {
                    Id = i % 2 == 0 ? Guid.NewGuid().ToString("N") : $"H-{i}-{instance ?? "none"}",
                    Kind = $"{instance}{i}",
                    ProcessInstanceId = instance,
                    ElementInstanceId = $"e{i}",
                    Details = "amount",
                    Timestamp = Now.AddMinutes(i),
                };
                session.Add(history);
                written.Add(history);
            }

            await session.CommitAsync(Ct);
        }

        await using var read = await store.OpenSessionAsync(Ct);
        var all = await read.ListHistoryAsync(null, Ct);
        var ofA = await read.ListHistoryAsync("a", Ct);
        var found = await read.FindAsync<HistoryEventRecord>(written[6].Id, Ct);

        Assert.Equal(written.Select(h => h.Id), all.Select(h => h.Id));
        Assert.Equal(all.Select(h => h.Sequence).Order(), all.Select(h => h.Sequence));
        Assert.Equal(15, all.Select(h => h.Sequence).Distinct().Count());
        Assert.Equal(written.Where(h => h.ProcessInstanceId == "a").Select(h => (h.Id, h.Kind, h.Timestamp, h.ElementInstanceId)),
            ofA.Select(h => (h.Id, h.Kind, h.Timestamp, h.ElementInstanceId)));
        Assert.Equal(["b0", "b1", "b2", "b3", "b4"], (await read.ListHistoryAsync("b", Ct)).Select(h => h.Kind));
        Assert.Equal(written[6].Id, found?.Id);
        Assert.Equal("a2", found?.Kind);
        Assert.Empty(await read.ListHistoryAsync("c", Ct));
    }
}

public sealed class InMemoryEngineStoreTests : EngineStoreContract
{
    protected override Task<IEngineStore> CreateStoreAsync() => Task.FromResult<IEngineStore>(new InMemoryEngineStore());
}
