using Kogge.Web.Platform.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Kogge.Web.Platform.Persistence;

/// <summary>PostgreSQL for city scale; its migrations live in <c>Migrations/Postgres</c>.</summary>
public sealed class PostgresKoggeDbContext(DbContextOptions<PostgresKoggeDbContext> options, TenantContext tenant)
    : KoggeDbContext(options, tenant)
{
    protected override async Task LockAuditChainAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        // A transaction-scoped advisory lock per municipality: held until commit, shared by every instance.
        var key = BitConverter.ToInt64(tenantId.ToByteArray(), 0);
        await Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({key})", cancellationToken);
    }
}
