using System.Text.Json.Serialization;
using Kogge.Web.Platform.Persistence;
using Kogge.Web.Platform.Tenancy;

namespace Kogge.Web.Modules.Catalog;

/// <summary>
/// A public service (Verwaltungsleistung) of one municipality as its citizens find it: LeiKa key, the sections of the
/// municipality's service page, the office in charge, and the rules that cases of the service follow.
/// </summary>
public sealed class PublicService : ITenantOwned, IVersioned
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid TenantId { get; set; }

    /// <summary>The 14-digit key of the federal service catalogue (LeiKa); unique within the municipality.</summary>
    public required string LeikaKey { get; set; }

    /// <summary>The readable part of the citizen page's address, made from the name at creation and kept after renaming.</summary>
    public required string Slug { get; set; }

    public required string Name { get; set; }

    public string ShortText { get; set; } = "";

    public ServiceCategory Category { get; set; }

    public string Requirements { get; set; } = "";

    public string RequiredDocuments { get; set; } = "";

    public string Costs { get; set; } = "";

    public string Deadlines { get; set; } = "";

    public string ProcessingTime { get; set; } = "";

    public string LegalBasis { get; set; } = "";

    public string OfficeName { get; set; } = "";

    public string OfficeAddress { get; set; } = "";

    public string OfficePhone { get; set; } = "";

    public string OfficeEmail { get; set; } = "";

    public string OfficeHours { get; set; } = "";

    /// <summary>The level of identification an applicant needs (BundID / eIDAS).</summary>
    public TrustLevel TrustLevel { get; set; }

    /// <summary>The processing time the municipality aims for, in days; measured against the cases later.</summary>
    public int? TargetProcessingDays { get; set; }

    /// <summary>Years the file of a case is kept after it ended with an approval.</summary>
    public int? RetentionApprovedYears { get; set; }

    public int? RetentionRejectedYears { get; set; }

    public int? RetentionWithdrawnYears { get; set; }

    /// <summary>The version new applications start on; null while none is published.</summary>
    public Guid? PublishedVersionId { get; set; }

    /// <summary>Name, short text and LeiKa key folded for searching (see <see cref="CatalogSearch"/>).</summary>
    public string SearchText { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public int Version { get; set; }

    public List<ServiceVersion> Versions { get; set; } = [];
}

/// <summary>The fixed categories of the citizen catalogue.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ServiceCategory>))]
public enum ServiceCategory
{
    FamilyAndSocial,
    HousingAndBuilding,
    TrafficAndMobility,
    TaxesAndFees,
    BusinessAndTrade,
    PublicOrderAndSafety,
    RegistrationAndDocuments,
    EnvironmentAndAnimals,
    RoadsAndPublicSpace,
}

/// <summary>Levels of assurance of the BundID and eIDAS: none, low (basic), substantial, high.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TrustLevel>))]
public enum TrustLevel
{
    None,
    Low,
    Substantial,
    High,
}

/// <summary>The German names the pages show; the English ones come from the resources.</summary>
public static class CatalogNames
{
    public static string Of(ServiceCategory category) => category switch
    {
        ServiceCategory.FamilyAndSocial => "Familie & Soziales",
        ServiceCategory.HousingAndBuilding => "Bauen & Wohnen",
        ServiceCategory.TrafficAndMobility => "Verkehr & Mobilität",
        ServiceCategory.TaxesAndFees => "Steuern & Abgaben",
        ServiceCategory.BusinessAndTrade => "Wirtschaft & Gewerbe",
        ServiceCategory.PublicOrderAndSafety => "Ordnung & Sicherheit",
        ServiceCategory.RegistrationAndDocuments => "Meldewesen & Ausweise",
        ServiceCategory.EnvironmentAndAnimals => "Umwelt & Tiere",
        ServiceCategory.RoadsAndPublicSpace => "Straßen & öffentlicher Raum",
        _ => category.ToString(),
    };

    public static string Of(TrustLevel level) => level switch
    {
        TrustLevel.None => "keine Identifizierung",
        TrustLevel.Low => "niedrig (Basisregistrierung)",
        TrustLevel.Substantial => "substanziell",
        TrustLevel.High => "hoch (Online-Ausweis)",
        _ => level.ToString(),
    };

    public static string Of(VersionState state) => state switch
    {
        VersionState.Draft => "Entwurf",
        VersionState.Published => "veröffentlicht",
        VersionState.Retired => "außer Betrieb",
        _ => state.ToString(),
    };

    public static string Of(ArtifactKind kind) => kind switch
    {
        ArtifactKind.Process => "Prozess (BPMN)",
        ArtifactKind.Form => "Formular (form-js)",
        ArtifactKind.Decision => "Entscheidungstabelle (DMN)",
        ArtifactKind.NoticeTemplate => "Bescheidvorlage (Liquid)",
        _ => kind.ToString(),
    };
}
