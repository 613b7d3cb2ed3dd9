using Kogge.Bpmn.Expressions;
using Kogge.Bpmn.Storage;

namespace Kogge.Bpmn.Engine;

/// <summary>The settings of a <see cref="ProcessEngine"/>.</summary>
public sealed class ProcessEngineOptions
{
    /// <summary>Where the engine keeps its state.</summary>
    public required IEngineStore Store { get; init; }

    /// <summary>The expression language (FEEL through Kogge.Feel in the host).</summary>
    public required IExpressionLanguage Expressions { get; init; }

    /// <summary>The clock of every timer, due date and history event.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>The name of this engine node, written as lock owner on the jobs it runs.</summary>
    public string NodeId { get; init; } = $"{Environment.MachineName}-{Guid.NewGuid():N}";

    /// <summary>How long a node holds a job before another node may take it over.</summary>
    public TimeSpan JobLockDuration { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Retries of a job when the model names none.</summary>
    public int DefaultJobRetries { get; init; } = 3;

    /// <summary>The wait before a failed job is tried again, when the handler names none.</summary>
    public TimeSpan JobRetryBackoff { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Retries and back-off of jobs as an ISO 8601 repeating interval, for example <c>R5/PT1M</c>
    /// (five attempts, one minute apart); when set it takes the place of <see cref="DefaultJobRetries"/>
    /// and <see cref="JobRetryBackoff"/>.
    /// </summary>
    public string? JobRetryCycle { get; init; }

    /// <summary>
    /// How many process instances the engine keeps as it committed them, so that the next command on one of them
    /// does not read it from a database store again (0: none; an in-memory store never needs them). Another node's
    /// change to a kept instance makes the next command on it conflict once and run again from the store.
    /// </summary>
    public int InstanceCacheSize { get; init; } = 10_000;

    /// <summary>How long a kept instance serves commands (see <see cref="InstanceCacheSize"/>).</summary>
    public TimeSpan InstanceCacheTimeToLive { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a command is retried after an optimistic-lock conflict.</summary>
    public int MaxConflictRetries { get; init; } = 8;

    /// <summary>Job handlers by job type (<c>zeebe:taskDefinition type</c>), run by <see cref="JobService.RunDueJobsAsync"/>.</summary>
    public IDictionary<string, IJobHandler> JobHandlers { get; } = new Dictionary<string, IJobHandler>(StringComparer.Ordinal);

    /// <summary>Evaluates the decisions of business rule tasks (DMN through Kogge.Feel in the host), when any.</summary>
    public IDecisionEvaluator? Decisions { get; init; }
}

/// <summary>Handles jobs of one type: the work of service and send tasks and message throw events.</summary>
public interface IJobHandler
{
    /// <summary>
    /// Does the work of a job. The engine guarantees at-least-once delivery: after a crash a job may run
    /// again, so side effects must be made idempotent with <see cref="JobContext.JobId"/>.
    /// </summary>
    Task<JobOutcome> HandleAsync(JobContext job, CancellationToken cancellationToken);
}

/// <summary>Evaluates a decision (DMN) for a business rule task.</summary>
public interface IDecisionEvaluator
{
    /// <summary>Evaluates decision <paramref name="decisionId"/> over the variables and returns its result.</summary>
    object? Evaluate(string decisionId, Expressions.IVariableScope variables);
}

/// <summary>What a job handler is given.</summary>
/// <param name="JobId">The job id, stable across retries: the idempotency key for side effects.</param>
/// <param name="JobType">The job type.</param>
/// <param name="ProcessInstanceId">The process instance.</param>
/// <param name="ElementId">The BPMN element id.</param>
/// <param name="Variables">The variables visible to the element, after input mappings.</param>
/// <param name="Headers">The static task headers of the element.</param>
/// <param name="RetriesLeft">Retries left including this one.</param>
public sealed record JobContext(
    string JobId,
    string JobType,
    string ProcessInstanceId,
    string ElementId,
    IReadOnlyDictionary<string, object?> Variables,
    IReadOnlyDictionary<string, string> Headers,
    int RetriesLeft);

/// <summary>The result of a job handler.</summary>
public abstract record JobOutcome
{
    private protected JobOutcome()
    {
    }

    /// <summary>The work is done; the variables are merged into the instance.</summary>
    public static JobOutcome Complete(IReadOnlyDictionary<string, object?>? variables = null) => new Completed(variables);

    /// <summary>The work failed; the job is retried after the back-off until its retries run out.</summary>
    public static JobOutcome Fail(string message, TimeSpan? backoff = null) => new Failed(message, backoff);

    /// <summary>A business error the model may catch with an error boundary or event sub-process.</summary>
    public static JobOutcome Error(string errorCode, string? message = null) => new BusinessError(errorCode, message);

    /// <summary>The work is done.</summary>
    public sealed record Completed(IReadOnlyDictionary<string, object?>? Variables) : JobOutcome;

    /// <summary>The work failed.</summary>
    public sealed record Failed(string Message, TimeSpan? Backoff) : JobOutcome;

    /// <summary>A business error was raised.</summary>
    public sealed record BusinessError(string ErrorCode, string? Message) : JobOutcome;
}
