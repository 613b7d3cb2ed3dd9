using Kogge.Bpmn.Engine.Behaviors;
using Kogge.Bpmn.Engine.Commands;
using Kogge.Bpmn.Engine.History;
using Kogge.Bpmn.Engine.Jobs;
using Kogge.Bpmn.Expressions;
using Kogge.Bpmn.Model;
using Kogge.Bpmn.Storage;

namespace Kogge.Bpmn.Engine.Execution;

/// <summary>
/// Moves tokens through the execution tree inside one command: activates and completes element
/// instances, takes sequence flows, joins, terminates and propagates errors, until every instance
/// touched rests in wait states. Operations are queued so that deep models do not deepen the stack.
/// </summary>
internal sealed partial class Flow(CommandContext context, CancellationToken cancellationToken)
{
    private readonly Queue<Func<Task>> _operations = new();

    public CommandContext Context { get; } = context;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    public DateTimeOffset Now => Context.Now;

    public ExpressionCache Expressions => Context.Engine.Expressions;

    public async Task RunAsync()
    {
        while (true)
        {
            while (_operations.TryDequeue(out var operation))
            {
                await operation();
            }

            // An inclusive join may become ready when a token elsewhere finished without reaching it.
            if (!EvaluateWaitingInclusiveJoins())
            {
                return;
            }
        }
    }

    public void Enqueue(Func<Task> operation) => _operations.Enqueue(operation);

    public static IVariableScope Scope(InstanceState instance, string scopeId) => new ScopeVariables(instance, scopeId);

    // ---- instances -------------------------------------------------------------------------

    public void StartInstance(InstanceState instance, IReadOnlyDictionary<string, object?>? variables, StartEvent start)
    {
        var process = instance.Process.Process;
        var root = new ElementInstanceRecord
        {
            Id = instance.Id,
            ProcessInstanceId = instance.Id,
            ElementId = process.Id,
            StartedAt = Now,
        };
        instance.Elements.Add(root);
        Context.History(HistoryEventKinds.ProcessInstanceStarted, instance, process.Id, root.Id, instance.Instance.BusinessKey);
        SetVariables(instance, root.Id, variables, local: true);
        Enqueue(async () =>
        {
            await OpenScopeAsync(instance, process, root);
            var startInstance = CreateElement(instance, start, root.Id);
            Enqueue(() => CompleteAsync(instance, startInstance, null));
        });
    }

    private async Task CompleteInstanceAsync(InstanceState instance, ProcessInstanceState endState)
    {
        var root = instance.Elements.Get(instance.Id);
        if (root is not null)
        {
            TerminateChildren(instance, root.Id);
            CloseElement(instance, root, null, keepVariables: true);
        }

        instance.Instance.State = endState;
        instance.Instance.EndedAt = Now;
        Context.History(
            endState == ProcessInstanceState.Completed ? HistoryEventKinds.ProcessInstanceCompleted : HistoryEventKinds.ProcessInstanceTerminated,
            instance,
            instance.Process.Process.Id,
            instance.Id);

        if (instance.Instance.ParentInstanceId is { } parentId && instance.Instance.ParentElementInstanceId is { } callId)
        {
            var parent = await Context.InstanceAsync(parentId, CancellationToken);
            var call = parent.Elements.Get(callId);
            if (call is not null && parent.IsActive)
            {
                var node = (CallActivity)parent.Process.Node(call.ElementId);
                // Output mappings read the child's variables; without them, propagation decides what the caller sees.
                var propagate = node.Extensions.CalledElement?.PropagateAllChildVariables ?? true;
                var hasOutputs = node.Extensions.IoMapping?.Outputs.Count > 0;
                var childVariables = propagate || hasOutputs ? new ScopeVariables(instance, instance.Id).All() : null;
                await TriggerAsync(parent, call, childVariables);
            }
        }
    }

    // ---- activation ------------------------------------------------------------------------

