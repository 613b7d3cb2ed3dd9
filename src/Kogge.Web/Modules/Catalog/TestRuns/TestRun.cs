using System.Text.Json.Nodes;
using Kogge.Bpmn.Engine;
using Kogge.Bpmn.Expressions.Feel;
using Kogge.Bpmn.Model;
using Kogge.Bpmn.Parsing;
using Kogge.Bpmn.Storage;
using Kogge.Web.Modules.Cases.Apply;
using Kogge.Web.Modules.Fees;
using Kogge.Web.Modules.Notices;

namespace Kogge.Web.Modules.Catalog.TestRuns;

/// <summary>
/// One test run of a service version: the version's process on an engine of its own — an in-memory store, a clock
/// that only moves when the designer moves it, and job handlers that record what the real ones would do instead of
/// writing cases, notices or e-mails. Nothing of it reaches the database or the municipality's engine.
/// </summary>
public sealed class TestRun
{
    /// <summary>The reference number a test run's notices carry.</summary>
    public const string Reference = "TESTLAUF";

    /// <summary>A run stops working on jobs after this long in one request (a model that loops through service tasks).</summary>
    private static readonly TimeSpan StepBudget = TimeSpan.FromSeconds(10);

    private readonly InMemoryEngineStore _store = new();
    private readonly Dictionary<string, FlowElement> _elements;

    private TestRun(Guid tenantId, Guid ownerId, PublicService service, ServiceVersion version, string municipality, string processId, DateTimeOffset now)
    {
        TenantId = tenantId;
        OwnerId = ownerId;
        Service = service;
        Version = version;
        Municipality = municipality;
        ProcessId = processId;
        Clock = new TestRunClock(now);
        StartedAt = now;
        var definitions = BpmnParser.ParseXml(version.Artifacts.First(a => a.Kind == ArtifactKind.Process).Content).Definitions;
        _elements = definitions.AllElements().OfType<FlowElement>().Where(e => e.Id is not null)
            .DistinctBy(e => e.Id).ToDictionary(e => e.Id!, StringComparer.Ordinal);
        var tables = version.Artifacts.Where(a => a.Kind == ArtifactKind.Decision).Select(a => a.Content).ToList();
        var options = new ProcessEngineOptions
        {
            Store = _store,
            Expressions = new FeelExpressionLanguage(Clock),
            Decisions = new FeelDecisionEvaluator(tables, Clock),
            Time = Clock,
            NodeId = "testlauf",
            // A failed job becomes an incident at once: on a clock that stands still a retry would never come.
            DefaultJobRetries = 1,
        };
        var handler = new TestRunJobs(this, tables);
        foreach (var type in definitions.AllElements().OfType<FlowElement>().Select(e => e.Extensions.TaskDefinition?.Type).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            options.JobHandlers[type] = handler;
        }

        Engine = new ProcessEngine(options);
    }

    public Guid Id { get; } = Guid.NewGuid();

    public Guid TenantId { get; }

    public Guid OwnerId { get; }

    public PublicService Service { get; }

    public ServiceVersion Version { get; }

    public string Municipality { get; }

    public string ProcessId { get; }

    public ProcessEngine Engine { get; }

    public TestRunClock Clock { get; }

    public DateTimeOffset StartedAt { get; }

    public string InstanceId { get; private set; } = "";

    /// <summary>The start form's answers as validated.</summary>
    public JsonObject FormData { get; private set; } = [];

    /// <summary>The fee the applicant would have seen before submitting; null when the version charges none.</summary>
    public FeeResult? Fee { get; private set; }

    /// <summary>The files given with the start form: only their names, the files themselves were checked and dropped.</summary>
    public IReadOnlyList<string> FileNames { get; private set; } = [];

    /// <summary>What the service and send tasks would have done, in order.</summary>
    public List<TestRunEffect> Effects { get; } = [];

    /// <summary>What the engine refused of the designer's actions (its messages).</summary>
    public List<string> Refusals { get; } = [];

