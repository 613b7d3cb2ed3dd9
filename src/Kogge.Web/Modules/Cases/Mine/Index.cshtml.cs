using Kogge.Web.Modules.Account;
using Kogge.Web.Modules.Catalog;
using Kogge.Web.Platform.Identity;
using Kogge.Web.Platform.Persistence;
using Kogge.Web.Platform.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Kogge.Web.Modules.Cases.Mine;

/// <summary>"Meine Anträge": the applicant's cases, newest first, and the applications not yet sent.</summary>
[Authorize(Policy = CasesExtensions.ApplicantPolicy)]
[TenantOnly]
public sealed class IndexModel(KoggeDbContext db, UserManager<KoggeUser> users, SignInLinks links, IConfiguration configuration) : PageModel
{
    public IReadOnlyList<(Case Case, string Service)> Cases { get; private set; } = [];

    public IReadOnlyList<(ApplicationDraft Draft, PublicService Service)> Drafts { get; private set; } = [];

    public bool Saved { get; private set; }

    /// <summary>Whether the applicant may be sent a sign-in link to come back to a saved application.</summary>
    public bool CanSendLink { get; private set; }

    public bool LinkSent { get; private set; }

    public int LinkMinutes => (int)SignInLinkTokens.Lifespan.TotalMinutes;

    public async Task OnGetAsync(string? hinweis, CancellationToken cancellationToken)
    {
        Saved = hinweis == "gespeichert";
        LinkSent = hinweis == "link-gesendet";
        CanSendLink = Saved && await users.GetUserAsync(User) is { } user && await links.MayUseAsync(user);
        var applicant = User.AccountId();
        // One person's applications are few; they are sorted here because SQLite cannot order by a DateTimeOffset.
        Cases = [.. (await db.Cases.AsNoTracking().Where(c => c.ApplicantId == applicant)
                .Join(db.PublicServices, c => c.ServiceId, s => s.Id, (c, s) => new { c, s.Name }).ToListAsync(cancellationToken))
            .OrderByDescending(x => x.c.SubmittedAt).Select(x => (x.c, x.Name))];
        Drafts = [.. (await db.ApplicationDrafts.AsNoTracking().Where(d => d.ApplicantId == applicant)
                .Join(db.PublicServices, d => d.ServiceId, s => s.Id, (d, s) => new { d, s }).ToListAsync(cancellationToken))
            .OrderByDescending(x => x.d.UpdatedAt).Select(x => (x.d, x.s))];
    }

    /// <summary>E-mails the applicant a sign-in link back to this page.</summary>
    public async Task<IActionResult> OnPostLinkAsync(CancellationToken cancellationToken)
    {
        var user = await users.GetUserAsync(User);
        var back = Url.Content("~/konto/antraege");
        var sent = user is not null && await links.SendAsync(user, token => Request.AbsoluteLink(configuration,
            Url.Page("/Account/SignInLinkRedeem", new { benutzer = user.Id, code = token, returnUrl = back })!), cancellationToken);
        return Redirect(back + (sent ? "?hinweis=link-gesendet" : ""));
    }
}
