using System.Text;
using Kogge.Web.Platform.Audit;
using Kogge.Web.Platform.Identity;
using Kogge.Web.Platform.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;

namespace Kogge.Web.Modules.Account;

[AllowAnonymous]
[TenantOnly]
public sealed class ConfirmEmailModel(UserManager<KoggeUser> users, AuditLog audit) : PageModel
{
    public async Task<IActionResult> OnGetAsync(Guid userId, string? code, CancellationToken cancellationToken)
    {
        var user = await users.FindByIdAsync(userId.ToString());
        if (user is null || string.IsNullOrEmpty(code) || code.Length > 2000)
        {
            return Page();
        }

        string token;
        try
        {
            token = Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(code));
        }
        catch (FormatException)
        {
            return Page();
        }

        var result = await users.ConfirmEmailAsync(user, token);
        if (!result.Succeeded)
        {
            return Page();
        }

        await audit.WriteAsync("user.email_confirmed", "User", user.Id, cancellationToken: cancellationToken);
        return RedirectToPage("/Account/SignIn", new { hinweis = "bestaetigt" });
    }
}
