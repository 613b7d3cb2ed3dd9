using System.Data.Common;
using Kogge.Cli;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Kogge.Cli.Tests.Infrastructure;

/// <summary>
/// A new, empty database for the commands under test: a SQLite file in a temporary folder, or, when
/// <c>KOGGE_TEST_POSTGRES</c> holds a server connection string (without a database name), a uniquely named
/// PostgreSQL database that <c>db migrate</c> creates and <see cref="DisposeAsync"/> drops.
/// </summary>
public class CliDatabase : IAsyncLifetime
{
    private readonly string? _directory;
    private readonly string? _postgresName;

    public CliDatabase()
    {
        if (PostgresServer is { } server)
        {
            _postgresName = "kogge_cli_test_" + Guid.NewGuid().ToString("N")[..16];
            ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = _postgresName }.ConnectionString;
        }
        else
        {
            _directory = Path.Combine(Path.GetTempPath(), "kogge-cli-tests", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(_directory);
            ConnectionString = $"Data Source={Path.Combine(_directory, "kogge.db")}";
        }
    }

    public static string? PostgresServer =>
        Environment.GetEnvironmentVariable("KOGGE_TEST_POSTGRES") is { Length: > 0 } server ? server : null;

    public static bool IsPostgres => PostgresServer is not null;

    public static string Provider => IsPostgres ? "Postgres" : "Sqlite";

    public string ConnectionString { get; }

    /// <summary>Runs <c>kogge</c> in-process against this database.</summary>
    public Task<CliRun> RunAsync(params string[] args) => RunWithInputAsync("", args);

    public Task<CliRun> RunWithInputAsync(string standardInput, params string[] args) =>
        CliRun.RunAsync(standardInput, [.. args, "--database", Provider, "--connection-string", ConnectionString]);

    /// <summary>Raw SQL, past the platform: how an attacker with database access would change a row.</summary>
    public async Task<int> ExecuteAsync(string sql)
    {
        await using var connection = Open();
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }

    public async Task<List<object?[]>> QueryAsync(string sql)
    {
        await using var connection = Open();
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        var rows = new List<object?[]>();
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    public virtual ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_postgresName is not null && PostgresServer is { } server)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Database = "postgres" }.ConnectionString);
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = $"DROP DATABASE IF EXISTS \"{_postgresName}\" WITH (FORCE)";
            await command.ExecuteNonQueryAsync();
        }

        if (_directory is not null)
        {
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(_directory, recursive: true);
            }
            catch (IOException)
            {
                // A file still open elsewhere; the temporary folder is cleaned by the OS.
            }
        }

        GC.SuppressFinalize(this);
    }

    private DbConnection Open() => IsPostgres ? new NpgsqlConnection(ConnectionString) : new SqliteConnection(ConnectionString);
}

/// <summary>A database that <c>kogge db migrate</c> has prepared, shared by the tests of one class.</summary>
public sealed class MigratedDatabase : CliDatabase
{
    public override async ValueTask InitializeAsync()
    {
        var run = await RunAsync("db", "migrate");
        Assert.True(run.ExitCode == 0, run.ToString());
    }
}

/// <summary>What one <c>kogge</c> command line returned and wrote.</summary>
public sealed record CliRun(int ExitCode, string Output, string Error)
{
    public static async Task<CliRun> RunAsync(string standardInput, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var input = new StringReader(standardInput);
        var exitCode = await KoggeCli.RunAsync(args, output, error, input, TestContext.Current.CancellationToken);
        return new CliRun(exitCode, output.ToString(), error.ToString());
    }

    public override string ToString() => $"exit code {ExitCode}\nstdout:\n{Output}\nstderr:\n{Error}";
}
