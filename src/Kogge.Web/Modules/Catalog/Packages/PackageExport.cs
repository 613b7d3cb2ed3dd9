using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Kogge.Web.Platform.Persistence;
using Kogge.Web.Platform.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Kogge.Web.Modules.Catalog.Packages;

/// <summary>An exported version: the zip's bytes, a file name for the download, and its SHA-256.</summary>
public sealed record ServicePackage(byte[] Bytes, string FileName, string Sha256);

/// <summary>
/// Writes one version of a service (draft, published or retired) as a service package. The same version gives the
/// same bytes: entries sorted by path, one fixed entry time, no clock in the manifest.
/// </summary>
public sealed class PackageExport(KoggeDbContext db, TenantContext tenant)
{
    public async Task<ServicePackage?> ExportAsync(Guid serviceId, int number, CancellationToken cancellationToken)
    {
        var service = await db.PublicServices.AsNoTracking().FirstOrDefaultAsync(s => s.Id == serviceId, cancellationToken);
        var version = service is null ? null : await db.ServiceVersions.AsNoTracking().Include(v => v.Artifacts)
            .FirstOrDefaultAsync(v => v.ServiceId == serviceId && v.Number == number, cancellationToken);
        if (service is null || version is null)
        {
            return null;
        }

        var bytes = Write(service, version, tenant.Current!.Slug, tenant.Current.Name);
        return new ServicePackage(bytes, $"{service.Slug}-version-{number}.zip", PackageFormat.Sha256(bytes));
    }

    /// <summary>The service that a LeiKa key or a service id names in the current municipality.</summary>
    public async Task<PublicService?> FindServiceAsync(string idOrLeikaKey, CancellationToken cancellationToken)
    {
        if (Guid.TryParse(idOrLeikaKey, out var id))
        {
            return await db.PublicServices.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        }

        var key = LeikaKey.Normalize(idOrLeikaKey);
        return key is null ? null : await db.PublicServices.AsNoTracking().FirstOrDefaultAsync(s => s.LeikaKey == key, cancellationToken);
    }

