using Kogge.Bpmn.Storage;
using Kogge.Web.Platform.Tenancy;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Kogge.Web.Platform.Persistence;

public static class PersistenceExtensions
{
    public static IServiceCollection AddKoggePersistence(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        services.AddSingleton(options);
        services.AddScoped<TenantContext>();
        var connectionString = ConnectionString(options);
        if (options.Provider == DatabaseProvider.Postgres)
        {
            services.AddDbContext<KoggeDbContext, PostgresKoggeDbContext>(o => ConfigurePostgres(o, connectionString));
        }
        else
        {
            EnsureSqliteDirectory(connectionString);
            services.AddDbContext<KoggeDbContext, SqliteKoggeDbContext>(o => ConfigureSqlite(o, connectionString));
        }

        return services;
    }

    internal static string ConnectionString(DatabaseOptions options) => options.ConnectionString switch
    {
        { Length: > 0 } configured => configured,
        _ when options.Provider == DatabaseProvider.Postgres =>
            throw new InvalidOperationException("Kogge:Database:ConnectionString is required for PostgreSQL."),
        _ => "Data Source=data/kogge.db",
    };

    internal static void ConfigureSqlite(DbContextOptionsBuilder options, string connectionString) =>
        options.UseSqlite(connectionString).AddInterceptors(new SqlitePragmas(), new SqliteWriteTurns.Interceptor());

    /// <summary>
    /// PostgreSQL with a bounded connection pool: unless the connection string sets <c>Maximum Pool Size</c>, the
    /// host's own pool holds at most 50 connections and the engine store's at most 30 (see
    /// <c>EfEngineStore.ForPostgres</c>), so one instance stays below PostgreSQL's default <c>max_connections</c> of
    /// 100 under any load; requests beyond that wait for a free connection instead of being refused by the server.
    /// </summary>
    internal static void ConfigurePostgres(DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(WithPoolLimit(connectionString, 50));

    internal static string WithPoolLimit(string connectionString, int maximum)
    {
        // Npgsql's builder knows every keyword whether set or not; the plain builder holds only what was given.
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        if (given.ContainsKey("Maximum Pool Size") || given.ContainsKey("Max Pool Size") || given.ContainsKey("MaxPoolSize"))
        {
            return connectionString;
        }

        return new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = maximum }.ConnectionString;
    }

    public static async Task MigrateKoggeDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KoggeDbContext>();
        await db.Database.MigrateAsync(cancellationToken);
    }

    private static void EnsureSqliteDirectory(string connectionString)
    {
        var dataSource = new SqliteConnectionStringBuilder(connectionString).DataSource;
        var directory = Path.GetDirectoryName(Path.GetFullPath(dataSource));
        if (dataSource != ":memory:" && !string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }
    }
}

/// <summary>Lets <c>dotnet ef</c> create the SQLite migrations.</summary>
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteKoggeDbContext>
{
    public SqliteKoggeDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<SqliteKoggeDbContext>();
        PersistenceExtensions.ConfigureSqlite(options, "Data Source=design.db");
        return new SqliteKoggeDbContext(options.Options, new TenantContext());
    }
}

/// <summary>Lets <c>dotnet ef</c> create the PostgreSQL migrations (no server needed).</summary>
internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresKoggeDbContext>
{
    public PostgresKoggeDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<PostgresKoggeDbContext>();
        PersistenceExtensions.ConfigurePostgres(options, "Host=localhost;Database=kogge");
        return new PostgresKoggeDbContext(options.Options, new TenantContext());
    }
}
