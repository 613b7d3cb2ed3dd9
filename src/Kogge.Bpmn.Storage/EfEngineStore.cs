using System.Data.Common;
using Kogge.Bpmn.Storage.EntityFramework;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Npgsql;

namespace Kogge.Bpmn.Storage;

/// <summary>The database a <see cref="EfEngineStore"/> keeps its rows in.</summary>
public enum EngineStoreProvider
{
    /// <summary>An SQLite file.</summary>
    Sqlite,

    /// <summary>A PostgreSQL database.</summary>
    Postgres,
}

/// <summary>
/// The engine store in SQLite or PostgreSQL through EF Core. Each session is one <see cref="BpmnStoreDbContext"/>;
/// its commit is one transaction, every update and delete checks the revision read, and a conflict surfaces as
/// <see cref="ConcurrencyConflictException"/> so that the engine retries the command. Sessions committing at the
/// same time share one transaction (<see cref="GroupCommitter"/>), each still all or nothing. Several engine nodes may
/// share one database: job acquisition takes rows with <c>FOR UPDATE SKIP LOCKED</c> on PostgreSQL and claims
/// them with the conditional (revision-checked) UPDATE on SQLite.
/// </summary>
public sealed class EfEngineStore : IEngineStore
{
    // One job signal per database and process, shared by every store on it: a job one store writes wakes the
    // executors of the others (several engines in one process, as in tests and the benchmark).
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, JobSignal> Signals = new(StringComparer.Ordinal);

    private readonly Func<BpmnStoreDbContext> _createContext;
    private readonly GroupCommitter _committer;

    private EfEngineStore(EngineStoreProvider provider, Func<BpmnStoreDbContext> createContext, GroupCommitter committer, string connectionString)
    {
        Provider = provider;
        _createContext = createContext;
        _committer = committer;
        JobSignal = Signals.GetOrAdd(connectionString, _ => new JobSignal());
    }

    /// <inheritdoc />
    public JobSignal JobSignal { get; }

    /// <summary>Writes the sessions' commits, several in one transaction when they come at the same time.</summary>
    internal GroupCommitter Committer => _committer;

    /// <summary>Which database the store uses.</summary>
    public EngineStoreProvider Provider { get; }

    /// <summary>A store in the SQLite file of <paramref name="connectionString"/>.</summary>
    public static EfEngineStore ForSqlite(string connectionString)
    {
        var options = new DbContextOptionsBuilder<SqliteBpmnStoreDbContext>()
            .UseSqlite(connectionString)
            .AddInterceptors(new SqlitePragmas())
            .Options;
        var contexts = new PooledDbContextFactory<SqliteBpmnStoreDbContext>(options);
        return new EfEngineStore(EngineStoreProvider.Sqlite, contexts.CreateDbContext, GroupCommitter.For(EngineStoreProvider.Sqlite, connectionString, contexts.CreateDbContext), connectionString);
    }

    /// <summary>Whether the connection string itself names one of <paramref name="keywords"/> (Npgsql's builder knows every keyword, set or not).</summary>
    private static bool Sets(string connectionString, params string[] keywords)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        return keywords.Any(given.ContainsKey);
    }

    /// <summary>A store in the PostgreSQL database of <paramref name="connectionString"/>.</summary>
    /// <remarks>
    /// Unless the connection string says otherwise (<c>Max Auto Prepare</c>, <c>No Reset On Close</c>), Npgsql
    /// prepares the statements a connection runs repeatedly, so that PostgreSQL parses and plans each of them once per
    /// connection, and a connection returns to the pool without a reset.
    /// </remarks>
    public static EfEngineStore ForPostgres(string connectionString)
    {
        var connection = new NpgsqlConnectionStringBuilder(connectionString);
        if (!Sets(connectionString, "Max Auto Prepare", "MaxAutoPrepare"))
        {
            connection.MaxAutoPrepare = 64;
            connection.AutoPrepareMinUsages = 2;
        }

        // The engine changes no session state (no SET, advisory lock, LISTEN or temporary table), so a connection
        // going back to the pool needs no reset: without this, Npgsql sends seven reset statements with the next
        // command on every connection taken from the pool (it cannot use DISCARD ALL with prepared statements).
        if (!Sets(connectionString, "No Reset On Close", "NoResetOnClose"))
        {
            connection.NoResetOnClose = true;
        }

        // Its own pool (the connection string differs from the host's): bounded, so that host and engine together
        // stay below PostgreSQL's default max_connections of 100.
        if (!Sets(connectionString, "Maximum Pool Size", "Max Pool Size", "MaxPoolSize"))
        {
            connection.MaxPoolSize = 30;
        }

        var options = new DbContextOptionsBuilder<PostgresBpmnStoreDbContext>()
            .UseNpgsql(connection.ConnectionString)
            .Options;
        var contexts = new PooledDbContextFactory<PostgresBpmnStoreDbContext>(options);
        return new EfEngineStore(EngineStoreProvider.Postgres, contexts.CreateDbContext, GroupCommitter.For(EngineStoreProvider.Postgres, connectionString, contexts.CreateDbContext), connectionString);
    }

    /// <summary>Creates or upgrades the engine's tables with the provider's migrations.</summary>
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var context = _createContext();
        await context.Database.MigrateAsync(cancellationToken);
    }

    /// <summary>A context of the store, for maintenance and tests.</summary>
    public BpmnStoreDbContext CreateDbContext() => _createContext();

    /// <inheritdoc />
    public Task<IEngineSession> OpenSessionAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IEngineSession>(new EfEngineSession(_createContext(), Provider, _committer, JobSignal));

    /// <summary>Per SQLite connection: WAL, flushed commits, and writers that wait for each other instead of failing.</summary>
    internal const string SqliteSettings = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=10000;";

    private sealed class SqlitePragmas : DbConnectionInterceptor
    {
        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
        {
            using var command = connection.CreateCommand();
            command.CommandText = SqliteSettings;
            command.ExecuteNonQuery();
        }

        public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = SqliteSettings;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Whether a failed write lost a race the engine settles by running the command again: a PostgreSQL deadlock or
    /// serialization failure (one transaction is chosen as victim and rolled back), or an SQLite database that
    /// stayed locked by another writer beyond the busy timeout.
    /// </summary>
    internal static bool IsTransientConflict(Exception exception) => (exception is DbUpdateException { InnerException: { } inner } ? inner : exception) switch
    {
        PostgresException pg => pg.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure,
        SqliteException sqlite => sqlite.SqliteErrorCode is 5 or 6, // SQLITE_BUSY, SQLITE_LOCKED
        _ => false,
    };

    /// <summary>Whether a failed insert hit an existing key.</summary>
    internal static bool IsDuplicateKey(Exception exception) => (exception is DbUpdateException { InnerException: { } inner } ? inner : exception) switch
    {
        PostgresException pg => pg.SqlState == PostgresErrorCodes.UniqueViolation,
        SqliteException sqlite => sqlite.SqliteErrorCode == 19, // SQLITE_CONSTRAINT (primary key, unique)
        _ => false,
    };
}
