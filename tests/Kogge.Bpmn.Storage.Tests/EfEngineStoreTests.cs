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
