namespace Kogge.Web.Platform.Tenancy;

/// <summary>A row that belongs to one municipality; the database context filters it by <see cref="TenantId"/>.</summary>
public interface ITenantOwned
{
    Guid TenantId { get; set; }
}
