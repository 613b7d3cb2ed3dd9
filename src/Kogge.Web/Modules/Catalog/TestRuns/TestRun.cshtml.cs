using System.Text.Json;
using System.Text.Json.Nodes;
using Kogge.Bpmn.Engine;
using Kogge.Bpmn.Engine.History;
using Kogge.Bpmn.Storage;
using Kogge.Forms.Rendering;
using Kogge.Forms.Schema;
using Kogge.Forms.Validation;
using Kogge.Web.Modules.Cases;
using Kogge.Web.Modules.Cases.Apply;
using Kogge.Web.Modules.Catalog.Versions;
using Kogge.Web.Modules.Notices;
using Kogge.Web.Platform.Persistence;
using Kogge.Web.Platform.Tenancy;
using Kogge.Web.Platform.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Kogge.Web.Modules.Catalog.TestRuns;

/// <summary>
/// The test run of a version (draft or published): the designer fills the start form as a citizen would, the process
/// runs on an engine of its own (<see cref="TestRun"/>), and the page shows the fee, every step, the variables, where
/// the process waits — user tasks with their forms, messages, timers — what the service tasks would have done, the
/// incidents and the end. Every action is a plain form post followed by a redirect to the run.
/// </summary>
[Authorize(Policy = CatalogExtensions.DesignerPolicy)]
[TenantOnly]
[RequestSizeLimit(CaseFiles.MaxApplicationBytes + (1024 * 1024))]
[RequestFormLimits(MultipartBodyLengthLimit = CaseFiles.MaxFileBytes)]
public sealed class TestRunModel(KoggeDbContext db, VersionCheck check, TestRuns runs, TenantContext tenant, TimeProvider clock, IStringLocalizer<SharedResource> l) : PageModel
{
    public PublicService Service { get; private set; } = null!;

    public ServiceVersion Current { get; private set; } = null!;

    public VersionReport Report { get; private set; } = new([]);

    /// <summary>The version's start form; null while the report has errors.</summary>
    public StartForm? Start { get; private set; }

    public RenderedForm? StartRendered { get; private set; }

    public string? Problem { get; private set; }

    public TestRun? Run { get; private set; }

    /// <summary>A run was asked for that is not (or no longer) there.</summary>
    public bool Gone { get; private set; }

    public ProcessInstanceInfo? Instance { get; private set; }

    public IReadOnlyList<HistoryEventRecord> Steps { get; private set; } = [];

    public IReadOnlyDictionary<string, object?> Variables { get; private set; } = new Dictionary<string, object?>();

    public IReadOnlyList<(WorkItem Task, RenderedForm? Form)> Tasks { get; private set; } = [];

    public IReadOnlyList<EventSubscriptionRecord> Waits { get; private set; } = [];

    /// <summary>Timers and jobs due later on the run's clock (a retry after a failure).</summary>
    public IReadOnlyList<JobInfo> Later { get; private set; } = [];

    public IReadOnlyList<IncidentInfo> Incidents { get; private set; } = [];

    /// <summary>The run's effects as they were when the page was read; another request of the run may add to them while it renders.</summary>
    public IReadOnlyList<TestRunEffect> Effects { get; private set; } = [];

    /// <summary>The engine's refusals of the designer's actions, as read with the effects.</summary>
    public IReadOnlyList<string> Refusals { get; private set; } = [];

    public string RunPath => $"~/leistungskatalog/{Service.Id}/versionen/{Current.Number}/testlauf/{Run?.Id}";

