using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Kogge.Forms.Rendering;
using Kogge.Forms.Validation;
using Kogge.Web.Platform.Persistence;
using Kogge.Web.Platform.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Kogge.Web.Modules.Cases.Apply;

/// <summary>
/// One page of the start form of a service. Every post saves the draft under the account, so the applicant can stop
/// and resume; "Weiter" validates the page, and a post that shows new conditional fields first shows them.
/// </summary>
[Authorize(Policy = CasesExtensions.ApplicantPolicy)]
[TenantOnly]
[RequestSizeLimit(CaseFiles.MaxApplicationBytes + (1024 * 1024))]
[RequestFormLimits(MultipartBodyLengthLimit = CaseFiles.MaxFileBytes)]
public sealed partial class FormModel(KoggeDbContext db, Attachments attachments, TimeProvider clock, IStringLocalizer<SharedResource> l) : PageModel
{
    public StartForm Start { get; private set; } = null!;

    public int PageIndex { get; private set; }

    public StartFormPage Current => Start.Pages[PageIndex];

    public RenderedForm Rendered { get; private set; } = new("", "", 0);

    public IReadOnlyList<CaseDocument> Files { get; private set; } = [];

    public string? Notice { get; private set; }

    public async Task<IActionResult> OnGetAsync(string key, int? seite, CancellationToken cancellationToken)
    {
        if (await StartAsync(key, seite, cancellationToken) is not { } draft)
        {
            return NotFound();
        }

        if (Start.Pages.Count == 0)
        {
            return Redirect($"~/leistungen/{key}/antrag/pruefen");
        }

        await ShowAsync(draft, Data(draft), [], cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string key, int? seite, string? aktion, CancellationToken cancellationToken)
    {
        if (await StartAsync(key, seite, cancellationToken) is not { } draft || Start.Pages.Count == 0)
        {
            return NotFound();
        }

        var documents = await db.CaseDocuments.Where(d => d.DraftId == draft.Id).ToListAsync(cancellationToken);
        if (aktion?.StartsWith("entfernen:", StringComparison.Ordinal) == true)
        {
            // A small form of its own beside each uploaded file: it removes the file and nothing else.
            db.CaseDocuments.RemoveRange(documents.Where(d => d.Id.ToString() == aktion["entfernen:".Length..]));
            var data = Data(draft);
            foreach (var picker in Current.FilePickers)
            {
                var left = documents.Where(d => d.FieldKey == picker.Key && d.Id.ToString() != aktion["entfernen:".Length..]).ToList();
                data[picker.Key!] = left.Count == 0 ? null : Attachments.FieldValue(left);
            }

            draft.Data = data.ToJsonString();
            await SaveAsync(draft, cancellationToken);
            return Redirect($"~/leistungen/{key}/antrag/{PageIndex + 1}");
        }

        var posted = FormPost.ToJson(Request.Form.Where(f => f.Key is not ("__kogge_csrf" or "aktion" or "kogge-liste"))
            .Select(f => KeyValuePair.Create(f.Key, (IReadOnlyList<string?>)f.Value.ToArray())));
        var fileErrors = new List<FieldError>();
        foreach (var picker in Current.FilePickers)
        {
            var multiple = picker.Property("multiple")?.ToString() is "true" or "True";
            foreach (var file in Request.Form.Files.GetFiles(picker.Key!).Where(f => f.Length > 0 || f.FileName.Length > 0))
            {
                if (await attachments.AddAsync(draft, picker.Key!, !multiple, file, cancellationToken) is { } refused)
                {
                    fileErrors.Add(new FieldError(picker.Key!, "file", refused));
                }
            }

            var ids = db.ChangeTracker.Entries<CaseDocument>().Where(e => e.State is not Microsoft.EntityFrameworkCore.EntityState.Deleted and not Microsoft.EntityFrameworkCore.EntityState.Detached)
                .Select(e => e.Entity).Where(d => d.DraftId == draft.Id && d.FieldKey == picker.Key).OrderBy(d => d.UploadedAt).ToList();
            posted[picker.Key!] = ids.Count == 0 ? null : Attachments.FieldValue(ids);
        }

        var listChanged = FormRenderer.ApplyListAction(posted, Request.Form["kogge-liste"]);
        var result = new FormValidator(Current.Form).Validate(posted);
        var before = Data(draft);
        var revealed = VisibleFields(before).Count != 0 && !VisibleFields(posted).IsSubsetOf(VisibleFields(before));
        Merge(draft, result.Data);
        if (aktion == "speichern")
        {
            await SaveAsync(draft, cancellationToken);
            return Redirect("~/konto/antraege?hinweis=gespeichert");
        }

        if (aktion != "weiter" || listChanged || revealed)
        {
            // Without JavaScript the page learns of a changed answer only now: show it again with what it now asks.
            await SaveAsync(draft, cancellationToken);
            Notice = revealed ? l["Auf Grund Ihrer Angaben fragen wir weitere Angaben ab. Bitte ergänzen Sie sie."].Value : null;
            await ShowAsync(draft, posted, fileErrors, cancellationToken);
            return Page();
        }

        var errors = fileErrors.Concat(result.Errors).ToList();
        if (errors.Count > 0)
        {
            await SaveAsync(draft, cancellationToken);
            await ShowAsync(draft, posted, errors, cancellationToken);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        draft.Page = Math.Max(draft.Page, PageIndex + 1);
        await SaveAsync(draft, cancellationToken);
        return PageIndex + 1 < Start.Pages.Count
            ? Redirect($"~/leistungen/{key}/antrag/{PageIndex + 2}")
            : Redirect($"~/leistungen/{key}/antrag/pruefen");
    }

    /// <summary>The service, its start form and the applicant's draft (a new one, with a new idempotency key, on the first visit).</summary>
    private async Task<ApplicationDraft?> StartAsync(string key, int? seite, CancellationToken cancellationToken)
    {
        if (await StartForm.LoadAsync(db, key, cancellationToken) is not { } start)
        {
            return null;
        }

        Start = start;
        var applicant = User.AccountId();
        var draft = await db.ApplicationDrafts.FirstOrDefaultAsync(d => d.ApplicantId == applicant && d.ServiceId == start.Service.Id, cancellationToken);
        if (draft is null)
        {
            var now = clock.GetUtcNow();
            draft = new ApplicationDraft { ServiceId = start.Service.Id, ApplicantId = applicant, IdempotencyKey = Guid.NewGuid().ToString("N"), CreatedAt = now, UpdatedAt = now };
            db.ApplicationDrafts.Add(draft);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // A second tab opened the same service at the same moment: continue with its draft.
                db.ChangeTracker.Clear();
                draft = await db.ApplicationDrafts.FirstAsync(d => d.ApplicantId == applicant && d.ServiceId == start.Service.Id, cancellationToken);
            }
        }

        // Pages are counted from 1 in the address; a page beyond the one reached is not skipped to.
        var wanted = (seite ?? 1) - 1;
        PageIndex = Math.Clamp(wanted, 0, Math.Min(draft.Page, Math.Max(start.Pages.Count - 1, 0)));
        return draft;
    }

    private async Task ShowAsync(ApplicationDraft draft, JsonObject data, IReadOnlyList<FieldError> errors, CancellationToken cancellationToken)
    {
        Rendered = new FormRenderer(Current.Form, language: "de").Render(data, errors);
        var keys = Current.FilePickers.Select(p => p.Key!).ToHashSet(StringComparer.Ordinal);
        Files = [.. (await db.CaseDocuments.AsNoTracking().Where(d => d.DraftId == draft.Id).ToListAsync(cancellationToken))
            .Where(d => keys.Contains(d.FieldKey)).OrderBy(d => d.UploadedAt)];
    }

    private HashSet<string> VisibleFields(JsonObject data) =>
        [.. FieldName().Matches(new FormRenderer(Current.Form).Render(data).Fields).Select(m => m.Groups[1].Value)];

    private static JsonObject Data(ApplicationDraft draft) => JsonNode.Parse(draft.Data) as JsonObject ?? [];

    /// <summary>The page's answers replace what the draft held for the page's fields; hidden fields drop out.</summary>
    private void Merge(ApplicationDraft draft, JsonObject pageData)
    {
        var data = Data(draft);
        foreach (var key in Current.Keys)
        {
            data.Remove(key);
        }

        foreach (var (key, value) in pageData)
        {
            data[key] = value?.DeepClone();
        }

        draft.Data = data.ToJsonString();
    }

    private async Task SaveAsync(ApplicationDraft draft, CancellationToken cancellationToken)
    {
        draft.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
    }

    [GeneratedRegex("name=\"([^\"]+)\"")]
    private static partial Regex FieldName();
}