    public void Activate(InstanceState instance, FlowNode node, string scopeId, SequenceFlow? via) =>
        Enqueue(() => ActivateAsync(instance, node, scopeId, via));

    private async Task ActivateAsync(InstanceState instance, FlowNode node, string scopeId, SequenceFlow? via)
    {
        if (!instance.IsActive || instance.Elements.Get(scopeId) is null)
        {
            return;
        }

        if (node is ParallelGateway or InclusiveGateway && node.Incoming.Count > 1)
        {
            Arrive(instance, (Gateway)node, scopeId, via);
            return;
        }

        if (node is Activity { LoopCharacteristics: MultiInstanceLoopCharacteristics } activity)
        {
            await StartMultiInstanceAsync(instance, activity, scopeId);
            return;
        }

        var element = CreateElement(instance, node, scopeId);
        await EnterAsync(instance, node, element, subscribeBoundaryEvents: true);
    }

    public ElementInstanceRecord CreateElement(InstanceState instance, FlowNode node, string parentId)
    {
        var element = new ElementInstanceRecord
        {
            Id = CommandContext.NewId(),
            ProcessInstanceId = instance.Id,
            ParentId = parentId,
            ElementId = node.Id,
            StartedAt = Now,
        };
        instance.Elements.Add(element);
        Context.History(HistoryEventKinds.ElementActivated, instance, node.Id, element.Id);
        return element;
    }

    private async Task EnterAsync(InstanceState instance, FlowNode node, ElementInstanceRecord element, bool subscribeBoundaryEvents)
    {
        try
        {
            ApplyInputMappings(instance, node, element);
            if (subscribeBoundaryEvents && node is Activity activity)
            {
                await SubscribeBoundaryEventsAsync(instance, activity, element);
            }

            await FlowNodeBehaviors.For(node).ActivateAsync(this, instance, node, element);
        }
        catch (ElementFailureException failure)
        {
            RaiseIncident(instance, element, failure.IncidentType, failure.Message);
        }
    }

    /// <summary>Delivers a trigger (task completed, job done, message, timer) to the waiting element itself.</summary>
    public async Task TriggerAsync(InstanceState instance, ElementInstanceRecord element, IReadOnlyDictionary<string, object?>? variables)
    {
        var node = instance.Process.Node(element.ElementId);
        try
        {
            await FlowNodeBehaviors.For(node).TriggerAsync(this, instance, node, element, variables);
        }
        catch (ElementFailureException failure)
        {
            RaiseIncident(instance, element, failure.IncidentType, failure.Message);
        }
    }

    /// <summary>Stores the variables a trigger brought, locally when output mappings will pick them up.</summary>
    public void SetResultVariables(InstanceState instance, FlowNode node, ElementInstanceRecord element, IReadOnlyDictionary<string, object?>? variables)
    {
        if (variables is null || variables.Count == 0)
        {
            return;
        }

        var hasOutputs = node.Extensions.IoMapping?.Outputs.Count > 0;
        SetVariables(instance, hasOutputs ? element.Id : element.ParentId ?? instance.Id, variables, local: hasOutputs);
    }

    // ---- completion ------------------------------------------------------------------------

    public void Complete(InstanceState instance, ElementInstanceRecord element, IReadOnlyList<SequenceFlow>? flows = null) =>
        Enqueue(() => CompleteAsync(instance, element, flows));

