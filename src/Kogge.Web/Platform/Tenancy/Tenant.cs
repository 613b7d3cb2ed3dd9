using Kogge.Web.Platform.Persistence;

namespace Kogge.Web.Platform.Tenancy;

/// <summary>A municipality served by this installation. Its slug is the first path segment (<c>/rostock</c>).</summary>
public sealed class Tenant : IVersioned
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public required string Slug { get; set; }

    public required string Name { get; set; }

    /// <summary>Staff must set up an authenticator app before they can work.</summary>
    public bool RequireStaffTwoFactor { get; set; }

    public string ContactEmail { get; set; } = "";

    /// <summary>Postal address and responsible body as published in the imprint (plain text, one item a line).</summary>
    public string ImprintText { get; set; } = "";

    /// <summary>The municipality's data protection officer, published on the privacy page.</summary>
    public string DataProtectionOfficer { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public int Version { get; set; }
}
