namespace Kogge.Bpmn.Engine.History;

/// <summary>The kinds of history events the engine writes, in <see cref="Storage.HistoryEventRecord.Kind"/>.</summary>
public static class HistoryEventKinds
{
    /// <summary>A process instance started.</summary>
    public const string ProcessInstanceStarted = "ProcessInstanceStarted";

    /// <summary>A process instance reached its end.</summary>
    public const string ProcessInstanceCompleted = "ProcessInstanceCompleted";

    /// <summary>A process instance was cancelled or ended by a terminate end event.</summary>
    public const string ProcessInstanceTerminated = "ProcessInstanceTerminated";

    /// <summary>An element was entered.</summary>
    public const string ElementActivated = "ElementActivated";

    /// <summary>An element completed.</summary>
    public const string ElementCompleted = "ElementCompleted";

    /// <summary>An element was ended early (boundary event, terminate, cancellation).</summary>
    public const string ElementTerminated = "ElementTerminated";

    /// <summary>A token took a sequence flow.</summary>
    public const string SequenceFlowTaken = "SequenceFlowTaken";

    /// <summary>A user task was created.</summary>
    public const string TaskCreated = "TaskCreated";

    /// <summary>A user task was assigned (claimed) or unassigned.</summary>
    public const string TaskAssigned = "TaskAssigned";

    /// <summary>A user task was completed.</summary>
    public const string TaskCompleted = "TaskCompleted";

    /// <summary>A variable was created.</summary>
    public const string VariableCreated = "VariableCreated";

    /// <summary>A variable changed.</summary>
    public const string VariableUpdated = "VariableUpdated";

    /// <summary>A job was created.</summary>
    public const string JobCreated = "JobCreated";

    /// <summary>A job completed.</summary>
    public const string JobCompleted = "JobCompleted";

    /// <summary>A job failed; details hold the message and retries left.</summary>
    public const string JobFailed = "JobFailed";

    /// <summary>A timer fired.</summary>
    public const string TimerFired = "TimerFired";

    /// <summary>A message was correlated.</summary>
    public const string MessageCorrelated = "MessageCorrelated";

    /// <summary>A signal was received.</summary>
    public const string SignalReceived = "SignalReceived";

    /// <summary>A BPMN error was thrown.</summary>
    public const string ErrorThrown = "ErrorThrown";

    /// <summary>An escalation was thrown.</summary>
    public const string EscalationThrown = "EscalationThrown";

    /// <summary>An incident was raised.</summary>
    public const string IncidentCreated = "IncidentCreated";

    /// <summary>An incident was resolved.</summary>
    public const string IncidentResolved = "IncidentResolved";

    /// <summary>A process definition version was deployed.</summary>
    public const string ProcessDefinitionDeployed = "ProcessDefinitionDeployed";
}