    private async Task CompleteAsync(InstanceState instance, ElementInstanceRecord element, IReadOnlyList<SequenceFlow>? flows)
    {
        // A scope completes only when nothing runs in it any more; a token may have entered since this was queued.
        if (instance.Elements.Get(element.Id) is null || !instance.IsActive || instance.Children(element.Id).Any())
        {
            return;
        }

        if (element.ParentId is null)
        {
            await CompleteInstanceAsync(instance, ProcessInstanceState.Completed);
            return;
        }

        var node = instance.Process.Node(element.ElementId);
        var parent = instance.Elements.Get(element.ParentId);
        var isInner = parent is { IsMultiInstanceBody: true } && parent.ElementId == element.ElementId && !element.IsMultiInstanceBody;
        try
        {
            if (element.IsMultiInstanceBody)
            {
                PropagateOutputCollection(instance, (Activity)node, element);
            }
            else
            {
                ApplyOutputMappings(instance, node, element);
            }

            if (isInner)
            {
                CollectOutputElement(instance, (Activity)node, parent!, element);
            }

            flows ??= isInner ? [] : ChooseOutgoing(instance, node, element);
        }
        catch (ElementFailureException failure)
        {
            RaiseIncident(instance, element, failure.IncidentType, failure.Message);
            return;
        }

        CloseElement(instance, element, HistoryEventKinds.ElementCompleted);
        if (isInner)
        {
            await InnerInstanceCompletedAsync(instance, (Activity)node, parent!);
            return;
        }

        Leave(instance, element.ParentId, flows);
    }

    public void Leave(InstanceState instance, string scopeId, IReadOnlyList<SequenceFlow> flows)
    {
        foreach (var flow in flows)
        {
            Context.History(HistoryEventKinds.SequenceFlowTaken, instance, flow.Id);
            Activate(instance, flow.Target!, scopeId, flow);
        }

        if (flows.Count == 0)
        {
            CompleteScopeIfDone(instance, scopeId);
        }
    }

    /// <summary>The flows a non-gateway node leaves by: unconditional ones and true conditions, else the default flow.</summary>
    private List<SequenceFlow> ChooseOutgoing(InstanceState instance, FlowNode node, ElementInstanceRecord element)
    {
        if (node.Outgoing.All(f => f.ConditionExpression is null))
        {
            return [.. node.Outgoing];
        }

        var scope = Scope(instance, element.Id);
        var defaultFlow = (node as Activity)?.DefaultFlow;
        var chosen = node.Outgoing
            .Where(f => f != defaultFlow && (f.ConditionExpression is null || Expressions.EvaluateCondition(f.ConditionExpression.Text, scope, $"condition of flow '{f.Id}'")))
            .ToList();
        if (chosen.Count == 0 && defaultFlow is not null)
        {
            chosen.Add(defaultFlow);
        }

        return chosen;
    }

    private void CompleteScopeIfDone(InstanceState instance, string scopeId)
    {
        var scope = instance.Elements.Get(scopeId);
        if (scope is null || scope.IsMultiInstanceBody || instance.Children(scopeId).Any())
        {
            return;
        }

        Complete(instance, scope);
    }

    /// <summary>Removes an element instance with everything that waits on it: tasks, jobs, subscriptions, local variables, incidents.</summary>
    public void CloseElement(InstanceState instance, ElementInstanceRecord element, string? historyKind, bool keepVariables = false)
    {
        foreach (var task in instance.Tasks.All.Where(t => t.ElementInstanceId == element.Id).ToList())
        {
            instance.Tasks.Remove(task);
        }

        foreach (var job in instance.Jobs.All.Where(j => j.ElementInstanceId == element.Id).ToList())
        {
            instance.Jobs.Remove(job);
        }

        foreach (var subscription in instance.Subscriptions.All.Where(s => s.ElementInstanceId == element.Id).ToList())
        {
            instance.Subscriptions.Remove(subscription);
        }

        foreach (var incident in instance.Incidents.All.Where(i => i.ElementInstanceId == element.Id).ToList())
        {
            instance.Incidents.Remove(incident);
        }

        if (!keepVariables)
        {
            foreach (var variable in instance.Variables.All.Where(v => v.ScopeId == element.Id).ToList())
            {
                instance.Variables.Remove(variable);
            }
        }

        instance.Elements.Remove(element);
        if (historyKind is not null)
        {
            Context.History(historyKind, instance, element.ElementId, element.Id);
        }
    }

    // ---- termination -----------------------------------------------------------------------

