namespace Kogge.Web.Platform.Identity;

public static class KoggeClaims
{
    /// <summary>The municipality an account belongs to (<see cref="Guid.Empty"/> for platform accounts).</summary>
    public const string Tenant = "kogge:tenant";

    public const string ServiceAccount = "kogge:service_account";

    public const string Staff = "kogge:staff";

    /// <summary>A candidate group of a staff member (stored as a user claim, edited by the municipality's administration).</summary>
    public const string Group = "kogge:group";

    /// <summary>The account has an authenticator app set up.</summary>
    public const string TwoFactorEnabled = "kogge:2fa";
}
