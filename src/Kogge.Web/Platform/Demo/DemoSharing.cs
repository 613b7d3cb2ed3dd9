using Kogge.Web.Modules.Catalog;
using Kogge.Web.Modules.Catalog.Packages;
using Kogge.Web.Modules.Catalog.Versions;
using Kogge.Web.Platform.Audit;
using Kogge.Web.Platform.Persistence;
using Kogge.Web.Platform.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Kogge.Web.Platform.Demo;

/// <summary>
/// Lübeck takes two of Rostock's demo services the way municipalities share them: Rostock's published version is
/// exported as a service package, imported into Lübeck as a draft and published there.
/// </summary>
public static class DemoSharing
{
    public static readonly IReadOnlyList<string> SharedWithLuebeck = [DemoCatalog.ResidentParkingKey, DemoCatalog.DogTaxKey];

    public static async Task ShareWithLuebeckAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var tenants = services.GetRequiredService<TenantCatalog>();
        if (await tenants.FindAsync("rostock", cancellationToken) is not { } rostock || await tenants.FindAsync("luebeck", cancellationToken) is not { } luebeck)
        {
            return;
        }

        foreach (var key in SharedWithLuebeck)
        {
            byte[] package;
            await using (var scope = InTenant(services, rostock))
            {
                var db = scope.ServiceProvider.GetRequiredService<KoggeDbContext>();
                var published = await db.ServiceVersions.Where(v => v.Service.LeikaKey == key && v.State == VersionState.Published)
                    .Select(v => new { v.ServiceId, v.Number }).SingleAsync(cancellationToken);
                package = (await scope.ServiceProvider.GetRequiredService<PackageExport>().ExportAsync(published.ServiceId, published.Number, cancellationToken))!.Bytes;
            }

            await using (var scope = InTenant(services, luebeck))
            {
                var imported = await scope.ServiceProvider.GetRequiredService<PackageImport>().ImportAsync(new MemoryStream(package), cancellationToken);
                if (imported.Outcome != ImportOutcome.Imported)
                {
                    throw new InvalidOperationException($"Rostock's package {key} was not imported into Lübeck ({imported.Outcome}): "
                        + string.Join("; ", imported.Problems.Select(p => $"{p.File} {p.ElementId}: {p.Message}")));
                }

                var (outcome, _) = await scope.ServiceProvider.GetRequiredService<VersionLifecycle>()
                    .PublishAsync(imported.ServiceId!.Value, imported.VersionNumber!.Value, null, cancellationToken);
                if (outcome != LifecycleOutcome.Done)
                {
                    throw new InvalidOperationException($"The imported package {key} was not published in Lübeck ({outcome}).");
                }
            }
        }
    }

    private static AsyncServiceScope InTenant(IServiceProvider services, TenantInfo tenant)
    {
        var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenant);
        scope.ServiceProvider.GetRequiredService<AuditLog>().ActorOverride = "system";
        return scope;
    }
}
