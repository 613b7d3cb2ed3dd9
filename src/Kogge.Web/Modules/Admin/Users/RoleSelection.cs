namespace Kogge.Web.Modules.Admin.Users;

/// <summary>The role checkboxes shared by the create and edit pages.</summary>
public sealed record RoleSelection(string Legend, IReadOnlyList<(string Role, string Label)> Options, IReadOnlyCollection<string> Selected, string? Error);
