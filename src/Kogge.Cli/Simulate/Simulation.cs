using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Kogge.Bpmn.Engine;
using Kogge.Bpmn.Storage;
using Kogge.Forms.Schema;
using Kogge.Web.Modules.Cases;
using Kogge.Web.Modules.Cases.Apply;
using Kogge.Web.Modules.Catalog;
using Kogge.Web.Modules.Payments;
using Kogge.Web.Platform.Audit;
using Kogge.Web.Platform.Persistence;
using Kogge.Web.Platform.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Kogge.Cli.Simulate;

/// <summary>What a simulation did.</summary>
internal sealed record SimulationResult(
    int Cases, int Closed, int TasksCompleted, int DocumentRequests, int Payments, int JobsRun, DateTimeOffset FirstSubmission, DateTimeOffset LastEvent, TimeSpan WallTime);

/// <summary>
/// Synthetic applicants and clerks working one service of one municipality, event by event on a simulated clock:
/// each application is submitted through the real case submission, its process runs on the real engine (due jobs
/// after every step), an applicant with a fee pays it online some hours later (now and then after the process's
/// reminder), each user task is claimed and completed by a clerk of its candidate group after a drawn wait, and now
/// and then a clerk asks for a document the applicant sends days later. A process waiting for a timer (a reminder
/// weeks or months ahead) is taken up again when it falls due. Events are taken in time order,
/// ties in the order they were planned, all chances from one seeded source: the same seed gives the same history.
/// </summary>
internal sealed class Simulation(IServiceProvider services, SimulatedClock clock, TenantInfo tenant, StartForm start, int seed)
{
    /// <summary>A tiny but well-formed PDF, as the synthetic site plans, registration papers and letters.</summary>
    private static readonly byte[] Pdf = "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"u8.ToArray();

    private readonly PriorityQueue<Func<Task>, (DateTimeOffset At, long Order)> _events = new();
    private readonly Durations _durations = new(new Random(seed));
    private readonly ProcessEngine _engine = services.GetRequiredService<ProcessEngine>();
    private readonly Dictionary<string, FormDefinition?> _taskForms = new(StringComparer.Ordinal);
    private long _order;
    private int _closed;
    private int _tasksCompleted;
    private int _documentRequests;
    private int _jobsRun;
    private int _payments;

    /// <summary>The share of tasks for which the clerk first asks the applicant for a document.</summary>
    public double DocumentRequestRate { get; init; } = 0.12;

    public async Task<SimulationResult> RunAsync(int cases, double perDay, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var first = clock.GetUtcNow();
        var at = first;
        for (var i = 0; i < cases; i++)
        {
            var number = i;
            Plan(at, () => SubmitAsync(number, cancellationToken));
            at += _durations.BetweenApplications(perDay);
        }

        while (_events.TryDequeue(out var step, out var when))
        {
            cancellationToken.ThrowIfCancellationRequested();
            clock.MoveTo(when.At);
            await step();
        }

        return new(cases, _closed, _tasksCompleted, _documentRequests, _payments, _jobsRun, first, clock.GetUtcNow(), watch.Elapsed);
    }

    private void Plan(DateTimeOffset at, Func<Task> step) => _events.Enqueue(step, (at, _order++));

