using Kogge.Web.Platform.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Kogge.Web.Modules.Catalog.Packages;

/// <summary>Where an imported version came from: the exporting municipality and the hash of the package as received.</summary>
public sealed class PackageOrigin : ITenantOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid TenantId { get; set; }

    /// <summary>The draft the package became; one origin per version.</summary>
    public Guid VersionId { get; set; }

    public required string MunicipalitySlug { get; set; }

    public required string MunicipalityName { get; set; }

    /// <summary>The version's number at the exporting municipality.</summary>
    public int? OriginVersionNumber { get; set; }

    /// <summary>The manifest's package id (the exported version's id there).</summary>
    public string PackageId { get; set; } = "";

    /// <summary>Lower-case hexadecimal SHA-256 of the whole zip.</summary>
    public required string PackageSha256 { get; set; }

    public DateTimeOffset? ContentAsOf { get; set; }

    public string KoggeVersion { get; set; } = "";

    public DateTimeOffset ImportedAt { get; set; }

    internal static void Configure(ModelBuilder builder) => builder.Entity<PackageOrigin>(e =>
    {
        e.ToTable("PackageOrigins");
        e.HasIndex(o => o.VersionId).IsUnique();
        e.HasOne<ServiceVersion>().WithMany().HasForeignKey(o => o.VersionId).OnDelete(DeleteBehavior.Cascade);
        e.Property(o => o.MunicipalitySlug).HasMaxLength(40);
        e.Property(o => o.MunicipalityName).HasMaxLength(200);
        e.Property(o => o.PackageId).HasMaxLength(100);
        e.Property(o => o.PackageSha256).HasMaxLength(64);
        e.Property(o => o.KoggeVersion).HasMaxLength(50);
    });
}
