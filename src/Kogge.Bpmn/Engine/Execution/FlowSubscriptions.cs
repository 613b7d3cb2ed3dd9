using Kogge.Bpmn.Engine.Commands;
using Kogge.Bpmn.Engine.History;
using Kogge.Bpmn.Engine.Jobs;
using Kogge.Bpmn.Expressions;
using Kogge.Bpmn.Model;
using Kogge.Bpmn.Storage;

namespace Kogge.Bpmn.Engine.Execution;

/// <summary>Jobs, timers and subscriptions, and routing what fires to whoever waits.</summary>
internal sealed partial class Flow
{
    public JobRecord CreateTaskJob(InstanceState instance, FlowNode node, ElementInstanceRecord element)
    {
        var scope = Scope(instance, element.Id);
        var definition = node.Extensions.TaskDefinition
            ?? throw new ElementFailureException("JobTypeMissing", $"'{node.Id}' has no job type.");
        var type = Expressions.EvaluateString(definition.Type, scope, "job type");
        if (string.IsNullOrWhiteSpace(type))
        {
            throw new ElementFailureException("JobTypeMissing", $"The job type of '{node.Id}' evaluated to nothing.");
        }

        var retriesText = Expressions.EvaluateString(definition.Retries, scope, "retries");
        var retries = int.TryParse(retriesText, System.Globalization.CultureInfo.InvariantCulture, out var parsed) && parsed > 0
            ? parsed
            : Context.Engine.DefaultRetries;
        var headers = node.Extensions.TaskHeaders.ToDictionary(h => h.Key, h => h.Value, StringComparer.Ordinal);
        var job = new JobRecord
        {
            Id = CommandContext.NewId(),
            Kind = JobKind.Task,
            JobType = type,
            ProcessInstanceId = instance.Id,
            DefinitionId = instance.Instance.DefinitionId,
            ElementInstanceId = element.Id,
            ElementId = node.Id,
            TenantId = instance.Instance.TenantId,
            DueDate = Now,
            Retries = retries,
            HeadersJson = headers.Count == 0 ? null : System.Text.Json.JsonSerializer.Serialize(headers),
            CreatedAt = Now,
        };
        instance.Jobs.Add(job);
        Context.History(HistoryEventKinds.JobCreated, instance, node.Id, element.Id, type);
        Context.HandOver(job);
        return job;
    }

    /// <summary>Creates the job of a timer, due at its date, after its duration, or at the first time of its cycle.</summary>
    public void ScheduleTimer(InstanceState? instance, string definitionId, TimerEventDefinition timer, string eventElementId, string? ownerElementInstanceId, IVariableScope? scope)
    {
        var (due, remaining) = FirstDue(timer, scope, Now);
        var job = new JobRecord
        {
            Id = CommandContext.NewId(),
            Kind = JobKind.Timer,
            ProcessInstanceId = instance?.Id,
            DefinitionId = definitionId,
            ElementInstanceId = ownerElementInstanceId,
            ElementId = eventElementId,
            TenantId = instance?.Instance.TenantId,
            DueDate = due,
            Retries = Context.Engine.DefaultRetries,
            RemainingCycle = remaining,
            CreatedAt = Now,
        };
        if (instance is null)
        {
            Context.Session.Add(job);
        }
        else
        {
            instance.Jobs.Add(job);
        }
    }

    private (DateTimeOffset Due, string? Remaining) FirstDue(TimerEventDefinition timer, IVariableScope? scope, DateTimeOffset now)
    {
        string Text(Expression expression)
        {
            var text = expression.Text.Trim();
            if (!ExpressionText.IsExpression(text))
            {
                return text;
            }

            var value = scope is null
                ? throw new ElementFailureException("TimerInvalid", $"The timer expression '{text}' needs an instance to be evaluated.")
                : Expressions.Evaluate(text, scope, "timer");
            return value switch
            {
                string s => s,
                DateTimeOffset d => d.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                TimeSpan t => System.Xml.XmlConvert.ToString(t),
                _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty,
            };
        }

        if (timer.TimeDate is not null)
        {
            var text = Text(timer.TimeDate);
            return TimerSchedule.TryParseDate(text, out var date)
                ? (date, null)
                : throw new ElementFailureException("TimerInvalid", $"'{text}' is not an ISO 8601 date-time.");
        }

        if (timer.TimeDuration is not null)
        {
            var text = Text(timer.TimeDuration);
            return TimerSchedule.TryParseDuration(text, out var duration)
                ? (duration.AddTo(now), null)
                : throw new ElementFailureException("TimerInvalid", $"'{text}' is not an ISO 8601 duration.");
        }

        var cycleText = Text(timer.TimeCycle ?? throw new ElementFailureException("TimerInvalid", "The timer has no date, duration or cycle."));
        if (!TimerSchedule.TryParseCycle(cycleText, out var cycle))
        {
            throw new ElementFailureException("TimerInvalid", $"'{cycleText}' is not an ISO 8601 repeating interval.");
        }

        var first = cycle.Start ?? cycle.Interval.AddTo(now);
        return (first, NextCycle(cycle.Repetitions, cycle.IntervalText));
    }

