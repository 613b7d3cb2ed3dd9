using System.ComponentModel.DataAnnotations;
using Kogge.Web.Platform.Identity;
using Kogge.Web.Platform.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Kogge.Web.Modules.Account;

/// <summary>Asks for a sign-in link by e-mail; the answer is the same whether or not the address has an account.</summary>
[AllowAnonymous]
[TenantOnly]
[EnableRateLimiting(AccountExtensions.SignInRateLimit)]
public sealed class SignInLinkModel(UserManager<KoggeUser> users, SignInLinks links, IConfiguration configuration) : PageModel
{
    [BindProperty]
    public SignInLinkInput Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public bool Sent { get; private set; }

    public int Minutes => (int)SignInLinkTokens.Lifespan.TotalMinutes;

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        if (await users.FindByEmailAsync(Input.Email.Trim()) is { } user)
        {
            var returnUrl = Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : null;
            await links.SendAsync(user, token => Request.AbsoluteLink(configuration,
                Url.Page("/Account/SignInLinkRedeem", new { benutzer = user.Id, code = token, returnUrl })!), cancellationToken);
        }

        Sent = true;
        return Page();
    }
}

public sealed class SignInLinkInput
{
    [Required(ErrorMessage = "Bitte geben Sie Ihre E-Mail-Adresse ein.")]
    [EmailAddress(ErrorMessage = "Bitte geben Sie eine gültige E-Mail-Adresse ein.")]
    [StringLength(256, ErrorMessage = "Die Eingabe ist zu lang (höchstens {1} Zeichen).")]
    public string Email { get; set; } = "";
}
