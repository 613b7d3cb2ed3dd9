using Kogge.Web.Modules.Admin;
using Kogge.Web.Modules.Api;
using Kogge.Web.Platform.Persistence;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Kogge.Web.Modules.Catalog;

/// <summary>Read access to the municipality's catalogue for portals and specialist systems (any service-account token).</summary>
public static class CatalogApi
{
    public static WebApplication MapCatalogApi(this WebApplication app)
    {
        var group = app.MapApiV1().WithTags("Catalogue");
        group.MapGet("/services", ListServices).WithName("ListServices")
            .WithSummary("Services of the municipality, ordered by name; publishedOnly=true leaves out those without a published version.");
        group.MapGet("/services/{id:guid}", GetService).WithName("GetService")
            .WithSummary("One service with its sections, office, rules and the published version new applications start on.");
        return app;
    }

    private static async Task<Ok<PageDto<ServiceSummaryDto>>> ListServices(
        KoggeDbContext db, string? search, ServiceCategory? category, bool? publishedOnly, int? skip, int? take, CancellationToken cancellationToken)
    {
        var size = Math.Clamp(take ?? 50, 1, 200);
        var offset = Math.Max(0, skip ?? 0);
        var query = db.PublicServices.AsNoTracking();
        if (publishedOnly == true)
        {
            query = query.Where(s => s.PublishedVersionId != null);
        }

        if (search?.Trim() is { Length: > 0 } text)
        {
            var folded = CatalogSearch.FoldQuery(text);
            query = query.Where(s => s.SearchText.Contains(folded));
        }

        if (category is { } c)
        {
            query = query.Where(s => s.Category == c);
        }

        var total = await query.CountAsync(cancellationToken);
        var items = await query.OrderBy(s => s.Name).ThenBy(s => s.Id).Skip(offset).Take(size)
            .Select(s => new ServiceSummaryDto(
                s.Id, s.LeikaKey, s.Slug, s.Name, s.ShortText, s.Category, s.TrustLevel,
                s.Versions.Where(v => v.State == VersionState.Published).Select(v => (int?)v.Number).FirstOrDefault()))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new PageDto<ServiceSummaryDto>(items, total, offset, size));
    }

    private static async Task<Results<Ok<ServiceDto>, NotFound>> GetService(KoggeDbContext db, Guid id, CancellationToken cancellationToken)
    {
        var s = await db.PublicServices.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (s is null)
        {
            return TypedResults.NotFound();
        }

        var version = await db.ServiceVersions.AsNoTracking().Where(v => v.ServiceId == id && v.State == VersionState.Published)
            .Select(v => new { v.Number, v.PublishedAt, Artifacts = v.Artifacts.Select(a => new { a.Kind, a.Name }).ToList() })
            .FirstOrDefaultAsync(cancellationToken);
        List<string> Names(ArtifactKind kind) => [.. version!.Artifacts.Where(a => a.Kind == kind).Select(a => a.Name).Order(StringComparer.Ordinal)];
        var published = version is null ? null : new PublishedVersionDto(
            version.Number, version.PublishedAt!.Value, Names(ArtifactKind.Form), Names(ArtifactKind.Decision), Names(ArtifactKind.NoticeTemplate));
        return TypedResults.Ok(new ServiceDto(
            s.Id, s.LeikaKey, s.Slug, s.Name, s.ShortText, s.Category, s.TrustLevel,
            new SectionsDto(s.Requirements, s.RequiredDocuments, s.Costs, s.Deadlines, s.ProcessingTime, s.LegalBasis),
            new OfficeDto(s.OfficeName, s.OfficeAddress, s.OfficePhone, s.OfficeEmail, s.OfficeHours),
            s.TargetProcessingDays,
            new RetentionDto(s.RetentionApprovedYears, s.RetentionRejectedYears, s.RetentionWithdrawnYears),
            published,
            s.UpdatedAt,
            s.Version));
    }
}

public sealed record ServiceSummaryDto(Guid Id, string LeikaKey, string Slug, string Name, string ShortText, ServiceCategory Category, TrustLevel TrustLevel, int? PublishedVersion);

public sealed record ServiceDto(
    Guid Id, string LeikaKey, string Slug, string Name, string ShortText, ServiceCategory Category, TrustLevel TrustLevel,
    SectionsDto Sections, OfficeDto Office, int? TargetProcessingDays, RetentionDto RetentionYears,
    PublishedVersionDto? PublishedVersion, DateTimeOffset UpdatedAt, int Version);

public sealed record SectionsDto(string Requirements, string RequiredDocuments, string Costs, string Deadlines, string ProcessingTime, string LegalBasis);

public sealed record OfficeDto(string Name, string Address, string Phone, string Email, string OpeningHours);

/// <summary>Years a case file is kept after each result; null where the municipality has not set it.</summary>
public sealed record RetentionDto(int? Approved, int? Rejected, int? Withdrawn);

/// <summary>The version new applications start on, with the ids of its forms, decisions and notice templates.</summary>
public sealed record PublishedVersionDto(int Number, DateTimeOffset PublishedAt, IReadOnlyList<string> Forms, IReadOnlyList<string> Decisions, IReadOnlyList<string> NoticeTemplates);
