namespace Kogge.Web.Tests.Infrastructure;

/// <summary>
/// The database the integration tests run against: SQLite by default, PostgreSQL when
/// <c>KOGGE_TEST_POSTGRES</c> holds a connection string to a server (without a database name; each test
/// host creates its own database and drops it afterwards).
/// </summary>
public static class TestDatabase
{
    public static string? PostgresServer => Environment.GetEnvironmentVariable("KOGGE_TEST_POSTGRES") is { Length: > 0 } s ? s : null;

    public static bool IsPostgres => PostgresServer is not null;

    public static string ProviderName => IsPostgres ? "Postgres" : "Sqlite";

    /// <summary>A connection string for a new, empty database.</summary>
    public static string NewConnectionString(out Action cleanup)
    {
        if (PostgresServer is { } server)
        {
            var name = "kogge_test_" + Guid.NewGuid().ToString("N")[..16];
            var builder = new Npgsql.NpgsqlConnectionStringBuilder(server) { Database = name, Pooling = true };
            var connectionString = builder.ConnectionString;
            cleanup = () => Drop(server, name);
            return connectionString;
        }

        var directory = Path.Combine(Path.GetTempPath(), "kogge-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        cleanup = () =>
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
                // A file still open by a late background task; the temp folder is cleaned by the OS.
            }
        };
        return $"Data Source={Path.Combine(directory, "kogge.db")}";
    }

    private static void Drop(string server, string name)
    {
        Npgsql.NpgsqlConnection.ClearAllPools();
        using var connection = new Npgsql.NpgsqlConnection(new Npgsql.NpgsqlConnectionStringBuilder(server) { Database = "postgres" }.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)";
        command.ExecuteNonQuery();
    }
}
