using Kogge.Web.Platform.Audit;
using Kogge.Web.Platform.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Kogge.Web.Modules.Admin.AuditTrail;

/// <summary>The verification result and the latest entries of one chain, as the municipality's and the platform's audit pages show them.</summary>
public sealed record AuditView(AuditChainReport Report, IReadOnlyList<AuditEntry> Entries, string Ok, string Broken, string Caption, IReadOnlyList<string> Headers)
{
    public static async Task<AuditView> LoadAsync(KoggeDbContext db, AuditVerifier verifier, Guid tenantId, IStringLocalizer l, CancellationToken cancellationToken)
    {
        var report = (await verifier.VerifyAsync(tenantId, cancellationToken))[0];
        var entries = await db.AuditEntries.AsNoTracking().OrderByDescending(e => e.Sequence).Take(100).ToListAsync(cancellationToken);
        return new AuditView(
            report,
            entries,
            l["Das Protokoll ist vollständig und unverändert ({0} Einträge).", report.Entries],
            l["Das Protokoll ist beschädigt: Eintrag {0} stimmt nicht.", (report.Break?.Index ?? 0) + 1],
            l["Die letzten {0} Einträge", entries.Count],
            [l["Nr."], l["Zeitpunkt"], l["Ereignis"], l["Objekt"], l["Handelnde Kennung"]]);
    }
}