    public void Terminate(InstanceState instance, ElementInstanceRecord element)
    {
        TerminateChildren(instance, element.Id);
        if (element.CalledInstanceId is { } calledId)
        {
            Enqueue(async () =>
            {
                var called = await Context.InstanceAsync(calledId, CancellationToken);
                if (called.IsActive)
                {
                    await CompleteInstanceAsync(called, ProcessInstanceState.Terminated);
                }
            });
        }

        CloseElement(instance, element, element.State == ElementInstanceState.WaitingAtJoin ? null : HistoryEventKinds.ElementTerminated);
    }

    public void TerminateChildren(InstanceState instance, string scopeId)
    {
        foreach (var child in instance.Children(scopeId).ToList())
        {
            Terminate(instance, child);
        }
    }

    /// <summary>A terminate end event: ends everything in its scope, then the scope itself.</summary>
    public async Task TerminateScopeAsync(InstanceState instance, string scopeId)
    {
        var scope = instance.Elements.Get(scopeId);
        if (scope is null)
        {
            return;
        }

        TerminateChildren(instance, scopeId);
        if (scope.ParentId is null)
        {
            await CompleteInstanceAsync(instance, ProcessInstanceState.Terminated);
        }
        else
        {
            Complete(instance, scope);
        }
    }

    public async Task CancelInstanceAsync(InstanceState instance)
    {
        if (instance.IsActive)
        {
            await CompleteInstanceAsync(instance, ProcessInstanceState.Terminated);
        }
    }

    // ---- incidents -------------------------------------------------------------------------

    /// <summary>Enters a stuck element again, as if the token had just arrived.</summary>
    public void Retry(InstanceState instance, ElementInstanceRecord failed)
    {
        var node = instance.Process.Node(failed.ElementId);
        var scopeId = failed.ParentId!;
        if (failed.IsMultiInstanceBody)
        {
            Terminate(instance, failed);
            Enqueue(() => StartMultiInstanceAsync(instance, (Activity)node, scopeId));
            return;
        }

        foreach (var task in instance.Tasks.All.Where(t => t.ElementInstanceId == failed.Id).ToList())
        {
            instance.Tasks.Remove(task);
        }

        foreach (var job in instance.Jobs.All.Where(j => j.ElementInstanceId == failed.Id).ToList())
        {
            instance.Jobs.Remove(job);
        }

        foreach (var subscription in instance.Subscriptions.All.Where(s => s.ElementInstanceId == failed.Id).ToList())
        {
            instance.Subscriptions.Remove(subscription);
        }

        var parent = instance.Elements.Get(scopeId);
        var isInner = parent is { IsMultiInstanceBody: true } && parent.ElementId == failed.ElementId;
        Enqueue(() => EnterAsync(instance, node, failed, subscribeBoundaryEvents: !isInner));
    }

    public void RaiseIncident(InstanceState instance, ElementInstanceRecord? element, string type, string message, string? jobId = null, string? elementId = null)
    {
        var incident = new IncidentRecord
        {
            Id = CommandContext.NewId(),
            ProcessInstanceId = instance.Id,
            ElementInstanceId = element?.Id,
            ElementId = element?.ElementId ?? elementId ?? string.Empty,
            JobId = jobId,
            Type = type,
            Message = message,
            TenantId = instance.Instance.TenantId,
            CreatedAt = Now,
        };
        instance.Incidents.Add(incident);
        Context.History(HistoryEventKinds.IncidentCreated, instance, incident.ElementId.Length == 0 ? null : incident.ElementId, element?.Id, $"{type}: {message}");
    }

    // ---- variables -------------------------------------------------------------------------

    public void SetVariables(InstanceState instance, string scopeId, IReadOnlyDictionary<string, object?>? variables, bool local)
    {
        if (variables is null)
        {
            return;
        }

        foreach (var (name, value) in variables)
        {
            if (local)
            {
                SetLocal(instance, scopeId, name, value);
            }
            else
            {
                SetPropagating(instance, scopeId, name, value);
            }
        }
    }

