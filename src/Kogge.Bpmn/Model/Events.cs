namespace Kogge.Bpmn.Model;

/// <summary>An event: start, end, intermediate or boundary.</summary>
public abstract class BpmnEvent : FlowNode
{
    /// <summary>The event definitions; empty for a none event.</summary>
    public IList<EventDefinition> EventDefinitions { get; } = [];

    /// <summary>The single event definition, or null for a none event.</summary>
    public EventDefinition? Trigger => EventDefinitions.Count == 1 ? EventDefinitions[0] : null;

    /// <summary>Whether the event has several definitions and all must occur.</summary>
    public bool ParallelMultiple { get; set; }
}

/// <summary>A start event.</summary>
public sealed class StartEvent : BpmnEvent
{
    /// <inheritdoc />
    public override string ElementName => "startEvent";

    /// <summary>Whether the start of an event sub-process cancels its parent (default true).</summary>
    public bool IsInterrupting { get; set; } = true;
}

/// <summary>An end event.</summary>
public sealed class EndEvent : BpmnEvent
{
    /// <inheritdoc />
    public override string ElementName => "endEvent";
}

/// <summary>An intermediate event that waits (catches).</summary>
public sealed class IntermediateCatchEvent : BpmnEvent
{
    /// <inheritdoc />
    public override string ElementName => "intermediateCatchEvent";
}

/// <summary>An intermediate event that fires (throws).</summary>
public sealed class IntermediateThrowEvent : BpmnEvent
{
    /// <inheritdoc />
    public override string ElementName => "intermediateThrowEvent";
}

/// <summary>An event attached to the boundary of an activity.</summary>
public sealed class BoundaryEvent : BpmnEvent
{
    /// <inheritdoc />
    public override string ElementName => "boundaryEvent";

    /// <summary>The id of the activity the event is attached to.</summary>
    public string AttachedToRef { get; set; } = string.Empty;

    /// <summary>The activity, when the reference resolved.</summary>
    public Activity? AttachedTo { get; internal set; }

    /// <summary>Whether the event cancels the activity (default true).</summary>
    public bool CancelActivity { get; set; } = true;
}

/// <summary>What triggers or is thrown by an event.</summary>
public abstract class EventDefinition : BaseElement;

/// <summary>A message event definition.</summary>
public sealed class MessageEventDefinition : EventDefinition
{
    /// <inheritdoc />
    public override string ElementName => "messageEventDefinition";

    /// <summary>The id of the message.</summary>
    public string? MessageRef { get; set; }

    /// <summary>The id of the operation, when given.</summary>
    public string? OperationRef { get; set; }
}

/// <summary>A timer event definition with exactly one of date, duration or cycle.</summary>
public sealed class TimerEventDefinition : EventDefinition
{
    /// <inheritdoc />
    public override string ElementName => "timerEventDefinition";

    /// <summary>An ISO 8601 date-time at which the timer fires.</summary>
    public Expression? TimeDate { get; set; }

    /// <summary>An ISO 8601 duration after which the timer fires.</summary>
    public Expression? TimeDuration { get; set; }

    /// <summary>An ISO 8601 repeating interval, for example <c>R3/PT24H</c>.</summary>
    public Expression? TimeCycle { get; set; }
}

/// <summary>A signal event definition.</summary>
public sealed class SignalEventDefinition : EventDefinition
{
    /// <inheritdoc />
    public override string ElementName => "signalEventDefinition";

    /// <summary>The id of the signal.</summary>
    public string? SignalRef { get; set; }
}

/// <summary>An error event definition.</summary>
public sealed class ErrorEventDefinition : EventDefinition
{
    /// <inheritdoc />
    public override string ElementName => "errorEventDefinition";

    /// <summary>The id of the error; none catches every error.</summary>
    public string? ErrorRef { get; set; }
}

/// <summary>An escalation event definition.</summary>
public sealed class EscalationEventDefinition : EventDefinition
{
    /// <inheritdoc />
    public override string ElementName => "escalationEventDefinition";

    /// <summary>The id of the escalation; none catches every escalation.</summary>
    public string? EscalationRef { get; set; }
}

/// <summary>A terminate end event definition.</summary>
public sealed class TerminateEventDefinition : EventDefinition
{
    /// <inheritdoc />
    public override string ElementName => "terminateEventDefinition";
}

/// <summary>A link event definition (a go-to within one process level).</summary>
public sealed class LinkEventDefinition : EventDefinition
{
    /// <inheritdoc />
    public override string ElementName => "linkEventDefinition";

    /// <summary>The link name that pairs throw and catch.</summary>
    public string? Name { get; set; }
}

/// <summary>A conditional event definition.</summary>
public sealed class ConditionalEventDefinition : EventDefinition
{
    /// <inheritdoc />
    public override string ElementName => "conditionalEventDefinition";

    /// <summary>The condition.</summary>
    public Expression? Condition { get; set; }
}

/// <summary>A compensation event definition (not executable in Kogge).</summary>
public sealed class CompensateEventDefinition : EventDefinition
{
    /// <inheritdoc />
    public override string ElementName => "compensateEventDefinition";

    /// <summary>The id of the activity to compensate.</summary>
    public string? ActivityRef { get; set; }

    /// <summary>Whether the throw waits for compensation to complete.</summary>
    public bool? WaitForCompletion { get; set; }
}

/// <summary>A cancel event definition of transactions (not executable in Kogge).</summary>
public sealed class CancelEventDefinition : EventDefinition
{
    /// <inheritdoc />
    public override string ElementName => "cancelEventDefinition";
}
