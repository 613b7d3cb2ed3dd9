using Kogge.Web.Modules.Catalog;
using Kogge.Web.Platform.Identity;
using Kogge.Web.Platform.Persistence;
using Kogge.Web.Platform.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Kogge.Web.Modules.Inbox;

/// <summary>
/// The clerk's inbox: their own tasks and those offered to their groups, filtered, sorted and paged in the database, with
/// claim, release and delegate as plain form posts. The filters live in the address, so every view can be bookmarked.
/// </summary>
[Authorize(Policy = InboxExtensions.ClerkPolicy)]
[TenantOnly]
public sealed class IndexModel(ClerkInbox inbox, TaskActions actions, KoggeDbContext db, UserManager<KoggeUser> users, IStringLocalizer<SharedResource> l) : PageModel
{
    [FromQuery(Name = "ansicht")]
    public string? Tab { get; set; }

    [FromQuery(Name = "leistung")]
    public Guid? ServiceId { get; set; }

    [FromQuery(Name = "status")]
    public string? Status { get; set; }

    [FromQuery(Name = "frist")]
    public string? Due { get; set; }

    [FromQuery(Name = "sortierung")]
    public string? Sort { get; set; }

    [FromQuery(Name = "seite")]
    public int? PageNumber { get; set; }

    [FromQuery(Name = "hinweis")]
    public string? Hint { get; set; }

    public InboxFilter Filter { get; private set; } = null!;

    public InboxPage Result { get; private set; } = null!;

    public IReadOnlyList<(Guid Id, string Name)> Services { get; private set; } = [];

    public IReadOnlyList<(string Id, string Name)> Clerks { get; private set; } = [];

    public string? Notice { get; private set; }

    public string UserId => users.GetUserId(User)!;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Notice = Hint switch
        {
            "uebernommen" => l["Sie haben die Aufgabe übernommen."].Value,
            "zurueckgegeben" => l["Sie haben die Aufgabe an die Gruppe zurückgegeben."].Value,
            "weitergegeben" => l["Sie haben die Aufgabe weitergegeben."].Value,
            "erledigt" => l["Sie haben die Aufgabe abgeschlossen."].Value,
            _ => null,
        };
        await LoadAsync(cancellationToken);
    }

    public Task<IActionResult> OnPostClaimAsync(string taskId, CancellationToken cancellationToken) =>
        ActAsync(actions.ClaimAsync(taskId ?? "", UserId, StaffGroups.Of(User), cancellationToken), "uebernommen",
            l["Diese Aufgabe hat inzwischen eine andere Person übernommen oder erledigt. Die Liste zeigt jetzt den aktuellen Stand."], cancellationToken);

    public Task<IActionResult> OnPostReleaseAsync(string taskId, CancellationToken cancellationToken) =>
        ActAsync(actions.ReleaseAsync(taskId ?? "", UserId, StaffGroups.Of(User), cancellationToken), "zurueckgegeben", NoLongerYours, cancellationToken);

    public async Task<IActionResult> OnPostDelegateAsync(string taskId, string? to, CancellationToken cancellationToken)
    {
        Clerks = await inbox.ClerksAsync(cancellationToken);
        if (to is null || to == UserId || !Clerks.Any(c => c.Id == to))
        {
            ModelState.AddModelError(string.Empty, l["Bitte wählen Sie eine andere Person der Sachbearbeitung Ihrer Kommune aus."]);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            await LoadAsync(cancellationToken);
            return Page();
        }

        return await ActAsync(actions.DelegateAsync(taskId ?? "", UserId, StaffGroups.Of(User), to, cancellationToken), "weitergegeben", NoLongerYours, cancellationToken);
    }

    private string NoLongerYours => l["Diese Aufgabe liegt nicht mehr bei Ihnen: Sie wurde inzwischen erledigt oder anders vergeben. Die Liste zeigt jetzt den aktuellen Stand."];

    private async Task<IActionResult> ActAsync(Task<TaskActionResult> action, string hint, string conflict, CancellationToken cancellationToken)
    {
        switch (await action)
        {
            case TaskActionResult.Done:
                return Redirect(Address(hint: hint));
            case TaskActionResult.NotFound:
                return NotFound();
            default:
                ModelState.AddModelError(string.Empty, conflict);
                Response.StatusCode = StatusCodes.Status409Conflict;
                await LoadAsync(cancellationToken);
                return Page();
        }
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var tab = Tab == "gruppe" ? InboxTab.Group : InboxTab.Mine;
        Filter = new InboxFilter(
            tab,
            ServiceId,
            Status switch { "uebernommen" => InboxStatus.Claimed, "alle" => InboxStatus.All, _ => InboxStatus.Open },
            Due switch { "ueberfaellig" => InboxDue.Overdue, "heute" => InboxDue.Today, "woche" => InboxDue.ThisWeek, _ => InboxDue.Any },
            Sort switch { "eingang" => InboxSort.Created, "leistung" => InboxSort.Service, _ => InboxSort.Due },
            Math.Max(1, PageNumber ?? 1));
        Result = await inbox.PageAsync(UserId, StaffGroups.Of(User), Filter, cancellationToken);
        Services = [.. (await db.PublicServices.AsNoTracking().OrderBy(s => s.Name).ThenBy(s => s.Id).Select(s => new { s.Id, s.Name }).ToListAsync(cancellationToken))
            .Select(s => (s.Id, s.Name))];
        if (Clerks.Count == 0 && tab == InboxTab.Mine && Result.Rows.Count > 0)
        {
            Clerks = await inbox.ClerksAsync(cancellationToken);
        }
    }

    /// <summary>This page's address with the current filters, changed by the arguments.</summary>
    public string Address(string? tab = null, int? page = null, string? hint = null)
    {
        var query = new List<KeyValuePair<string, string?>>
        {
            new("ansicht", tab ?? (Tab == "gruppe" ? "gruppe" : null)),
        };
        if (tab is null)
        {
            query.Add(new("leistung", ServiceId?.ToString()));
            query.Add(new("status", Status));
            query.Add(new("frist", Due));
            query.Add(new("sortierung", Sort));
            query.Add(new("seite", page is > 1 ? page.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) : null));
        }

        query.Add(new("hinweis", hint));
        var kept = query.Where(q => !string.IsNullOrEmpty(q.Value)).ToList();
        return Request.PathBase + Request.Path + (kept.Count == 0 ? "" : Microsoft.AspNetCore.Http.QueryString.Create(kept).ToString());
    }

    /// <summary>The address of a form post with the current filters, so that the page after it shows the same view.</summary>
    public string ActionAddress(string handler) => Address() + (Address().Contains('?', StringComparison.Ordinal) ? "&" : "?") + "handler=" + handler;
}
