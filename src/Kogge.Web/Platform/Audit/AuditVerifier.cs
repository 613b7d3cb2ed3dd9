using Kogge.Web.Platform.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Kogge.Web.Platform.Audit;

/// <summary>Reads each municipality's chain in storage order and checks it (used by <c>kogge audit verify</c>).</summary>
public sealed class AuditVerifier(KoggeDbContext db)
{
    public async Task<IReadOnlyList<AuditChainReport>> VerifyAsync(Guid? onlyTenant, CancellationToken cancellationToken)
    {
        var tenantNames = await db.Tenants.AsNoTracking().ToDictionaryAsync(t => t.Id, t => t.Slug, cancellationToken);
        var chains = await db.AuditChainHeads.Select(h => h.TenantId)
            .Union(db.AuditEntries.IgnoreQueryFilters().Select(e => e.TenantId))
            .ToListAsync(cancellationToken);
        if (onlyTenant is { } only)
        {
            chains = [.. chains.Where(c => c == only)];
            if (chains.Count == 0)
            {
                chains.Add(only);
            }
        }

        var reports = new List<AuditChainReport>();
        foreach (var chain in chains.OrderBy(c => c == Guid.Empty ? "" : tenantNames.GetValueOrDefault(c, c.ToString())))
        {
            var entries = await db.AuditEntries.IgnoreQueryFilters().AsNoTracking()
                .Where(e => e.TenantId == chain)
                .OrderBy(e => e.Id)
                .ToListAsync(cancellationToken);
            var head = await db.AuditChainHeads.AsNoTracking().FirstOrDefaultAsync(h => h.TenantId == chain, cancellationToken);
            var name = chain == Guid.Empty ? "(platform)" : tenantNames.GetValueOrDefault(chain, chain.ToString());
            reports.Add(new AuditChainReport(chain, name, entries.Count, entries.LastOrDefault()?.Hash ?? "", AuditChain.Verify(entries, head)));
        }

        return reports;
    }
}

public sealed record AuditChainReport(Guid TenantId, string Name, int Entries, string HeadHash, AuditBreak? Break);
