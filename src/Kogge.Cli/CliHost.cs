using Kogge.Web.Modules.Cases;
using Kogge.Web.Modules.Catalog;
using Kogge.Web.Modules.Platform;
using Kogge.Web.Platform;
using Kogge.Web.Platform.Persistence;
using Kogge.Web.Platform.Processes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Console;
using Npgsql;

namespace Kogge.Cli;

/// <summary>
/// The platform's services without a web server: the same configuration sources as the host (appsettings.json
/// beside the program or in the current directory, then <c>Kogge__…</c> environment variables), with the
/// command-line options last.
/// </summary>
internal sealed class CliHost : IAsyncDisposable
{
    private readonly IHost _host;

    private CliHost(IHost host, DatabaseOptions database)
    {
        _host = host;
        Database = database;
    }

    public DatabaseOptions Database { get; }

    public IServiceProvider Services => _host.Services;

    /// <summary>Where the commands work, for messages: never includes a password.</summary>
    public string Describe(KoggeDbContext db)
    {
        var connectionString = db.Database.GetConnectionString() ?? "";
        return Database.Provider == DatabaseProvider.Postgres
            ? DescribePostgres(connectionString)
            : "SQLite " + Path.GetFullPath(new SqliteConnectionStringBuilder(connectionString).DataSource);
    }

    /// <param name="time">The clock of every service (a simulation's own); the system clock when null.</param>
    /// <param name="withProcesses">Whether the engine and the case services are there too (without their job executor running).</param>
    public static CliHost Build(GlobalSettings settings, TimeProvider? time = null, bool withProcesses = false)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = Directory.GetCurrentDirectory(),
            EnvironmentName = Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? Environments.Production,
        });
        var overrides = new Dictionary<string, string?>();
        if (settings.Provider is { } provider)
        {
            overrides[DatabaseOptions.Section + ":Provider"] = provider.ToString();
        }

        if (settings.ConnectionString is { } connectionString)
        {
            overrides[DatabaseOptions.Section + ":ConnectionString"] = connectionString;
        }

        builder.Configuration
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .AddInMemoryCollection(overrides);

        DatabaseOptions database;
        try
        {
            database = builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        }
        catch (InvalidOperationException e)
        {
            throw CliException.Usage($"Invalid database configuration ({DatabaseOptions.Section}): {e.Message} Use Sqlite or Postgres.");
        }

        if (database.Provider == DatabaseProvider.Postgres && string.IsNullOrWhiteSpace(database.ConnectionString))
        {
            throw CliException.Usage("PostgreSQL needs a connection string: --connection-string \"Host=...;Database=kogge;Username=...\" or Kogge__Database__ConnectionString.");
        }

        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(settings.Verbose ? LogLevel.Information : LogLevel.Warning);
        if (!settings.Verbose)
        {
            // A failed connection is reported once, by the command, not again by every layer below it.
            builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.None);
        }

        // What the web host's AddKoggeHosting registers and the platform's services rely on.
        builder.Services.AddSingleton(time ?? TimeProvider.System);
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddLocalization();
        try
        {
            builder.Services.AddKoggePlatform(builder.Configuration);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The SQLite folder could not be created.
            throw CliException.Unreachable($"The database folder cannot be created: {e.Message}");
        }

        builder.Services.AddPlatformAdministration();
        builder.Services.AddCatalog();
        if (withProcesses)
        {
            builder.Services.AddKoggeProcesses(builder.Configuration);
            builder.Services.AddCases();
        }

        return new CliHost(builder.Build(), database);
    }

    /// <summary>
    /// Fails with <see cref="ExitCodes.DatabaseUnreachable"/> or <see cref="ExitCodes.SchemaOutdated"/> unless the
    /// database exists and has every migration; commands other than <c>db migrate</c> start with this.
    /// </summary>
    public async Task EnsureReadyAsync(KoggeDbContext db, CancellationToken cancellationToken)
    {
        if (Database.Provider == DatabaseProvider.Sqlite)
        {
            var file = new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource;
            if (file != ":memory:" && !File.Exists(file))
            {
                // Opening would create an empty file; a typo in the path should not look like an empty installation.
                throw CliException.Unreachable($"The SQLite database {Path.GetFullPath(file)} does not exist. Create it with 'kogge db migrate'.");
            }
        }

        // A PostgreSQL database that does not exist would merely look unmigrated; connecting tells it apart.
        await db.Database.OpenConnectionAsync(cancellationToken);
        await db.Database.CloseConnectionAsync();
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count > 0)
        {
            throw new CliException(ExitCodes.SchemaOutdated, $"The database ({Describe(db)}) has {pending.Count} migration(s) still to apply. Run 'kogge db migrate' first.");
        }
    }

    public ValueTask DisposeAsync()
    {
        if (_host is IAsyncDisposable asyncDisposable)
        {
            return asyncDisposable.DisposeAsync();
        }

        _host.Dispose();
        return ValueTask.CompletedTask;
    }

    private static string DescribePostgres(string connectionString)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            return $"PostgreSQL database {builder.Database ?? builder.Username} on {builder.Host}:{builder.Port}";
        }
        catch (ArgumentException)
        {
            return "PostgreSQL";
        }
    }
}

/// <summary>The options every command accepts.</summary>
internal sealed record GlobalSettings(DatabaseProvider? Provider, string? ConnectionString, bool Verbose);
