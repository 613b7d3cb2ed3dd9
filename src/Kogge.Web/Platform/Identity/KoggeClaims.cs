namespace Kogge.Web.Platform.Identity;

public static class KoggeClaims
{
    /// <summary>The municipality an account belongs to (<see cref="Guid.Empty"/> for platform accounts).</summary>
    public const string Tenant = "kogge:tenant";

    public const string ServiceAccount = "kogge:service_account";

    public const string Staff = "kogge:staff";

    /// <summary>The account has an authenticator app set up.</summary>
    public const string TwoFactorEnabled = "kogge:2fa";
}
