using Kogge.Bpmn.Engine.History;
using Kogge.Bpmn.Model;
using Kogge.Bpmn.Storage;

namespace Kogge.Bpmn.Engine.Execution;

/// <summary>Signals and messages that reach beyond one instance.</summary>
internal sealed partial class Flow
{
    /// <summary>Delivers a signal to every waiting instance and starts every process with a matching signal start event.</summary>
    public async Task<int> BroadcastSignalAsync(string name, IReadOnlyDictionary<string, object?>? variables, string? tenantId)
    {
        var stored = await Context.Session.ListSubscriptionsAsync(SubscriptionKind.Signal, name, null, tenantId, CancellationToken);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var count = 0;
        foreach (var instance in Context.Instances.Where(i => i.IsActive).ToList())
        {
            foreach (var subscription in instance.Subscriptions.All.Where(s => s.Kind == SubscriptionKind.Signal && s.EventName == name).ToList())
            {
                seen.Add(subscription.Id);
                Context.History(HistoryEventKinds.SignalReceived, instance, subscription.ElementId, subscription.ElementInstanceId, name);
                Enqueue(() => TriggerEventAsync(instance, subscription, variables));
                count++;
            }
        }

        foreach (var row in stored.Where(s => !seen.Contains(s.Id)))
        {
            if (row.ProcessInstanceId is null)
            {
                var process = await Context.ProcessAsync(row.DefinitionId, CancellationToken);
                var started = Context.NewInstance(process, null, null, null);
                StartInstance(started, variables, (StartEvent)process.Node(row.ElementId));
                count++;
                continue;
            }

            var instance = await Context.InstanceAsync(row.ProcessInstanceId, CancellationToken);
            if (instance.Subscriptions.Get(row.Id) is { } subscription)
            {
                Context.History(HistoryEventKinds.SignalReceived, instance, subscription.ElementId, subscription.ElementInstanceId, name);
                Enqueue(() => TriggerEventAsync(instance, subscription, variables));
                count++;
            }
        }

        return count;
    }

    /// <summary>Correlates a message to every instance waiting for it (once per instance) and starts processes with a matching message start event.</summary>
    public async Task<IReadOnlyList<string>> CorrelateMessageAsync(string name, string? correlationKey, IReadOnlyDictionary<string, object?>? variables, string? tenantId)
    {
        var stored = await Context.Session.ListSubscriptionsAsync(SubscriptionKind.Message, name, correlationKey, tenantId, CancellationToken);
        var correlated = new List<string>();
        foreach (var row in stored)
        {
            if (row.ProcessInstanceId is null)
            {
                var process = await Context.ProcessAsync(row.DefinitionId, CancellationToken);
                var started = Context.NewInstance(process, correlationKey, null, null);
                Context.History(HistoryEventKinds.MessageCorrelated, started, row.ElementId, null, name);
                StartInstance(started, variables, (StartEvent)process.Node(row.ElementId));
                correlated.Add(started.Id);
                continue;
            }

            if (correlated.Contains(row.ProcessInstanceId))
            {
                continue;
            }

            var instance = await Context.InstanceAsync(row.ProcessInstanceId, CancellationToken);
            if (instance.Subscriptions.Get(row.Id) is not { } subscription)
            {
                continue;
            }

            Context.History(HistoryEventKinds.MessageCorrelated, instance, subscription.ElementId, subscription.ElementInstanceId, name);
            Enqueue(() => TriggerEventAsync(instance, subscription, variables));
            correlated.Add(instance.Id);
        }

        return correlated;
    }
}
