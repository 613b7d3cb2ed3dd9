using System.ComponentModel.DataAnnotations;
using Kogge.Web.Platform.Audit;
using Kogge.Web.Platform.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace Kogge.Web.Modules.Account;

[AllowAnonymous]
[EnableRateLimiting(AccountExtensions.SignInRateLimit)]
public sealed class SignInTwoFactorModel(SignInManager<KoggeUser> signIn, AuditLog audit, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty]
    public TwoFactorInput Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public async Task<IActionResult> OnGetAsync() =>
        await signIn.GetTwoFactorAuthenticationUserAsync() is null ? RedirectToPage("/Account/SignIn") : Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null)
        {
            return RedirectToPage("/Account/SignIn");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var code = Input.Code.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        var isTotp = code.Length == 6 && code.All(char.IsAsciiDigit);
        var result = isTotp
            ? await signIn.TwoFactorAuthenticatorSignInAsync(code, isPersistent: false, rememberClient: false)
            : await signIn.TwoFactorRecoveryCodeSignInAsync(Input.Code.Trim());
        if (result.Succeeded)
        {
            await audit.WriteAsync("signin.succeeded", "User", user.Id, new { method = isTotp ? "totp" : "recovery_code" }, cancellationToken);
            return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : Url.Content("~/"));
        }

        await audit.WriteAsync(result.IsLockedOut ? "signin.locked_out" : "signin.failed", "User", user.Id, new { reason = "second_factor" }, cancellationToken);
        ModelState.AddModelError("Input.Code", result.IsLockedOut
            ? l["Zu viele fehlgeschlagene Versuche. Ihr Konto ist für 15 Minuten gesperrt."]
            : l["Der Code ist nicht richtig oder abgelaufen."]);
        return Page();
    }
}

public sealed class TwoFactorInput
{
    [Required(ErrorMessage = "Bitte geben Sie den Code ein.")]
    [StringLength(40, ErrorMessage = "Der Code ist zu lang.")]
    public string Code { get; set; } = "";
}
