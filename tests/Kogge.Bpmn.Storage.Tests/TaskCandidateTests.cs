using Microsoft.EntityFrameworkCore;

namespace Kogge.Bpmn.Storage.Tests;

/// <summary>The database keeps one candidate row per group and user of each open task, whoever writes the task.</summary>
public abstract class TaskCandidateTests(TestStoreDatabase database)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<EfEngineStore> StoreAsync()
    {
        Assert.SkipUnless(database.Available, "KOGGE_TEST_POSTGRES is not set.");
        return await database.EmptyStoreAsync();
    }

    private static UserTaskRecord Task(string id, string? groups, string? users) => new()
    {
        Id = id,
        ProcessInstanceId = "i-" + id,
        ElementInstanceId = "e-" + id,
        ElementId = "review",
        TenantId = "t1",
        CandidateGroups = groups,
        CandidateUsers = users,
        CreatedAt = new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero),
    };

    private static async Task<List<string>> CandidatesAsync(EfEngineStore store, string taskId)
    {
        await using var db = store.CreateDbContext();
        var rows = await db.Set<TaskCandidate>().AsNoTracking().Where(c => c.TaskId == taskId).ToListAsync(Ct);
        return [.. rows.Select(c => $"{c.TenantId}/{c.Kind}:{c.Name}").Order(StringComparer.Ordinal)];
    }

    [Fact]
    public async Task InsertedTask_CommaSeparatedLists_OneTrimmedRowPerEntry()
    {
        var store = await StoreAsync();
        await using (var session = await store.OpenSessionAsync(Ct))
        {
            session.Add(Task("a", " permits, registry ,,permits,\tabc \"quoted\" \\x", "u1"));
            session.Add(Task("b", null, null));
            await session.CommitAsync(Ct);
        }

        Assert.Equal(["t1/group:abc \"quoted\" \\x", "t1/group:permits", "t1/group:registry", "t1/user:u1"], await CandidatesAsync(store, "a"));
        Assert.Empty(await CandidatesAsync(store, "b"));
    }

    [Fact]
    public async Task UpdatedAndRemovedTask_RowsFollow()
    {
        var store = await StoreAsync();
        var task = Task("c", "permits", null);
        await using (var session = await store.OpenSessionAsync(Ct))
        {
            session.Add(task);
            await session.CommitAsync(Ct);
        }

        await using (var session = await store.OpenSessionAsync(Ct))
        {
            task.CandidateGroups = "registry";
            task.CandidateUsers = "u2, u3";
            session.Update(task);
            await session.CommitAsync(Ct);
        }

        Assert.Equal(["t1/group:registry", "t1/user:u2", "t1/user:u3"], await CandidatesAsync(store, "c"));

        await using (var session = await store.OpenSessionAsync(Ct))
        {
            task.Assignee = "u2";
            session.Update(task);
            await session.CommitAsync(Ct);
        }

        Assert.Equal(3, (await CandidatesAsync(store, "c")).Count);

        await using (var session = await store.OpenSessionAsync(Ct))
        {
            session.Remove(task);
            await session.CommitAsync(Ct);
        }

        Assert.Empty(await CandidatesAsync(store, "c"));
    }
}

public sealed class SqliteTaskCandidateTests(SqliteTestDatabase database) : TaskCandidateTests(database), IClassFixture<SqliteTestDatabase>;

public sealed class PostgresTaskCandidateTests(PostgresTestDatabase database) : TaskCandidateTests(database), IClassFixture<PostgresTestDatabase>;
