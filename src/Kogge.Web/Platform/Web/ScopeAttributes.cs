using Kogge.Web.Platform.Tenancy;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Kogge.Web.Platform.Web;

/// <summary>The page exists only inside a municipality (<c>/rostock/…</c>); elsewhere it is not found.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class TenantOnlyAttribute : Attribute, IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        if (context.HttpContext.RequestServices.GetRequiredService<TenantContext>().Current is null)
        {
            context.Result = new NotFoundResult();
            return Task.CompletedTask;
        }

        return next();
    }
}

/// <summary>The page exists only on the platform (<c>/plattform/…</c>), never inside a municipality.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class PlatformOnlyAttribute : Attribute, IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        if (context.HttpContext.RequestServices.GetRequiredService<TenantContext>().Current is not null)
        {
            context.Result = new NotFoundResult();
            return Task.CompletedTask;
        }

        return next();
    }
}
