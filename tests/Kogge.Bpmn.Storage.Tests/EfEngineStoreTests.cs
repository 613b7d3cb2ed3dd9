using System.Collections.Concurrent;
using Kogge.Bpmn.Storage;
using Kogge.Bpmn.Tests.Storage;

namespace Kogge.Bpmn.Storage.Tests;

/// <summary>The store contract plus what only a shared database shows: several nodes on one database.</summary>
public abstract class EfEngineStoreTests(TestStoreDatabase database) : EngineStoreContract
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected override async Task<IEngineStore> CreateStoreAsync()
    {
        Assert.SkipUnless(database.Available, "KOGGE_TEST_POSTGRES is not set.");
        return await database.EmptyStoreAsync();
    }

    [Fact]
    public async Task AcquireJobs_TwoNodesClaim200DueJobsConcurrently_EachJobIsClaimedExactlyOnce()
    {
        var seed = await CreateStoreAsync();
        await using (var session = await seed.OpenSessionAsync(Ct))
        {
            for (var i = 0; i < 200; i++)
            {
                session.Add(new JobRecord
                {
                    Id = $"job-{i:D3}",
                    Kind = JobKind.Task,
                    JobType = "mail",
                    ProcessInstanceId = $"i{i}",
                    DefinitionId = "p:1",
                    ElementId = "t",
                    DueDate = Now.AddSeconds(-i),
                    CreatedAt = Now.AddMinutes(-10),
                });
            }

            await session.CommitAsync(Ct);
        }

        var claims = new ConcurrentBag<(string Node, string JobId)>();
        var conflicts = 0;

        async Task RunNodeAsync(string node)
        {
            var store = database.NewStore();
            var idleRounds = 0;
            while (idleRounds < 3)
            {
                await using var session = await store.OpenSessionAsync(Ct);
                var jobs = await session.ListAcquirableJobsAsync(Now, JobKind.Task, "mail", 7, Ct);
                if (jobs.Count == 0)
                {
                    idleRounds++;
                    await Task.Delay(20, Ct);
                    continue;
                }

                idleRounds = 0;
                foreach (var job in jobs)
                {
                    job.LockOwner = node;
                    job.LockExpiresAt = Now.AddMinutes(5);
                    session.Update(job);
                }

                try
                {
                    await session.CommitAsync(Ct);
                    foreach (var job in jobs)
                    {
                        claims.Add((node, job.Id));
                    }
                }
                catch (ConcurrencyConflictException)
                {
                    Interlocked.Increment(ref conflicts);
                }
            }
        }

        await Task.WhenAll(Task.Run(() => RunNodeAsync("node-a"), Ct), Task.Run(() => RunNodeAsync("node-b"), Ct));

        Assert.Equal(200, claims.Count);
        Assert.Equal(200, claims.Select(c => c.JobId).Distinct().Count());
        await using var check = await database.NewStore().OpenSessionAsync(Ct);
        Assert.Empty(await check.ListAcquirableJobsAsync(Now, JobKind.Task, "mail", 500, Ct));
        foreach (var (node, jobId) in claims)
        {
            Assert.Equal(node, (await check.FindAsync<JobRecord>(jobId, Ct))!.LockOwner);
        }

        TestContext.Current.SendDiagnosticMessage($"{database.Provider}: a={claims.Count(c => c.Node == "node-a")} b={claims.Count(c => c.Node == "node-b")} conflicts={conflicts}");
    }

    [Fact]
    public async Task Commit_UpdatedTwiceInOneSession_WritesTheLastValuesAndOneRevision()
    {
        var store = await CreateStoreAsync();
        await using (var seed = await store.OpenSessionAsync(Ct))
        {
            seed.Add(new ProcessInstanceRecord { Id = "i1", DefinitionId = "p:1", ProcessId = "p", StartedAt = Now });
            await seed.CommitAsync(Ct);
        }

        await using (var session = await store.OpenSessionAsync(Ct))
        {
            var row = (await session.FindAsync<ProcessInstanceRecord>("i1", Ct))!;
            row.BusinessKey = "first";
            session.Update(row);
            row.BusinessKey = "second";
            session.Update(row);
            await session.CommitAsync(Ct);
            Assert.Equal(2, row.Revision);
        }

        await using var check = await store.OpenSessionAsync(Ct);
        var stored = (await check.FindAsync<ProcessInstanceRecord>("i1", Ct))!;
        Assert.Equal(("second", 2), (stored.BusinessKey, stored.Revision));
    }

    [Fact]
    public async Task Commit_ManySessionsAtOnce_ShareTransactionsAndEachGetsItsRevisionAndSequence()
    {
        var store = (EfEngineStore)await CreateStoreAsync();
        var before = store.Committer.Counts;

        var written = await Task.WhenAll(Enumerable.Range(0, 32).Select(i => Task.Run(async () =>
        {
            await using var session = await store.OpenSessionAsync(Ct);
            var instance = new ProcessInstanceRecord { Id = $"i{i:D2}", DefinitionId = "p:1", ProcessId = "p", StartedAt = Now };
            var history = new HistoryEventRecord { Id = $"h{i:D2}", Kind = "started", ProcessInstanceId = instance.Id, Timestamp = Now };
            session.Add(instance);
            session.Add(history);
            await session.CommitAsync(Ct);
            return (instance, history);
        }, Ct)));

        var after = store.Committer.Counts;
        Assert.Equal(32, after.Sessions - before.Sessions);
        Assert.True(after.Transactions - before.Transactions < 32, $"{after.Transactions - before.Transactions} transactions for 32 sessions");
        Assert.All(written, w => Assert.Equal(1, w.instance.Revision));
        Assert.Equal(32, written.Select(w => w.history.Sequence).Where(s => s > 0).Distinct().Count());
        await using var check = await store.OpenSessionAsync(Ct);
        Assert.Equal(32, (await check.ListHistoryAsync(null, Ct)).Count);
    }

    [Fact]
    public async Task Commit_SessionsOf280Shapes_EveryRowWrittenAndHistoryNumberedInOrder()
    {
        // Session k inserts k history events and k variables: 280 statements of different text, more than SQLite's
        // writer keeps prepared.
        var store = await CreateStoreAsync();
        var history = new List<HistoryEventRecord>();
        for (var k = 1; k <= 140; k++)
        {
            await using var session = await store.OpenSessionAsync(Ct);
            var instance = $"i{k:D3}";
            var events = Enumerable.Range(0, k)
                .Select(i => new HistoryEventRecord { Id = $"h{k:D3}-{i:D3}", Kind = "variable", ProcessInstanceId = instance, Timestamp = Now, Actor = i % 2 == 0 ? null : "clerk" })
                .ToList();
            events.ForEach(session.Add);
            for (var i = 0; i < k; i++)
            {
                session.Add(new VariableRecord { Id = $"v{k:D3}-{i:D3}", ProcessInstanceId = instance, ScopeId = instance, Name = $"n{i}", Json = $"{i}" });
            }

            await session.CommitAsync(Ct);
            history.AddRange(events);
        }

        Assert.Equal(9_870, history.Count);
        Assert.Equal(history.Select(h => h.Sequence).Order(), history.Select(h => h.Sequence));
        Assert.Equal(history.Count, history.Select(h => h.Sequence).Distinct().Count());
        await using var check = await store.OpenSessionAsync(Ct);
        var stored = await check.ListHistoryAsync(null, Ct);
        Assert.Equal(history.Select(h => (h.Id, h.Actor)), stored.Select(h => (h.Id, h.Actor)));
        var variables = await check.ListByInstanceAsync<VariableRecord>("i140", Ct);
        Assert.Equal(Enumerable.Range(0, 140).Select(i => ($"v140-{i:D3}", $"{i}")), variables.Select(v => (v.Id, v.Json)));
    }

    [Fact]
    public async Task Commit_StaleSessionAmongConcurrentOnes_OnlyItConflictsAndTheOthersAreWritten()
    {
        var store = await CreateStoreAsync();
        await using (var seed = await store.OpenSessionAsync(Ct))
        {
            seed.Add(new ProcessInstanceRecord { Id = "shared", DefinitionId = "p:1", ProcessId = "p", StartedAt = Now });
            await seed.CommitAsync(Ct);
        }

        await using var stale = await store.OpenSessionAsync(Ct);
        var staleRow = (await stale.FindAsync<ProcessInstanceRecord>("shared", Ct))!;
        await using (var first = await store.OpenSessionAsync(Ct))
        {
            var row = (await first.FindAsync<ProcessInstanceRecord>("shared", Ct))!;
            row.BusinessKey = "first";
            first.Update(row);
            await first.CommitAsync(Ct);
        }

        staleRow.BusinessKey = "stale";
        stale.Update(staleRow);
        stale.Add(new VariableRecord { Id = "stale-variable", ProcessInstanceId = "shared", ScopeId = "shared", Name = "x", Json = "1" });
        var others = Enumerable.Range(0, 31).Select(i => Task.Run(async () =>
        {
            await using var session = await store.OpenSessionAsync(Ct);
            session.Add(new VariableRecord { Id = $"v{i:D2}", ProcessInstanceId = "shared", ScopeId = "shared", Name = $"n{i}", Json = "1" });
            await session.CommitAsync(Ct);
        }, Ct)).ToList();
        var staleCommit = Task.Run(() => stale.CommitAsync(Ct), Ct);

        await Task.WhenAll(others);
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => staleCommit);
        await using var check = await store.OpenSessionAsync(Ct);
        var variables = await check.ListByInstanceAsync<VariableRecord>("shared", Ct);
        Assert.Equal(31, variables.Count);
        Assert.DoesNotContain(variables, v => v.Id == "stale-variable");
        var shared = (await check.FindAsync<ProcessInstanceRecord>("shared", Ct))!;
        Assert.Equal(("first", 2), (shared.BusinessKey, shared.Revision));
    }

    [Fact]
    public async Task Commit_TimestampsWithOffset_ComeBackAsTheSameInstant()
    {
        var store = await CreateStoreAsync();
        var local = new DateTimeOffset(2026, 3, 2, 9, 30, 0, TimeSpan.FromHours(1));
        await using (var session = await store.OpenSessionAsync(Ct))
        {
            session.Add(new UserTaskRecord { Id = "t1", ProcessInstanceId = "i1", ElementInstanceId = "e1", ElementId = "t", DueDate = local, CreatedAt = Now });
            await session.CommitAsync(Ct);
        }

        await using var check = await store.OpenSessionAsync(Ct);
        Assert.Equal(local.UtcDateTime, (await check.FindAsync<UserTaskRecord>("t1", Ct))!.DueDate!.Value.UtcDateTime);
    }
}

public sealed class SqliteEfEngineStoreTests(SqliteTestDatabase database) : EfEngineStoreTests(database), IClassFixture<SqliteTestDatabase>;

public sealed class PostgresEfEngineStoreTests(PostgresTestDatabase database) : EfEngineStoreTests(database), IClassFixture<PostgresTestDatabase>;
