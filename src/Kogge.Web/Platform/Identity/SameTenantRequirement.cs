using Kogge.Web.Platform.Tenancy;
using Microsoft.AspNetCore.Authorization;

namespace Kogge.Web.Platform.Identity;

/// <summary>
/// The signed-in account belongs to the municipality of the request (platform accounts to the platform pages).
/// Part of every policy, so that no cookie or token of one municipality opens another's pages.
/// </summary>
internal sealed class SameTenantRequirement : AuthorizationHandler<SameTenantRequirement>, IAuthorizationRequirement
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, SameTenantRequirement requirement)
    {
        var http = context.Resource switch
        {
            HttpContext h => h,
            Microsoft.AspNetCore.Mvc.Filters.AuthorizationFilterContext f => f.HttpContext,
            _ => null,
        };
        var claim = context.User.FindFirst(KoggeClaims.Tenant)?.Value;
        var current = http?.RequestServices.GetRequiredService<TenantContext>().TenantId;
        if (current is not null && claim is not null && Guid.TryParse(claim, out var tenant) && tenant == current)
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
