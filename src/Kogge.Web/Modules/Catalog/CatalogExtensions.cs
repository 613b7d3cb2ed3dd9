using Kogge.Web.Modules.Catalog.Packages;
using Kogge.Web.Modules.Catalog.Versions;
using Kogge.Web.Platform.Identity;
using Microsoft.AspNetCore.Authorization;

namespace Kogge.Web.Modules.Catalog;

/// <summary>The catalogue's two doors: its services in, its API out. Its pages are found by Razor Pages.</summary>
public static class CatalogExtensions
{
    /// <summary>Process designers of the municipality maintain services and versions.</summary>
    public const string DesignerPolicy = "ProcessDesigner";

    public static IServiceCollection AddCatalog(this IServiceCollection services)
    {
        services.AddScoped<VersionCheck>();
        services.AddScoped<VersionLifecycle>();
        services.AddSingleton<TestRuns.TestRuns>();
        services.AddServicePackages();
        services.Configure<AuthorizationOptions>(o => o.AddPolicy(DesignerPolicy, new AuthorizationPolicyBuilder()
            .RequireAuthenticatedUser()
            .AddRequirements(new SameTenantRequirement())
            .RequireRole(Roles.ProcessDesigner)
            .Build()));
        return services;
    }

    public static WebApplication MapCatalog(this WebApplication app)
    {
        app.MapCatalogApi();
        app.MapPackageApi();
        return app;
    }
}