    /// <summary>The cycle left after one firing, or null when the timer is done.</summary>
    public static string? NextCycle(int repetitions, string intervalText) => repetitions switch
    {
        < 0 => $"R/{intervalText}",
        > 1 => $"R{repetitions - 1}/{intervalText}",
        _ => null,
    };

    public async Task SubscribeMessageAsync(InstanceState instance, string? messageRef, string eventElementId, ElementInstanceRecord owner, string scopeId)
    {
        var message = instance.Process.Message(messageRef)
            ?? throw new ElementFailureException("MessageMissing", $"'{eventElementId}' references no message.");
        var keyText = message.Extensions.Subscription?.CorrelationKey;
        var key = keyText is null ? null : Expressions.EvaluateString(keyText, Scope(instance, scopeId), "correlation key");
        var subscription = new EventSubscriptionRecord
        {
            Id = CommandContext.NewId(),
            Kind = SubscriptionKind.Message,
            EventName = message.Name ?? message.Id,
            CorrelationKey = key,
            ProcessInstanceId = instance.Id,
            DefinitionId = instance.Instance.DefinitionId,
            ElementInstanceId = owner.Id,
            ElementId = eventElementId,
            TenantId = instance.Instance.TenantId,
            CreatedAt = Now,
        };
        instance.Subscriptions.Add(subscription);

        var buffered = await Context.Session.ListBufferedMessagesAsync(subscription.EventName, key, Now, instance.Instance.TenantId, CancellationToken);
        if (buffered.Count > 0)
        {
            var first = buffered[0];
            Context.Session.Remove(first);
            var variables = VariableValues.ObjectFromJson(first.VariablesJson);
            Context.History(HistoryEventKinds.MessageCorrelated, instance, eventElementId, owner.Id, $"{first.Name} (buffered)");
            Enqueue(() => TriggerEventAsync(instance, subscription, variables));
        }
    }

    public void SubscribeSignal(InstanceState instance, string? signalRef, string eventElementId, ElementInstanceRecord owner)
    {
        var signal = instance.Process.Root<Signal>(signalRef)
            ?? throw new ElementFailureException("SignalMissing", $"'{eventElementId}' references no signal.");
        instance.Subscriptions.Add(new EventSubscriptionRecord
        {
            Id = CommandContext.NewId(),
            Kind = SubscriptionKind.Signal,
            EventName = signal.Name ?? signal.Id,
            ProcessInstanceId = instance.Id,
            DefinitionId = instance.Instance.DefinitionId,
            ElementInstanceId = owner.Id,
            ElementId = eventElementId,
            TenantId = instance.Instance.TenantId,
            CreatedAt = Now,
        });
    }

    /// <summary>Opens what a catch event waits for: timer job, message or signal subscription.</summary>
    public async Task WaitForEventAsync(InstanceState instance, BpmnEvent ev, ElementInstanceRecord owner, string scopeId)
    {
        switch (ev.Trigger)
        {
            case TimerEventDefinition timer:
                ScheduleTimer(instance, instance.Instance.DefinitionId, timer, ev.Id, owner.Id, Scope(instance, scopeId));
                break;
            case MessageEventDefinition message:
                await SubscribeMessageAsync(instance, message.MessageRef, ev.Id, owner, scopeId);
                break;
            case SignalEventDefinition signal:
                SubscribeSignal(instance, signal.SignalRef, ev.Id, owner);
                break;
        }
    }

    private async Task SubscribeBoundaryEventsAsync(InstanceState instance, Activity activity, ElementInstanceRecord element)
    {
        foreach (var boundary in activity.BoundaryEvents)
        {
            await WaitForEventAsync(instance, boundary, element, element.Id);
        }
    }

    /// <summary>Opens the event sub-processes of a new scope; a failure (for example a bad correlation key) becomes an incident on the scope.</summary>
    private async Task OpenScopeAsync(InstanceState instance, IFlowElementsContainer container, ElementInstanceRecord scope)
    {
        try
        {
            await OpenEventSubProcessesAsync(instance, container, scope);
        }
        catch (ElementFailureException failure)
        {
            RaiseIncident(instance, scope, failure.IncidentType, failure.Message);
        }
    }

