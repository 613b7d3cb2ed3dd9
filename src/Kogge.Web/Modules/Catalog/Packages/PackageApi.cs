using Kogge.Web.Modules.Api;
using Kogge.Web.Platform.Identity;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Kogge.Web.Modules.Catalog.Packages;

/// <summary>
/// Service packages for machine clients with the ProcessDesigner role: download a version as a package, upload a
/// package (the zip as request body) to land it as a draft. Every refusal is a problem document listing each problem.
/// </summary>
public static class PackageApi
{
    public static IServiceCollection AddServicePackages(this IServiceCollection services)
    {
        services.AddScoped<PackageReader>();
        services.AddScoped<PackageExport>();
        services.AddScoped<PackageImport>();
        return services;
    }

    public static WebApplication MapPackageApi(this WebApplication app)
    {
        var group = app.MapApiV1().RequireAuthorization(p => p.RequireRole(Roles.ProcessDesigner)).WithTags("Service packages")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapGet("/services/{id:guid}/versions/{number:int}/package", ExportAsync).WithName("ExportServicePackage")
            .WithSummary("One version of a service (draft, published or retired) as a service package (zip); the same version always gives the same bytes.")
            .Produces(StatusCodes.Status200OK, contentType: PackageFormat.MediaType).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/service-packages", ImportAsync).WithName("ImportServicePackage")
            .WithSummary("Imports a service package sent as the request body (Content-Type: application/zip) as a draft: a new service when its LeiKa key is new in the municipality, otherwise a new draft version.")
            .Accepts<byte[]>(PackageFormat.MediaType)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return app;
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ExportAsync(PackageExport export, Guid id, int number, CancellationToken cancellationToken)
    {
        var package = await export.ExportAsync(id, number, cancellationToken);
        if (package is null)
        {
            return TypedResults.Problem(title: "Nicht gefunden.", detail: "Diese Leistung oder Version gibt es in Ihrer Kommune nicht.", statusCode: StatusCodes.Status404NotFound);
        }

        return TypedResults.File(package.Bytes, PackageFormat.MediaType, package.FileName);
    }

    private static async Task<Results<Created<ImportedPackageDto>, ProblemHttpResult>> ImportAsync(HttpRequest request, PackageImport import, CancellationToken cancellationToken)
    {
        if (request.ContentType is not { } type || !type.StartsWith(PackageFormat.MediaType, StringComparison.OrdinalIgnoreCase))
        {
            return TypedResults.Problem(title: "Das Paket wurde nicht eingespielt.", detail: "Senden Sie das Paket als Anfragekörper mit Content-Type: application/zip.",
                statusCode: StatusCodes.Status415UnsupportedMediaType);
        }

        var result = await import.ImportAsync(request.Body, cancellationToken);
        if (result.Outcome == ImportOutcome.Imported)
        {
            var dto = new ImportedPackageDto(result.ServiceId!.Value, result.ServiceName!, result.VersionNumber!.Value, result.NewService, result.PackageSha256!, result.OriginMunicipality!);
            return TypedResults.Created($"{request.PathBase}/api/v1/services/{dto.ServiceId}", dto);
        }

        var status = result.Outcome switch
        {
            ImportOutcome.TooLarge => StatusCodes.Status413PayloadTooLarge,
            ImportOutcome.Invalid => StatusCodes.Status422UnprocessableEntity,
            ImportOutcome.Conflict => StatusCodes.Status409Conflict,
            _ => StatusCodes.Status400BadRequest,
        };
        return TypedResults.Problem(
            title: "Das Paket wurde nicht eingespielt.",
            detail: $"{result.Problems.Count} Problem(e); nichts wurde gespeichert. Siehe „problems“.",
            statusCode: status,
            extensions: new Dictionary<string, object?>
            {
                ["problems"] = result.Problems.Select(p => new PackageProblemDto(p.File, p.ElementId, p.Message)).ToList(),
            });
    }
}

public sealed record ImportedPackageDto(Guid ServiceId, string ServiceName, int VersionNumber, bool NewService, string PackageSha256, string OriginMunicipality);

/// <summary>One problem of a refused package: the file in the zip ("" for the zip itself), the element or manifest field, the German message.</summary>
public sealed record PackageProblemDto(string File, string? ElementId, string Message);
