using Kogge.Bpmn.Engine.Commands;
using Kogge.Bpmn.Model;
using Kogge.Bpmn.Storage;

namespace Kogge.Bpmn.Engine.Execution;

/// <summary>Joining gateways and multi-instance activities.</summary>
internal sealed partial class Flow
{
    private void Arrive(InstanceState instance, Gateway gateway, string scopeId, SequenceFlow? via)
    {
        instance.Elements.Add(new ElementInstanceRecord
        {
            Id = CommandContext.NewId(),
            ProcessInstanceId = instance.Id,
            ParentId = scopeId,
            ElementId = gateway.Id,
            State = ElementInstanceState.WaitingAtJoin,
            ArrivedOverFlowId = via?.Id,
            StartedAt = Now,
        });
        TryJoin(instance, gateway, scopeId);
    }

    private bool TryJoin(InstanceState instance, Gateway gateway, string scopeId)
    {
        var waiting = instance.Children(scopeId)
            .Where(e => e.ElementId == gateway.Id && e.State == ElementInstanceState.WaitingAtJoin)
            .OrderBy(e => e.StartedAt)
            .ToList();
        var arrived = waiting.Select(w => w.ArrivedOverFlowId).ToHashSet(StringComparer.Ordinal);
        var ready = gateway is ParallelGateway
            ? gateway.Incoming.All(f => arrived.Contains(f.Id))
            : arrived.Count > 0 && gateway.Incoming.Where(f => !arrived.Contains(f.Id)).All(f => !CanStillArrive(instance, scopeId, gateway, f));
        if (!ready)
        {
            return false;
        }

        foreach (var flow in gateway.Incoming)
        {
            if (waiting.FirstOrDefault(w => w.ArrivedOverFlowId == flow.Id) is { } token)
            {
                instance.Elements.Remove(token);
            }
        }

        var element = CreateElement(instance, gateway, scopeId);
        Enqueue(() => EnterAsync(instance, gateway, element, subscribeBoundaryEvents: false));
        return true;
    }

    /// <summary>Whether a token in the scope may still travel over <paramref name="flow"/> to the joining gateway.</summary>
    private static bool CanStillArrive(InstanceState instance, string scopeId, Gateway gateway, SequenceFlow flow)
    {
        var upstream = new HashSet<FlowNode>();
        var pending = new Stack<FlowNode>();
        pending.Push(flow.Source!);
        while (pending.TryPop(out var node))
        {
            if (node == gateway || !upstream.Add(node))
            {
                continue;
            }

            foreach (var incoming in node.Incoming)
            {
                pending.Push(incoming.Source!);
            }

            if (node is BoundaryEvent { AttachedTo: { } attached })
            {
                pending.Push(attached);
            }
        }

        return instance.Children(scopeId).Any(e =>
            !(e.ElementId == gateway.Id && e.State == ElementInstanceState.WaitingAtJoin)
            && upstream.Contains(instance.Process.Node(e.ElementId)));
    }

    private bool EvaluateWaitingInclusiveJoins()
    {
        var fired = false;
        foreach (var instance in Context.Instances.Where(i => i.IsActive).ToList())
        {
            var waiting = instance.Elements.All
                .Where(e => e.State == ElementInstanceState.WaitingAtJoin && instance.Process.Node(e.ElementId) is InclusiveGateway)
                .Select(e => (Gateway: (Gateway)instance.Process.Node(e.ElementId), Scope: e.ParentId!))
                .Distinct()
                .ToList();
            foreach (var (gateway, scope) in waiting)
            {
                fired |= TryJoin(instance, gateway, scope);
            }
        }

        return fired;
    }

