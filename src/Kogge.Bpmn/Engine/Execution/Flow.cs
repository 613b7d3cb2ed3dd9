using Kogge.Bpmn.Engine.Behaviors;
using Kogge.Bpmn.Engine.Commands;
using Kogge.Bpmn.Engine.History;
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

    public void Complete(InstanceState instance, ElementInstanceRecord element, IReadOnlyList<SequenceFlow>? flows = null) =>
        Enqueue(() => CompleteAsync(instance, element, flows));

    private async Task CompleteAsync(InstanceState instance, ElementInstanceRecord element, IReadOnlyList<SequenceFlow>? flows)
    {
        // A scope completes only when nothing runs in it any more; a token may have entered since this was queued.
        if (instance.Elements.Get(element.Id) is null || !instance.IsActive || instance.HasChildren(element.Id))
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
        if (scope is null || scope.IsMultiInstanceBody || instance.HasChildren(scopeId))
        {
            return;
        }

        Complete(instance, scope);
    }

    /// <summary>Removes an element instance with everything that waits on it: tasks, jobs, subscriptions, local variables, incidents.</summary>
    public void CloseElement(InstanceState instance, ElementInstanceRecord element, string? historyKind, bool keepVariables = false)
    {
        RemoveWaiting(instance, element.Id);
        instance.Incidents.RemoveWhere(static (i, id) => i.ElementInstanceId == id, element.Id);
        if (!keepVariables)
        {
            instance.Variables.RemoveWhere(static (v, id) => v.ScopeId == id, element.Id);
        }

        instance.Elements.Remove(element);
        if (historyKind is not null)
        {
            Context.History(historyKind, instance, element.ElementId, element.Id);
        }
    }

    /// <summary>Removes the tasks, jobs and subscriptions by which an element instance waits.</summary>
    private static void RemoveWaiting(InstanceState instance, string elementInstanceId)
    {
        instance.Tasks.RemoveWhere(static (t, id) => t.ElementInstanceId == id, elementInstanceId);
        instance.Jobs.RemoveWhere(static (j, id) => j.ElementInstanceId == id, elementInstanceId);
        instance.Subscriptions.RemoveWhere(static (s, id) => s.ElementInstanceId == id, elementInstanceId);
    }

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

        RemoveWaiting(instance, failed.Id);
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
}
