using Kogge.Web.Platform.Tenancy;

namespace Kogge.Web.Modules.Cases;

/// <summary>
/// Absolute links into the citizen's account for e-mails. The origin is <c>Kogge:PublicBaseUrl</c> when configured
/// (needed for mail sent in the background, where there is no request), otherwise the current request's.
/// </summary>
public sealed class PortalLinks(IConfiguration configuration, IHttpContextAccessor http, TenantContext tenant)
{
    /// <summary>The link to one of the applicant's cases in "Meine Anträge".</summary>
    public string Case(Guid caseId) => Absolute($"/konto/antraege/{caseId}");

    /// <summary><paramref name="path"/> (starting with '/') inside the current municipality, absolute.</summary>
    public string Absolute(string path)
    {
        var configured = configuration["Kogge:PublicBaseUrl"];
        var request = http.HttpContext?.Request;
        var origin = !string.IsNullOrEmpty(configured) ? configured.TrimEnd('/')
            : request is not null ? $"{request.Scheme}://{request.Host}"
            : "http://localhost";
        var slug = tenant.Current?.Slug ?? throw new InvalidOperationException("A link into the account belongs to a municipality.");
        return $"{origin}/{slug}{path}";
    }
}
