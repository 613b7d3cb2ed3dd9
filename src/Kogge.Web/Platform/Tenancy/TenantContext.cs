namespace Kogge.Web.Platform.Tenancy;

/// <summary>
/// The municipality of the current request or command. Empty on platform pages (<c>/</c>, <c>/plattform</c>),
/// where only platform-wide rows are visible.
/// </summary>
public sealed class TenantContext
{
    public TenantInfo? Current { get; private set; }

    /// <summary>The municipality's id, or <see cref="Guid.Empty"/> for the platform.</summary>
    public Guid TenantId => Current?.Id ?? Guid.Empty;

    public void Set(TenantInfo tenant)
    {
        if (Current is not null && Current.Id != tenant.Id)
        {
            throw new InvalidOperationException("The municipality of a request cannot change once set.");
        }

        Current = tenant;
    }
}

/// <summary>What a request needs to know of its municipality; cached, so it must stay small and immutable.</summary>
public sealed record TenantInfo(Guid Id, string Slug, string Name, bool RequireStaffTwoFactor);
