using System.ComponentModel.DataAnnotations;

namespace Kogge.Web.Modules.Catalog.Services;

/// <summary>The metadata form of a service, shared by the create and edit pages.</summary>
public sealed class ServiceInput
{
    public const int SectionLength = 8000;

    [Required(ErrorMessage = "Bitte geben Sie den LeiKa-Schlüssel ein.")]
    [StringLength(30, ErrorMessage = "Der LeiKa-Schlüssel besteht aus genau 14 Ziffern.")]
    [LeikaKeyFormat(ErrorMessage = "Der LeiKa-Schlüssel besteht aus genau 14 Ziffern, zum Beispiel 99050012104000.")]
    public string LeikaKey { get; set; } = "";

    [Required(ErrorMessage = "Bitte geben Sie den Namen der Leistung ein.")]
    [StringLength(200, ErrorMessage = "Der Name darf höchstens 200 Zeichen lang sein.")]
    public string Name { get; set; } = "";

    [Required(ErrorMessage = "Bitte geben Sie einen Kurztext ein.")]
    [StringLength(1000, ErrorMessage = "Der Kurztext darf höchstens 1000 Zeichen lang sein.")]
    public string ShortText { get; set; } = "";

    [Required(ErrorMessage = "Bitte wählen Sie einen Bereich.")]
    [EnumDataType(typeof(ServiceCategory), ErrorMessage = "Bitte wählen Sie einen Bereich.")]
    public ServiceCategory? Category { get; set; }

    [StringLength(SectionLength, ErrorMessage = "Ein Abschnitt darf höchstens 8000 Zeichen lang sein.")]
    public string? Requirements { get; set; }

    [StringLength(SectionLength, ErrorMessage = "Ein Abschnitt darf höchstens 8000 Zeichen lang sein.")]
    public string? RequiredDocuments { get; set; }

    [StringLength(SectionLength, ErrorMessage = "Ein Abschnitt darf höchstens 8000 Zeichen lang sein.")]
    public string? Costs { get; set; }

    [StringLength(SectionLength, ErrorMessage = "Ein Abschnitt darf höchstens 8000 Zeichen lang sein.")]
    public string? Deadlines { get; set; }

    [StringLength(SectionLength, ErrorMessage = "Ein Abschnitt darf höchstens 8000 Zeichen lang sein.")]
    public string? ProcessingTime { get; set; }

    [StringLength(SectionLength, ErrorMessage = "Ein Abschnitt darf höchstens 8000 Zeichen lang sein.")]
    public string? LegalBasis { get; set; }

    [StringLength(200, ErrorMessage = "Der Name der Stelle darf höchstens 200 Zeichen lang sein.")]
    public string? OfficeName { get; set; }

    [StringLength(500, ErrorMessage = "Die Anschrift darf höchstens 500 Zeichen lang sein.")]
    public string? OfficeAddress { get; set; }

    [StringLength(50, ErrorMessage = "Die Telefonnummer darf höchstens 50 Zeichen lang sein.")]
    public string? OfficePhone { get; set; }

    [EmailAddress(ErrorMessage = "Bitte geben Sie eine gültige E-Mail-Adresse ein.")]
    [StringLength(256, ErrorMessage = "Die E-Mail-Adresse ist zu lang.")]
    public string? OfficeEmail { get; set; }

    [StringLength(1000, ErrorMessage = "Die Öffnungszeiten dürfen höchstens 1000 Zeichen lang sein.")]
    public string? OfficeHours { get; set; }

    [Required(ErrorMessage = "Bitte wählen Sie das Vertrauensniveau.")]
    [EnumDataType(typeof(TrustLevel), ErrorMessage = "Bitte wählen Sie das Vertrauensniveau.")]
    public TrustLevel? TrustLevel { get; set; }

    [Range(1, 3650, ErrorMessage = "Bitte geben Sie eine Zahl von 1 bis 3650 ein.")]
    public int? TargetProcessingDays { get; set; }

    [Range(0, 100, ErrorMessage = "Bitte geben Sie eine Zahl von 0 bis 100 ein.")]
    public int? RetentionApprovedYears { get; set; }

    [Range(0, 100, ErrorMessage = "Bitte geben Sie eine Zahl von 0 bis 100 ein.")]
    public int? RetentionRejectedYears { get; set; }

    [Range(0, 100, ErrorMessage = "Bitte geben Sie eine Zahl von 0 bis 100 ein.")]
    public int? RetentionWithdrawnYears { get; set; }

    /// <summary>The service's row version when the page was shown (edit only).</summary>
    public int Version { get; set; }

    public static ServiceInput From(PublicService s) => new()
    {
        LeikaKey = s.LeikaKey,
        Name = s.Name,
        ShortText = s.ShortText,
        Category = s.Category,
        Requirements = s.Requirements,
        RequiredDocuments = s.RequiredDocuments,
        Costs = s.Costs,
        Deadlines = s.Deadlines,
        ProcessingTime = s.ProcessingTime,
        LegalBasis = s.LegalBasis,
        OfficeName = s.OfficeName,
        OfficeAddress = s.OfficeAddress,
        OfficePhone = s.OfficePhone,
        OfficeEmail = s.OfficeEmail,
        OfficeHours = s.OfficeHours,
        TrustLevel = s.TrustLevel,
        TargetProcessingDays = s.TargetProcessingDays,
        RetentionApprovedYears = s.RetentionApprovedYears,
        RetentionRejectedYears = s.RetentionRejectedYears,
        RetentionWithdrawnYears = s.RetentionWithdrawnYears,
        Version = s.Version,
    };

    /// <summary>Copies the (validated) input onto the service and refreshes its search text.</summary>
    public void ApplyTo(PublicService s)
    {
        s.LeikaKey = Catalog.LeikaKey.Normalize(LeikaKey)!;
        s.Name = Name.Trim();
        s.ShortText = ShortText.Trim();
        s.Category = Category!.Value;
        s.Requirements = Clean(Requirements);
        s.RequiredDocuments = Clean(RequiredDocuments);
        s.Costs = Clean(Costs);
        s.Deadlines = Clean(Deadlines);
        s.ProcessingTime = Clean(ProcessingTime);
        s.LegalBasis = Clean(LegalBasis);
        s.OfficeName = Clean(OfficeName);
        s.OfficeAddress = Clean(OfficeAddress);
        s.OfficePhone = Clean(OfficePhone);
        s.OfficeEmail = Clean(OfficeEmail);
        s.OfficeHours = Clean(OfficeHours);
        s.TrustLevel = TrustLevel!.Value;
        s.TargetProcessingDays = TargetProcessingDays;
        s.RetentionApprovedYears = RetentionApprovedYears;
        s.RetentionRejectedYears = RetentionRejectedYears;
        s.RetentionWithdrawnYears = RetentionWithdrawnYears;
        s.SearchText = CatalogSearch.SearchText(s);
    }

    private static string Clean(string? text) => (text ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
}

/// <summary>Exactly 14 digits (spaces allowed); an empty value is left to <see cref="RequiredAttribute"/>.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class LeikaKeyFormatAttribute : ValidationAttribute
{
    public override bool IsValid(object? value) => value is not string text || string.IsNullOrWhiteSpace(text) || Catalog.LeikaKey.IsValid(text);
}
