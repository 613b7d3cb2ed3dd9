using System.Text.Json;
using System.Text.Json.Nodes;
using Kogge.Bpmn.Engine;
using Kogge.Bpmn.Storage;
using Kogge.Forms.Rendering;
using Kogge.Forms.Schema;
using Kogge.Forms.Validation;
using Kogge.Web.Modules.Cases;
using Kogge.Web.Modules.Catalog;
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

namespace Kogge.Web.Modules.Inbox;

/// <summary>
/// One task of the clerk: its form (the form artifact of the service version named by <c>zeebe:formDefinition</c>),
/// prefilled with the process variables, validated on the server and completed in the engine. Of two completions one
/// wins; the other is told so with 409.
/// </summary>
[Authorize(Policy = InboxExtensions.ClerkPolicy)]
[TenantOnly]
public sealed class WorkItemModel(
    ClerkInbox inbox, TenantProcesses processes, ProcessEngine engine, KoggeDbContext db, AuditLog audit, CaseProgress progress,
    UserManager<KoggeUser> users, IStringLocalizer<SharedResource> l) : PageModel
{
    public UserTaskRecord Task { get; private set; } = null!;

    public ProcessInstanceRecord Instance { get; private set; } = null!;

    public string? ServiceName { get; private set; }

    /// <summary>The reference number of the task's case, when the process belongs to one.</summary>
    public string? CaseReference { get; private set; }

    public RenderedForm? Form { get; private set; }

    /// <summary>The task names a form the service version does not have: it cannot be completed here.</summary>
    public bool FormMissing { get; private set; }

    public bool Mine => Task.Assignee == users.GetUserId(User);

    /// <summary>The task was completed before this request: the page only says so.</summary>
    public bool AlreadyCompleted { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } failed)
        {
            return failed;
        }

        if (Mine && _form is not null)
        {
            var variables = await engine.Runtime.GetVariablesAsync(Instance.Id, cancellationToken);
            // As in form-js under Camunda's tasklist: the process variables are the form's data, defaults fill the rest.
            var data = new FormValidator(_form).InitialData(variables);
            foreach (var (name, value) in variables)
            {
                if (value is not null)
                {
                    data[name] = JsonSerializer.SerializeToNode(value);
                }
            }

            Form = new FormRenderer(_form).Render(data, null, variables);
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } failed)
        {
            return failed;
        }

        if (!Mine || FormMissing)
        {
            ModelState.AddModelError(string.Empty, l["Diese Aufgabe liegt nicht bei Ihnen. Übernehmen Sie sie zuerst in der Aufgabenliste."]);
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }

        var variables = await engine.Runtime.GetVariablesAsync(Instance.Id, cancellationToken);
        var output = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (_form is not null)
        {
            var posted = FormPost.ToJson(Request.Form.Where(f => f.Key != "__kogge_csrf")
                .Select(f => KeyValuePair.Create(f.Key, (IReadOnlyList<string?>)f.Value.ToArray())));
            var result = new FormValidator(_form).Validate(posted, variables);
            if (result.Errors.Count > 0)
            {
                // The form's own summary lists the fields with links; a second, general one would only repeat it.
                Form = new FormRenderer(_form).Render(posted, result.Errors, variables);
                Response.StatusCode = StatusCodes.Status400BadRequest;
                return Page();
            }

            foreach (var (name, value) in result.Data)
            {
                output[name] = JsonSerializer.SerializeToElement(value);
            }
        }

        try
        {
            await engine.Tasks.CompleteAsync(Task.Id, output, Task.Assignee, cancellationToken);
        }
        catch (Exception e) when (e is NotFoundException or ConcurrencyConflictException or TaskAlreadyClaimedException)
        {
            return Completed();
        }

        await audit.WriteAsync("task.completed", "Task", Task.Id, new { instance = Instance.Id, element = Task.ElementId }, cancellationToken);
        await progress.TryCatchUpAsync(Instance.Id, cancellationToken);
        return Redirect(Url.Content("~/aufgaben") + "?hinweis=erledigt");
    }

    private FormDefinition? _form;

    private async Task<IActionResult?> LoadAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            Task = await processes.TaskAsync(id, cancellationToken);
        }
        catch (ProcessConflictException)
        {
            return Completed();
        }
        catch (NotFoundException)
        {
            return NotFound();
        }

        if (!await inbox.IsVisibleAsync(id, users.GetUserId(User)!, StaffGroups.Of(User), cancellationToken))
        {
            return NotFound();
        }

        Instance = await processes.InstanceAsync(Task.ProcessInstanceId, cancellationToken);
        var version = await db.ServiceVersions.AsNoTracking().Include(v => v.Service).Include(v => v.Artifacts)
            .FirstOrDefaultAsync(v => v.EngineDefinitionId == Instance.DefinitionId, cancellationToken);
        ServiceName = version?.Service.Name;
        if (Guid.TryParse(Instance.BusinessKey, out var caseId))
        {
            CaseReference = await db.Cases.AsNoTracking().Where(c => c.Id == caseId).Select(c => c.ReferenceNumber).FirstOrDefaultAsync(cancellationToken);
        }

        if (Task.FormKey is { } formKey)
        {
            var artifact = version?.Artifacts.FirstOrDefault(a => a.Kind == ArtifactKind.Form && a.Name == formKey);
            _form = artifact is null ? null : FormDefinition.Parse(artifact.Content);
            FormMissing = _form is null;
        }

        return null;
    }

    /// <summary>Someone completed the task first: 409 with a page that says so.</summary>
    private PageResult Completed()
    {
        AlreadyCompleted = true;
        ModelState.AddModelError(string.Empty, l["Diese Aufgabe wurde inzwischen erledigt. Ihre Eingaben wurden nicht übernommen."]);
        Response.StatusCode = StatusCodes.Status409Conflict;
        return Page();
    }
}
