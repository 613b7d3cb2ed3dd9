using Kogge.Web.Platform.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Kogge.Web.Platform.Persistence;

/// <summary>The embedded SQLite database; its migrations live in <c>Migrations/Sqlite</c>.</summary>
public sealed class SqliteKoggeDbContext(DbContextOptions<SqliteKoggeDbContext> options, TenantContext tenant)
    : KoggeDbContext(options, tenant)
{
    // Microsoft.Data.Sqlite begins transactions with BEGIN IMMEDIATE, which takes the database's write lock
    // before the chain head is read.
    protected override Task LockAuditChainAsync(Guid tenantId, CancellationToken cancellationToken) => Task.CompletedTask;
}
