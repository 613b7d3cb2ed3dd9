using System.ComponentModel.DataAnnotations;
using Kogge.Web.Modules.Catalog.Services;
using Kogge.Web.Modules.Catalog.Versions;
using Kogge.Web.Platform.Audit;
using Kogge.Web.Platform.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Kogge.Web.Modules.Catalog.Packages;

public enum ImportOutcome
{
    Imported,

    /// <summary>Not a readable package: no zip, unsafe paths, a bomb, a broken manifest, wrong hashes.</summary>
    Unreadable,

    /// <summary>Larger than <see cref="PackageFormat.MaxPackageBytes"/>.</summary>
    TooLarge,

    /// <summary>Readable, but its metadata or files do not pass the checks a version must pass.</summary>
    Invalid,

    /// <summary>The service has a draft already, or someone imported or created the same service at the same moment.</summary>
    Conflict,
}

/// <summary>What an import did, or every problem that stopped it (then nothing was stored).</summary>
public sealed record ImportResult(
    ImportOutcome Outcome,
    IReadOnlyList<PackageProblem> Problems,
    Guid? ServiceId = null,
    string? ServiceName = null,
    int? VersionNumber = null,
    bool NewService = false,
    string? PackageSha256 = null,
    string? OriginMunicipality = null);

/// <summary>
/// Lands a service package in the current municipality as a draft: a new service when its LeiKa key is new here,
/// otherwise a new draft version of the service with that key (whose page texts stay as the municipality wrote
/// them). The package must pass <see cref="PackageReader"/>, the checks of a designer upload and
/// <see cref="VersionCheck"/>; one save stores service, version, files, origin and audit entries, or nothing.
/// </summary>
public sealed class PackageImport(KoggeDbContext db, PackageReader reader, VersionCheck check, AuditLog audit, TimeProvider clock, IStringLocalizer<SharedResource> l)
{
    public async Task<ImportResult> ImportAsync(Stream input, CancellationToken cancellationToken)
    {
        var (package, readProblems, tooLarge) = await reader.ReadAsync(input, cancellationToken);
        if (package is null)
        {
            return new ImportResult(tooLarge ? ImportOutcome.TooLarge : ImportOutcome.Unreadable, readProblems);
        }

        var problems = new List<PackageProblem>();
        var service = ServiceInputOf(package.Manifest, problems);
        var artifacts = Artifacts(package, problems);
        foreach (var finding in check.Check(artifacts).Findings)
        {
            problems.Add(new PackageProblem(PackageFormat.PathOf(finding.Kind, finding.Artifact), finding.ElementId, finding.Message));
        }

        if (problems.Count > 0)
        {
            return new ImportResult(ImportOutcome.Invalid, problems);
        }

        return await StoreAsync(package, service, artifacts, cancellationToken);
    }

