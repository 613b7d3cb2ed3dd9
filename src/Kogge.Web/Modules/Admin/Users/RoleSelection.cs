using Kogge.Web.Platform.Identity;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Localization;

namespace Kogge.Web.Modules.Admin.Users;

/// <summary>The staff-role checkboxes shared by the account and service-account pages.</summary>
public sealed record RoleSelection(string Legend, IReadOnlyList<(string Role, string Label)> Options, IReadOnlyCollection<string> Selected, string? Error)
{
    public const string Field = "Input.Roles";

    public static RoleSelection ForStaff(IStringLocalizer l, IReadOnlyCollection<string> selected, ModelStateDictionary state) => new(
        l["Rollen"],
        [.. Roles.Staff.Select(r => (r, l[Roles.DisplayName(r)].Value))],
        selected,
        state.TryGetValue(Field, out var entry) ? entry.Errors.FirstOrDefault()?.ErrorMessage : null);

    /// <summary>At least one role, and only staff roles: a form cannot smuggle in PlatformAdmin.</summary>
    public static bool Validate(IReadOnlyCollection<string> roles, ModelStateDictionary state, IStringLocalizer l)
    {
        if (roles.Count > 0 && roles.All(Roles.Staff.Contains))
        {
            return true;
        }

        state.AddModelError(Field, l["Bitte wählen Sie mindestens eine Rolle."]);
        return false;
    }
}
