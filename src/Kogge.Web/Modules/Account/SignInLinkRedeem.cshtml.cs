using Kogge.Web.Platform.Identity;
using Kogge.Web.Platform.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Kogge.Web.Modules.Account;

/// <summary>
/// The page a sign-in link opens. Opening it changes nothing — mail filters open links to check them — the person
/// signs in with the button.
/// </summary>
[AllowAnonymous]
[TenantOnly]
[EnableRateLimiting(AccountExtensions.SignInRateLimit)]
public sealed class SignInLinkRedeemModel(SignInLinks links) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid Benutzer { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Code { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public bool Failed { get; private set; }

    public int Minutes => (int)SignInLinkTokens.Lifespan.TotalMinutes;

    public void OnGet() => Failed = Benutzer == Guid.Empty || string.IsNullOrEmpty(Code);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!await links.RedeemAsync(Benutzer, Code, cancellationToken))
        {
            Failed = true;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : Url.Content("~/konto/antraege"));
    }
}