    public async Task<IActionResult> OnGetAsync(Guid id, int number, Guid? run, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, number, cancellationToken))
        {
            return NotFound();
        }

        if (run is { } runId)
        {
            return await ShowRunAsync(runId, null, cancellationToken);
        }

        if (Start is { Form: { } form })
        {
            StartRendered = new FormRenderer(form, language: "de").Render(new FormValidator(form).InitialData());
        }

        return Page();
    }

    /// <summary>Starts a run with the start form's answers; wrong answers get the citizen's field messages.</summary>
    public async Task<IActionResult> OnPostAsync(Guid id, int number, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, number, cancellationToken))
        {
            return NotFound();
        }

        if (Start is null)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }

        var data = new JsonObject();
        var files = new List<string>();
        if (Start.Form is { } form)
        {
            var posted = FormPost.ToJson(Request.Form.Where(f => f.Key is not ("__kogge_csrf" or "aktion" or "kogge-liste"))
                .Select(f => KeyValuePair.Create(f.Key, (IReadOnlyList<string?>)f.Value.ToArray())));
            var fileErrors = await CheckFilesAsync(form, posted, files, cancellationToken);
            var listChanged = FormRenderer.ApplyListAction(posted, Request.Form["kogge-liste"]);
            var result = new FormValidator(form).Validate(posted);
            var errors = fileErrors.Concat(result.Errors).ToList();
            if (listChanged || errors.Count > 0)
            {
                StartRendered = new FormRenderer(form, language: "de").Render(posted, listChanged ? [] : errors);
                Response.StatusCode = listChanged ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest;
                return Page();
            }

            data = result.Data;
        }

        TestRun started;
        try
        {
            started = await TestRun.StartAsync(tenant.TenantId, User.AccountId(), Service, Current, tenant.Current!.Name, data, files, clock.GetUtcNow(), cancellationToken);
        }
        catch (ProcessEngineException e)
        {
            Problem = l["Die Engine hat den Testlauf nicht gestartet: {0}", e.Message];
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }

        runs.Add(started);
        Run = started;
        return Redirect(Url.Content(RunPath));
    }

    /// <summary>Completes a user task of the run with its form.</summary>
    public Task<IActionResult> OnPostTaskAsync(Guid id, int number, Guid run, string? task, CancellationToken cancellationToken) =>
        ActAsync(id, number, run, async r =>
        {
            var open = (await r.Engine.Tasks.QueryAsync(new TaskQuery { ProcessInstanceId = r.InstanceId }, cancellationToken)).FirstOrDefault(t => t.Id == task);
            if (open is null)
            {
                return null;
            }

            var output = new Dictionary<string, object?>(StringComparer.Ordinal);
            if (FormOf(open) is { } form)
            {
                var variables = await r.Engine.Runtime.GetVariablesAsync(r.InstanceId, cancellationToken);
                var posted = FormPost.ToJson(Request.Form.Where(f => f.Key is not ("__kogge_csrf" or "task"))
                    .Select(f => KeyValuePair.Create(f.Key, (IReadOnlyList<string?>)f.Value.ToArray())));
                var result = new FormValidator(form).Validate(posted, variables);
                if (result.Errors.Count > 0)
                {
                    return (open.Id, new FormRenderer(form, language: "de", idPrefix: FieldPrefix(open)).Render(posted, result.Errors, variables));
                }

                foreach (var (name, value) in result.Data)
                {
                    output[name] = JsonSerializer.SerializeToElement(value);
                }
            }

            await r.Engine.Tasks.CompleteAsync(open.Id, output, cancellationToken: cancellationToken);
            return null;
        }, cancellationToken);

    /// <summary>Sends the message (or signal) a catch event, receive task or boundary event of the run waits for.</summary>
    public Task<IActionResult> OnPostMessageAsync(Guid id, int number, Guid run, string? subscription, CancellationToken cancellationToken) =>
        ActAsync(id, number, run, async r =>
        {
            if ((await r.SubscriptionsAsync(cancellationToken)).FirstOrDefault(s => s.Id == subscription) is { } wait)
            {
                if (wait.Kind == SubscriptionKind.Message)
                {
                    await r.Engine.Runtime.CorrelateMessageAsync(wait.EventName, wait.CorrelationKey, cancellationToken: cancellationToken);
                }
                else
                {
                    await r.Engine.Runtime.BroadcastSignalAsync(wait.EventName, cancellationToken: cancellationToken);
                }
            }

            return null;
        }, cancellationToken);

    /// <summary>Moves the run's clock to the due date of a timer (or a job's retry) and runs what is then due.</summary>
    public Task<IActionResult> OnPostTimeAsync(Guid id, int number, Guid run, string? job, CancellationToken cancellationToken) =>
        ActAsync(id, number, run, async r =>
        {
            if ((await r.Engine.Jobs.ListJobsAsync(r.InstanceId, cancellationToken)).FirstOrDefault(j => j.Id == job) is { } due)
            {
                r.Clock.AdvanceTo(due.DueDate);
            }

            return null;
        }, cancellationToken);

    /// <summary>A notice the run would have issued, as the PDF the applicant would have received.</summary>
    public async Task<IActionResult> OnGetNoticeAsync(Guid id, int number, Guid run, int notice, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, number, cancellationToken) || runs.Find(run, tenant.TenantId, User.AccountId(), Current.Id) is not { } found)
        {
            return NotFound();
        }

        byte[] pdf;
        await found.Gate.WaitAsync(cancellationToken);
        try
        {
            if (notice < 0 || notice >= found.Notices.Count)
            {
                return NotFound();
            }

            pdf = NoticeDocument.RenderPdf(found.Notices[notice].Template, found.Notices[notice].Data);
        }
        finally
        {
            found.Gate.Release();
        }

        return File(pdf, CaseFiles.Pdf, $"testlauf-bescheid-{notice + 1}.pdf");
    }

    /// <summary>The German name of a history event.</summary>
    public string EventText(string kind) => kind switch
    {
        HistoryEventKinds.ProcessInstanceStarted => l["Ablauf gestartet"],
        HistoryEventKinds.ProcessInstanceCompleted => l["Ablauf beendet"],
        HistoryEventKinds.ProcessInstanceTerminated => l["Ablauf abgebrochen"],
        HistoryEventKinds.ElementActivated => l["Schritt begonnen"],
        HistoryEventKinds.ElementCompleted => l["Schritt abgeschlossen"],
        HistoryEventKinds.ElementTerminated => l["Schritt vorzeitig beendet"],
        HistoryEventKinds.SequenceFlowTaken => l["Pfeil gefolgt"],
        HistoryEventKinds.TaskCreated => l["Aufgabe angelegt"],
        HistoryEventKinds.TaskAssigned => l["Aufgabe zugewiesen"],
        HistoryEventKinds.TaskCompleted => l["Aufgabe erledigt"],
        HistoryEventKinds.VariableCreated => l["Variable angelegt"],
        HistoryEventKinds.VariableUpdated => l["Variable geändert"],
        HistoryEventKinds.JobCreated => l["Auftrag angelegt"],
        HistoryEventKinds.JobCompleted => l["Auftrag erledigt"],
        HistoryEventKinds.JobFailed => l["Auftrag fehlgeschlagen"],
        HistoryEventKinds.TimerFired => l["Zeitereignis eingetreten"],
        HistoryEventKinds.MessageCorrelated => l["Nachricht empfangen"],
        HistoryEventKinds.SignalReceived => l["Signal empfangen"],
        HistoryEventKinds.ErrorThrown => l["Fehlerereignis ausgelöst"],
        HistoryEventKinds.EscalationThrown => l["Eskalation ausgelöst"],
        HistoryEventKinds.IncidentCreated => l["Störung aufgetreten"],
        HistoryEventKinds.IncidentResolved => l["Störung behoben"],
        HistoryEventKinds.ProcessDefinitionDeployed => l["Prozess bereitgestellt"],
        _ => kind,
    };

    /// <summary>The German name of a BPMN element type.</summary>
    public string TypeText(string? type) => type switch
    {
        null => "–",
        "startEvent" => l["Startereignis"],
        "endEvent" => l["Endereignis"],
        "userTask" => l["Benutzeraufgabe"],
        "serviceTask" => l["Serviceaufgabe"],
        "sendTask" => l["Sendeaufgabe"],
        "receiveTask" => l["Empfangsaufgabe"],
        "businessRuleTask" => l["Geschäftsregel"],
        "scriptTask" => l["Skriptaufgabe"],
        "manualTask" => l["Manuelle Aufgabe"],
        "task" => l["Aufgabe"],
        "exclusiveGateway" => l["Exklusives Gateway"],
        "parallelGateway" => l["Paralleles Gateway"],
        "inclusiveGateway" => l["Inklusives Gateway"],
        "eventBasedGateway" => l["Ereignisbasiertes Gateway"],
        "intermediateCatchEvent" => l["Zwischenereignis (wartend)"],
        "intermediateThrowEvent" => l["Zwischenereignis (auslösend)"],
        "boundaryEvent" => l["Angeheftetes Ereignis"],
        "subProcess" => l["Teilprozess"],
        "callActivity" => l["Aufruf eines Prozesses"],
        "sequenceFlow" => l["Pfeil"],
        _ => type,
    };

    /// <summary>What a service or send task would have done, in words.</summary>
    public string EffectText(TestRunEffect effect) => effect.Kind switch
    {
        TestRunEffectKind.Decision => l["Entscheidung getroffen (wie im Echtbetrieb): {0}", effect.Detail],
        TestRunEffectKind.Notice => l["Bescheid würde erstellt, ins Postfach gelegt und per E-Mail angekündigt: {0}", effect.Detail],
        TestRunEffectKind.Receipt => l["Eingangsbestätigung würde im Verlauf des Vorgangs vermerkt."],
        TestRunEffectKind.BodyNotified => l["Diese Stelle würde unterrichtet: {0}", effect.Detail],
        _ => l["Ein Dienst dieser Art würde aufgerufen: {0}", effect.Detail],
    };

    /// <summary>The element's name and id as the page shows them.</summary>
    public string ElementText(string? elementId)
    {
        var name = Run?.Element(elementId)?.Name;
        return name is { Length: > 0 } ? $"{name} ({elementId})" : elementId ?? "–";
    }

    public static string FieldPrefix(WorkItem task) => $"aufgabe-{task.Id}-";

    private async Task<IActionResult> ActAsync(Guid id, int number, Guid run, Func<TestRun, Task<(string TaskId, RenderedForm Form)?>> action, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, number, cancellationToken))
        {
            return NotFound();
        }

        if (runs.Find(run, tenant.TenantId, User.AccountId(), Current.Id) is not { } found)
        {
            return await ShowRunAsync(run, null, cancellationToken);
        }

        (string, RenderedForm)? refused;
        await found.Gate.WaitAsync(cancellationToken);
        try
        {
            try
            {
                refused = await action(found);
            }
            catch (NotFoundException)
            {
                // The step was taken meanwhile (a second tab, a double click): the run's page shows where it is now.
                refused = null;
            }
            catch (ProcessEngineException e)
            {
                // What the engine refused would have been refused in live operation too: the designer should see it.
                found.Refusals.Add(e.Message);
                refused = null;
            }

            if (refused is null)
            {
                await found.RunJobsAsync(cancellationToken);
            }
        }
        finally
        {
            found.Gate.Release();
        }

        if (refused is { } form)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return await ShowRunAsync(run, form, cancellationToken);
        }

        Run = found;
        return Redirect(Url.Content(RunPath));
    }

    private async Task<IActionResult> ShowRunAsync(Guid runId, (string TaskId, RenderedForm Form)? refused, CancellationToken cancellationToken)
    {
        Run = runs.Find(runId, tenant.TenantId, User.AccountId(), Current.Id);
        if (Run is null)
        {
            Gone = true;
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }

        await Run.Gate.WaitAsync(cancellationToken);
        try
        {
            var engine = Run.Engine;
            Instance = await engine.Runtime.GetProcessInstanceAsync(Run.InstanceId, cancellationToken);
            Steps = [.. (await engine.History.ListEventsAsync(Run.InstanceId, cancellationToken)).OrderBy(e => e.Sequence)];
            Variables = await engine.Runtime.GetVariablesAsync(Run.InstanceId, cancellationToken);
            Incidents = await engine.Jobs.ListIncidentsAsync(Run.InstanceId, cancellationToken);
            Effects = [.. Run.Effects];
            Refusals = [.. Run.Refusals];
            Waits = await Run.SubscriptionsAsync(cancellationToken);
            var now = Run.Clock.GetUtcNow();
            Later = [.. (await engine.Jobs.ListJobsAsync(Run.InstanceId, cancellationToken)).Where(j => j.DueDate > now && j.Retries > 0)];
            var tasks = new List<(WorkItem, RenderedForm?)>();
            foreach (var task in await engine.Tasks.QueryAsync(new TaskQuery { ProcessInstanceId = Run.InstanceId }, cancellationToken))
            {
                if (refused is { } r && r.TaskId == task.Id)
                {
                    tasks.Add((task, r.Form));
                    continue;
                }

                var form = FormOf(task);
                tasks.Add((task, form is null ? null : new FormRenderer(form, language: "de", idPrefix: FieldPrefix(task)).Render(TaskData(form), null, Variables)));
            }

            Tasks = tasks;
        }
        finally
        {
            Run.Gate.Release();
        }

        return Page();
    }

    /// <summary>As on the clerk's task page: the process variables are the form's data, defaults fill the rest.</summary>
    private JsonObject TaskData(FormDefinition form)
    {
        var data = new FormValidator(form).InitialData(Variables);
        foreach (var (name, value) in Variables)
        {
            if (value is not null)
            {
                data[name] = JsonSerializer.SerializeToNode(value);
            }
        }

        return data;
    }

    private FormDefinition? FormOf(WorkItem task) =>
        task.FormKey is { } key && Current.Artifacts.FirstOrDefault(a => a.Kind == ArtifactKind.Form && a.Name == key) is { } artifact
            ? FormDefinition.Parse(artifact.Content)
            : null;

    /// <summary>
    /// Files of the start form are checked as an application's would be (size, type by their first bytes) and then
    /// dropped: the field holds a new id per file, as it would hold the ids of stored documents.
    /// </summary>
    private async Task<List<FieldError>> CheckFilesAsync(FormDefinition form, JsonObject posted, List<string> names, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        foreach (var picker in form.AllComponents.Where(c => c.Type == "filepicker" && c.Key is not null))
        {
            var ids = new List<string>();
            foreach (var file in Request.Form.Files.GetFiles(picker.Key!).Where(f => f.Length > 0 || f.FileName.Length > 0))
            {
                var name = CaseFiles.DisplayName(file.FileName);
                var head = new byte[8];
                int read;
                await using (var stream = file.OpenReadStream())
                {
                    read = await stream.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken);
                }

                if (file.Length > CaseFiles.MaxFileBytes)
                {
                    errors.Add(new FieldError(picker.Key!, "file", l["Die Datei „{0}“ ist größer als {1} MB. Bitte verkleinern Sie sie, zum Beispiel als PDF mit geringerer Auflösung.", name, CaseFiles.MaxFileBytes / (1024 * 1024)]));
                }
                else if (CaseFiles.Sniff(head.AsSpan(0, read)) is null)
                {
                    errors.Add(new FieldError(picker.Key!, "file", l["Die Datei „{0}“ ist kein PDF-, PNG- oder JPEG-Dokument. Bitte laden Sie Ihre Unterlage als PDF, PNG oder JPEG hoch.", name]));
                }
                else
                {
                    ids.Add(Guid.NewGuid().ToString());
                    names.Add(name);
                }
            }

            posted[picker.Key!] = ids.Count == 0 ? null : string.Join(",", ids);
        }

        return errors;
    }

    private async Task<bool> LoadAsync(Guid id, int number, CancellationToken cancellationToken)
    {
        if (await ServiceVersions.FindAsync(db, id, number, cancellationToken) is not (var service, var version))
        {
            return false;
        }

        Service = service;
        Current = version;
        Report = check.Check(version.Artifacts);
        Start = Report.IsValid && version.Artifacts.Any(a => a.Kind == ArtifactKind.Process) ? await StartForm.OfVersionAsync(db, version.Id, cancellationToken) : null;
        return true;
    }
}