    internal static byte[] Write(PublicService service, ServiceVersion version, string municipalitySlug, string municipalityName)
    {
        var files = version.Artifacts
            .Select(a => (Path: PackageFormat.PathOf(a.Kind, a.Name), Bytes: Encoding.UTF8.GetBytes(a.Content)))
            .ToList();
        var contentAsOf = new[] { service.UpdatedAt, version.PublishedAt ?? version.CreatedAt }
            .Concat(version.PublishedAt is null ? version.Artifacts.Select(a => a.UpdatedAt) : [])
            .Max();
        var manifestWithoutReadme = Manifest(service, version, municipalitySlug, municipalityName, contentAsOf, files);
        files.Add((PackageFormat.ReadmePath, Encoding.UTF8.GetBytes(Readme(manifestWithoutReadme, files))));
        var manifest = Manifest(service, version, municipalitySlug, municipalityName, contentAsOf, files);
        files.Add((PackageFormat.ManifestPath, JsonSerializer.SerializeToUtf8Bytes(manifest, PackageManifest.Json)));

        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (path, bytes) in files.OrderBy(f => f.Path, StringComparer.Ordinal))
            {
                var entry = zip.CreateEntry(path, CompressionLevel.Optimal);
                entry.LastWriteTime = PackageFormat.EntryTime;
                using var stream = entry.Open();
                stream.Write(bytes);
            }
        }

        return buffer.ToArray();
    }

    private static PackageManifest Manifest(
        PublicService s, ServiceVersion v, string slug, string name, DateTimeOffset contentAsOf, List<(string Path, byte[] Bytes)> files) => new()
    {
        Format = PackageFormat.Name,
        FormatVersion = PackageFormat.Version,
        PackageId = v.Id.ToString(),
        Service = new ManifestService
        {
            LeikaKey = s.LeikaKey,
            Name = s.Name,
            ShortText = s.ShortText,
            Category = s.Category,
            TrustLevel = s.TrustLevel,
            Sections = new ManifestSections
            {
                Requirements = s.Requirements,
                RequiredDocuments = s.RequiredDocuments,
                Costs = s.Costs,
                Deadlines = s.Deadlines,
                ProcessingTime = s.ProcessingTime,
                LegalBasis = s.LegalBasis,
            },
            Office = new ManifestOffice { Name = s.OfficeName, Address = s.OfficeAddress, Phone = s.OfficePhone, Email = s.OfficeEmail, OpeningHours = s.OfficeHours },
            TargetProcessingDays = s.TargetProcessingDays,
            RetentionYears = new ManifestRetention { Approved = s.RetentionApprovedYears, Rejected = s.RetentionRejectedYears, Withdrawn = s.RetentionWithdrawnYears },
        },
        Version = new ManifestVersion { Number = v.Number, State = v.State, ChangeNote = v.ChangeNote },
        Provenance = new ManifestProvenance
        {
            MunicipalitySlug = slug,
            MunicipalityName = name,
            ContentAsOf = contentAsOf.ToUniversalTime(),
            KoggeVersion = PackageFormat.KoggeVersion,
        },
        Files = [.. files.OrderBy(f => f.Path, StringComparer.Ordinal)
            .Select(f => new ManifestFile { Path = f.Path, Sha256 = PackageFormat.Sha256(f.Bytes), Size = f.Bytes.Length })],
    };

    /// <summary>A German description for whoever opens the zip by hand.</summary>
    private static string Readme(PackageManifest m, List<(string Path, byte[] Bytes)> files)
    {
        var s = m.Service!;
        var p = m.Provenance!;
        var text = new StringBuilder();
        var culture = CultureInfo.InvariantCulture;
        text.Append(culture, $"# {s.Name}\n\n");
        text.Append(culture, $"Leistungspaket von Kogge: Version {m.Version!.Number} der Leistung „{s.Name}“ ({p.MunicipalityName}).\n\n");
        if (s.ShortText is { Length: > 0 } shortText)
        {
            text.Append(culture, $"{shortText}\n\n");
        }

        text.Append(culture, $"- LeiKa-Schlüssel: {LeikaKey.Display(s.LeikaKey!)}\n");
        text.Append(culture, $"- Stand: {p.ContentAsOf!.Value.UtcDateTime.ToString("yyyy-MM-dd HH:mm", culture)} UTC\n");
        text.Append(culture, $"- Kogge-Version: {p.KoggeVersion}\n");
        text.Append(culture, $"- Paketformat: {m.Format} {m.FormatVersion}\n\n");
        text.Append("## Dateien\n\n");
        text.Append("| Datei | Inhalt |\n|---|---|\n");
        foreach (var (path, _) in files.OrderBy(f => f.Path, StringComparer.Ordinal))
        {
            var artifact = PackageFormat.ArtifactOf(path);
            text.Append(culture, $"| `{path}` | {(artifact is { } a ? CatalogNames.Of(a.Kind) : "")} |\n");
        }

        text.Append(culture, $"| `{PackageFormat.ManifestPath}` | Beschreibung des Pakets mit den Prüfsummen (SHA-256) aller Dateien |\n\n");
        text.Append("""
            ## Einspielen

            Prozessgestaltung einer Kommune spielt das Paket im Leistungskatalog unter „Paket einspielen“ ein, über die
            Schnittstelle (`POST /{kommune}/api/v1/service-packages`) oder mit `kogge package import --tenant {kommune} datei.zip`.
            Kogge prüft jede Datei und jeden Verweis und legt das Paket als Entwurf an; veröffentlicht wird erst nach Prüfung
            durch die Kommune. Bitte prüfen Sie vor der Veröffentlichung vor allem Zuständige Stelle, Kosten und Rechtsgrundlage.
            """).Append('\n');
        return text.ToString();
    }
}