    public void SetLocal(InstanceState instance, string scopeId, string name, object? value)
    {
        var json = VariableValues.ToJson(value);
        var row = ScopeVariables.Find(instance, scopeId, name);
        if (row is null)
        {
            instance.Variables.Add(new VariableRecord { Id = CommandContext.NewId(), ProcessInstanceId = instance.Id, ScopeId = scopeId, Name = name, Json = json });
            Context.History(HistoryEventKinds.VariableCreated, instance, null, scopeId, name);
        }
        else if (row.Json != json)
        {
            row.Json = json;
            instance.Variables.Changed(row);
            Context.History(HistoryEventKinds.VariableUpdated, instance, null, scopeId, name);
        }
    }

    /// <summary>Sets a variable where it is already defined on the way up, or else in the process scope.</summary>
    public void SetPropagating(InstanceState instance, string scopeId, string name, object? value)
    {
        for (var id = scopeId; id is not null; id = instance.Elements.Get(id)?.ParentId)
        {
            if (ScopeVariables.Find(instance, id, name) is not null)
            {
                SetLocal(instance, id, name, value);
                return;
            }

            if (id == instance.Id)
            {
                break;
            }
        }

        SetLocal(instance, instance.Id, name, value);
    }

    private void ApplyInputMappings(InstanceState instance, FlowNode node, ElementInstanceRecord element)
    {
        if (node.Extensions.IoMapping is not { Inputs.Count: > 0 } io)
        {
            return;
        }

        foreach (var mapping in io.Inputs)
        {
            var value = Expressions.Evaluate(mapping.Source, Scope(instance, element.Id), $"input mapping '{mapping.Target}'");
            SetPath(instance, element.Id, mapping.Target, value, local: true);
        }
    }

    private void ApplyOutputMappings(InstanceState instance, FlowNode node, ElementInstanceRecord element)
    {
        if (node.Extensions.IoMapping is not { Outputs.Count: > 0 } io || element.ParentId is null)
        {
            return;
        }

        var scope = Scope(instance, element.Id);
        var values = io.Outputs.Select(m => (m.Target, Value: Expressions.Evaluate(m.Source, scope, $"output mapping '{m.Target}'"))).ToList();
        foreach (var (target, value) in values)
        {
            SetPath(instance, element.ParentId, target, value, local: false);
        }
    }

    /// <summary>Sets a possibly dotted target such as <c>applicant.name</c>, building nested contexts.</summary>
    private void SetPath(InstanceState instance, string scopeId, string target, object? value, bool local)
    {
        var parts = target.Split('.');
        if (parts.Length == 1)
        {
            if (local)
            {
                SetLocal(instance, scopeId, target, value);
            }
            else
            {
                SetPropagating(instance, scopeId, target, value);
            }

            return;
        }

        var scope = Scope(instance, scopeId);
        var root = scope.TryGetVariable(parts[0], out var existing) && existing is Dictionary<string, object?> map
            ? map
            : new Dictionary<string, object?>(StringComparer.Ordinal);
        var current = root;
        foreach (var part in parts[1..^1])
        {
            if (current.GetValueOrDefault(part) is not Dictionary<string, object?> next)
            {
                next = new Dictionary<string, object?>(StringComparer.Ordinal);
                current[part] = next;
            }

            current = next;
        }

        current[parts[^1]] = value;
        if (local)
        {
            SetLocal(instance, scopeId, parts[0], root);
        }
        else
        {
            SetPropagating(instance, scopeId, parts[0], root);
        }
    }

    // ---- jobs, timers and subscriptions ----------------------------------------------------

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

    // ---- errors and escalations ------------------------------------------------------------

