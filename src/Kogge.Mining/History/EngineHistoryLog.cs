using Kogge.Bpmn.Engine;
using Kogge.Bpmn.Engine.History;
using Kogge.Bpmn.Storage;
using Kogge.Mining.Conformance;
using Kogge.Mining.EventLogs;
using Kogge.Mining.Performance;

namespace Kogge.Mining.History;

/// <summary>How the engine's history becomes an event log.</summary>
public sealed class EngineHistoryOptions
{
    /// <summary>
    /// Whether activities are named by the element name (elements without a name by their id), or by
    /// the element id; use the same choice as <see cref="BpmnNetOptions.Matching"/> when checking
    /// conformance against the model.
    /// </summary>
    public ActivityMatching Naming { get; init; } = ActivityMatching.Name;

    /// <summary>Whether named intermediate and boundary events are activities, as in <see cref="BpmnNetOptions.NamedEventsAreActivities"/>.</summary>
    public bool NamedEventsAreActivities { get; init; } = true;

    /// <summary>
    /// The key of keyed pseudonyms (HMAC) that replace the actors (user ids, worker names). When null
    /// the actors are kept; <see cref="Workload"/> pseudonymizes its report either way.
    /// </summary>
    public IReadOnlyList<byte>? ActorPseudonymKey { get; init; }

    /// <summary>Whether only process instances that have ended (completed or terminated) become cases.</summary>
    public bool FinishedCasesOnly { get; init; }
}

/// <summary>
/// Builds an event log from the engine's history: one case per process instance, one activity
/// instance (a start and a complete event) per completed task, call activity or named event, the
/// actor who completed it as resource. Gateways, start and end events and sub-process scopes are
/// structure, not work, and are left out, as are elements ended early (boundary event, terminate,
/// cancellation). The BPMN element id of every event is kept in the event attribute <c>elementId</c>.
/// </summary>
public static class EngineHistoryLog
{
    /// <summary>The event attribute holding the BPMN element id.</summary>
    public const string ElementIdAttribute = "elementId";

    /// <summary>The case attribute holding the process definition id.</summary>
    public const string DefinitionAttribute = "definitionId";

    private static readonly HashSet<string> ActivityTypes = new(StringComparer.Ordinal)
    {
        "task", "userTask", "serviceTask", "sendTask", "receiveTask", "businessRuleTask", "scriptTask", "manualTask", "callActivity",
    };

    private static readonly HashSet<string> EventTypes = new(StringComparer.Ordinal)
    {
        "intermediateCatchEvent", "intermediateThrowEvent", "boundaryEvent",
    };

    /// <summary>Reads the whole history of the engine (all instances) into a log.</summary>
    public static async Task<EventLog> ReadAsync(HistoryService history, EngineHistoryOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(history);
        return Build(await history.ListEventsAsync(null, cancellationToken), options);
    }

    /// <summary>Builds a log from history events in the order the engine wrote them.</summary>
    public static EventLog Build(IEnumerable<HistoryEventRecord> history, EngineHistoryOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(history);
        options ??= new EngineHistoryOptions();
        var key = options.ActorPseudonymKey?.ToArray();
        var cases = new Dictionary<string, CaseHistory>(StringComparer.Ordinal);
        var order = new List<CaseHistory>();
        foreach (var e in history.OrderBy(e => e.Sequence))
        {
            if (e.ProcessInstanceId is null)
            {
                continue;
            }

            if (!cases.TryGetValue(e.ProcessInstanceId, out var c))
            {
                c = new CaseHistory(e.ProcessInstanceId);
                cases.Add(e.ProcessInstanceId, c);
                order.Add(c);
            }

            c.Add(e, options);
        }

        var builder = new EventLogBuilder();
        foreach (var c in order)
        {
            if (options.FinishedCasesOnly && !c.Finished)
            {
                continue;
            }

            builder.BeginCase(c.Id);
            if (c.DefinitionId is not null)
            {
                builder.SetCaseAttribute(DefinitionAttribute, AttributeValue.FromString(c.DefinitionId));
            }

            foreach (var instance in c.Instances())
            {
                var resource = instance.Actor is null ? null : key is null ? instance.Actor : Workload.Pseudonym(instance.Actor, key, "R-");
                builder.AddEvent(instance.Activity, instance.Started, resource, "start");
                builder.SetEventAttribute(ElementIdAttribute, AttributeValue.FromString(instance.ElementId));
                builder.AddEvent(instance.Activity, instance.Completed, resource, "complete");
                builder.SetEventAttribute(ElementIdAttribute, AttributeValue.FromString(instance.ElementId));
            }
        }

        return builder.Build();
    }

    private static bool IsActivity(HistoryEventRecord e, EngineHistoryOptions options) =>
        e.ElementType is { } type
        && (ActivityTypes.Contains(type) || (options.NamedEventsAreActivities && EventTypes.Contains(type) && !string.IsNullOrWhiteSpace(e.ElementName)));

    private static string ActivityName(HistoryEventRecord e, EngineHistoryOptions options) =>
        options.Naming == ActivityMatching.Id || string.IsNullOrWhiteSpace(e.ElementName) ? e.ElementId! : e.ElementName.Trim();

    private sealed record ActivityInstance(string Activity, string ElementId, DateTimeOffset Started, DateTimeOffset Completed, string? Actor);

    /// <summary>The element instances of one process instance, paired by element instance id.</summary>
    private sealed class CaseHistory(string id)
    {
        private readonly Dictionary<string, Open> open = new(StringComparer.Ordinal);
        private readonly List<ActivityInstance> done = [];

        public string Id => id;

        public string? DefinitionId { get; private set; }

        public bool Finished { get; private set; }

        public void Add(HistoryEventRecord e, EngineHistoryOptions options)
        {
            DefinitionId ??= e.DefinitionId;
            switch (e.Kind)
            {
                case HistoryEventKinds.ProcessInstanceCompleted or HistoryEventKinds.ProcessInstanceTerminated:
                    Finished = true;
                    break;
                case HistoryEventKinds.ElementActivated when e.ElementInstanceId is not null && e.ElementId is not null && IsActivity(e, options):
                    // A multi-instance body and its inner instances share the element id: an instance
                    // of the same element started while one is open marks the open one as a possible body.
                    foreach (var other in open.Values)
                    {
                        if (other.ElementId == e.ElementId)
                        {
                            other.Nested++;
                        }
                    }

                    open[e.ElementInstanceId] = new Open(ActivityName(e, options), e.ElementId, e.Timestamp);
                    break;
                case HistoryEventKinds.ElementCompleted when e.ElementInstanceId is not null && open.Remove(e.ElementInstanceId, out var started):
                    // A body completes after all its inner instances; an instance that merely overlapped another does not.
                    if (started.Nested == 0 || open.Values.Any(o => o.ElementId == started.ElementId))
                    {
                        done.Add(new ActivityInstance(started.Activity, started.ElementId, started.Started, e.Timestamp, e.Actor));
                    }

                    break;
                case HistoryEventKinds.ElementTerminated when e.ElementInstanceId is not null:
                    open.Remove(e.ElementInstanceId);
                    break;
                default:
                    break;
            }
        }

        public List<ActivityInstance> Instances() => done;

        private sealed class Open(string activity, string elementId, DateTimeOffset started)
        {
            public string Activity => activity;

            public string ElementId => elementId;

            public DateTimeOffset Started => started;

            public int Nested { get; set; }
        }
    }
}
