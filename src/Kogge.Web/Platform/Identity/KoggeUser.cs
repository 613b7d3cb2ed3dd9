using Kogge.Web.Platform.Tenancy;
using Microsoft.AspNetCore.Identity;

namespace Kogge.Web.Platform.Identity;

/// <summary>
/// An account. Staff and citizens belong to one municipality; platform administrators to none
/// (<see cref="TenantId"/> is <see cref="Guid.Empty"/>). The same e-mail address may hold accounts in several municipalities.
/// </summary>
public sealed class KoggeUser : IdentityUser<Guid>, ITenantOwned
{
    public Guid TenantId { get; set; }

    public string DisplayName { get; set; } = "";

    /// <summary>Staff accounts are created by an administrator; citizens register themselves.</summary>
    public bool IsStaff { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

public sealed class KoggeRole : IdentityRole<Guid>
{
    public KoggeRole()
    {
    }

    public KoggeRole(string name)
        : base(name)
    {
    }
}
