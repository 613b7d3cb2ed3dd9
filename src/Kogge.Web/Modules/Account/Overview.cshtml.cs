using Kogge.Web.Platform.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Kogge.Web.Modules.Account;

public sealed class OverviewModel(UserManager<KoggeUser> users, IStringLocalizer<SharedResource> l) : PageModel
{
    public string DisplayName { get; private set; } = "";

    public string Email { get; private set; } = "";

    public bool TwoFactor { get; private set; }

    public bool PasswordChanged { get; private set; }

    public IReadOnlyList<string> RoleNames { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string? hinweis)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return NotFound();
        }

        DisplayName = user.DisplayName;
        Email = user.Email ?? "";
        TwoFactor = user.TwoFactorEnabled;
        PasswordChanged = hinweis == "passwort";
        RoleNames = [.. (await users.GetRolesAsync(user)).Select(r => l[Roles.DisplayName(r)].Value)];
        return Page();
    }
}
