using Kogge.Web.Platform.Tenancy;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Kogge.Web.Platform.Identity;

/// <summary>
/// Gives each municipality its own sign-in cookie (<c>.Kogge.Auth.rostock</c>): a session in Rostock is no session
/// in Lübeck, and signing in to one does not sign out of the other.
/// </summary>
internal sealed class TenantCookieManager : ICookieManager
{
    private readonly ChunkingCookieManager _inner = new();

    public string? GetRequestCookie(HttpContext context, string key) => _inner.GetRequestCookie(context, Scoped(context, key));

    public void AppendResponseCookie(HttpContext context, string key, string? value, CookieOptions options) =>
        _inner.AppendResponseCookie(context, Scoped(context, key), value, options);

    public void DeleteCookie(HttpContext context, string key, CookieOptions options) =>
        _inner.DeleteCookie(context, Scoped(context, key), options);

    private static string Scoped(HttpContext context, string key)
    {
        var tenant = context.RequestServices.GetRequiredService<TenantContext>().Current;
        return tenant is null ? key + ".platform" : key + "." + tenant.Slug;
    }
}
