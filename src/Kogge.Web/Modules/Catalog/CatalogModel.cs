using Kogge.Web.Modules.Catalog.Services;
using Kogge.Web.Modules.Catalog.Versions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Kogge.Web.Modules.Catalog;

/// <summary>The catalogue's tables; called from the context's model building, before the tenant filters are added.</summary>
internal static class CatalogModel
{
    public static void Configure(ModelBuilder builder)
    {
        builder.Entity<PublicService>(e =>
        {
            e.ToTable("PublicServices");
            e.HasIndex(s => new { s.TenantId, s.LeikaKey }).IsUnique();
            e.HasIndex(s => new { s.TenantId, s.Slug }).IsUnique();
            e.Property(s => s.LeikaKey).HasMaxLength(LeikaKey.Length);
            e.Property(s => s.Slug).HasMaxLength(100);
            e.Property(s => s.Name).HasMaxLength(200);
            e.Property(s => s.ShortText).HasMaxLength(1000);
            e.Property(s => s.Category).HasConversion<string>().HasMaxLength(40);
            e.Property(s => s.TrustLevel).HasConversion<string>().HasMaxLength(20);
            foreach (var section in (string[])[nameof(PublicService.Requirements), nameof(PublicService.RequiredDocuments), nameof(PublicService.Costs),
                nameof(PublicService.Deadlines), nameof(PublicService.ProcessingTime), nameof(PublicService.LegalBasis)])
            {
                e.Property<string>(section).HasMaxLength(ServiceInput.SectionLength);
            }

            e.Property(s => s.OfficeName).HasMaxLength(200);
            e.Property(s => s.OfficeAddress).HasMaxLength(500);
            e.Property(s => s.OfficePhone).HasMaxLength(50);
            e.Property(s => s.OfficeEmail).HasMaxLength(256);
            e.Property(s => s.OfficeHours).HasMaxLength(1000);
            e.Property(s => s.SearchText).HasMaxLength(2500);
            e.HasMany(s => s.Versions).WithOne(v => v.Service).HasForeignKey(v => v.ServiceId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<ServiceVersion>(e =>
        {
            e.ToTable("ServiceVersions");
            e.HasIndex(v => new { v.ServiceId, v.Number }).IsUnique();
            // The database's own guard for "at most one published version per service".
            e.HasIndex(v => v.ServiceId).IsUnique().HasFilter("\"State\" = 'Published'").HasDatabaseName("IX_ServiceVersions_OnePublished");
            e.Property(v => v.State).HasConversion<string>().HasMaxLength(20);
            e.Property(v => v.ChangeNote).HasMaxLength(2000);
            e.Property(v => v.EngineProcessId).HasMaxLength(200);
            e.Property(v => v.EngineDefinitionId).HasMaxLength(300);
            e.HasMany(v => v.Artifacts).WithOne().HasForeignKey(a => a.VersionId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<ServiceArtifact>(e =>
        {
            e.ToTable("ServiceArtifacts");
            e.HasIndex(a => new { a.VersionId, a.Kind, a.Name }).IsUnique();
            e.Property(a => a.Kind).HasConversion<string>().HasMaxLength(20);
            e.Property(a => a.Name).HasMaxLength(ArtifactUpload.NameLength);
        });

        Packages.PackageOrigin.Configure(builder);
    }

    /// <summary>
    /// The second wall behind <see cref="ServiceVersion.EnsureDraft"/>, run on every save: a published or retired
    /// version changes only from published to retired, and artifacts change only together with their draft version.
    /// </summary>
    public static void RefuseFrozenChanges(ChangeTracker tracker)
    {
        var versions = new Dictionary<Guid, EntityEntry<ServiceVersion>>();
        foreach (var entry in tracker.Entries<ServiceVersion>())
        {
            versions[entry.Entity.Id] = entry;
            if (entry.State is not (EntityState.Modified or EntityState.Deleted))
            {
                continue;
            }

            var before = entry.Property(v => v.State).OriginalValue;
            if (before == VersionState.Draft)
            {
                continue;
            }

            var changed = entry.Properties.Where(p => !Equals(p.OriginalValue, p.CurrentValue)).Select(p => p.Metadata.Name).ToHashSet();
            var retiring = before == VersionState.Published && entry.Entity.State == VersionState.Retired;
            if (entry.State == EntityState.Deleted || !changed.IsSubsetOf(retiring
                ? [nameof(ServiceVersion.State), nameof(ServiceVersion.RetiredAt), nameof(ServiceVersion.Version)]
                : [nameof(ServiceVersion.Version)]))
            {
                throw new VersionFrozenException(entry.Entity.Number, before);
            }
        }

        foreach (var entry in tracker.Entries<ServiceArtifact>())
        {
            if (entry.State is EntityState.Added or EntityState.Modified or EntityState.Deleted
                && (!versions.TryGetValue(entry.Entity.VersionId, out var version) || version.Property(v => v.State).OriginalValue != VersionState.Draft))
            {
                throw new VersionFrozenException(version?.Entity.Number ?? 0, version?.Property(v => v.State).OriginalValue ?? VersionState.Published);
            }
        }
    }
}
