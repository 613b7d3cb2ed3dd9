namespace Kogge.Web.Modules.Catalog.Services;

/// <summary>A page showing the metadata form (<c>_ServiceFields</c>).</summary>
public interface IServiceForm
{
    ServiceInput Input { get; }
}
