using System.CommandLine;
using Kogge.Web.Modules.Catalog;
using Kogge.Web.Modules.Catalog.Packages;
using Kogge.Web.Platform.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Kogge.Cli.Commands;

/// <summary><c>kogge package export|import</c>: service packages between municipalities, with the same checks as the designer pages.</summary>
internal static class PackageCommands
{
    public static Command Create(KoggeCli cli) =>
        new("package", "Service packages (zip): one version of a service with process, forms, rules and notice templates.") { Subcommands = { ExportCommand(cli), ImportCommand(cli) } };

    private static Command ExportCommand(KoggeCli cli)
    {
        var tenant = new Option<string>("--tenant") { Description = "Slug of the exporting municipality", Required = true };
        var service = new Option<string>("--service") { Description = "The service: its id or its 14-digit LeiKa key", Required = true };
        var version = new Option<int?>("--version") { Description = "Version number (default: the published version, else the newest)" };
        var output = new Option<FileInfo>("--out") { Description = "The zip file to write", Required = true };
        var command = new Command("export", "Write one version of a service as a service package. The same version always gives the same bytes.")
        {
            Options = { tenant, service, version, output },
        };
        command.SetAction((parsed, cancellationToken) => cli.WithPlatformAsync(parsed, requireSchema: true, async (host, services, db) =>
        {
            var municipality = await MunicipalityAsync(services, parsed.GetRequiredValue(tenant), cancellationToken);
            var export = services.GetRequiredService<PackageExport>();
            var wanted = parsed.GetRequiredValue(service);
            var found = await export.FindServiceAsync(wanted, cancellationToken)
                ?? throw CliException.Usage($"--service \"{wanted}\": {municipality.Name} has no service with this id or LeiKa key.");
            var number = parsed.GetValue(version) ?? await DefaultVersionAsync(db, found.Id, cancellationToken)
                ?? throw CliException.Usage($"--service \"{wanted}\": the service has no version yet.");
            var package = await export.ExportAsync(found.Id, number, cancellationToken)
                ?? throw CliException.Usage($"--version {number}: the service \"{found.Name}\" has no such version.");
            var file = parsed.GetRequiredValue(output);
            try
            {
                await File.WriteAllBytesAsync(file.FullName, package.Bytes, cancellationToken);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new CliException(ExitCodes.Failure, $"--out \"{file.FullName}\": cannot be written: {e.Message}");
            }

            await cli.Output.WriteLineAsync($"Exported version {number} of \"{found.Name}\" (LeiKa {LeikaKey.Display(found.LeikaKey)}) of {municipality.Slug} to {file.FullName}.");
            await cli.Output.WriteLineAsync($"{package.Bytes.Length} bytes, SHA-256 {package.Sha256}");
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }

    private static Command ImportCommand(KoggeCli cli)
    {
        var tenant = new Option<string>("--tenant") { Description = "Slug of the importing municipality", Required = true };
        var file = new Argument<FileInfo>("package") { Description = "The service package (zip)" };
        var command = new Command("import", """
            Import a service package as a draft: a new service when its LeiKa key is new in the municipality, otherwise a new draft version of that service.
            Every file and reference is checked first; on any problem nothing is stored, every problem is listed (file, element, message in German) and the exit code is 2.
            """)
        {
            Options = { tenant },
            Arguments = { file },
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var path = parsed.GetRequiredValue(file);
            if (!path.Exists)
            {
                throw CliException.Usage($"\"{path.FullName}\": the file does not exist.");
            }

            return await cli.WithPlatformAsync(parsed, requireSchema: true, async (host, services, db) =>
            {
                var municipality = await MunicipalityAsync(services, parsed.GetRequiredValue(tenant), cancellationToken);
                await using var stream = path.OpenRead();
                var result = await services.GetRequiredService<PackageImport>().ImportAsync(stream, cancellationToken);
                if (result.Outcome != ImportOutcome.Imported)
                {
                    await cli.Error.WriteLineAsync($"kogge: the package {path.Name} was not imported into {municipality.Slug}; nothing was stored ({result.Problems.Count} problem(s)):");
                    foreach (var p in result.Problems)
                    {
                        var where = (p.File.Length == 0 ? "(package)" : p.File) + (p.ElementId is null ? "" : $" [{p.ElementId}]");
                        await cli.Error.WriteLineAsync($"  {where}: {p.Message}");
                    }

                    return ExitCodes.Usage;
                }

                await cli.Output.WriteLineAsync(result.NewService
                    ? $"Imported into {municipality.Slug} as new service \"{result.ServiceName}\" ({result.ServiceId}), draft version {result.VersionNumber}."
                    : $"Imported into {municipality.Slug} as draft version {result.VersionNumber} of \"{result.ServiceName}\" ({result.ServiceId}).");
                await cli.Output.WriteLineAsync($"From {result.OriginMunicipality}, package SHA-256 {result.PackageSha256}");
                return ExitCodes.Success;
            }, cancellationToken);
        });
        return command;
    }

    private static async Task<TenantInfo> MunicipalityAsync(IServiceProvider services, string slug, CancellationToken cancellationToken)
    {
        var municipality = await services.GetRequiredService<TenantCatalog>().FindAsync(slug, cancellationToken)
            ?? throw CliException.Usage($"--tenant \"{slug}\": there is no such municipality. 'kogge tenant list' shows them.");
        services.GetRequiredService<TenantContext>().Set(municipality);
        return municipality;
    }

    private static async Task<int?> DefaultVersionAsync(Kogge.Web.Platform.Persistence.KoggeDbContext db, Guid serviceId, CancellationToken cancellationToken)
    {
        var versions = await db.ServiceVersions.AsNoTracking().Where(v => v.ServiceId == serviceId).Select(v => new { v.Number, v.State }).ToListAsync(cancellationToken);
        return versions.FirstOrDefault(v => v.State == VersionState.Published)?.Number ?? versions.Select(v => (int?)v.Number).Max();
    }
}