    private async Task SubmitAsync(int number, CancellationToken cancellationToken)
    {
        // One synthetic applicant per application, the same for the same seed, service and number.
        var applicant = new Guid(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{start.Service.Id}/{seed}/{number}")).AsSpan(0, 16));
        var answers = SyntheticApplicants.Answers(start.Version.EngineProcessId!, _durations.Random, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
        Guid caseId;
        string? instanceId;
        decimal fee;
        await using (var scope = Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<KoggeDbContext>();
            Guid? draftId = null;
            var files = start.Form is null ? [] : SyntheticApplicants.FileFields(start.Form, answers).ToList();
            if (files.Count > 0)
            {
                var draft = new ApplicationDraft { ServiceId = start.Service.Id, ApplicantId = applicant, IdempotencyKey = Key(number), CreatedAt = clock.GetUtcNow(), UpdatedAt = clock.GetUtcNow() };
                db.ApplicationDrafts.Add(draft);
                foreach (var field in files)
                {
                    answers[field] = AddDocument(db, field, applicant, draft.Id, null).ToString();
                }

                await db.SaveChangesAsync(cancellationToken);
                draftId = draft.Id;
            }

            // Read back from text, as a browser's post arrives: numbers set from .NET become JSON numbers.
            var posted = JsonNode.Parse(answers.ToJsonString())!.AsObject();
            var submitted = await scope.ServiceProvider.GetRequiredService<CaseSubmission>().SubmitAsync(start, applicant, Key(number), posted, draftId, cancellationToken);
            if (submitted.Outcome == SubmissionOutcome.Invalid)
            {
                throw new CliException(ExitCodes.Failure, $"A synthetic application does not pass the start form of \"{start.Service.Name}\": "
                    + string.Join("; ", submitted.Errors.Select(e => $"{e.Path}: {e.Message}")));
            }

            if (submitted.Outcome == SubmissionOutcome.Repeated)
            {
                throw CliException.Usage($"--seed {seed}: application {number + 1} of this seed was simulated for \"{start.Service.Name}\" before; choose another seed.");
            }

            caseId = submitted.Case!.Id;
            instanceId = submitted.Case.ProcessInstanceId;
            fee = submitted.Case.FeeAmount ?? 0;
        }

        if (instanceId is null)
        {
            throw new CliException(ExitCodes.Failure, $"The process of a synthetic case of \"{start.Service.Name}\" did not start.");
        }

        var run = new CaseRun(caseId, instanceId, applicant);
        if (fee > 0)
        {
            Plan(clock.GetUtcNow() + _durations.Pay(), () => PayAsync(run, fee, cancellationToken));
        }

        await AfterStepAsync(run, cancellationToken);
    }

    /// <summary>The applicant pays the fee online: the provider's report goes through the real payment completion.</summary>
    private async Task PayAsync(CaseRun run, decimal fee, CancellationToken cancellationToken)
    {
        await using (var scope = Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<KoggeDbContext>();
            var payment = new Payment { CaseId = run.CaseId, ApplicantId = run.Applicant, Amount = fee, Provider = "simulation", Status = PaymentStatus.Pending, CreatedAt = clock.GetUtcNow() };
            payment.History.Add(new PaymentEvent { At = clock.GetUtcNow(), Status = PaymentStatus.Pending });
            db.Payments.Add(payment);
            await db.SaveChangesAsync(cancellationToken);
            await ActivatorUtilities.CreateInstance<CasePayments>(scope.ServiceProvider, Enumerable.Empty<IPaymentProvider>())
                .CompleteAsync(payment.Id, PaymentStatus.Succeeded, null, cancellationToken);
        }

        _payments++;
        await AfterStepAsync(run, cancellationToken);
    }

    private string Key(int number) => $"simulation-{seed}-{number}";

    /// <summary>Runs the jobs the step made due, then offers the new tasks to clerks or closes the case.</summary>
    private async Task AfterStepAsync(CaseRun run, CancellationToken cancellationToken)
    {
        while (await _engine.Jobs.RunDueJobsAsync(cancellationToken) is var ran and > 0)
        {
            _jobsRun += ran;
        }

        var tasks = await _engine.Tasks.QueryAsync(new TaskQuery { ProcessInstanceId = run.InstanceId }, cancellationToken);
        foreach (var task in tasks.Where(t => run.Offered.Add(t.Id)).OrderBy(t => t.ElementId, StringComparer.Ordinal))
        {
            Plan(_durations.PickUp(clock.GetUtcNow()), () => ClaimAsync(run, task, cancellationToken));
        }

        var ended = await _engine.Runtime.GetProcessInstanceAsync(run.InstanceId, cancellationToken) is { EndedAt: not null };
        if (!ended && (await _engine.Jobs.ListJobsAsync(run.InstanceId, cancellationToken)).Where(j => j.Kind == JobKind.Timer).MinBy(j => j.DueDate) is { } timer
            && run.Timers.Add(timer.Id))
        {
            Plan(timer.DueDate, () => AfterStepAsync(run, cancellationToken));
        }

        if (tasks.Count == 0 && ended && !run.Closed)
        {
            run.Closed = true;
            await WithCaseAsync(run, (c, _) =>
            {
                c.Status = CaseStatus.Closed;
                c.ClosedAt = clock.GetUtcNow();
                c.Result = run.Decision ?? "erledigt";
            }, cancellationToken);
            _closed++;
        }
    }

    private async Task ClaimAsync(CaseRun run, WorkItem task, CancellationToken cancellationToken)
    {
        var group = task.CandidateGroups.Count > 0 ? task.CandidateGroups[0] : "Clerk";
        var clerk = $"simulation-{group.ToLowerInvariant()}-{_durations.Random.Next(1, 5)}";
        await _engine.Tasks.ClaimAsync(task.Id, clerk, cancellationToken);
        var asks = !run.AskedForDocument && _durations.Chance(DocumentRequestRate);
        await WithCaseAsync(run, (c, _) => c.Status = asks ? CaseStatus.WaitingForApplicant : CaseStatus.InProgress, cancellationToken);
        if (asks)
        {
            run.AskedForDocument = true;
            _documentRequests++;
            Plan(clock.GetUtcNow() + _durations.Answer(), () => AnswerAsync(run, task, clerk, cancellationToken));
            return;
        }

        Plan(clock.GetUtcNow() + _durations.Work(), () => CompleteAsync(run, task, clerk, cancellationToken));
    }

    /// <summary>The applicant sends the document asked for; the clerk who asked takes the case up again.</summary>
    private async Task AnswerAsync(CaseRun run, WorkItem task, string clerk, CancellationToken cancellationToken)
    {
        await WithCaseAsync(run, (c, db) =>
        {
            AddDocument(db, "nachreichung", run.Applicant, null, c.Id);
            db.CaseEvents.Add(new CaseEvent { CaseId = c.Id, At = clock.GetUtcNow(), Kind = CaseEventKinds.DocumentAdded, Detail = "nachgereichte-unterlage.pdf" });
            c.Status = CaseStatus.InProgress;
        }, cancellationToken);
        var back = _durations.PickUp(clock.GetUtcNow());
        Plan(back + _durations.Work(), () => CompleteAsync(run, task, clerk, cancellationToken));
    }

    private async Task CompleteAsync(CaseRun run, WorkItem task, string clerk, CancellationToken cancellationToken)
    {
        var answers = SyntheticApplicants.TaskAnswers(await TaskFormAsync(task.FormKey, cancellationToken), _durations.Random);
        if (answers.TryGetValue("entscheidung", out var decision))
        {
            run.Decision = decision as string;
        }

        await _engine.Tasks.CompleteAsync(task.Id, answers, clerk, cancellationToken);
        _tasksCompleted++;
        await AfterStepAsync(run, cancellationToken);
    }

    private async Task<FormDefinition?> TaskFormAsync(string? formId, CancellationToken cancellationToken)
    {
        if (formId is null)
        {
            return null;
        }

        if (!_taskForms.TryGetValue(formId, out var form))
        {
            await using var scope = Scope();
            var json = await scope.ServiceProvider.GetRequiredService<KoggeDbContext>().ServiceArtifacts.AsNoTracking()
                .Where(a => a.VersionId == start.Version.Id && a.Kind == ArtifactKind.Form && a.Name == formId).Select(a => a.Content).FirstOrDefaultAsync(cancellationToken);
            _taskForms[formId] = form = json is null ? null : FormDefinition.Parse(json);
        }

        return form;
    }

    private async Task WithCaseAsync(CaseRun run, Action<Case, KoggeDbContext> change, CancellationToken cancellationToken)
    {
        await using var scope = Scope();
        var db = scope.ServiceProvider.GetRequiredService<KoggeDbContext>();
        var found = await db.Cases.SingleAsync(c => c.Id == run.CaseId, cancellationToken);
        change(found, db);
        found.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
    }

    private Guid AddDocument(KoggeDbContext db, string field, Guid applicant, Guid? draftId, Guid? caseId)
    {
        var document = new CaseDocument
        {
            DraftId = draftId,
            CaseId = caseId,
            FieldKey = field,
            FileName = field + ".pdf",
            ContentType = "application/pdf",
            Size = Pdf.Length,
            Sha256 = Convert.ToHexString(SHA256.HashData(Pdf)),
            UploadedBy = applicant,
            UploadedAt = clock.GetUtcNow(),
        };
        db.CaseDocuments.Add(document);
        db.CaseDocumentContents.Add(new CaseDocumentContent { Id = document.Id, Data = Pdf });
        return document.Id;
    }

    private AsyncServiceScope Scope()
    {
        var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenant);
        scope.ServiceProvider.GetRequiredService<AuditLog>().ActorOverride = "simulation";
        return scope;
    }

    private sealed class CaseRun(Guid caseId, string instanceId, Guid applicant)
    {
        public Guid CaseId { get; } = caseId;

        public string InstanceId { get; } = instanceId;

        public Guid Applicant { get; } = applicant;

        public HashSet<string> Offered { get; } = new(StringComparer.Ordinal);

        /// <summary>The timer jobs a step is planned for already.</summary>
        public HashSet<string> Timers { get; } = new(StringComparer.Ordinal);

        public bool AskedForDocument { get; set; }

        public bool Closed { get; set; }

        public string? Decision { get; set; }
    }
}
