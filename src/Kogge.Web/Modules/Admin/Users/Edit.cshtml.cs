using Kogge.Web.Platform.Audit;
using Kogge.Web.Platform.Identity;
using Kogge.Web.Platform.Persistence;
using Kogge.Web.Platform.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Kogge.Web.Modules.Admin.Users;

/// <summary>
/// Roles, lock and two-factor reset of one account. Each form carries the account's concurrency stamp, so a change
/// based on an outdated page is refused instead of overwriting another administrator's change.
/// </summary>
[Authorize(Policy = IdentityExtensions.TenantAdminPolicy)]
[TenantOnly]
public sealed class EditModel(
    UserManager<KoggeUser> users,
    KoggeDbContext db,
    AuditLog audit,
    TimeProvider clock,
    IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty]
    public EditInput Input { get; set; } = new();

    public KoggeUser Account { get; private set; } = null!;

    public IReadOnlyList<string> CurrentRoles { get; private set; } = [];

    public bool Locked => Account.LockoutEnd > clock.GetUtcNow();

    public string? Notice { get; private set; }

    public RoleSelection RoleChoices => RoleSelection.ForStaff(l, ModelState.IsValid ? CurrentRoles : Input.Roles, ModelState);

    public async Task<IActionResult> OnGetAsync(Guid id, string? hinweis)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }

        Notice = hinweis switch
        {
            "angelegt" => l["Das Konto wurde angelegt."].Value,
            "gespeichert" => l["Die Änderung wurde gespeichert."].Value,
            _ => null,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostRolesAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id) || !Account.IsStaff)
        {
            return NotFound();
        }

        if (!RoleSelection.Validate(Input.Roles, ModelState, l))
        {
            return Page();
        }

        var removed = CurrentRoles.Except(Input.Roles).ToList();
        var added = Input.Roles.Except(CurrentRoles).Distinct().ToList();
        if (IsOwnAccount && removed.Contains(Roles.TenantAdmin))
        {
            ModelState.AddModelError("Input.Roles", l["Sie können sich die Administration nicht selbst entziehen."]);
            return Page();
        }

        return await ChangeAsync(async () =>
        {
            var result = await users.RemoveFromRolesAsync(Account, removed);
            return result.Succeeded ? await users.AddToRolesAsync(Account, added) : result;
        }, "user.roles_changed", new { added, removed }, cancellationToken);
    }

    public async Task<IActionResult> OnPostGroupsAsync(Guid id, CancellationToken cancellationToken)
    {
        var posted = Input.Groups;
        if (!await LoadAsync(id) || !Account.IsStaff)
        {
            return NotFound();
        }

        Input.Groups = posted;
        var groups = StaffGroups.Parse(Input.Groups);
        if (groups is null)
        {
            ModelState.AddModelError("Input.Groups", l["Geben Sie höchstens 50 Gruppen an, jede mit höchstens 100 Zeichen und ohne Steuerzeichen."]);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        return await ChangeAsync(async () =>
        {
            var result = await users.RemoveClaimsAsync(Account, (await users.GetClaimsAsync(Account)).Where(c => c.Type == KoggeClaims.Group));
            return result.Succeeded && groups.Count > 0
                ? await users.AddClaimsAsync(Account, groups.Select(g => new System.Security.Claims.Claim(KoggeClaims.Group, g)))
                : result;
        }, "user.groups_changed", new { groups }, cancellationToken);
    }

    public async Task<IActionResult> OnPostLockAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }

        if (IsOwnAccount)
        {
            ModelState.AddModelError(string.Empty, l["Sie können Ihr eigenes Konto nicht sperren."]);
            return Page();
        }

        return await ChangeAsync(async () =>
        {
            var result = await users.SetLockoutEndDateAsync(Account, DateTimeOffset.MaxValue);
            return result.Succeeded ? await users.UpdateSecurityStampAsync(Account) : result;
        }, "user.locked", null, cancellationToken);
    }

    public async Task<IActionResult> OnPostUnlockAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }

        return await ChangeAsync(async () =>
        {
            var result = await users.SetLockoutEndDateAsync(Account, null);
            return result.Succeeded ? await users.ResetAccessFailedCountAsync(Account) : result;
        }, "user.unlocked", null, cancellationToken);
    }

    public async Task<IActionResult> OnPostResetTwoFactorAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }

        return await ChangeAsync(async () =>
        {
            var result = await users.SetTwoFactorEnabledAsync(Account, false);
            return result.Succeeded ? await users.ResetAuthenticatorKeyAsync(Account) : result;
        }, "user.two_factor_reset", null, cancellationToken);
    }

    private bool IsOwnAccount => users.GetUserId(User) == Account.Id.ToString();

    private async Task<IActionResult> ChangeAsync(Func<Task<IdentityResult>> change, string action, object? data, CancellationToken cancellationToken)
    {
        // The stamp from the form: Identity refuses the update when the account changed since the page was shown.
        Account.ConcurrencyStamp = Input.Stamp;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var result = await change();
        if (!result.Succeeded)
        {
            await transaction.RollbackAsync(cancellationToken);
            foreach (var error in result.Errors)
            {
                ModelState.AddModelError(string.Empty, error.Description);
            }

            Response.StatusCode = result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.ConcurrencyFailure))
                ? StatusCodes.Status409Conflict
                : StatusCodes.Status400BadRequest;
            return Page();
        }

        audit.Add(action, "User", Account.Id, data);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return RedirectToPage(new { id = Account.Id, hinweis = "gespeichert" });
    }

    private async Task<bool> LoadAsync(Guid id)
    {
        var user = await users.FindByIdAsync(id.ToString());
        if (user is null)
        {
            return false;
        }

        Account = user;
        CurrentRoles = [.. await users.GetRolesAsync(user)];
        if (ModelState.IsValid)
        {
            Input.Groups = string.Join('\n', (await users.GetClaimsAsync(user)).Where(c => c.Type == KoggeClaims.Group).Select(c => c.Value).Order(StringComparer.Ordinal));
        }

        return true;
    }
}

public sealed class EditInput
{
    public string? Stamp { get; set; }

    public List<string> Roles { get; set; } = [];

    /// <summary>The account's candidate groups, one per line.</summary>
    public string? Groups { get; set; }
}
