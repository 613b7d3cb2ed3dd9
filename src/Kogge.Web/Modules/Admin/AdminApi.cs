using Kogge.Web.Modules.Api;
using Kogge.Web.Platform.Audit;
using Kogge.Web.Platform.Identity;
using Kogge.Web.Platform.Persistence;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Kogge.Web.Modules.Admin;

/// <summary>Read access to the municipality's accounts and audit trail for provisioning and monitoring tools.</summary>
public static class AdminApi
{
    public static WebApplication MapAdminApi(this WebApplication app)
    {
        var group = app.MapApiV1().RequireAuthorization(p => p.RequireRole(Roles.TenantAdmin)).WithTags("Administration");
        group.MapGet("/users", ListUsers).WithName("ListUsers").WithSummary("Accounts of the municipality, ordered by name.");
        group.MapGet("/users/{id:guid}", GetUser).WithName("GetUser").WithSummary("One account.");
        group.MapGet("/audit", ListAudit).WithName("ListAuditEntries").WithSummary("Audit entries after a sequence number, oldest first.");
        return app;
    }

    private static async Task<Ok<PageDto<UserDto>>> ListUsers(KoggeDbContext db, int? skip, int? take, CancellationToken cancellationToken)
    {
        var size = Math.Clamp(take ?? 50, 1, 200);
        var offset = Math.Max(0, skip ?? 0);
        var total = await db.Users.CountAsync(cancellationToken);
        var users = await db.Users.AsNoTracking().OrderBy(u => u.DisplayName).ThenBy(u => u.Id).Skip(offset).Take(size)
            .Select(u => new UserDto(u.Id, u.DisplayName, u.Email ?? "", u.IsStaff, u.EmailConfirmed, u.TwoFactorEnabled))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new PageDto<UserDto>(users, total, offset, size));
    }

    private static async Task<Results<Ok<UserDto>, NotFound>> GetUser(KoggeDbContext db, Guid id, CancellationToken cancellationToken)
    {
        var user = await db.Users.AsNoTracking().Where(u => u.Id == id)
            .Select(u => new UserDto(u.Id, u.DisplayName, u.Email ?? "", u.IsStaff, u.EmailConfirmed, u.TwoFactorEnabled))
            .FirstOrDefaultAsync(cancellationToken);
        return user is null ? TypedResults.NotFound() : TypedResults.Ok(user);
    }

    private static async Task<Ok<List<AuditEntryDto>>> ListAudit(KoggeDbContext db, long? after, int? take, CancellationToken cancellationToken)
    {
        var size = Math.Clamp(take ?? 100, 1, 1000);
        var entries = await db.AuditEntries.AsNoTracking().Where(e => e.Sequence > (after ?? 0)).OrderBy(e => e.Sequence).Take(size)
            .Select(e => new AuditEntryDto(e.Sequence, e.OccurredAt, e.Actor, e.Action, e.ObjectType, e.ObjectId, e.Hash))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(entries);
    }
}

public sealed record PageDto<T>(IReadOnlyList<T> Items, int Total, int Skip, int Take);

public sealed record UserDto(Guid Id, string DisplayName, string Email, bool IsStaff, bool EmailConfirmed, bool TwoFactorEnabled);

public sealed record AuditEntryDto(long Sequence, DateTimeOffset OccurredAt, string Actor, string Action, string ObjectType, string ObjectId, string Hash);
