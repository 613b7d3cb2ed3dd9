using System.ComponentModel.DataAnnotations;
using Kogge.Web.Platform.Audit;
using Kogge.Web.Platform.Identity;
using Kogge.Web.Platform.Tenancy;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace Kogge.Web.Modules.Account;

[AllowAnonymous]
[EnableRateLimiting(AccountExtensions.SignInRateLimit)]
public sealed class SignInModel(
    SignInManager<KoggeUser> signIn,
    UserManager<KoggeUser> users,
    AuditLog audit,
    TenantContext tenant,
    IConfiguration configuration,
    IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty]
    public SignInInput Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Message { get; private set; }

    public string? SsoScheme => configuration.HasSso(tenant.Current) ? SsoOptions.SchemeFor(tenant.Current!.Slug) : null;

    public void OnGet(string? hinweis)
    {
        Message = hinweis switch
        {
            "bestaetigt" => l["Ihre E-Mail-Adresse ist bestätigt. Sie können sich jetzt anmelden."].Value,
            "abgemeldet" => l["Sie haben sich abgemeldet."].Value,
            _ => null,
        };
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var user = await users.FindByEmailAsync(Input.Email.Trim());
        if (user is null)
        {
            await audit.WriteAsync("signin.failed", "User", null, new { reason = "unknown" }, cancellationToken);
            return Failed(l["E-Mail-Adresse oder Passwort sind nicht richtig."]);
        }

        var result = await signIn.PasswordSignInAsync(user, Input.Password, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            await audit.WriteAsync("signin.succeeded", "User", user.Id, new { method = "password" }, cancellationToken);
            return LocalRedirect(SafeReturnUrl());
        }

        if (result.RequiresTwoFactor)
        {
            return RedirectToPage("/Account/SignInTwoFactor", new { returnUrl = SafeReturnUrl() });
        }

        if (result.IsLockedOut)
        {
            await audit.WriteAsync("signin.locked_out", "User", user.Id, cancellationToken: cancellationToken);
            return Failed(l["Zu viele fehlgeschlagene Versuche. Ihr Konto ist für 15 Minuten gesperrt."]);
        }

        if (result.IsNotAllowed)
        {
            await audit.WriteAsync("signin.failed", "User", user.Id, new { reason = "not_confirmed" }, cancellationToken);
            return Failed(l["Bitte bestätigen Sie zuerst Ihre E-Mail-Adresse. Den Link dazu haben wir Ihnen geschickt."]);
        }

        await audit.WriteAsync("signin.failed", "User", user.Id, new { reason = "password" }, cancellationToken);
        return Failed(l["E-Mail-Adresse oder Passwort sind nicht richtig."]);
    }

    public IActionResult OnPostSso()
    {
        if (SsoScheme is null)
        {
            return NotFound();
        }

        var properties = signIn.ConfigureExternalAuthenticationProperties(
            SsoScheme, Url.Page("/Account/SsoComplete", new { returnUrl = SafeReturnUrl() }));
        return Challenge(properties, SsoScheme);
    }

    private PageResult Failed(string message)
    {
        ModelState.AddModelError(string.Empty, message);
        return Page();
    }

    private string SafeReturnUrl() => Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : Url.Content("~/");
}

public sealed class SignInInput
{
    [Required(ErrorMessage = "Bitte geben Sie Ihre E-Mail-Adresse ein.")]
    [EmailAddress(ErrorMessage = "Bitte geben Sie eine gültige E-Mail-Adresse ein.")]
    [StringLength(256, ErrorMessage = "Die Eingabe ist zu lang (höchstens {1} Zeichen).")]
    public string Email { get; set; } = "";

    [Required(ErrorMessage = "Bitte geben Sie Ihr Passwort ein.")]
    [StringLength(200, ErrorMessage = "Die Eingabe ist zu lang (höchstens {1} Zeichen).")]
    public string Password { get; set; } = "";
}
