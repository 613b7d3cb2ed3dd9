using Kogge.Bpmn.Engine;
using Kogge.Bpmn.Expressions.Feel;
using Kogge.Bpmn.Storage;

namespace Kogge.Bpmn.Bench;

/// <summary>
/// The benchmark process (application.bpmn): start, user task "check" for group registry, exclusive gateway on
/// <c>=amount &gt; 1000</c>, service task "notifyBoard" or "notifyApplicant" (job type notify), end.
/// </summary>
internal static class ApplicationProcess
{
    public const string ProcessId = "application";

    public static string Xml { get; } = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "application.bpmn"));

    public static ProcessEngine Engine(IEngineStore store, NotifyHandler handler)
    {
        var options = new ProcessEngineOptions { Store = store, Expressions = new FeelExpressionLanguage(), NodeId = "bench" };
        options.JobHandlers["notify"] = handler;
        return new ProcessEngine(options);
    }

    public static Dictionary<string, object?> Variables(long i) => new(StringComparer.Ordinal) { ["amount"] = i % 2 == 0 ? 1500 : 500 };

    public static IReadOnlyDictionary<string, object?> Approval { get; } = new Dictionary<string, object?>(StringComparer.Ordinal) { ["approved"] = true };
}

/// <summary>The notify job handler: counts its runs and completes at once.</summary>
internal sealed class NotifyHandler : IJobHandler
{
    private long _runs;

    public long Runs => Interlocked.Read(ref _runs);

    public Task<JobOutcome> HandleAsync(JobContext job, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _runs);
        return Task.FromResult(JobOutcome.Complete());
    }
}
