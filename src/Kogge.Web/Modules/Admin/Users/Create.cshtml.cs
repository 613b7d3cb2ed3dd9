using System.ComponentModel.DataAnnotations;
using Kogge.Web.Platform.Audit;
using Kogge.Web.Platform.Identity;
using Kogge.Web.Platform.Persistence;
using Kogge.Web.Platform.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Kogge.Web.Modules.Admin.Users;

/// <summary>A municipality's administrator creates staff accounts; staff do not register themselves.</summary>
[Authorize(Policy = IdentityExtensions.TenantAdminPolicy)]
[TenantOnly]
public sealed class CreateModel(
    UserManager<KoggeUser> users,
    KoggeDbContext db,
    AuditLog audit,
    TimeProvider clock,
    IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty]
    public StaffInput Input { get; set; } = new();

    public RoleSelection RoleChoices => RoleSelection.ForStaff(l, Input.Roles, ModelState);

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!RoleSelection.Validate(Input.Roles, ModelState, l) || !ModelState.IsValid)
        {
            return Page();
        }

        var email = Input.Email.Trim();
        var user = new KoggeUser
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            DisplayName = Input.DisplayName.Trim(),
            IsStaff = true,
            CreatedAt = clock.GetUtcNow(),
        };
        // Account, roles and audit entry land together or not at all.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var result = await users.CreateAsync(user, Input.Password);
        if (result.Succeeded)
        {
            result = await users.AddToRolesAsync(user, Input.Roles);
        }

        if (!result.Succeeded)
        {
            await transaction.RollbackAsync(cancellationToken);
            foreach (var error in result.Errors)
            {
                ModelState.AddModelError(error.Code.StartsWith("Password", StringComparison.Ordinal) ? "Input.Password" : "Input.Email", error.Description);
            }

            return Page();
        }

        audit.Add("user.created", "User", user.Id, new { roles = Input.Roles.Order(StringComparer.Ordinal).ToArray() });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return RedirectToPage("/Admin/Users/Edit", new { id = user.Id, hinweis = "angelegt" });
    }
}

public sealed class StaffInput
{
    [Required(ErrorMessage = "Bitte geben Sie den Namen ein.")]
    [StringLength(200, ErrorMessage = "Der Name darf höchstens 200 Zeichen lang sein.")]
    public string DisplayName { get; set; } = "";

    [Required(ErrorMessage = "Bitte geben Sie die E-Mail-Adresse ein.")]
    [EmailAddress(ErrorMessage = "Bitte geben Sie eine gültige E-Mail-Adresse ein.")]
    [StringLength(256, ErrorMessage = "Die E-Mail-Adresse ist zu lang.")]
    public string Email { get; set; } = "";

    [Required(ErrorMessage = "Bitte geben Sie ein vorläufiges Passwort ein.")]
    [StringLength(200, ErrorMessage = "Das Passwort darf höchstens 200 Zeichen lang sein.")]
    public string Password { get; set; } = "";

    public List<string> Roles { get; set; } = [];
}
