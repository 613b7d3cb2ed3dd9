using Kogge.Bpmn.Engine.History;
using Kogge.Bpmn.Model;
using Kogge.Bpmn.Storage;

namespace Kogge.Bpmn.Engine.Execution;

/// <summary>BPMN errors and escalations: finding who catches them.</summary>
internal sealed partial class Flow
{
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