    public async Task OpenEventSubProcessesAsync(InstanceState instance, IFlowElementsContainer container, ElementInstanceRecord scope)
    {
        foreach (var sub in container.FlowElements.OfType<SubProcess>().Where(s => s.TriggeredByEvent))
        {
            foreach (var start in sub.FlowElements.OfType<StartEvent>())
            {
                await WaitForEventAsync(instance, start, scope, scope.Id);
            }
        }
    }

    /// <summary>Routes a fired timer, message or signal to whoever waits: the element itself, a boundary event, an event sub-process or an event-based gateway.</summary>
    public async Task TriggerEventAsync(InstanceState instance, string eventElementId, string? ownerElementInstanceId, IReadOnlyDictionary<string, object?>? variables)
    {
        var owner = ownerElementInstanceId is null ? null : instance.Elements.Get(ownerElementInstanceId);
        if (owner is null || !instance.IsActive)
        {
            return;
        }

        var target = instance.Process.Node(eventElementId);
        if (target.Id == owner.ElementId)
        {
            await TriggerAsync(instance, owner, variables);
            return;
        }

        switch (target)
        {
            case BoundaryEvent boundary:
                TriggerBoundary(instance, boundary, owner, variables);
                break;
            case StartEvent start when start.Container is SubProcess { TriggeredByEvent: true } sub:
                TriggerEventSubProcess(instance, sub, start, owner, variables);
                break;
            default:
                // An event after an event-based gateway: the first event wins, the gateway's other waits close.
                CloseElement(instance, owner, HistoryEventKinds.ElementCompleted);
                var flow = target.Incoming.First(f => f.SourceRef == owner.ElementId);
                Context.History(HistoryEventKinds.SequenceFlowTaken, instance, flow.Id);
                var caught = CreateElement(instance, target, owner.ParentId!);
                SetResultVariables(instance, target, caught, variables);
                Complete(instance, caught);
                break;
        }
    }

    public Task TriggerEventAsync(InstanceState instance, EventSubscriptionRecord subscription, IReadOnlyDictionary<string, object?>? variables)
    {
        instance.Subscriptions.Remove(subscription);
        return TriggerEventAsync(instance, subscription.ElementId, subscription.ElementInstanceId, variables);
    }

    private void TriggerBoundary(InstanceState instance, BoundaryEvent boundary, ElementInstanceRecord activity, IReadOnlyDictionary<string, object?>? variables)
    {
        var scopeId = activity.ParentId!;
        if (boundary.CancelActivity)
        {
            Terminate(instance, activity);
        }

        else if (boundary.Trigger is MessageEventDefinition or SignalEventDefinition)
        {
            // A non-interrupting message or signal keeps listening for as long as the activity runs.
            Enqueue(() => ReopenAsync(instance, boundary, activity, activity.Id));
        }

        var element = CreateElement(instance, boundary, scopeId);
        SetResultVariables(instance, boundary, element, variables);
        Complete(instance, element);
    }

    private async Task ReopenAsync(InstanceState instance, BpmnEvent ev, ElementInstanceRecord owner, string scopeId)
    {
        if (instance.IsActive && instance.Elements.Get(owner.Id) is not null)
        {
            try
            {
                await WaitForEventAsync(instance, ev, owner, scopeId);
            }
            catch (ElementFailureException failure)
            {
                RaiseIncident(instance, owner, failure.IncidentType, failure.Message);
            }
        }
    }

    private void TriggerEventSubProcess(InstanceState instance, SubProcess sub, StartEvent start, ElementInstanceRecord scope, IReadOnlyDictionary<string, object?>? variables)
    {
        if (start.IsInterrupting)
        {
            TerminateChildren(instance, scope.Id);
            foreach (var subscription in instance.Subscriptions.All.Where(s => s.ElementInstanceId == scope.Id).ToList())
            {
                instance.Subscriptions.Remove(subscription);
            }

            foreach (var job in instance.Jobs.All.Where(j => j.ElementInstanceId == scope.Id).ToList())
            {
                instance.Jobs.Remove(job);
            }
        }

        else if (start.Trigger is MessageEventDefinition or SignalEventDefinition)
        {
            Enqueue(() => ReopenAsync(instance, start, scope, scope.Id));
        }

        var subInstance = CreateElement(instance, sub, scope.Id);
        SetVariables(instance, scope.Id, variables, local: false);
        Enqueue(async () =>
        {
            await OpenScopeAsync(instance, sub, subInstance);
            var startInstance = CreateElement(instance, start, subInstance.Id);
            Complete(instance, startInstance);
        });
    }
}
