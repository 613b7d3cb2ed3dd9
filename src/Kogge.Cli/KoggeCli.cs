using System.CommandLine;
using Kogge.Cli.Commands;
using Kogge.Cli.Mine;
using Kogge.Web.Platform.Audit;
using Kogge.Web.Platform.Persistence;

namespace Kogge.Cli;

/// <summary>The <c>kogge</c> command line: operations on a Kogge database without the web server.</summary>
internal sealed class KoggeCli
{
    private readonly Option<DatabaseProvider?> _database = new("--database")
    {
        Description = "Database provider: Sqlite or Postgres (default: Kogge:Database:Provider, else Sqlite)",
        Recursive = true,
    };

    private readonly Option<string?> _connectionString = new("--connection-string")
    {
        Description = "Connection string (default: Kogge:Database:ConnectionString, for SQLite Data Source=data/kogge.db). Prefer the environment variable Kogge__Database__ConnectionString for passwords",
        Recursive = true,
    };

    private readonly Option<bool> _verbose = new("--verbose")
    {
        Description = "Log what the platform does (to standard error)",
        Recursive = true,
    };

    private KoggeCli(TextWriter output, TextWriter error, TextReader input)
    {
        Output = output;
        Error = error;
        Input = input;
    }

    public TextWriter Output { get; }

    public TextWriter Error { get; }

    /// <summary>Read when a password is given as <c>-</c>.</summary>
    public TextReader Input { get; }

    /// <summary>The clock for dates printed in reports.</summary>
    public TimeProvider Time { get; } = TimeProvider.System;

    /// <summary>Progress of <c>kogge mine</c>: bars when standard error is a terminal, plain lines otherwise.</summary>
    public Mine.MineProgress NewMineProgress() =>
        new(Error, ReferenceEquals(Error, Console.Error) && !Console.IsErrorRedirected);

    /// <summary>Runs one command line and returns its exit code (see <see cref="ExitCodes"/>).</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, TextReader input, CancellationToken cancellationToken = default)
    {
        var cli = new KoggeCli(output, error, input);
        var root = cli.CreateRootCommand();
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var problem in parsed.Errors)
            {
                await error.WriteLineAsync($"kogge: {problem.Message}");
            }

            var path = string.Join(' ', EnumerateCommandPath(parsed.CommandResult.Command));
            await error.WriteLineAsync($"See '{path} --help'.");
            return ExitCodes.Usage;
        }

        try
        {
            return await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false }, cancellationToken);
        }
        catch (CliException e)
        {
            await error.WriteLineAsync($"kogge: {e.Message}");
            return e.ExitCode;
        }
        catch (Exception e) when (DatabaseFailures.IsUnreachable(e))
        {
            await error.WriteLineAsync($"kogge: the database cannot be reached: {DatabaseFailures.Describe(e)}");
            await error.WriteLineAsync("Check --database / --connection-string (or Kogge__Database__*); 'kogge db migrate' creates a database that does not exist yet.");
            return ExitCodes.DatabaseUnreachable;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await error.WriteLineAsync("kogge: cancelled.");
            return ExitCodes.Failure;
        }
        catch (Exception e)
        {
            // An operator runs this by hand or from a deployment script: a message and a code, not a crash dialog.
            await error.WriteLineAsync($"kogge: unexpected error: {e}");
            return ExitCodes.Failure;
        }
    }

    /// <summary>
    /// Builds the platform's services, opens a scope and runs <paramref name="body"/> in it. Unless
    /// <paramref name="requireSchema"/> is false (<c>db migrate</c>), the database must exist and be migrated.
    /// </summary>
    public async Task<int> WithPlatformAsync(
        ParseResult parsed,
        bool requireSchema,
        Func<CliHost, IServiceProvider, KoggeDbContext, Task<int>> body,
        CancellationToken cancellationToken)
    {
        await using var host = CliHost.Build(Settings(parsed));
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KoggeDbContext>();
        // Audit entries written by a command name the command line as their actor; there is no signed-in user.
        scope.ServiceProvider.GetRequiredService<AuditLog>().ActorOverride = "cli";
        if (requireSchema)
        {
            await host.EnsureReadyAsync(db, cancellationToken);
        }

        return await body(host, scope.ServiceProvider, db);
    }

    public GlobalSettings Settings(ParseResult parsed) =>
        new(parsed.GetValue(_database), parsed.GetValue(_connectionString), parsed.GetValue(_verbose));

    private RootCommand CreateRootCommand()
    {
        var root = new RootCommand($"""
            Kogge command line: prepare the database, create municipalities and staff accounts, verify the audit chains, export and import service packages, simulate months of case work on a demo service, analyse event logs (kogge mine, no database needed).
            Reads the database settings like the web host: appsettings.json (beside kogge or in the current directory), then environment variables (Kogge__Database__Provider, Kogge__Database__ConnectionString), then --database / --connection-string.

            {ExitCodes.HelpText}
            """)
        {
            Options = { _database, _connectionString, _verbose },
            Subcommands =
            {
                DbCommands.Create(this),
                TenantCommands.Create(this),
                UserCommands.Create(this),
                AuditCommands.Create(this),
                PackageCommands.Create(this),
                MineCommands.Create(this),
                Simulate.SimulateCommand.Create(this),
            },
        };
        return root;
    }

    private static Stack<string> EnumerateCommandPath(Command command)
    {
        var names = new Stack<string>();
        for (Symbol? symbol = command; symbol is Command c; symbol = c.Parents.FirstOrDefault())
        {
            names.Push(c is RootCommand ? "kogge" : c.Name);
        }

        return names;
    }
}
