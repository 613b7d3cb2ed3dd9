using Kogge.Web.Platform.Persistence;
using Kogge.Web.Platform.Tenancy;

namespace Kogge.Web.Platform.Api;

/// <summary>
/// A machine client of one municipality. Only the SHA-256 hash of its token is stored; the token itself is shown
/// once, when the account is created.
/// </summary>
public sealed class ServiceAccount : ITenantOwned, IVersioned
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid TenantId { get; set; }

    public required string Name { get; set; }

    /// <summary>Comma-separated role names the token acts with.</summary>
    public string Roles { get; set; } = "";

    public required string TokenHash { get; set; }

    /// <summary>The first characters of the token, so that administrators can tell tokens apart.</summary>
    public required string TokenPrefix { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    public int Version { get; set; }

    public IReadOnlyList<string> RoleList => Roles.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
