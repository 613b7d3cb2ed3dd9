using Kogge.Bpmn.Engine.Execution;
using Kogge.Bpmn.Model;
using Kogge.Bpmn.Storage;

namespace Kogge.Bpmn.Engine.Behaviors;

/// <summary>What an element does when a token enters it and when what it waits for arrives.</summary>
internal interface IFlowNodeBehavior
{
    Task ActivateAsync(Flow flow, InstanceState instance, FlowNode node, ElementInstanceRecord element);

    /// <summary>The awaited trigger arrived (task completed, job done, message, timer); by default the element completes.</summary>
    Task TriggerAsync(Flow flow, InstanceState instance, FlowNode node, ElementInstanceRecord element, IReadOnlyDictionary<string, object?>? variables)
    {
        flow.SetResultVariables(instance, node, element, variables);
        flow.Complete(instance, element);
        return Task.CompletedTask;
    }
}

/// <summary>Picks the behaviour of an element; the deployment validator has already refused what none fits.</summary>
internal static class FlowNodeBehaviors
{
    private static readonly PassThroughBehavior PassThrough = new();
    private static readonly UserTaskBehavior UserTask = new();
    private static readonly JobWorkerBehavior JobWorker = new();
    private static readonly ScriptTaskBehavior Script = new();
    private static readonly BusinessRuleTaskBehavior BusinessRule = new();
    private static readonly CatchEventBehavior Catch = new();
    private static readonly ThrowEventBehavior Throw = new();
    private static readonly EndEventBehavior End = new();
    private static readonly ExclusiveGatewayBehavior Exclusive = new();
    private static readonly ParallelGatewayBehavior Parallel = new();
    private static readonly InclusiveGatewayBehavior Inclusive = new();
    private static readonly EventBasedGatewayBehavior EventBased = new();
    private static readonly SubProcessBehavior SubProcess = new();
    private static readonly CallActivityBehavior CallActivity = new();

    public static IFlowNodeBehavior For(FlowNode node) => node switch
    {
        Model.UserTask => UserTask,
        ServiceTask or SendTask => JobWorker,
        BusinessRuleTask rule => rule.Extensions.CalledDecision is null ? JobWorker : BusinessRule,
        ScriptTask script => script.Extensions.Script is null ? JobWorker : Script,
        ReceiveTask => Catch,
        IntermediateCatchEvent { Trigger: LinkEventDefinition } => PassThrough,
        IntermediateCatchEvent => Catch,
        IntermediateThrowEvent => Throw,
        EndEvent => End,
        ExclusiveGateway => Exclusive,
        ParallelGateway => Parallel,
        InclusiveGateway => Inclusive,
        EventBasedGateway => EventBased,
        Model.SubProcess => SubProcess,
        Model.CallActivity => CallActivity,
        _ => PassThrough,
    };
}

/// <summary>Start and boundary events (already triggered), plain and manual tasks, link catch events: complete at once.</summary>
internal sealed class PassThroughBehavior : IFlowNodeBehavior
{
    public Task ActivateAsync(Flow flow, InstanceState instance, FlowNode node, ElementInstanceRecord element)
    {
        flow.Complete(instance, element);
        return Task.CompletedTask;
    }
}

/// <summary>Service, send and similar tasks: create a job of the element's type and wait until a worker completes it.</summary>
internal sealed class JobWorkerBehavior : IFlowNodeBehavior
{
    public Task ActivateAsync(Flow flow, InstanceState instance, FlowNode node, ElementInstanceRecord element)
    {
        flow.CreateTaskJob(instance, node, element);
        return Task.CompletedTask;
    }
}

/// <summary>Script task with <c>zeebe:script</c>: evaluates the expression into the result variable.</summary>
internal sealed class ScriptTaskBehavior : IFlowNodeBehavior
{
    public Task ActivateAsync(Flow flow, InstanceState instance, FlowNode node, ElementInstanceRecord element)
    {
        var script = node.Extensions.Script!;
        var value = flow.Expressions.EvaluateExpression(script.Expression ?? "null", Flow.Scope(instance, element.Id), "script");
        flow.SetResultVariables(instance, node, element, new Dictionary<string, object?>(StringComparer.Ordinal) { [script.ResultVariable!] = value });
        flow.Complete(instance, element);
        return Task.CompletedTask;
    }
}

