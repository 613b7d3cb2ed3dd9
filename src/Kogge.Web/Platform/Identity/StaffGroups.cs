using System.Security.Claims;

namespace Kogge.Web.Platform.Identity;

/// <summary>
/// The candidate groups a staff member works for: the names of their roles (a process may offer a task to "Clerk")
/// and the groups the municipality's administration gave them (claims <see cref="KoggeClaims.Group"/>, e.g.
/// "parken" or "strassenaufsicht"), as BPMN's <c>candidateGroups</c> name them.
/// </summary>
public static class StaffGroups
{
    public const int MaxLength = 100;

    public static IReadOnlyList<string> Of(ClaimsPrincipal user) =>
        [.. user.FindAll(ClaimTypes.Role).Concat(user.FindAll(KoggeClaims.Group)).Select(c => c.Value).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    /// <summary>Groups typed by an administrator, one per line or comma separated; null when there are more than 50 or a name is too long or holds a control character.</summary>
    public static IReadOnlyList<string>? Parse(string? text)
    {
        var names = (text ?? "").Split([',', '\n', '\r'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Distinct(StringComparer.Ordinal).ToList();
        return names.Count > 50 || names.Any(n => n.Length > MaxLength || n.Any(char.IsControl)) ? null : names;
    }
}