    private async Task StartMultiInstanceAsync(InstanceState instance, Activity activity, string scopeId)
    {
        var body = CreateElement(instance, activity, scopeId);
        body.IsMultiInstanceBody = true;
        try
        {
            await SubscribeBoundaryEventsAsync(instance, activity, body);
            var loop = (MultiInstanceLoopCharacteristics)activity.LoopCharacteristics!;
            var settings = loop.Extensions.LoopCharacteristics;
            var scope = Scope(instance, body.Id);
            List<object?> items;
            if (settings?.InputCollection is { } collection)
            {
                items = Expressions.EvaluateExpression(collection, scope, "input collection") switch
                {
                    IEnumerable<object?> list => [.. list],
                    null => throw new ElementFailureException("ExpressionFailed", $"The input collection '{collection}' is null."),
                    var other => throw new ElementFailureException("ExpressionFailed", $"The input collection '{collection}' gave {other}, not a list."),
                };
            }
            else
            {
                var count = Expressions.EvaluateExpression(loop.LoopCardinality!.Text, scope, "loop cardinality") is decimal d ? (int)d : 0;
                items = [.. Enumerable.Range(1, Math.Max(0, count)).Select(i => (object?)(decimal)i)];
            }

            body.LoopCollectionJson = VariableValues.ToJson(items);
            if (settings?.OutputCollection is { } output)
            {
                SetLocal(instance, body.Id, output, Enumerable.Repeat<object?>(null, items.Count).ToList());
            }

            if (items.Count == 0)
            {
                Complete(instance, body);
                return;
            }

            var firstBatch = loop.IsSequential ? 1 : items.Count;
            for (var i = 0; i < firstBatch; i++)
            {
                await StartInnerAsync(instance, activity, body, items, i);
            }
        }
        catch (ElementFailureException failure)
        {
            RaiseIncident(instance, body, failure.IncidentType, failure.Message);
        }
    }

    private async Task StartInnerAsync(InstanceState instance, Activity activity, ElementInstanceRecord body, List<object?> items, int index)
    {
        body.Counter++;
        instance.Elements.Changed(body);
        var inner = CreateElement(instance, activity, body.Id);
        inner.Counter = index + 1;
        var settings = activity.LoopCharacteristics!.Extensions.LoopCharacteristics;
        if (settings?.InputElement is { } name)
        {
            SetLocal(instance, inner.Id, name, items[index]);
        }

        SetLocal(instance, inner.Id, "loopCounter", (decimal)(index + 1));
        await EnterAsync(instance, activity, inner, subscribeBoundaryEvents: false);
    }

    private void CollectOutputElement(InstanceState instance, Activity activity, ElementInstanceRecord body, ElementInstanceRecord inner)
    {
        var settings = activity.LoopCharacteristics!.Extensions.LoopCharacteristics;
        if (settings?.OutputCollection is not { } output || settings.OutputElement is not { } outputElement)
        {
            return;
        }

        var value = Expressions.EvaluateExpression(outputElement, Scope(instance, inner.Id), "output element");
        var row = ScopeVariables.Find(instance, body.Id, output);
        var list = row is null ? [] : VariableValues.FromJson(row.Json) as List<object?> ?? [];
        while (list.Count < inner.Counter)
        {
            list.Add(null);
        }

        list[inner.Counter - 1] = value;
        SetLocal(instance, body.Id, output, list);
    }

    private void PropagateOutputCollection(InstanceState instance, Activity activity, ElementInstanceRecord body)
    {
        if (activity.LoopCharacteristics!.Extensions.LoopCharacteristics?.OutputCollection is { } output
            && ScopeVariables.Find(instance, body.Id, output) is { } row)
        {
            SetPropagating(instance, body.ParentId!, output, VariableValues.FromJson(row.Json));
        }
    }

    private async Task InnerInstanceCompletedAsync(InstanceState instance, Activity activity, ElementInstanceRecord body)
    {
        body.CompletedCount++;
        instance.Elements.Changed(body);
        var loop = (MultiInstanceLoopCharacteristics)activity.LoopCharacteristics!;
        var items = VariableValues.FromJson(body.LoopCollectionJson ?? "[]") as List<object?> ?? [];
        try
        {
            if (loop.CompletionCondition is { } condition)
            {
                var active = instance.Children(body.Id).Count();
                var counters = new Dictionary<string, object?>(StringComparer.Ordinal)
                {
                    ["numberOfInstances"] = (decimal)items.Count,
                    ["numberOfCompletedInstances"] = (decimal)body.CompletedCount,
                    ["numberOfActiveInstances"] = (decimal)active,
                };
                if (Expressions.EvaluateCondition(condition.Text, new ScopeVariables(instance, body.Id, counters), "completion condition"))
                {
                    TerminateChildren(instance, body.Id);
                    Complete(instance, body);
                    return;
                }
            }
        }
        catch (ElementFailureException failure)
        {
            RaiseIncident(instance, body, failure.IncidentType, failure.Message);
            return;
        }

        if (loop.IsSequential && body.Counter < items.Count)
        {
            await StartInnerAsync(instance, activity, body, items, body.Counter);
            return;
        }

        if (body.CompletedCount >= items.Count)
        {
            Complete(instance, body);
        }
    }
}
