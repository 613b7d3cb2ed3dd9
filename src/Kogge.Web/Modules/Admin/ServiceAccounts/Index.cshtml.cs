using System.ComponentModel.DataAnnotations;
using Kogge.Web.Modules.Admin.Users;
using Kogge.Web.Platform.Api;
using Kogge.Web.Platform.Audit;
using Kogge.Web.Platform.Identity;
using Kogge.Web.Platform.Persistence;
using Kogge.Web.Platform.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Kogge.Web.Modules.Admin.ServiceAccounts;

[Authorize(Policy = IdentityExtensions.TenantAdminPolicy)]
[TenantOnly]
public sealed class IndexModel(KoggeDbContext db, AuditLog audit, TimeProvider clock, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty]
    public ServiceAccountInput Input { get; set; } = new();

    public IReadOnlyList<ServiceAccount> Accounts { get; private set; } = [];

    public string? NewToken { get; private set; }

    public RoleSelection RoleChoices => RoleSelection.ForServiceAccount(l, Input.Roles, ModelState);

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!RoleSelection.Validate(Input.Roles, ModelState, l, Roles.ServiceAccount) || !ModelState.IsValid)
        {
            await LoadAsync(cancellationToken);
            return Page();
        }

        var token = ApiTokens.Create();
        var account = new ServiceAccount
        {
            Name = Input.Name.Trim(),
            Roles = string.Join(',', Input.Roles.Distinct().Order(StringComparer.Ordinal)),
            TokenHash = ApiTokens.Hash(token),
            TokenPrefix = ApiTokens.Display(token),
            CreatedAt = clock.GetUtcNow(),
        };
        db.ServiceAccounts.Add(account);
        audit.Add("service_account.created", "ServiceAccount", account.Id, new { roles = account.RoleList });
        await db.SaveChangesAsync(cancellationToken);
        NewToken = token;
        Input = new ServiceAccountInput();
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken) =>
        Accounts = await db.ServiceAccounts.AsNoTracking().OrderBy(a => a.Name).ToListAsync(cancellationToken);
}

public sealed class ServiceAccountInput
{
    [Required(ErrorMessage = "Bitte geben Sie einen Namen ein.")]
    [StringLength(200, ErrorMessage = "Der Name darf höchstens 200 Zeichen lang sein.")]
    public string Name { get; set; } = "";

    public List<string> Roles { get; set; } = [];
}