/// <summary>Business rule task with <c>zeebe:calledDecision</c>: evaluates the decision into the result variable.</summary>
internal sealed class BusinessRuleTaskBehavior : IFlowNodeBehavior
{
    public Task ActivateAsync(Flow flow, InstanceState instance, FlowNode node, ElementInstanceRecord element)
    {
        var decision = node.Extensions.CalledDecision!;
        var evaluator = flow.Context.Engine.Options.Decisions
            ?? throw new ElementFailureException("DecisionUnavailable", $"No decision evaluator is configured to evaluate '{decision.DecisionId}'.");
        object? result;
        try
        {
            result = VariableValues.Normalize(evaluator.Evaluate(decision.DecisionId!, Flow.Scope(instance, element.Id)));
        }
        catch (Exception e) when (e is not ElementFailureException and not OperationCanceledException)
        {
            throw new ElementFailureException("DecisionFailed", $"Decision '{decision.DecisionId}' failed: {e.Message}");
        }

        flow.SetResultVariables(instance, node, element, new Dictionary<string, object?>(StringComparer.Ordinal) { [decision.ResultVariable!] = result });
        flow.Complete(instance, element);
        return Task.CompletedTask;
    }
}

/// <summary>Receive tasks and intermediate catch events: wait for the timer, message or signal.</summary>
internal sealed class CatchEventBehavior : IFlowNodeBehavior
{
    public Task ActivateAsync(Flow flow, InstanceState instance, FlowNode node, ElementInstanceRecord element) => node switch
    {
        ReceiveTask receive => flow.SubscribeMessageAsync(instance, receive.MessageRef, node.Id, element, element.Id),
        _ => flow.WaitForEventAsync(instance, (BpmnEvent)node, element, element.Id),
    };
}

/// <summary>Intermediate throw events: none, signal, link, escalation, message (as a job).</summary>
internal sealed class ThrowEventBehavior : IFlowNodeBehavior
{
    public async Task ActivateAsync(Flow flow, InstanceState instance, FlowNode node, ElementInstanceRecord element)
    {
        var ev = (BpmnEvent)node;
        switch (ev.Trigger)
        {
            case MessageEventDefinition:
                flow.CreateTaskJob(instance, node, element);
                return;
            case SignalEventDefinition signal:
                await flow.BroadcastSignalAsync(instance.Process.Root<Signal>(signal.SignalRef)?.Name ?? string.Empty, null, instance.Instance.TenantId);
                break;
            case LinkEventDefinition link:
                var target = ev.Container!.FlowElements.OfType<IntermediateCatchEvent>()
                    .FirstOrDefault(c => c.Trigger is LinkEventDefinition l && l.Name == link.Name)
                    ?? throw new ElementFailureException("LinkMissing", $"No link catch event named '{link.Name}'.");
                flow.CloseElement(instance, element, History.HistoryEventKinds.ElementCompleted);
                flow.Activate(instance, target, element.ParentId!, null);
                return;
            case EscalationEventDefinition escalation:
                if (flow.ThrowEscalation(instance, element, instance.Process.Root<Escalation>(escalation.EscalationRef)?.EscalationCode))
                {
                    return;
                }

                break;
        }

        flow.Complete(instance, element);
    }
}

/// <summary>End events: none, terminate, error, escalation, signal, message (as a job).</summary>
internal sealed class EndEventBehavior : IFlowNodeBehavior
{
    public async Task ActivateAsync(Flow flow, InstanceState instance, FlowNode node, ElementInstanceRecord element)
    {
        var ev = (BpmnEvent)node;
        switch (ev.Trigger)
        {
            case TerminateEventDefinition:
                var scopeId = element.ParentId!;
                flow.CloseElement(instance, element, History.HistoryEventKinds.ElementCompleted);
                await flow.TerminateScopeAsync(instance, scopeId);
                return;
            case ErrorEventDefinition error:
                var code = instance.Process.Root<BpmnError>(error.ErrorRef)?.ErrorCode ?? string.Empty;
                await flow.ThrowErrorAsync(instance, element, code, null);
                return;
            case MessageEventDefinition:
                flow.CreateTaskJob(instance, node, element);
                return;
            case SignalEventDefinition signal:
                await flow.BroadcastSignalAsync(instance.Process.Root<Signal>(signal.SignalRef)?.Name ?? string.Empty, null, instance.Instance.TenantId);
                break;
            case EscalationEventDefinition escalation:
                if (flow.ThrowEscalation(instance, element, instance.Process.Root<Escalation>(escalation.EscalationRef)?.EscalationCode))
                {
                    return;
                }

                break;
        }

        flow.Complete(instance, element);
    }
}
