using Kogge.Web.Platform.Audit;
using Kogge.Web.Platform.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kogge.Web.Modules.Account;

/// <summary>Signing out is a POST (with antiforgery), so that no link or image can sign a user out.</summary>
[AllowAnonymous]
public sealed class SignOutModel(SignInManager<KoggeUser> signIn, AuditLog audit) : PageModel
{
    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (User.Identity?.IsAuthenticated == true)
        {
            await audit.WriteAsync("signout", "User", signIn.UserManager.GetUserId(User), cancellationToken: cancellationToken);
        }

        await signIn.SignOutAsync();
        return RedirectToPage("/Account/SignIn", new { hinweis = "abgemeldet" });
    }
}
