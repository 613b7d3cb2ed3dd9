using System.ComponentModel.DataAnnotations;
using Kogge.Web.Platform.Audit;
using Kogge.Web.Platform.Identity;
using Kogge.Web.Platform.Persistence;
using Kogge.Web.Platform.Tenancy;
using Kogge.Web.Platform.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Kogge.Web.Modules.Admin.Settings;

[Authorize(Policy = IdentityExtensions.TenantAdminPolicy)]
[TenantOnly]
public sealed class IndexModel(KoggeDbContext db, TenantContext tenant, TenantCatalog catalog, AuditLog audit, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty]
    public TenantSettingsInput Input { get; set; } = new();

    public bool Saved { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? hinweis, CancellationToken cancellationToken)
    {
        var entity = await db.Tenants.AsNoTracking().FirstAsync(t => t.Id == tenant.TenantId, cancellationToken);
        Input = new TenantSettingsInput
        {
            Name = entity.Name,
            ContactEmail = entity.ContactEmail,
            ImprintText = entity.ImprintText,
            DataProtectionOfficer = entity.DataProtectionOfficer,
            RequireStaffTwoFactor = entity.RequireStaffTwoFactor,
            Version = entity.Version,
        };
        Saved = hinweis == "gespeichert";
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var entity = await db.Tenants.FirstAsync(t => t.Id == tenant.TenantId, cancellationToken);
        db.Entry(entity).Property(t => t.Version).OriginalValue = Input.Version;
        var twoFactorChanged = entity.RequireStaffTwoFactor != Input.RequireStaffTwoFactor;
        entity.Name = Input.Name.Trim();
        entity.ContactEmail = Input.ContactEmail.Trim();
        entity.ImprintText = Input.ImprintText.Trim();
        entity.DataProtectionOfficer = Input.DataProtectionOfficer.Trim();
        entity.RequireStaffTwoFactor = Input.RequireStaffTwoFactor;
        audit.Add("tenant.settings_changed", "Tenant", entity.Id, new { requireStaffTwoFactor = Input.RequireStaffTwoFactor, twoFactorChanged });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            ModelState.AddModelError(string.Empty, l["Die Einstellungen wurden inzwischen von jemand anderem geändert. Bitte laden Sie die Seite neu."]);
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }

        catalog.Invalidate();
        return RedirectToPage(new { hinweis = "gespeichert" });
    }
}

public sealed class TenantSettingsInput
{
    [Required(ErrorMessage = "Bitte geben Sie den Namen der Kommune ein.")]
    [StringLength(200, ErrorMessage = "Der Name darf höchstens 200 Zeichen lang sein.")]
    public string Name { get; set; } = "";

    [Required(ErrorMessage = "Bitte geben Sie eine Kontakt-E-Mail-Adresse ein.")]
    [EmailAddress(ErrorMessage = "Bitte geben Sie eine gültige E-Mail-Adresse ein.")]
    [StringLength(256, ErrorMessage = "Die Eingabe ist zu lang (höchstens {1} Zeichen).")]
    public string ContactEmail { get; set; } = "";

    [Required(ErrorMessage = "Bitte geben Sie das Impressum ein.")]
    [StringLength(4000, ErrorMessage = "Das Impressum darf höchstens 4000 Zeichen lang sein.")]
    public string ImprintText { get; set; } = "";

    [Required(ErrorMessage = "Bitte geben Sie die datenschutzbeauftragte Stelle an.")]
    [StringLength(1000, ErrorMessage = "Die Angabe darf höchstens 1000 Zeichen lang sein.")]
    public string DataProtectionOfficer { get; set; } = "";

    public bool RequireStaffTwoFactor { get; set; }

    public int Version { get; set; }
}
