using System.Globalization;
using Kogge.Web.Platform.Audit;
using Kogge.Web.Platform.Identity;
using Kogge.Web.Platform.Outbox;
using Kogge.Web.Platform.Persistence;
using Kogge.Web.Platform.Tenancy;
using Microsoft.AspNetCore.Identity;

namespace Kogge.Web.Modules.Account;

/// <summary>
/// Signing in by a link sent by e-mail, so that a citizen can resume an application without their password. Only
/// citizens' confirmed, unlocked accounts without a second factor get one: staff sign in with their password and
/// second factor, and a link must not bypass a citizen's own second factor. Whoever asks is told the same whether
/// or not a link went out, so the page does not reveal which addresses have accounts.
/// </summary>
public sealed class SignInLinks(UserManager<KoggeUser> users, SignInManager<KoggeUser> signIn, KoggeDbContext db, EmailOutbox outbox, TenantContext tenant, AuditLog audit)
{
    public async Task<bool> MayUseAsync(KoggeUser user) =>
        user.EmailConfirmed && !user.TwoFactorEnabled && !await users.IsLockedOutAsync(user) && user.TenantId == tenant.TenantId
        && (await users.GetRolesAsync(user)).All(r => r == Roles.Citizen);

    /// <summary>Queues the e-mail with a link made by <paramref name="link"/> from the token; false when the account may not use one.</summary>
    public async Task<bool> SendAsync(KoggeUser user, Func<string, string> link, CancellationToken cancellationToken)
    {
        if (!await MayUseAsync(user))
        {
            return false;
        }

        var token = await users.GenerateUserTokenAsync(user, SignInLinkTokens.ProviderName, SignInLinkTokens.Purpose);
        outbox.Enqueue(db, MailTemplates.SignInLinkMail(user.Email!, tenant.Current!.Name, link(token), (int)SignInLinkTokens.Lifespan.TotalMinutes, CultureInfo.CurrentUICulture),
            MailTemplates.SignInLink);
        audit.Add("signin.link_sent", "User", user.Id);
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>Signs in with a link's token; renews the security stamp so that this and every earlier link stop working.</summary>
    public async Task<bool> RedeemAsync(Guid userId, string? token, CancellationToken cancellationToken)
    {
        var user = string.IsNullOrEmpty(token) || token.Length > 2000 ? null : await users.FindByIdAsync(userId.ToString());
        if (user is null || !await MayUseAsync(user) || !await users.VerifyUserTokenAsync(user, SignInLinkTokens.ProviderName, SignInLinkTokens.Purpose, token!))
        {
            await audit.WriteAsync("signin.failed", "User", user?.Id, new { reason = "link" }, cancellationToken);
            return false;
        }

        await users.UpdateSecurityStampAsync(user);
        await signIn.SignInAsync(user, isPersistent: false, authenticationMethod: "link");
        await audit.WriteAsync("signin.succeeded", "User", user.Id, new { method = "link" }, cancellationToken);
        return true;
    }
}
