using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;

namespace Kogge.Web.Platform.Identity;

/// <summary>
/// Kogge's password rules beyond Identity's: staff need at least 12 characters, and nobody may use a password
/// from the list of the most common ones, nor one made of the user's own name or e-mail address.
/// </summary>
internal sealed class PasswordRules(IStringLocalizer<SharedResource> l) : IPasswordValidator<KoggeUser>
{
    public const int StaffMinimumLength = 12;
    public const int CitizenMinimumLength = 10;

    private static readonly Lazy<HashSet<string>> Common = new(LoadCommonPasswords);

    public Task<IdentityResult> ValidateAsync(UserManager<KoggeUser> manager, KoggeUser user, string? password)
    {
        password ??= "";
        var errors = new List<IdentityError>();
        var minimum = user.IsStaff ? StaffMinimumLength : CitizenMinimumLength;
        if (password.Length < minimum)
        {
            errors.Add(new IdentityError
            {
                Code = "PasswordTooShort",
                Description = l["Das Passwort muss mindestens {0} Zeichen lang sein.", minimum],
            });
        }

        if (IsCommon(password))
        {
            errors.Add(new IdentityError
            {
                Code = "PasswordCommon",
                Description = l["Dieses Passwort ist zu verbreitet und leicht zu erraten. Bitte wählen Sie ein anderes."],
            });
        }
        else if (ContainsOwnName(user, password))
        {
            errors.Add(new IdentityError
            {
                Code = "PasswordContainsName",
                Description = l["Das Passwort darf nicht Ihren Namen oder Ihre E-Mail-Adresse enthalten."],
            });
        }

        return Task.FromResult(errors.Count == 0 ? IdentityResult.Success : IdentityResult.Failed([.. errors]));
    }

    internal static bool IsCommon(string password)
    {
        var normalized = password.Trim().ToLowerInvariant();
        if (Common.Value.Contains(normalized))
        {
            return true;
        }

        // "Passwort2024!" is as weak as "passwort": strip trailing digits and symbols and look again.
        var stem = normalized.TrimEnd("0123456789!?.#*+-_$%&@ ".ToCharArray());
        return stem.Length < normalized.Length && (stem.Length < 4 || Common.Value.Contains(stem));
    }

    private static bool ContainsOwnName(KoggeUser user, string password)
    {
        var lower = password.ToLowerInvariant();
        var local = user.Email?.Split('@')[0].ToLowerInvariant();
        return (local is { Length: >= 4 } && lower.Contains(local, StringComparison.Ordinal))
            || user.DisplayName.Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Any(part => part.Length >= 4 && lower.Contains(part.ToLowerInvariant(), StringComparison.Ordinal));
    }

    private static HashSet<string> LoadCommonPasswords()
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in (string[])["Kogge.Web.common-passwords.txt", "Kogge.Web.common-passwords-de.txt"])
        {
            using var stream = typeof(PasswordRules).Assembly.GetManifestResourceStream(name)
                ?? throw new InvalidOperationException($"The password list {name} is missing from the build.");
            using var reader = new StreamReader(stream);
            while (reader.ReadLine() is { } line)
            {
                if (line.Length > 0 && line[0] != '#')
                {
                    set.Add(line.Trim().ToLowerInvariant());
                }
            }
        }

        return set;
    }
}
