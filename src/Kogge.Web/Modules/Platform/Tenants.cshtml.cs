using System.ComponentModel.DataAnnotations;
using Kogge.Web.Platform.Identity;
using Kogge.Web.Platform.Persistence;
using Kogge.Web.Platform.Tenancy;
using Kogge.Web.Platform.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Kogge.Web.Modules.Platform;

[Authorize(Policy = IdentityExtensions.PlatformAdminPolicy)]
[PlatformOnly]
public sealed class TenantsModel(KoggeDbContext db, TenantProvisioning provisioning) : PageModel
{
    [BindProperty]
    public NewTenantInput Input { get; set; } = new();

    public IReadOnlyList<TenantRow> Municipalities { get; private set; } = [];

    public string? Created { get; private set; }

    public async Task OnGetAsync(string? angelegt, CancellationToken cancellationToken)
    {
        Created = angelegt;
        await LoadAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (ModelState.IsValid)
        {
            var result = await provisioning.CreateAsync(Input.Slug.Trim().ToLowerInvariant(), Input.Name.Trim(), Input.AdminEmail.Trim(), Input.AdminPassword, cancellationToken);
            foreach (var (field, message) in result.Errors)
            {
                ModelState.AddModelError("Input." + field, message);
            }

            if (result.Errors.Count == 0)
            {
                return RedirectToPage(new { angelegt = Input.Name.Trim() });
            }
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var counts = await db.Users.IgnoreQueryFilters().GroupBy(u => u.TenantId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        Municipalities = [.. (await db.Tenants.AsNoTracking().OrderBy(t => t.Name).ToListAsync(cancellationToken))
            .Select(t => new TenantRow(t.Slug, t.Name, counts.GetValueOrDefault(t.Id)))];
    }
}

public sealed record TenantRow(string Slug, string Name, int Accounts);

public sealed class NewTenantInput
{
    [Required(ErrorMessage = "Bitte geben Sie den Namen der Kommune ein.")]
    [StringLength(200, ErrorMessage = "Der Name darf höchstens 200 Zeichen lang sein.")]
    public string Name { get; set; } = "";

    [Required(ErrorMessage = "Bitte geben Sie den Kurznamen ein.")]
    [RegularExpression("^[a-z0-9][a-z0-9-]{1,38}[a-z0-9]$", ErrorMessage = "Bitte verwenden Sie 3 bis 40 Kleinbuchstaben, Ziffern oder Bindestriche.")]
    public string Slug { get; set; } = "";

    [Required(ErrorMessage = "Bitte geben Sie die E-Mail-Adresse ein.")]
    [EmailAddress(ErrorMessage = "Bitte geben Sie eine gültige E-Mail-Adresse ein.")]
    [StringLength(256, ErrorMessage = "Die Eingabe ist zu lang (höchstens {1} Zeichen).")]
    public string AdminEmail { get; set; } = "";

    [Required(ErrorMessage = "Bitte geben Sie ein vorläufiges Passwort ein.")]
    [StringLength(200, ErrorMessage = "Die Eingabe ist zu lang (höchstens {1} Zeichen).")]
    public string AdminPassword { get; set; } = "";
}
