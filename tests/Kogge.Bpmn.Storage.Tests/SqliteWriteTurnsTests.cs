using Kogge.Bpmn.Engine;
using Kogge.Bpmn.Storage;
using Kogge.Bpmn.Tests.TestDoubles;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Kogge.Bpmn.Storage.Tests;

/// <summary>
/// The writers of one SQLite file in one process take turns: the host's EF Core transactions (through the
/// interceptor) and the engine's writer. Each way a transaction ends must end its turn, or every later writer would
/// wait out the patience.
/// </summary>
public sealed class SqliteWriteTurnsTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "kogge-write-turns", Guid.NewGuid().ToString("N"));

    public SqliteWriteTurnsTests() => Directory.CreateDirectory(_directory);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string ConnectionString => $"Data Source={Path.Combine(_directory, "kogge.db")}";

    private async Task<NotesContext> HostAsync(string? connectionString = null)
    {
        var context = new NotesContext(new DbContextOptionsBuilder<NotesContext>()
            .UseSqlite(connectionString ?? ConnectionString).AddInterceptors(new SqliteWriteTurns.Interceptor()).Options);
        await context.Database.EnsureCreatedAsync(Ct);
        await context.Database.OpenConnectionAsync(Ct);
        return context;
    }

    private static bool Free(NotesContext context) => SqliteWriteTurns.IsFree((SqliteConnection)context.Database.GetDbConnection());

    [Fact]
    public async Task Transaction_HoldsTheTurnUntilCommitted()
    {
        await using var host = await HostAsync();

        await using var transaction = await host.Database.BeginTransactionAsync(Ct);
        Assert.False(Free(host));
        host.Notes.Add(new Note { Text = "Antrag eingegangen" });
        await host.SaveChangesAsync(Ct);
        Assert.False(Free(host));
        await transaction.CommitAsync(Ct);

        Assert.True(Free(host));
        Assert.Equal(1, await host.Notes.CountAsync(Ct));
    }

    [Fact]
    public async Task Transaction_RolledBack_EndsTheTurn()
    {
        await using var host = await HostAsync();

        await using (var transaction = await host.Database.BeginTransactionAsync(Ct))
        {
            host.Notes.Add(new Note { Text = "verworfen" });
            await host.SaveChangesAsync(Ct);
            await transaction.RollbackAsync(Ct);
        }

        Assert.True(Free(host));
        Assert.Equal(0, await host.Notes.CountAsync(Ct));
    }

    [Fact]
    public async Task Transaction_DisposedUnfinished_TheNextWriterGetsTheTurn()
    {
        await using var host = await HostAsync();
        await using (await host.Database.BeginTransactionAsync(Ct))
        {
            host.Notes.Add(new Note { Text = "abgebrochen" });
            await host.SaveChangesAsync(Ct);
        }

        host.ChangeTracker.Clear();

        // Nobody was told that the turn is over; the next writer sees it (well within the patience of 10 s).
        await using var next = await host.Database.BeginTransactionAsync(Ct).WaitAsync(TimeSpan.FromSeconds(5), Ct);
        host.Notes.Add(new Note { Text = "neu" });
        await host.SaveChangesAsync(Ct);
        await next.CommitAsync(Ct);

        Assert.True(Free(host));
        Assert.Equal(["neu"], await host.Notes.Select(n => n.Text).ToListAsync(Ct));
    }

    [Fact]
    public async Task SaveChangesOwnTransaction_EndsItsTurn()
    {
        await using var host = await HostAsync();

        host.Notes.AddRange(new Note { Text = "eins" }, new Note { Text = "zwei" });
        await host.SaveChangesAsync(Ct);

        Assert.True(Free(host));
        Assert.Equal(2, await host.Notes.CountAsync(Ct));
    }

    [Fact]
    public async Task Transaction_WaitsForTheTurnBeforeIt_AndBeginsWhenItEnds()
    {
        await using var host = await HostAsync();
        var before = TakeTurn(host);

        var waiting = host.Database.BeginTransactionAsync(Ct);
        await Task.Delay(100, Ct);
        Assert.False(waiting.IsCompleted);
        before.End();

        await using var transaction = await waiting.WaitAsync(TimeSpan.FromSeconds(5), Ct);
        Assert.False(Free(host));
        await transaction.CommitAsync(Ct);
        Assert.True(Free(host));
    }

    [Fact]
    public async Task BeginThatFails_EndsTheTurn()
    {
        // Another process's writer (a connection without turns) holds SQLite's lock; this BEGIN gives up after 1 s.
        await using var host = await HostAsync(ConnectionString + ";Default Timeout=1");
        await using var stranger = new SqliteConnection(ConnectionString);
        await stranger.OpenAsync(Ct);
        await using (var command = stranger.CreateCommand())
        {
            command.CommandText = "BEGIN IMMEDIATE";
            await command.ExecuteNonQueryAsync(Ct);
        }

        await Assert.ThrowsAsync<SqliteException>(() => host.Database.BeginTransactionAsync(Ct));

        Assert.True(Free(host));
    }

    [Fact]
    public async Task EngineWriter_WaitsForTheTurnBeforeIt()
    {
        await using var host = await HostAsync();
        var store = EfEngineStore.ForSqlite(ConnectionString);
        await store.MigrateAsync(Ct);
        var engine = new ProcessEngine(new ProcessEngineOptions { Store = store, Expressions = new TestExpressionLanguage(TimeProvider.System) });
        var model = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Engine", "UserTask.bpmn"));
        await engine.Repository.DeployAsync("test", [new DeploymentResource("UserTask.bpmn", model)], cancellationToken: Ct);
        var before = TakeTurn(host);

        var start = Task.Run(() => engine.Runtime.StartProcessInstanceAsync("userTask", cancellationToken: Ct), Ct);
        await Task.Delay(100, Ct);
        Assert.False(start.IsCompleted);
        before.End();

        var instance = await start.WaitAsync(TimeSpan.FromSeconds(5), Ct);
        Assert.Equal(ProcessInstanceState.Active, instance.State);
        Assert.True(Free(host));
    }

    /// <summary>A turn as another writer of this process holds it, without SQLite's lock.</summary>
    private static SqliteWriteTurns.Turn TakeTurn(NotesContext context) => SqliteWriteTurns.Take((SqliteConnection)context.Database.GetDbConnection())!;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private sealed class NotesContext(DbContextOptions<NotesContext> options) : DbContext(options)
    {
        public DbSet<Note> Notes => Set<Note>();
    }

    private sealed class Note
    {
        public int Id { get; set; }

        public required string Text { get; set; }
    }
}