    private async Task<ImportResult> StoreAsync(ReadPackage package, ServiceInput input, List<ServiceArtifact> artifacts, CancellationToken cancellationToken)
    {
        var manifest = package.Manifest;
        var now = clock.GetUtcNow();
        var key = LeikaKey.Normalize(input.LeikaKey)!;
        var service = await db.PublicServices.FirstOrDefaultAsync(s => s.LeikaKey == key, cancellationToken);
        var newService = service is null;
        var number = 1;
        if (service is null)
        {
            service = new PublicService { LeikaKey = key, Name = "", Slug = await CreateModel.FreeSlugAsync(db, input.Name, cancellationToken), CreatedAt = now, UpdatedAt = now };
            input.ApplyTo(service);
            db.PublicServices.Add(service);
            audit.Add("catalog.service_created", "PublicService", service.Id, new { service.LeikaKey });
        }
        else
        {
            var versions = await db.ServiceVersions.Where(v => v.ServiceId == service.Id).Select(v => new { v.Number, v.State }).ToListAsync(cancellationToken);
            if (versions.FirstOrDefault(v => v.State == VersionState.Draft) is { } draft)
            {
                return new ImportResult(ImportOutcome.Conflict, [new PackageProblem(PackageFormat.ManifestPath, "service.leikaKey",
                    l["Die Leistung „{0}“ hat schon einen Entwurf (Version {1}). Veröffentlichen Sie ihn, bevor Sie ein Paket als neuen Entwurf einspielen.", service.Name, draft.Number])]);
            }

            number = versions.Count == 0 ? 1 : versions.Max(v => v.Number) + 1;
        }

        var version = new ServiceVersion
        {
            ServiceId = service.Id,
            Number = number,
            State = VersionState.Draft,
            ChangeNote = manifest.Version!.ChangeNote ?? "",
            CreatedAt = now,
        };
        foreach (var artifact in artifacts)
        {
            version.SetArtifact(artifact.Kind, artifact.Name, artifact.Content, now);
        }

        db.ServiceVersions.Add(version);
        var provenance = manifest.Provenance!;
        db.Set<PackageOrigin>().Add(new PackageOrigin
        {
            VersionId = version.Id,
            MunicipalitySlug = provenance.MunicipalitySlug!,
            MunicipalityName = provenance.MunicipalityName!,
            OriginVersionNumber = manifest.Version.Number,
            PackageId = manifest.PackageId ?? "",
            PackageSha256 = package.Sha256,
            ContentAsOf = provenance.ContentAsOf,
            KoggeVersion = provenance.KoggeVersion ?? "",
            ImportedAt = now,
        });
        audit.Add("catalog.package_imported", "ServiceVersion", version.Id, new
        {
            service = service.Id,
            number,
            newService,
            origin = provenance.MunicipalitySlug,
            originVersion = manifest.Version.Number,
            packageSha256 = package.Sha256,
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The same LeiKa key, address or version number saved by someone else a moment ago.
            db.ChangeTracker.Clear();
            return new ImportResult(ImportOutcome.Conflict, [new PackageProblem(PackageFormat.ManifestPath, "service.leikaKey",
                l["Zur selben Zeit wurde dieselbe Leistung angelegt oder geändert. Bitte spielen Sie das Paket noch einmal ein."])]);
        }

        return new ImportResult(ImportOutcome.Imported, [], service.Id, service.Name, number, newService, package.Sha256, provenance.MunicipalityName);
    }

    /// <summary>The manifest's service as the designer form would take it, with the same rules and German messages.</summary>
    private ServiceInput ServiceInputOf(PackageManifest manifest, List<PackageProblem> problems)
    {
        var s = manifest.Service!;
        var input = new ServiceInput
        {
            LeikaKey = s.LeikaKey ?? "",
            Name = s.Name ?? "",
            ShortText = s.ShortText ?? "",
            Category = s.Category,
            TrustLevel = s.TrustLevel,
            Requirements = s.Sections?.Requirements,
            RequiredDocuments = s.Sections?.RequiredDocuments,
            Costs = s.Sections?.Costs,
            Deadlines = s.Sections?.Deadlines,
            ProcessingTime = s.Sections?.ProcessingTime,
            LegalBasis = s.Sections?.LegalBasis,
            OfficeName = s.Office?.Name,
            OfficeAddress = s.Office?.Address,
            OfficePhone = s.Office?.Phone,
            OfficeEmail = NullIfEmpty(s.Office?.Email),
            OfficeHours = s.Office?.OpeningHours,
            TargetProcessingDays = s.TargetProcessingDays,
            RetentionApprovedYears = s.RetentionYears?.Approved,
            RetentionRejectedYears = s.RetentionYears?.Rejected,
            RetentionWithdrawnYears = s.RetentionYears?.Withdrawn,
        };
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(input, new ValidationContext(input), results, validateAllProperties: true);
        foreach (var result in results)
        {
            var member = result.MemberNames.FirstOrDefault() ?? "";
            problems.Add(new PackageProblem(PackageFormat.ManifestPath, ManifestField(member), result.ErrorMessage ?? ""));
        }

        var p = manifest.Provenance!;
        if (p.MunicipalitySlug!.Length > 40 || p.MunicipalityName!.Length > 200 || (manifest.PackageId?.Length ?? 0) > 100 || (p.KoggeVersion?.Length ?? 0) > 50
            || (manifest.Version!.ChangeNote?.Length ?? 0) > 2000)
        {
            problems.Add(new PackageProblem(PackageFormat.ManifestPath, "provenance", l["Eine Angabe zur Herkunft oder zur Version ist zu lang."]));
        }

        return input;
    }

    private List<ServiceArtifact> Artifacts(ReadPackage package, List<PackageProblem> problems)
    {
        var artifacts = new List<ServiceArtifact>();
        foreach (var (path, content) in package.Files.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            if (PackageFormat.ArtifactOf(path) is not { } artifact)
            {
                continue;
            }

            var accepted = ArtifactUpload.Accept(artifact.Kind, artifact.Name, content, l);
            if (accepted.Error is not null)
            {
                problems.Add(new PackageProblem(path, null, accepted.Error));
                continue;
            }

            if (accepted.Name != artifact.Name)
            {
                problems.Add(new PackageProblem(path, accepted.Name, l["Die Formular-ID in der Datei („{0}“) passt nicht zum Namen „{1}“.", accepted.Name ?? "", artifact.Name]));
                continue;
            }

            artifacts.Add(new ServiceArtifact { Kind = artifact.Kind, Name = artifact.Name, Content = accepted.Content! });
        }

        return artifacts;
    }

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;

    private static string ManifestField(string member) => member switch
    {
        nameof(ServiceInput.LeikaKey) => "service.leikaKey",
        nameof(ServiceInput.Name) => "service.name",
        nameof(ServiceInput.ShortText) => "service.shortText",
        nameof(ServiceInput.Category) => "service.category",
        nameof(ServiceInput.TrustLevel) => "service.trustLevel",
        nameof(ServiceInput.OfficeName) => "service.office.name",
        nameof(ServiceInput.OfficeAddress) => "service.office.address",
        nameof(ServiceInput.OfficePhone) => "service.office.phone",
        nameof(ServiceInput.OfficeEmail) => "service.office.email",
        nameof(ServiceInput.OfficeHours) => "service.office.openingHours",
        nameof(ServiceInput.TargetProcessingDays) => "service.targetProcessingDays",
        nameof(ServiceInput.RetentionApprovedYears) => "service.retentionYears.approved",
        nameof(ServiceInput.RetentionRejectedYears) => "service.retentionYears.rejected",
        nameof(ServiceInput.RetentionWithdrawnYears) => "service.retentionYears.withdrawn",
        _ => "service.sections." + JsonName(member),
    };

    private static string JsonName(string member) => member.Length == 0 ? member : char.ToLowerInvariant(member[0]) + member[1..];
}
