namespace Kogge.Web.Platform.Identity;

/// <summary>
/// Staff single sign-on through a generic OpenID Connect provider (Keycloak, ADFS, Entra ID), one per
/// municipality: section <c>Kogge:Sso:{slug}</c>. Staff accounts must exist; the provider's e-mail claim links
/// the first sign-in to the account with that address.
/// </summary>
public sealed class SsoOptions
{
    public string Authority { get; set; } = "";

    public string ClientId { get; set; } = "";

    public string? ClientSecret { get; set; }

    /// <summary>Shown on the sign-in button, e.g. "Mit dem Rathaus-Konto anmelden".</summary>
    public string DisplayName { get; set; } = "Single Sign-on";

    /// <summary>Only for tests and development with a provider on http://localhost.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    public static string SchemeFor(string slug) => "sso-" + slug;
}
