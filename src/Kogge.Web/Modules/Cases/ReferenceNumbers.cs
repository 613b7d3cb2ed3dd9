using System.Globalization;
using System.Text.RegularExpressions;
using Kogge.Web.Platform.Persistence;
using Kogge.Web.Platform.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Kogge.Web.Modules.Cases;

/// <summary>
/// Gives the next reference number of the current municipality. Call it inside the transaction that creates the
/// case: the counter row is raised by one atomic update (PostgreSQL holds its row lock until commit; SQLite's write
/// transaction is exclusive), so concurrent submissions get different numbers and a rolled-back one leaves no gap.
/// </summary>
public sealed partial class ReferenceNumbers(KoggeDbContext db, TenantContext tenant, TimeProvider clock)
{
    public const string DefaultPattern = "{kuerzel}-{jahr}-{nummer:000000}";

    public async Task<string> NextAsync(CancellationToken cancellationToken)
    {
        var tenantId = tenant.TenantId;
        var year = clock.GetUtcNow().Year;
        var raised = await db.CaseNumberings.Where(n => n.TenantId == tenantId)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.Last, n => n.Year == year ? n.Last + 1 : 1).SetProperty(n => n.Year, year), cancellationToken);
        if (raised == 0)
        {
            // The municipality's first case. Two first cases at once: the second insert fails on the key and its
            // submission is retried by the caller like any other conflict.
            db.CaseNumberings.Add(new CaseNumbering { TenantId = tenantId, Pattern = DefaultPattern, Year = year, Last = 1 });
            await db.SaveChangesAsync(cancellationToken);
        }

        var numbering = await db.CaseNumberings.AsNoTracking().FirstAsync(n => n.TenantId == tenantId, cancellationToken);
        return Format(numbering.Pattern, tenant.Current?.Slug ?? "", numbering.Year, numbering.Last);
    }

    /// <summary>Fills <c>{kuerzel}</c> (first three letters of the slug), <c>{jahr}</c> and <c>{nummer}</c> or <c>{nummer:000000}</c>.</summary>
    public static string Format(string pattern, string slug, int year, long number) => Placeholder().Replace(pattern, m => m.Groups[1].Value switch
    {
        "kuerzel" => slug[..Math.Min(3, slug.Length)].ToUpperInvariant(),
        "jahr" => year.ToString(CultureInfo.InvariantCulture),
        "nummer" => number.ToString(m.Groups[2].Success ? m.Groups[2].Value : "0", CultureInfo.InvariantCulture),
        _ => m.Value,
    });

    [GeneratedRegex(@"\{(kuerzel|jahr|nummer)(?::(0{1,12}))?\}")]
    private static partial Regex Placeholder();
}
