using Kogge.Bpmn.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kogge.Bpmn.Storage.Tests;

/// <summary>
/// One database per test class, migrated once and emptied before each test: an SQLite file always, a PostgreSQL
/// database when <c>KOGGE_TEST_POSTGRES</c> holds a server connection string (the database gets a unique name
/// and is dropped afterwards).
/// </summary>
public abstract class TestStoreDatabase : IAsyncLifetime
{
    private static readonly string[] Tables =
    [
        "BpmnDeployments", "BpmnProcessDefinitions", "BpmnProcessInstances", "BpmnElementInstances", "BpmnVariables",
        "BpmnUserTasks", "BpmnJobs", "BpmnEventSubscriptions", "BpmnBufferedMessages", "BpmnIncidents", "BpmnHistoryEvents",
    ];

    public abstract bool Available { get; }

    public abstract EngineStoreProvider Provider { get; }

    protected abstract string ConnectionString { get; }

    /// <summary>The connection string for another process on the same database.</summary>
    public string ConnectionStringForHosts => ConnectionString;

    /// <summary>A new store instance (as another engine node would have) on the class's database.</summary>
    public EfEngineStore NewStore() => Provider == EngineStoreProvider.Sqlite
        ? EfEngineStore.ForSqlite(ConnectionString)
        : EfEngineStore.ForPostgres(ConnectionString);

    public async Task<EfEngineStore> EmptyStoreAsync()
    {
        var store = NewStore();
        await using var context = store.CreateDbContext();
        foreach (var table in Tables)
        {
#pragma warning disable EF1002 // the table names are constants of this class
            await context.Database.ExecuteSqlRawAsync($"DELETE FROM \"{table}\"");
#pragma warning restore EF1002
        }

        return store;
    }

    public virtual async ValueTask InitializeAsync()
    {
        if (Available)
        {
            await NewStore().MigrateAsync(CancellationToken.None);
        }
    }

    public abstract ValueTask DisposeAsync();
}

public sealed class SqliteTestDatabase : TestStoreDatabase
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "kogge-bpmn-store-tests", Guid.NewGuid().ToString("N"));

    public override bool Available => true;

    public override EngineStoreProvider Provider => EngineStoreProvider.Sqlite;

    protected override string ConnectionString => $"Data Source={Path.Combine(_directory, "engine.db")}";

    public override ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        return base.InitializeAsync();
    }

    public override ValueTask DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still open; the temp folder is cleaned by the OS.
        }

        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }
}

public sealed class PostgresTestDatabase : TestStoreDatabase
{
    private static readonly string? Server = Environment.GetEnvironmentVariable("KOGGE_TEST_POSTGRES") is { Length: > 0 } s ? s : null;
    private readonly string _name = "kogge_bpmn_test_" + Guid.NewGuid().ToString("N")[..16];

    public override bool Available => Server is not null;

    public override EngineStoreProvider Provider => EngineStoreProvider.Postgres;

    protected override string ConnectionString => new Npgsql.NpgsqlConnectionStringBuilder(Server) { Database = _name, Pooling = true }.ConnectionString;

    public override async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        if (Server is null)
        {
            return;
        }

        Npgsql.NpgsqlConnection.ClearAllPools();
        await using var connection = new Npgsql.NpgsqlConnection(new Npgsql.NpgsqlConnectionStringBuilder(Server) { Database = "postgres" }.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)";
        await command.ExecuteNonQueryAsync();
    }
}
