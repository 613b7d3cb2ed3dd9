using Kogge.Web.Modules.Catalog;
using Kogge.Web.Platform.Persistence;
using Kogge.Web.Platform.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Kogge.Web.Modules.Cases.Mine;

/// <summary>"Meine Anträge": the applicant's cases, newest first, and the applications not yet sent.</summary>
[Authorize(Policy = CasesExtensions.ApplicantPolicy)]
[TenantOnly]
public sealed class IndexModel(KoggeDbContext db) : PageModel
{
    public IReadOnlyList<(Case Case, string Service)> Cases { get; private set; } = [];

    public IReadOnlyList<(ApplicationDraft Draft, PublicService Service)> Drafts { get; private set; } = [];

    public bool Saved { get; private set; }

    public async Task OnGetAsync(string? hinweis, CancellationToken cancellationToken)
    {
        Saved = hinweis == "gespeichert";
        var applicant = User.AccountId();
        // One person's applications are few; they are sorted here because SQLite cannot order by a DateTimeOffset.
        Cases = [.. (await db.Cases.AsNoTracking().Where(c => c.ApplicantId == applicant)
                .Join(db.PublicServices, c => c.ServiceId, s => s.Id, (c, s) => new { c, s.Name }).ToListAsync(cancellationToken))
            .OrderByDescending(x => x.c.SubmittedAt).Select(x => (x.c, x.Name))];
        Drafts = [.. (await db.ApplicationDrafts.AsNoTracking().Where(d => d.ApplicantId == applicant)
                .Join(db.PublicServices, d => d.ServiceId, s => s.Id, (d, s) => new { d, s }).ToListAsync(cancellationToken))
            .OrderByDescending(x => x.d.UpdatedAt).Select(x => (x.d, x.s))];
    }
}
