using System.CommandLine;
using Kogge.Web.Platform.Demo;
using Kogge.Web.Platform.Processes;
using Microsoft.EntityFrameworkCore;

namespace Kogge.Cli.Commands;

/// <summary><c>kogge db migrate</c>: the deployment step when the web host runs with MigrateOnStartup off.</summary>
internal static class DbCommands
{
    public static Command Create(KoggeCli cli)
    {
        var migrate = new Command("migrate", "Create the database if needed, apply pending migrations (platform and process engine) and ensure the roles exist. Prints how many migrations were applied.");
        migrate.SetAction((parsed, cancellationToken) => cli.WithPlatformAsync(parsed, requireSchema: false, async (host, services, db) =>
        {
            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            await db.Database.MigrateAsync(cancellationToken);
            // The process engine's tables live in the same database with their own migration set.
            pending.AddRange(await ProcessEngineSetup.MigrateProcessStoreAsync(ProcessEngineSetup.CreateStore(host.Database), cancellationToken));
            await DemoData.EnsureRolesAsync(services);
            await cli.Output.WriteLineAsync($"{host.Describe(db)}: applied {pending.Count} migration(s).");
            foreach (var name in pending)
            {
                await cli.Output.WriteLineAsync($"  {name}");
            }

            return ExitCodes.Success;
        }, cancellationToken));

        return new Command("db", "Database schema.") { Subcommands = { migrate } };
    }
}
