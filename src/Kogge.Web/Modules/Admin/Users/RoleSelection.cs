using Kogge.Web.Platform.Identity;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Localization;

namespace Kogge.Web.Modules.Admin.Users;

/// <summary>The staff-role checkboxes shared by the account and service-account pages.</summary>
public sealed record RoleSelection(string Legend, IReadOnlyList<(string Role, string Label)> Options, IReadOnlyCollection<string> Selected, string? Error)
{
    public const string Field = "Input.Roles";

    public static RoleSelection ForStaff(IStringLocalizer l, IReadOnlyCollection<string> selected, ModelStateDictionary state) =>
        For(Roles.Staff, l, selected, state);

    /// <summary>The staff roles plus the process API's scopes, which only machine clients hold.</summary>
    public static RoleSelection ForServiceAccount(IStringLocalizer l, IReadOnlyCollection<string> selected, ModelStateDictionary state) =>
        For(Roles.ServiceAccount, l, selected, state);

    /// <summary>At least one role, and only roles of <paramref name="allowed"/> (default: staff roles): a form cannot smuggle in PlatformAdmin.</summary>
    public static bool Validate(IReadOnlyCollection<string> roles, ModelStateDictionary state, IStringLocalizer l, IReadOnlyList<string>? allowed = null)
    {
        allowed ??= Roles.Staff;
        if (roles.Count > 0 && roles.All(allowed.Contains))
        {
            return true;
        }

        state.AddModelError(Field, l["Bitte wählen Sie mindestens eine Rolle."]);
        return false;
    }

    private static RoleSelection For(IReadOnlyList<string> roles, IStringLocalizer l, IReadOnlyCollection<string> selected, ModelStateDictionary state) => new(
        l["Rollen"],
        [.. roles.Select(r => (r, l[Roles.DisplayName(r)].Value))],
        selected,
        state.TryGetValue(Field, out var entry) ? entry.Errors.FirstOrDefault()?.ErrorMessage : null);
}
