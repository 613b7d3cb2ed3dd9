namespace Kogge.Web.Modules.Cases;

/// <summary>Applications and cases: their services in, their API out. The pages are found by Razor Pages.</summary>
public static class CasesExtensions
{
    public static IServiceCollection AddCases(this IServiceCollection services)
    {
        services.AddScoped<ReferenceNumbers>();
        return services;
    }
}
