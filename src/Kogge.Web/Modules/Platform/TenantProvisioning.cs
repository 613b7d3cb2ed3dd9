using Kogge.Web.Platform.Audit;
using Kogge.Web.Platform.Identity;
using Kogge.Web.Platform.Persistence;
using Kogge.Web.Platform.Tenancy;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Kogge.Web.Modules.Platform;

/// <summary>
/// Creates a municipality with its first administrator, both or neither. Used by the platform page and by
/// <c>kogge tenant create</c>.
/// </summary>
public sealed class TenantProvisioning(
    KoggeDbContext db,
    UserManager<KoggeUser> users,
    AuditLog audit,
    TenantCatalog catalog,
    TimeProvider clock,
    IStringLocalizer<SharedResource> l)
{
    public async Task<ProvisioningResult> CreateAsync(string slug, string name, string adminEmail, string adminPassword, CancellationToken cancellationToken)
    {
        var errors = new List<(string Field, string Message)>();
        if (TenantCatalog.ReservedSlugs.Contains(slug))
        {
            errors.Add(("Slug", l["Dieser Kurzname ist für Kogge reserviert."]));
        }
        else if (await db.Tenants.AnyAsync(t => t.Slug == slug, cancellationToken))
        {
            errors.Add(("Slug", l["Diesen Kurznamen verwendet bereits eine andere Kommune."]));
        }

        if (errors.Count > 0)
        {
            return new ProvisioningResult(null, errors);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var tenant = new Tenant
        {
            Slug = slug,
            Name = name,
            ContactEmail = adminEmail,
            ImprintText = name,
            DataProtectionOfficer = name,
            RequireStaffTwoFactor = true,
            CreatedAt = clock.GetUtcNow(),
        };
        db.Tenants.Add(tenant);
        audit.Add("tenant.created", "Tenant", tenant.Id, new { tenant.Slug });
        await db.SaveChangesAsync(cancellationToken);

        var admin = new KoggeUser
        {
            TenantId = tenant.Id,
            UserName = adminEmail,
            Email = adminEmail,
            EmailConfirmed = true,
            DisplayName = l["Administration {0}", name],
            IsStaff = true,
            CreatedAt = clock.GetUtcNow(),
        };
        var result = await users.CreateAsync(admin, adminPassword);
        if (result.Succeeded)
        {
            result = await users.AddToRoleAsync(admin, Roles.TenantAdmin);
        }

        if (!result.Succeeded)
        {
            await transaction.RollbackAsync(cancellationToken);
            db.ChangeTracker.Clear();
            return new ProvisioningResult(null, [.. result.Errors.Select(e => (e.Code.StartsWith("Password", StringComparison.Ordinal) ? "AdminPassword" : "AdminEmail", e.Description))]);
        }

        audit.Add("user.created", "User", admin.Id, new { roles = new[] { Roles.TenantAdmin } }, tenant.Id);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        catalog.Invalidate();
        return new ProvisioningResult(tenant, []);
    }
}

public sealed record ProvisioningResult(Tenant? Tenant, IReadOnlyList<(string Field, string Message)> Errors);

public static class PlatformAdministration
{
    public static IServiceCollection AddPlatformAdministration(this IServiceCollection services) =>
        services.AddScoped<TenantProvisioning>();
}
