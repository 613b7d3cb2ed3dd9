using System.Diagnostics;
using System.Security.Claims;
using System.Text.Json;
using Kogge.Web.Platform.Persistence;
using Kogge.Web.Platform.Tenancy;

namespace Kogge.Web.Platform.Audit;

/// <summary>
/// Records what happened. <see cref="Add"/> puts the entry into the pending unit of work, so it is written in the
/// same transaction as the change it describes; <see cref="WriteAsync"/> is for events without other changes
/// (a failed sign-in). Pass ids and non-personal facts only.
/// </summary>
public sealed class AuditLog(KoggeDbContext db, TenantContext tenant, TimeProvider clock, IHttpContextAccessor http)
{
    /// <summary>Set by the command line and background work, where there is no signed-in user.</summary>
    public string? ActorOverride { get; set; }

    public AuditEntry Add(string action, string objectType = "", object? objectId = null, object? data = null, Guid? tenantId = null)
    {
        var entry = new AuditEntry
        {
            TenantId = tenantId ?? tenant.TenantId,
            OccurredAt = WholeMicroseconds(clock.GetUtcNow()),
            Actor = CurrentActor(),
            Action = action,
            ObjectType = objectType,
            ObjectId = objectId?.ToString() ?? "",
            Data = data is null ? "{}" : JsonSerializer.Serialize(data),
            CorrelationId = Activity.Current?.TraceId.ToString() ?? http.HttpContext?.TraceIdentifier,
        };
        db.AuditEntries.Add(entry);
        return entry;
    }

    public async Task WriteAsync(string action, string objectType = "", object? objectId = null, object? data = null, CancellationToken cancellationToken = default)
    {
        Add(action, objectType, objectId, data);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// PostgreSQL stores timestamps in microseconds; the hash must cover the time as it is read back, not the
    /// 100 ns ticks of the clock, or every entry would fail verification there.
    /// </summary>
    private static DateTimeOffset WholeMicroseconds(DateTimeOffset time) =>
        new(time.UtcTicks - (time.UtcTicks % TimeSpan.TicksPerMicrosecond), TimeSpan.Zero);

    private string CurrentActor()
    {
        if (ActorOverride is not null)
        {
            return ActorOverride;
        }

        var user = http.HttpContext?.User;
        return user?.FindFirstValue(ClaimTypes.NameIdentifier) ?? "anonymous";
    }
}
