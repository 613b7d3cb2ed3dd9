using System.Security.Claims;
using Kogge.Web.Modules.Cases;
using Kogge.Web.Platform.Audit;
using Kogge.Web.Platform.Identity;
using Kogge.Web.Platform.Persistence;
using Kogge.Web.Platform.Tenancy;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Kogge.Web.Platform.Demo;

/// <summary>
/// The demo installation: Rostock and Lübeck with one account per role. Only in Development or when
/// <c>Kogge:Demo:Enabled</c> is set, and never in Production, because every demo password is public.
/// </summary>
public static class DemoData
{
    public const string Password = "Hanse-Kogge-2026!";

    public static readonly (string Slug, string Name, string Imprint, string Officer)[] Tenants =
    [
        ("rostock", "Hansestadt Rostock",
            "Hansestadt Rostock\nDer Oberbürgermeister\nNeuer Markt 1\n18055 Rostock",
            "Datenschutzbeauftragte der Hansestadt Rostock, Neuer Markt 1, 18055 Rostock"),
        ("luebeck", "Hansestadt Lübeck",
            "Hansestadt Lübeck\nDer Bürgermeister\nBreite Straße 62\n23552 Lübeck",
            "Datenschutzbeauftragter der Hansestadt Lübeck, Breite Straße 62, 23552 Lübeck"),
    ];

    /// <summary>Local part of each demo account's address and its role; the domain is the municipality's.</summary>
    public static readonly (string Local, string Role, string Name)[] Accounts =
    [
        ("buerger", Roles.Citizen, "Bürgerin Demo"),
        ("sachbearbeitung", Roles.Clerk, "Sachbearbeitung Demo"),
        ("prozessgestaltung", Roles.ProcessDesigner, "Prozessgestaltung Demo"),
        ("programmleitung", Roles.ProgrammeManager, "Programmleitung Demo"),
        ("beschaeftigte", Roles.Employee, "Beschäftigte Demo"),
        ("admin", Roles.TenantAdmin, "Administration Demo"),
    ];

    /// <summary>The offices the demo clerk works for, so that the demo services' tasks reach that account.</summary>
    public static readonly string[] ClerkGroups = ["Gewerbeamt", "Tiefbauamt", "Verkehrsbehoerde"];

    public const string PlatformAdminEmail = "plattform@kogge.example";

    public static string Email(string local, string slug) => $"{local}@{slug}.example";

    public static bool IsEnabled(IConfiguration configuration, IHostEnvironment environment)
    {
        var enabled = configuration.GetValue<bool?>("Kogge:Demo:Enabled") ?? environment.IsDevelopment();
        if (enabled && environment.IsProduction())
        {
            throw new InvalidOperationException("Demo data is refused in Production: its passwords are public. Unset Kogge:Demo:Enabled.");
        }

        return enabled;
    }

    /// <summary>Creates the demo municipalities and accounts unless they exist. Returns whether anything was created.</summary>
    public static async Task<bool> SeedAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await using (var scope = services.CreateAsyncScope())
        {
            await EnsureRolesAsync(scope.ServiceProvider);
            var db = scope.ServiceProvider.GetRequiredService<KoggeDbContext>();
            if (await db.Tenants.AnyAsync(cancellationToken))
            {
                return false;
            }

            var clock = scope.ServiceProvider.GetRequiredService<TimeProvider>();
            await CreateUserAsync(scope.ServiceProvider, PlatformAdminEmail, "Plattform-Administration Demo", Roles.PlatformAdmin, cancellationToken);
            foreach (var (slug, name, imprint, officer) in Tenants)
            {
                var tenant = new Tenant
                {
                    Slug = slug,
                    Name = name,
                    ImprintText = imprint,
                    DataProtectionOfficer = officer,
                    ContactEmail = $"digital@{slug}.example",
                    CreatedAt = clock.GetUtcNow(),
                };
                db.Tenants.Add(tenant);
                Audit(scope.ServiceProvider).Add("tenant.created", "Tenant", tenant.Id, new { tenant.Slug });
                await db.SaveChangesAsync(cancellationToken);
            }
        }

        foreach (var tenant in await services.GetRequiredService<TenantCatalog>().AllAsync(cancellationToken))
        {
            await using var scope = services.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenant);
            foreach (var (local, role, display) in Accounts)
            {
                await CreateUserAsync(scope.ServiceProvider, Email(local, tenant.Slug), display, role, cancellationToken);
            }

            // Reference numbers with the cities' vehicle registration codes, e.g. HRO-2026-000123.
            var cases = scope.ServiceProvider.GetRequiredService<KoggeDbContext>();
            cases.CaseNumberings.Add(new CaseNumbering
            {
                Pattern = (tenant.Slug == "rostock" ? "HRO" : "HL") + "-{jahr}-{nummer:000000}",
                Year = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow().Year,
            });
            await cases.SaveChangesAsync(cancellationToken);

            if (tenant.Slug == "rostock")
            {
                await DemoCatalog.SeedRostockAsync(scope.ServiceProvider, cancellationToken);
            }
        }

        await DemoSharing.ShareWithLuebeckAsync(services, cancellationToken);
        return true;
    }

    public static async Task EnsureRolesAsync(IServiceProvider provider)
    {
        var roles = provider.GetRequiredService<RoleManager<KoggeRole>>();
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new KoggeRole(role));
            }
        }
    }

    private static AuditLog Audit(IServiceProvider provider)
    {
        var audit = provider.GetRequiredService<AuditLog>();
        audit.ActorOverride = "system";
        return audit;
    }

    private static async Task CreateUserAsync(IServiceProvider provider, string email, string name, string role, CancellationToken cancellationToken)
    {
        var users = provider.GetRequiredService<UserManager<KoggeUser>>();
        var user = new KoggeUser
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            DisplayName = name,
            IsStaff = role != Roles.Citizen,
            CreatedAt = provider.GetRequiredService<TimeProvider>().GetUtcNow(),
        };
        var result = await users.CreateAsync(user, Password);
        if (result.Succeeded)
        {
            result = await users.AddToRoleAsync(user, role);
        }

        if (result.Succeeded && role == Roles.Clerk)
        {
            result = await users.AddClaimsAsync(user, ClerkGroups.Select(g => new Claim(KoggeClaims.Group, g)));
        }

        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Demo account {email}: " + string.Join(" ", result.Errors.Select(e => e.Description)));
        }

        Audit(provider).Add("user.created", "User", user.Id, new { roles = new[] { role } });
        await provider.GetRequiredService<KoggeDbContext>().SaveChangesAsync(cancellationToken);
    }

    public static void PrintAccounts(TextWriter output, string baseUrl)
    {
        output.WriteLine();
        output.WriteLine($"Kogge demo — every account's password: {Password}");
        output.WriteLine($"  {baseUrl}/konto/anmelden  {PlatformAdminEmail} (PlatformAdmin)");
        foreach (var (slug, name, _, _) in Tenants)
        {
            output.WriteLine($"  {baseUrl}/{slug}  {name}");
            foreach (var (local, role, _) in Accounts)
            {
                output.WriteLine($"    {Email(local, slug),-40} {role}");
            }
        }

        output.WriteLine();
    }
}
