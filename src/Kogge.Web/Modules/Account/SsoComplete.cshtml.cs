using Kogge.Web.Platform.Audit;
using Kogge.Web.Platform.Identity;
using Kogge.Web.Platform.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Kogge.Web.Modules.Account;

/// <summary>
/// The return from the municipality's identity provider. Only existing staff accounts may sign in this way; the
/// first sign-in links the provider's subject to the staff account with the same e-mail address.
/// </summary>
[AllowAnonymous]
[TenantOnly]
public sealed class SsoCompleteModel(
    SignInManager<KoggeUser> signIn,
    UserManager<KoggeUser> users,
    AuditLog audit,
    IStringLocalizer<SharedResource> l) : PageModel
{
    public string Problem { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(string? returnUrl, CancellationToken cancellationToken)
    {
        var info = await signIn.GetExternalLoginInfoAsync();
        if (info is null)
        {
            Problem = l["Die Anmeldung beim Identitätsanbieter ist fehlgeschlagen."];
            return Page();
        }

        var result = await signIn.ExternalLoginSignInAsync(info.LoginProvider, info.ProviderKey, isPersistent: false, bypassTwoFactor: true);
        var user = await users.FindByLoginAsync(info.LoginProvider, info.ProviderKey);
        if (!result.Succeeded && user is null)
        {
            var email = info.Principal.FindFirst("email")?.Value ?? info.Principal.FindFirst(System.Security.Claims.ClaimTypes.Email)?.Value;
            var verified = info.Principal.FindFirst("email_verified")?.Value;
            user = email is null ? null : await users.FindByEmailAsync(email);
            if (user is null || !user.IsStaff || string.Equals(verified, "false", StringComparison.OrdinalIgnoreCase))
            {
                await HttpContext.SignOutAsync(IdentityConstants.ExternalScheme);
                await audit.WriteAsync("signin.failed", "User", user?.Id, new { method = "sso", reason = "no_staff_account" }, cancellationToken);
                Problem = l["Für Ihr Dienstkonto gibt es hier kein Konto bei Kogge."];
                return Page();
            }

            var linked = await users.AddLoginAsync(user, info);
            if (!linked.Succeeded)
            {
                await HttpContext.SignOutAsync(IdentityConstants.ExternalScheme);
                Problem = l["Die Anmeldung ist nicht erlaubt."];
                return Page();
            }

            audit.Add("user.sso_linked", "User", user.Id, new { provider = info.LoginProvider });
            result = await signIn.ExternalLoginSignInAsync(info.LoginProvider, info.ProviderKey, isPersistent: false, bypassTwoFactor: true);
        }

        if (!result.Succeeded)
        {
            await audit.WriteAsync("signin.failed", "User", user?.Id, new { method = "sso", reason = result.IsLockedOut ? "locked_out" : "not_allowed" }, cancellationToken);
            Problem = result.IsLockedOut ? l["Ihr Konto ist gesperrt."] : l["Die Anmeldung ist nicht erlaubt."];
            return Page();
        }

        await HttpContext.SignOutAsync(IdentityConstants.ExternalScheme);
        await audit.WriteAsync("signin.succeeded", "User", user?.Id, new { method = "sso" }, cancellationToken);
        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl! : Url.Content("~/"));
    }
}
