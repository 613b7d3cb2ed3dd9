using System.Text.Json.Nodes;
using Kogge.Bpmn.Engine;
using Kogge.Bpmn.Engine.History;
using Kogge.Bpmn.Model;
using Kogge.Bpmn.Parsing;
using Kogge.Bpmn.Storage;
using Kogge.Web.Modules.Cases.Apply;
using Kogge.Web.Modules.Catalog;
using Kogge.Web.Modules.Inbox;
using Kogge.Web.Platform.Audit;
using Kogge.Web.Platform.Identity;
using Kogge.Web.Platform.Persistence;
using Kogge.Web.Platform.Processes;
using Kogge.Web.Platform.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Kogge.Web.Modules.Cases.Files;

/// <summary>
/// The case file (Vorgangsakte) for the municipality's clerks: the application as submitted with the start form's
/// labels, its documents, the timeline including internal steps, internal notes, the process with where it stands
/// and the case's open tasks. Another municipality's case is not found (404).
/// </summary>
[Authorize(Policy = InboxExtensions.ClerkPolicy)]
[TenantOnly]
public sealed class DetailModel(
    KoggeDbContext db, TenantProcesses processes, ProcessEngine engine, CaseProgress progress, AuditLog audit, TimeProvider clock,
    UserManager<KoggeUser> users, IStringLocalizer<SharedResource> l) : PageModel
{
    public Case Case { get; private set; } = null!;

    public PublicService Service { get; private set; } = null!;

    public IReadOnlyList<(string Title, IReadOnlyList<(string Label, string Value)> Answers)> Sections { get; private set; } = [];

    public IReadOnlyList<CaseDocument> Attachments { get; private set; } = [];

    public IReadOnlyList<CaseDocument> Notices { get; private set; } = [];

    public IReadOnlyList<CaseEvent> Timeline { get; private set; } = [];

    public IReadOnlyList<CaseNote> Notes { get; private set; } = [];

    public IReadOnlyList<(UserTaskRecord Task, string? Assignee)> OpenTasks { get; private set; } = [];

    /// <summary>The BPMN elements the process stands at, by id and display name.</summary>
    public IReadOnlyList<(string Id, string Name)> ActiveSteps { get; private set; } = [];

    /// <summary>Steps of the process the case has passed through and left, in the order they were first completed.</summary>
    public IReadOnlyList<(string Id, string Name)> CompletedSteps { get; private set; } = [];

    public bool HasDiagram { get; private set; }

    public string? ApplicantName { get; private set; }

    [BindProperty]
    public string? NoteText { get; set; }

    public bool NoteSaved { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, string? hinweis, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        NoteSaved = hinweis == "notiz";
        return Page();
    }

    /// <summary>An internal note. Its text stays in the note; the audit trail records only that a note was added.</summary>
    public async Task<IActionResult> OnPostNoteAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await db.Cases.AnyAsync(c => c.Id == id, cancellationToken))
        {
            return NotFound();
        }

        var text = NoteText?.Trim() ?? "";
        if (text.Length == 0 || text.Length > CaseNote.TextLength)
        {
            ModelState.AddModelError(nameof(NoteText), text.Length == 0
                ? l["Bitte schreiben Sie eine Notiz."]
                : l["Die Notiz darf höchstens {0} Zeichen lang sein.", CaseNote.TextLength]);
            await LoadAsync(id, cancellationToken);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var author = await users.GetUserAsync(User);
        var note = new CaseNote
        {
            CaseId = id,
            AuthorId = author!.Id,
            AuthorName = author.DisplayName.Length > 0 ? author.DisplayName : author.Email ?? "",
            Text = text,
            At = clock.GetUtcNow(),
        };
        db.CaseNotes.Add(note);
        audit.Add("case.note_added", "Case", id, new { note = note.Id });
        await db.SaveChangesAsync(cancellationToken);
        return Redirect(Url.Content($"~/vorgaenge/{id}") + "?hinweis=notiz#notizen");
    }

    /// <summary>A document of the case as it was stored, always as a download (never shown inline), with its stored type.</summary>
    public async Task<IActionResult> OnGetDocumentAsync(Guid id, Guid document, CancellationToken cancellationToken)
    {
        var file = await db.CaseDocuments.AsNoTracking().FirstOrDefaultAsync(d => d.Id == document && d.CaseId == id, cancellationToken);
        if (file is null)
        {
            return NotFound();
        }

        var content = await db.CaseDocumentContents.AsNoTracking().FirstAsync(c => c.Id == file.Id, cancellationToken);
        await audit.WriteAsync("case.document_opened", "CaseDocument", file.Id, new { @case = id }, cancellationToken);
        Response.Headers.XContentTypeOptions = "nosniff";
        return File(content.Data, file.ContentType, file.FileName);
    }

    /// <summary>The BPMN of the case's service version, for the diagram viewer.</summary>
    public async Task<IActionResult> OnGetDiagramAsync(Guid id, CancellationToken cancellationToken)
    {
        var versionId = await db.Cases.Where(c => c.Id == id).Select(c => (Guid?)c.ServiceVersionId).FirstOrDefaultAsync(cancellationToken);
        var bpmn = versionId is null ? null : await db.ServiceArtifacts.AsNoTracking()
            .Where(a => a.VersionId == versionId && a.Kind == ArtifactKind.Process).Select(a => a.Content).FirstOrDefaultAsync(cancellationToken);
        return bpmn is null ? NotFound() : Content(bpmn, "application/xml; charset=utf-8");
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        // The case file is where a clerk looks first: whatever the engine did by now shows here.
        if (await db.Cases.Where(c => c.Id == id).Select(c => c.ProcessInstanceId).FirstOrDefaultAsync(cancellationToken) is { } instanceId)
        {
            await progress.TryCatchUpAsync(instanceId, cancellationToken);
        }

        var found = await db.Cases.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (found is null)
        {
            return false;
        }

        Case = found;
        Service = await db.PublicServices.AsNoTracking().FirstAsync(s => s.Id == found.ServiceId, cancellationToken);
        ApplicantName = await db.Users.AsNoTracking().Where(u => u.Id == found.ApplicantId).Select(u => u.DisplayName).FirstOrDefaultAsync(cancellationToken);
        // Ordered here: SQLite cannot order by a DateTimeOffset, and a case has few of each.
        var documents = (await db.CaseDocuments.AsNoTracking().Where(d => d.CaseId == id).ToListAsync(cancellationToken)).OrderBy(d => d.UploadedAt).ToList();
        Attachments = [.. documents.Where(d => d.Kind == CaseDocumentKind.Attachment)];
        Notices = [.. documents.Where(d => d.Kind == CaseDocumentKind.Notice)];
        Timeline = [.. (await db.CaseEvents.AsNoTracking().Where(e => e.CaseId == id).ToListAsync(cancellationToken)).OrderBy(e => e.At)];
        Notes = [.. (await db.CaseNotes.AsNoTracking().Where(n => n.CaseId == id).ToListAsync(cancellationToken)).OrderByDescending(n => n.At)];

        var start = await StartForm.OfVersionAsync(db, found.ServiceVersionId, cancellationToken);
        var data = JsonNode.Parse(found.FormData) as JsonObject ?? [];
        Sections = start is null
            ? []
            : [.. start.Pages.Select(p => (p.Title ?? Service.Name, (IReadOnlyList<(string, string)>)FormAnswers.Of(p.Form.AllComponents, data, Attachments, l)))];
        var process = start?.Version.Artifacts.FirstOrDefault(a => a.Kind == ArtifactKind.Process)?.Content;
        HasDiagram = process is not null;

        if (found.ProcessInstanceId is { } instance)
        {
            var (tasks, _) = await processes.TasksAsync(null, null, null, instance, 0, 50, cancellationToken);
            var assigneeIds = tasks.Select(t => Guid.TryParse(t.Assignee, out var a) ? a : Guid.Empty).Where(a => a != Guid.Empty).ToList();
            var names = await db.Users.AsNoTracking().Where(u => assigneeIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id.ToString(), u => u.DisplayName, cancellationToken);
            OpenTasks = [.. tasks.Select(t => (t, t.Assignee is null ? null : names.GetValueOrDefault(t.Assignee, t.Assignee)))];
            (ActiveSteps, CompletedSteps) = await StepsAsync(instance, process, cancellationToken);
        }

        return true;
    }

    private async Task<(IReadOnlyList<(string Id, string Name)> Active, IReadOnlyList<(string Id, string Name)> Completed)> StepsAsync(
        string instanceId, string? bpmn, CancellationToken cancellationToken)
    {
        try
        {
            await processes.InstanceAsync(instanceId, cancellationToken);
        }
        catch (NotFoundException)
        {
            return ([], []);
        }

        var names = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (bpmn is not null)
        {
            foreach (var element in BpmnParser.ParseXml(bpmn).Definitions.Processes.SelectMany(p => p.FlowElements))
            {
                names[element.Id] = element.Name;
            }
        }

        var active = await engine.Runtime.GetActiveElementsAsync(instanceId, cancellationToken);
        IReadOnlyList<(string Id, string Name)> activeSteps = [.. active.Where(e => names.ContainsKey(e.ElementId) && !IsProcess(e, instanceId))
            .Select(e => (e.ElementId, names[e.ElementId] ?? e.ElementId)).Distinct()];

        // A step that is active again (a loop) counts as active, not as done.
        var history = await engine.History.ListEventsAsync(instanceId, cancellationToken);
        IReadOnlyList<(string Id, string Name)> completedSteps = [.. history
            .Where(h => h.Kind == HistoryEventKinds.ElementCompleted && h.ElementId is { } id && names.ContainsKey(id) && activeSteps.All(a => a.Id != id))
            .Select(h => (h.ElementId!, names[h.ElementId!] ?? h.ElementId!)).Distinct()];
        return (activeSteps, completedSteps);
    }

    private static bool IsProcess(ElementInstanceInfo element, string instanceId) => element.ParentId is null && element.Id == instanceId;
}