    /// <summary>The notices the run would have issued, to be previewed as PDF.</summary>
    public List<(string Template, NoticeData Data)> Notices { get; } = [];

    /// <summary>The run worked on jobs for longer than its budget in one request and stopped.</summary>
    public bool Stopped { get; private set; }

    /// <summary>Serializes the requests of one run (two tabs, a double click).</summary>
    public SemaphoreSlim Gate { get; } = new(1, 1);

    /// <summary>When the designer last used the run (host clock), for expiry.</summary>
    public DateTimeOffset LastUsed { get; set; }

    /// <summary>The element of the model with this id, for its name and type.</summary>
    public FlowElement? Element(string? elementId) => elementId is not null && _elements.TryGetValue(elementId, out var element) ? element : null;

    /// <summary>Deploys the version's process to the run's own engine and starts it with the start form's data, as a submission would.</summary>
    /// <exception cref="ProcessEngineException">The engine refuses the model or the start.</exception>
    public static async Task<TestRun> StartAsync(Guid tenantId, Guid ownerId, PublicService service, ServiceVersion version, string municipality, JsonObject data,
        IReadOnlyList<string> fileNames, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var process = version.Artifacts.First(a => a.Kind == ArtifactKind.Process);
        var processId = BpmnParser.ParseXml(process.Content).Definitions.Processes.First(p => p.IsExecutable == true).Id!;
        var run = new TestRun(tenantId, ownerId, service, version, municipality, processId, now)
        {
            FormData = data,
            FileNames = fileNames,
            Fee = ServiceFees.For(version, data),
            LastUsed = now,
        };
        await run.Engine.Repository.DeployAsync(process.Name + ".bpmn", process.Content, cancellationToken: cancellationToken);
        var variables = CaseSubmission.Variables(data.ToJsonString(), run.Id, Reference, run.Fee?.Amount);
        run.InstanceId = (await run.Engine.Runtime.StartProcessInstanceAsync(processId, variables, run.Id.ToString(), cancellationToken: cancellationToken)).Id;
        await run.RunJobsAsync(cancellationToken);
        return run;
    }

    /// <summary>Runs the jobs due on the run's clock (service tasks, timers), within the step budget.</summary>
    public async Task RunJobsAsync(CancellationToken cancellationToken)
    {
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(StepBudget);
        try
        {
            await Engine.Jobs.RunDueJobsAsync(budget.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Stopped = true;
        }
    }

    /// <summary>The message and signal subscriptions the instance waits on.</summary>
    public async Task<IReadOnlyList<EventSubscriptionRecord>> SubscriptionsAsync(CancellationToken cancellationToken)
    {
        await using var session = await _store.OpenSessionAsync(cancellationToken);
        return [.. (await session.ListByInstanceAsync<EventSubscriptionRecord>(InstanceId, cancellationToken)).OrderBy(s => s.ElementId, StringComparer.Ordinal)];
    }
}

/// <summary>What a service or send task of a test run would have done.</summary>
/// <param name="At">The run's clock at the time.</param>
/// <param name="ElementId">The task.</param>
/// <param name="Kind">Which real handler it stands for.</param>
/// <param name="Detail">The decision, the template, the body told, the job type.</param>
/// <param name="Notice">The index in <see cref="TestRun.Notices"/> of the notice it would have issued.</param>
public sealed record TestRunEffect(DateTimeOffset At, string ElementId, TestRunEffectKind Kind, string Detail, int? Notice = null);

public enum TestRunEffectKind
{
    Decision,
    Notice,
    Receipt,
    BodyNotified,
    Other,
}

/// <summary>The clock of a test run: it starts at the real time and moves only forward, when the designer advances it.</summary>
public sealed class TestRunClock(DateTimeOffset start) : TimeProvider
{
    private long _ticks = start.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public void AdvanceTo(DateTimeOffset when)
    {
        if (when.UtcTicks > Interlocked.Read(ref _ticks))
        {
            Interlocked.Exchange(ref _ticks, when.UtcTicks);
        }
    }
}
