using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kogge.Web.Modules.Catalog.Packages;

/// <summary>
/// <c>manifest.json</c> of a service package: what the package is, the service's page as the exporting municipality
/// wrote it, the version, where it comes from, and the SHA-256 of every other file. See docs/service-packages.md.
/// </summary>
public sealed record PackageManifest
{
    /// <summary>Always <see cref="PackageFormat.Name"/>: tells a package from any other zip with a manifest.</summary>
    public string? Format { get; init; }

    public int? FormatVersion { get; init; }

    /// <summary>The exported version's id: the same version always has the same package id.</summary>
    public string? PackageId { get; init; }

    public ManifestService? Service { get; init; }

    public ManifestVersion? Version { get; init; }

    public ManifestProvenance? Provenance { get; init; }

    /// <summary>Every file of the package except the manifest itself, sorted by path.</summary>
    public IReadOnlyList<ManifestFile>? Files { get; init; }

    /// <summary>Indented, umlauts as they are, the same bytes for the same manifest.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        MaxDepth = 16,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
        NewLine = "\n",
        Converters = { new JsonStringEnumConverter() },
    };
}

public sealed record ManifestService
{
    public string? LeikaKey { get; init; }

    public string? Name { get; init; }

    public string? ShortText { get; init; }

    public ServiceCategory? Category { get; init; }

    public TrustLevel? TrustLevel { get; init; }

    public ManifestSections? Sections { get; init; }

    public ManifestOffice? Office { get; init; }

    public int? TargetProcessingDays { get; init; }

    public ManifestRetention? RetentionYears { get; init; }
}

public sealed record ManifestSections
{
    public string? Requirements { get; init; }

    public string? RequiredDocuments { get; init; }

    public string? Costs { get; init; }

    public string? Deadlines { get; init; }

    public string? ProcessingTime { get; init; }

    public string? LegalBasis { get; init; }
}

public sealed record ManifestOffice
{
    public string? Name { get; init; }

    public string? Address { get; init; }

    public string? Phone { get; init; }

    public string? Email { get; init; }

    public string? OpeningHours { get; init; }
}

public sealed record ManifestRetention
{
    public int? Approved { get; init; }

    public int? Rejected { get; init; }

    public int? Withdrawn { get; init; }
}

public sealed record ManifestVersion
{
    public int? Number { get; init; }

    /// <summary>Draft, Published or Retired at the exporting municipality; an import always lands as a draft.</summary>
    public VersionState? State { get; init; }

    public string? ChangeNote { get; init; }
}

public sealed record ManifestProvenance
{
    public string? MunicipalitySlug { get; init; }

    public string? MunicipalityName { get; init; }

    /// <summary>
    /// When the exported content was last changed (a published version: its publication). Not the clock at export:
    /// exporting the same version twice gives the same bytes and therefore the same package hash.
    /// </summary>
    public DateTimeOffset? ContentAsOf { get; init; }

    public string? KoggeVersion { get; init; }
}

public sealed record ManifestFile
{
    public string? Path { get; init; }

    /// <summary>Lower-case hexadecimal SHA-256 of the file's bytes.</summary>
    public string? Sha256 { get; init; }

    public long? Size { get; init; }
}
