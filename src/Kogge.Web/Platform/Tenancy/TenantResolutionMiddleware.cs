namespace Kogge.Web.Platform.Tenancy;

/// <summary>
/// Takes the municipality from the first path segment: <c>/rostock/konto/anmelden</c> runs the page
/// <c>/konto/anmelden</c> with path base <c>/rostock</c>, so every generated link stays inside the municipality.
/// </summary>
internal sealed class TenantResolutionMiddleware(RequestDelegate next, TenantCatalog catalog)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        var end = path.IndexOf('/', 1);
        var segment = end < 0 ? path[1..] : path[1..end];
        if (segment.Length > 0 && !TenantCatalog.ReservedSlugs.Contains(segment))
        {
            var tenant = await catalog.FindAsync(segment, context.RequestAborted);
            if (tenant is not null)
            {
                context.RequestServices.GetRequiredService<TenantContext>().Set(tenant);
                context.Request.PathBase = context.Request.PathBase.Add("/" + tenant.Slug);
                context.Request.Path = end < 0 ? "/" : path[end..];
            }
        }

        await next(context);
    }
}
