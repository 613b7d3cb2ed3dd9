using Kogge.Web.Platform.Identity;
using Kogge.Web.Platform.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.OpenApi;

namespace Kogge.Web.Modules.Api;

/// <summary>
/// The JSON API for machine clients: <c>/{municipality}/api/v1/…</c>, authenticated by a service-account token,
/// described at <c>/openapi/v1.json</c>. Every error is an RFC 9457 problem document.
/// </summary>
public static class ApiExtensions
{
    public static IServiceCollection AddKoggeApi(this IServiceCollection services)
    {
        services.AddOpenApi("v1", o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "Kogge API",
                Version = "v1",
                Description = "Each municipality has its own API under its path; authenticate with a service-account token (Authorization: Bearer kg_…).",
            };
            document.Servers =
            [
                new OpenApiServer
                {
                    Url = "/{municipality}",
                    Variables = new Dictionary<string, OpenApiServerVariable>
                    {
                        ["municipality"] = new() { Default = "rostock", Description = "The municipality's path, e.g. rostock or luebeck." },
                    },
                },
            ];
            return Task.CompletedTask;
        }));
        return services;
    }

    /// <summary>The group every module's API endpoints hang on.</summary>
    public static RouteGroupBuilder MapApiV1(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGroup("/api/v1").RequireAuthorization(IdentityExtensions.ApiPolicy);

    public static WebApplication MapKoggeApi(this WebApplication app)
    {
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.MapApiV1().MapGet("/municipality", CurrentMunicipality)
            .WithName("GetMunicipality")
            .WithSummary("The municipality this token belongs to.");
        return app;
    }

    private static Ok<MunicipalityDto> CurrentMunicipality(TenantContext tenant) =>
        TypedResults.Ok(new MunicipalityDto(tenant.Current!.Slug, tenant.Current.Name));
}

public sealed record MunicipalityDto(string Slug, string Name);
