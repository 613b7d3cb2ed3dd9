using Kogge.Web.Platform.Persistence;
using Kogge.Web.Platform.Tenancy;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Kogge.Web.Modules.Legal;

/// <summary>Imprint, privacy and accessibility pages show the municipality's own details, or the platform operator's.</summary>
[AllowAnonymous]
public abstract class LegalModel(KoggeDbContext db, TenantContext tenant, IConfiguration configuration) : PageModel
{
    public string Name { get; private set; } = "";

    public IReadOnlyList<string> ImprintLines { get; private set; } = [];

    public string ContactEmail { get; private set; } = "";

    public string DataProtectionOfficer { get; private set; } = "";

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        if (tenant.Current is null)
        {
            var platform = configuration.GetSection("Kogge:Operator");
            Name = platform["Name"] ?? "Kogge";
            ImprintLines = (platform["Imprint"] ?? Name).Split('\n');
            ContactEmail = platform["ContactEmail"] ?? "";
            DataProtectionOfficer = platform["DataProtectionOfficer"] ?? Name;
            return;
        }

        var entity = await db.Tenants.AsNoTracking().FirstAsync(t => t.Id == tenant.TenantId, cancellationToken);
        Name = entity.Name;
        ImprintLines = entity.ImprintText.Split('\n');
        ContactEmail = entity.ContactEmail;
        DataProtectionOfficer = entity.DataProtectionOfficer;
    }
}

public sealed class ImprintModel(KoggeDbContext db, TenantContext tenant, IConfiguration configuration) : LegalModel(db, tenant, configuration);

public sealed class PrivacyModel(KoggeDbContext db, TenantContext tenant, IConfiguration configuration) : LegalModel(db, tenant, configuration);

public sealed class AccessibilityModel(KoggeDbContext db, TenantContext tenant, IConfiguration configuration) : LegalModel(db, tenant, configuration);
