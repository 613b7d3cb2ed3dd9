using Kogge.Bpmn.Engine.Execution;
using Kogge.Bpmn.Model;
using Kogge.Bpmn.Storage;

namespace Kogge.Bpmn.Engine.Behaviors;

/// <summary>Exclusive gateway: the first flow whose condition holds, else the default flow, else an incident.</summary>
internal sealed class ExclusiveGatewayBehavior : IFlowNodeBehavior
{
    public Task ActivateAsync(Flow flow, InstanceState instance, FlowNode node, ElementInstanceRecord element)
    {
        var gateway = (ExclusiveGateway)node;
        if (gateway.Outgoing.Count == 1 && gateway.Outgoing[0].ConditionExpression is null)
        {
            flow.Complete(instance, element, [gateway.Outgoing[0]]);
            return Task.CompletedTask;
        }

        var scope = Flow.Scope(instance, element.Id);
        var chosen = gateway.Outgoing.FirstOrDefault(f => f != gateway.DefaultFlow && f.ConditionExpression is not null
                && flow.Expressions.EvaluateCondition(f.ConditionExpression.Text, scope, $"condition of flow '{f.Id}'"))
            ?? gateway.DefaultFlow
            ?? throw new ElementFailureException("NoFlowMatched", $"No condition of gateway '{gateway.Id}' holds and it has no default flow.");
        flow.Complete(instance, element, [chosen]);
        return Task.CompletedTask;
    }
}

/// <summary>Parallel gateway: takes every outgoing flow (the join happens before activation).</summary>
internal sealed class ParallelGatewayBehavior : IFlowNodeBehavior
{
    public Task ActivateAsync(Flow flow, InstanceState instance, FlowNode node, ElementInstanceRecord element)
    {
        flow.Complete(instance, element, [.. node.Outgoing]);
        return Task.CompletedTask;
    }
}

/// <summary>Inclusive gateway: every flow whose condition holds, else the default flow, else an incident.</summary>
internal sealed class InclusiveGatewayBehavior : IFlowNodeBehavior
{
    public Task ActivateAsync(Flow flow, InstanceState instance, FlowNode node, ElementInstanceRecord element)
    {
        var gateway = (InclusiveGateway)node;
        var scope = Flow.Scope(instance, element.Id);
        var chosen = gateway.Outgoing
            .Where(f => f != gateway.DefaultFlow && (f.ConditionExpression is null
                || flow.Expressions.EvaluateCondition(f.ConditionExpression.Text, scope, $"condition of flow '{f.Id}'")))
            .ToList();
        if (chosen.Count == 0)
        {
            chosen.Add(gateway.DefaultFlow
                ?? throw new ElementFailureException("NoFlowMatched", $"No condition of gateway '{gateway.Id}' holds and it has no default flow."));
        }

        flow.Complete(instance, element, chosen);
        return Task.CompletedTask;
    }
}

/// <summary>Event-based gateway: waits for all following events; the first to occur wins.</summary>
internal sealed class EventBasedGatewayBehavior : IFlowNodeBehavior
{
    public async Task ActivateAsync(Flow flow, InstanceState instance, FlowNode node, ElementInstanceRecord element)
    {
        foreach (var target in node.Outgoing.Select(f => f.Target!))
        {
            if (target is ReceiveTask receive)
            {
                await flow.SubscribeMessageAsync(instance, receive.MessageRef, receive.Id, element, element.Id);
            }
            else
            {
                await flow.WaitForEventAsync(instance, (BpmnEvent)target, element, element.Id);
            }
        }
    }
}