    /// <summary>
    /// Throws a BPMN error from an element instance: the nearest event sub-process or error boundary
    /// event on the way up (into calling instances) catches it; otherwise an incident is raised.
    /// </summary>
    public async Task ThrowErrorAsync(InstanceState instance, ElementInstanceRecord source, string errorCode, string? message)
    {
        Context.History(HistoryEventKinds.ErrorThrown, instance, source.ElementId, source.Id, errorCode);
        var current = instance;
        ElementInstanceRecord? element = source;
        while (element is not null)
        {
            FlowElement? node = element.ParentId is null ? null : current.Process.Element(element.ElementId);
            var isScope = element.ParentId is null || (node is SubProcess && !element.IsMultiInstanceBody);
            if (isScope && element != source)
            {
                var container = element.ParentId is null ? (IFlowElementsContainer)current.Process.Process : (SubProcess)node!;
                var handler = container.FlowElements.OfType<SubProcess>()
                    .Where(s => s.TriggeredByEvent)
                    .SelectMany(s => s.FlowElements.OfType<StartEvent>())
                    .FirstOrDefault(s => s.Trigger is ErrorEventDefinition e && Matches(current, e.ErrorRef, errorCode));
                if (handler is not null)
                {
                    TriggerEventSubProcess(current, (SubProcess)handler.Container!, handler, element, null);
                    return;
                }
            }

            if (node is Activity activity
                && activity.BoundaryEvents.FirstOrDefault(b => b.Trigger is ErrorEventDefinition e && Matches(current, e.ErrorRef, errorCode)) is { } boundary)
            {
                // The boundary event sits on the activity as a whole: for a multi-instance activity, its body.
                var parent = element.ParentId is null ? null : current.Elements.Get(element.ParentId);
                var owner = parent is { IsMultiInstanceBody: true } && parent.ElementId == element.ElementId ? parent : element;
                TriggerBoundary(current, boundary, owner, null);
                return;
            }

            if (element.ParentId is not null)
            {
                element = current.Elements.Get(element.ParentId);
                continue;
            }

            if (current.Instance.ParentInstanceId is { } parentInstanceId && current.Instance.ParentElementInstanceId is { } callId)
            {
                current = await Context.InstanceAsync(parentInstanceId, CancellationToken);
                element = current.Elements.Get(callId);
                continue;
            }

            element = null;
        }

        RaiseIncident(instance, source, "UnhandledError", $"No boundary event or event sub-process catches error '{errorCode}'{(message is null ? string.Empty : $": {message}")}.");
    }

    /// <summary>Throws an escalation; returns whether the thrower was interrupted by an interrupting catch.</summary>
    public bool ThrowEscalation(InstanceState instance, ElementInstanceRecord source, string? code)
    {
        Context.History(HistoryEventKinds.EscalationThrown, instance, source.ElementId, source.Id, code);
        for (var element = instance.Elements.Get(source.ParentId ?? instance.Id); element is not null; element = element.ParentId is null ? null : instance.Elements.Get(element.ParentId))
        {
            FlowElement? node = element.ParentId is null ? null : instance.Process.Element(element.ElementId);
            var container = element.ParentId is null ? instance.Process.Process : node as IFlowElementsContainer;
            var handler = container?.FlowElements.OfType<SubProcess>()
                .Where(s => s.TriggeredByEvent)
                .SelectMany(s => s.FlowElements.OfType<StartEvent>())
                .FirstOrDefault(s => s.Trigger is EscalationEventDefinition e && MatchesEscalation(instance, e.EscalationRef, code));
            if (handler is not null)
            {
                TriggerEventSubProcess(instance, (SubProcess)handler.Container!, handler, element, null);
                return handler.IsInterrupting;
            }

            if (node is Activity activity && activity.BoundaryEvents.FirstOrDefault(b => b.Trigger is EscalationEventDefinition e && MatchesEscalation(instance, e.EscalationRef, code)) is { } boundary)
            {
                TriggerBoundary(instance, boundary, element, null);
                return boundary.CancelActivity;
            }
        }

        return false;
    }

    private static bool Matches(InstanceState instance, string? errorRef, string code) =>
        errorRef is null || instance.Process.Root<BpmnError>(errorRef)?.ErrorCode == code;

    private static bool MatchesEscalation(InstanceState instance, string? escalationRef, string? code) =>
        escalationRef is null || instance.Process.Root<Escalation>(escalationRef)?.EscalationCode == code;
}
