using System.Security.Claims;
using Kogge.Web.Platform.Identity;
using Kogge.Web.Platform.Tenancy;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Kogge.Web.Modules.Home;

[AllowAnonymous]
public sealed class IndexModel(TenantCatalog catalog, TenantContext tenant, IStringLocalizer<SharedResource> l) : PageModel
{
    public IReadOnlyList<TenantInfo> Municipalities { get; private set; } = [];

    public string DisplayName { get; private set; } = "";

    public IReadOnlyList<string> RoleNames { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        if (tenant.Current is null)
        {
            Municipalities = await catalog.AllAsync(cancellationToken);
        }

        DisplayName = User.FindFirstValue("name_display") ?? User.Identity?.Name ?? "";
        RoleNames = [.. Roles.All.Where(User.IsInRole).Select(r => l[Roles.DisplayName(r)].Value)];
    }
}
