using Kogge.Web.Modules.Inbox;
using Kogge.Web.Platform.Persistence;
using Kogge.Web.Platform.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Kogge.Web.Modules.Cases.DocumentRequests;

/// <summary>"Unterlagen anfordern": a clerk asks the applicant of a case for further documents by a date.</summary>
[Authorize(Policy = InboxExtensions.ClerkPolicy)]
[TenantOnly]
public sealed class RequestModel(KoggeDbContext db, DocumentRequests requests, TimeProvider clock, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty]
    public DocumentRequestInput Input { get; set; } = new();

    public Case Case { get; private set; } = null!;

    public bool Sent { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, string? hinweis, CancellationToken cancellationToken)
    {
        if (await db.Cases.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken) is not { } found)
        {
            return NotFound();
        }

        Case = found;
        Sent = hinweis == "gesendet";
        Input.DueDate ??= DocumentRequests.Today(clock).AddDays(14);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await db.Cases.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken) is not { } found)
        {
            return NotFound();
        }

        Case = found;
        if (ModelState[$"{nameof(Input)}.{nameof(Input.DueDate)}"]?.Errors.Count > 0)
        {
            ModelState.Remove($"{nameof(Input)}.{nameof(Input.DueDate)}");
            ModelState.AddModelError($"{nameof(Input)}.{nameof(Input.DueDate)}", l["Bitte geben Sie die Frist als Datum an, zum Beispiel 15.12.2026."]);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var result = await requests.CreateAsync(id, Input.Text, Input.DueDate, User.AccountId(), cancellationToken);
        if (result.Outcome == DocumentRequestOutcome.NotFound)
        {
            return NotFound();
        }

        if (result.Outcome == DocumentRequestOutcome.Invalid)
        {
            foreach (var (field, message) in result.Errors)
            {
                ModelState.AddModelError(field == "frist" ? $"{nameof(Input)}.{nameof(Input.DueDate)}" : $"{nameof(Input)}.{nameof(Input.Text)}", message);
            }

            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        return Redirect($"~/vorgaenge/{id}/unterlagen-anfordern?hinweis=gesendet");
    }
}

public sealed class DocumentRequestInput
{
    public string? Text { get; set; }

    public DateOnly? DueDate { get; set; }
}
