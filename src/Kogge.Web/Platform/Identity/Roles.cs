namespace Kogge.Web.Platform.Identity;

/// <summary>The roles of Kogge. Role names are stable identifiers; the UI shows <see cref="DisplayName"/>.</summary>
public static class Roles
{
    public const string Citizen = "Citizen";
    public const string Clerk = "Clerk";
    public const string ProcessDesigner = "ProcessDesigner";
    public const string ProgrammeManager = "ProgrammeManager";
    public const string Employee = "Employee";
    public const string TenantAdmin = "TenantAdmin";
    public const string PlatformAdmin = "PlatformAdmin";

    /// <summary>Machine clients that deploy processes and resolve incidents (process API).</summary>
    public const string ProcessAdmin = "ProcessAdmin";

    /// <summary>Machine clients that start instances, publish messages and work user tasks (process API).</summary>
    public const string ProcessWorker = "ProcessWorker";

    public static readonly IReadOnlyList<string> All =
        [Citizen, Clerk, ProcessDesigner, ProgrammeManager, Employee, TenantAdmin, PlatformAdmin];

    /// <summary>Roles a municipality's administrator may give to staff.</summary>
    public static readonly IReadOnlyList<string> Staff =
        [Clerk, ProcessDesigner, ProgrammeManager, Employee, TenantAdmin];

    /// <summary>Roles only service accounts hold: the scopes of the process API.</summary>
    public static readonly IReadOnlyList<string> ProcessApi = [ProcessAdmin, ProcessWorker];

    /// <summary>Roles a municipality's administrator may give to a service account.</summary>
    public static readonly IReadOnlyList<string> ServiceAccount = [.. Staff, .. ProcessApi];

    /// <summary>The German name shown in the UI; the English one comes from the resources.</summary>
    public static string DisplayName(string role) => role switch
    {
        Citizen => "Bürgerin / Bürger",
        Clerk => "Sachbearbeitung",
        ProcessDesigner => "Prozessgestaltung",
        ProgrammeManager => "Programmleitung",
        Employee => "Beschäftigte",
        TenantAdmin => "Administration der Kommune",
        PlatformAdmin => "Plattform-Administration",
        ProcessAdmin => "Prozessbetrieb (Schnittstelle)",
        ProcessWorker => "Prozessbearbeitung (Schnittstelle)",
        _ => role,
    };
}
