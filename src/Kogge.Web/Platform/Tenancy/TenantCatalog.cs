using Kogge.Web.Platform.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Kogge.Web.Platform.Tenancy;

/// <summary>
/// Resolves path slugs to municipalities. The list is cached for a short time so that every request does not
/// query it, and so that a municipality created on another instance appears here within seconds.
/// </summary>
public sealed class TenantCatalog(IServiceScopeFactory scopes, TimeProvider clock)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    /// <summary>Path segments that are Kogge's own and can never be a municipality's slug.</summary>
    public static readonly IReadOnlySet<string> ReservedSlugs = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "api", "openapi", "health", "dist", "konto", "plattform", "fehler", "kultur", "impressum", "datenschutz",
        "barrierefreiheit", "admin", "static", "favicon.ico", "robots.txt", "signin-oidc",
    };

    private volatile Snapshot? _snapshot;

    public async ValueTask<TenantInfo?> FindAsync(string slug, CancellationToken cancellationToken)
    {
        var snapshot = _snapshot;
        if (snapshot is null || clock.GetUtcNow() - snapshot.LoadedAt > Lifetime)
        {
            snapshot = await LoadAsync(cancellationToken);
        }

        return snapshot.BySlug.GetValueOrDefault(slug);
    }

    /// <summary>The municipality with this id, e.g. the owner of a background job.</summary>
    public async ValueTask<TenantInfo?> FindByIdAsync(Guid id, CancellationToken cancellationToken)
    {
        var snapshot = _snapshot;
        if (snapshot is null || clock.GetUtcNow() - snapshot.LoadedAt > Lifetime || !snapshot.BySlug.Values.Any(t => t.Id == id))
        {
            snapshot = await LoadAsync(cancellationToken);
        }

        return snapshot.BySlug.Values.FirstOrDefault(t => t.Id == id);
    }

    public async ValueTask<IReadOnlyList<TenantInfo>> AllAsync(CancellationToken cancellationToken)
    {
        var snapshot = _snapshot ?? await LoadAsync(cancellationToken);
        return [.. snapshot.BySlug.Values.OrderBy(t => t.Name, StringComparer.CurrentCulture)];
    }

    /// <summary>Forgets the cached list, e.g. after a municipality was created here.</summary>
    public void Invalidate() => _snapshot = null;

    private async Task<Snapshot> LoadAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KoggeDbContext>();
        var tenants = await db.Tenants.AsNoTracking()
            .Select(t => new TenantInfo(t.Id, t.Slug, t.Name, t.RequireStaffTwoFactor))
            .ToListAsync(cancellationToken);
        var snapshot = new Snapshot(clock.GetUtcNow(), tenants.ToDictionary(t => t.Slug, StringComparer.OrdinalIgnoreCase));
        _snapshot = snapshot;
        return snapshot;
    }

    private sealed record Snapshot(DateTimeOffset LoadedAt, Dictionary<string, TenantInfo> BySlug);
}
