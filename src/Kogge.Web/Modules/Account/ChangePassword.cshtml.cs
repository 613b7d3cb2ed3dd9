using System.ComponentModel.DataAnnotations;
using Kogge.Web.Platform.Audit;
using Kogge.Web.Platform.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Kogge.Web.Modules.Account;

public sealed class ChangePasswordModel(
    UserManager<KoggeUser> users,
    SignInManager<KoggeUser> signIn,
    AuditLog audit,
    IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty]
    public ChangePasswordInput Input { get; set; } = new();

    public string LengthHint => l["Mindestens {0} Zeichen.", User.HasClaim(KoggeClaims.Staff, "true") ? PasswordRules.StaffMinimumLength : PasswordRules.CitizenMinimumLength];

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return NotFound();
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var result = await users.ChangePasswordAsync(user, Input.CurrentPassword, Input.NewPassword);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                ModelState.AddModelError(error.Code == "PasswordMismatch" ? "Input.CurrentPassword" : "Input.NewPassword", error.Description);
            }

            return Page();
        }

        await audit.WriteAsync("user.password_changed", "User", user.Id, cancellationToken: cancellationToken);
        await signIn.RefreshSignInAsync(user);
        return RedirectToPage("/Account/Overview", new { hinweis = "passwort" });
    }
}

public sealed class ChangePasswordInput
{
    [Required(ErrorMessage = "Bitte geben Sie Ihr bisheriges Passwort ein.")]
    [StringLength(200, ErrorMessage = "Die Eingabe ist zu lang (höchstens {1} Zeichen).")]
    public string CurrentPassword { get; set; } = "";

    [Required(ErrorMessage = "Bitte geben Sie ein neues Passwort ein.")]
    [StringLength(200, ErrorMessage = "Das Passwort darf höchstens 200 Zeichen lang sein.")]
    public string NewPassword { get; set; } = "";

    [Required(ErrorMessage = "Bitte wiederholen Sie das neue Passwort.")]
    [Compare(nameof(NewPassword), ErrorMessage = "Die beiden Passwörter stimmen nicht überein.")]
    public string ConfirmPassword { get; set; } = "";
}
