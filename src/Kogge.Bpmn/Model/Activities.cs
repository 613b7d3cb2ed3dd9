namespace Kogge.Bpmn.Model;

/// <summary>An activity: a task, sub-process or call activity.</summary>
public abstract class Activity : FlowNode
{
    /// <summary>Whether the activity is a compensation handler (not executable in Kogge).</summary>
    public bool IsForCompensation { get; set; }

    /// <summary>The start quantity, when given.</summary>
    public int? StartQuantity { get; set; }

    /// <summary>The completion quantity, when given.</summary>
    public int? CompletionQuantity { get; set; }

    /// <summary>The id of the default outgoing flow, when given.</summary>
    public string? DefaultFlowRef { get; set; }

    /// <summary>The default flow, when the reference resolved.</summary>
    public SequenceFlow? DefaultFlow { get; internal set; }

    /// <summary>Standard loop or multi-instance characteristics.</summary>
    public LoopCharacteristics? LoopCharacteristics { get; set; }

    /// <summary>The boundary events attached to the activity, resolved.</summary>
    public IList<BoundaryEvent> BoundaryEvents { get; } = [];
}

/// <summary>The common base of every task kind.</summary>
public abstract class TaskActivity : Activity;

/// <summary>A task without a type (<c>task</c>), run as a pass-through.</summary>
public sealed class UntypedTask : TaskActivity
{
    /// <inheritdoc />
    public override string ElementName => "task";
}

/// <summary>A task done by a person, shown in an inbox.</summary>
public sealed class UserTask : TaskActivity
{
    /// <inheritdoc />
    public override string ElementName => "userTask";

    /// <summary>The implementation attribute, when given.</summary>
    public string? Implementation { get; set; }
}

/// <summary>A task done by a system through a job of a type.</summary>
public sealed class ServiceTask : TaskActivity
{
    /// <inheritdoc />
    public override string ElementName => "serviceTask";

    /// <summary>The implementation attribute, when given.</summary>
    public string? Implementation { get; set; }
}

/// <summary>A task that sends a message, executed like a service task.</summary>
public sealed class SendTask : TaskActivity
{
    /// <inheritdoc />
    public override string ElementName => "sendTask";

    /// <summary>The id of the message sent.</summary>
    public string? MessageRef { get; set; }

    /// <summary>The implementation attribute, when given.</summary>
    public string? Implementation { get; set; }
}

/// <summary>A task that waits for a message.</summary>
public sealed class ReceiveTask : TaskActivity
{
    /// <inheritdoc />
    public override string ElementName => "receiveTask";

    /// <summary>The id of the message awaited.</summary>
    public string? MessageRef { get; set; }

    /// <summary>Whether the task starts the process.</summary>
    public bool Instantiate { get; set; }

    /// <summary>The implementation attribute, when given.</summary>
    public string? Implementation { get; set; }
}

/// <summary>A task that evaluates a decision.</summary>
public sealed class BusinessRuleTask : TaskActivity
{
    /// <inheritdoc />
    public override string ElementName => "businessRuleTask";

    /// <summary>The implementation attribute, when given.</summary>
    public string? Implementation { get; set; }
}

/// <summary>A task that evaluates a script.</summary>
public sealed class ScriptTask : TaskActivity
{
    /// <inheritdoc />
    public override string ElementName => "scriptTask";

    /// <summary>The script format, when given.</summary>
    public string? ScriptFormat { get; set; }

    /// <summary>The script body, when given in BPMN itself.</summary>
    public string? Script { get; set; }
}

/// <summary>A task done by hand without system support.</summary>
public sealed class ManualTask : TaskActivity
{
    /// <inheritdoc />
    public override string ElementName => "manualTask";
}

/// <summary>An embedded sub-process, or an event sub-process when <see cref="TriggeredByEvent"/>.</summary>
public class SubProcess : Activity, IFlowElementsContainer
{
    /// <inheritdoc />
    public override string ElementName => "subProcess";

    /// <summary>Whether this is an event sub-process.</summary>
    public bool TriggeredByEvent { get; set; }

    /// <inheritdoc />
    public IList<FlowElement> FlowElements { get; } = [];

    /// <inheritdoc />
    public IList<LaneSet> LaneSets { get; } = [];

    /// <inheritdoc />
    public IList<Artifact> Artifacts { get; } = [];
}

/// <summary>A transaction sub-process (not executable in Kogge).</summary>
public sealed class Transaction : SubProcess
{
    /// <inheritdoc />
    public override string ElementName => "transaction";

    /// <summary>The transaction method, when given.</summary>
    public string? Method { get; set; }
}

/// <summary>An ad-hoc sub-process (not executable in Kogge).</summary>
public sealed class AdHocSubProcess : SubProcess
{
    /// <inheritdoc />
    public override string ElementName => "adHocSubProcess";

    /// <summary>The ordering (<c>Parallel</c> or <c>Sequential</c>).</summary>
    public string? Ordering { get; set; }

    /// <summary>Whether running activities are cancelled at completion.</summary>
    public bool? CancelRemainingInstances { get; set; }

    /// <summary>The completion condition.</summary>
    public Expression? CompletionCondition { get; set; }
}

/// <summary>An activity that starts another process (or global task) by id.</summary>
public sealed class CallActivity : Activity
{
    /// <inheritdoc />
    public override string ElementName => "callActivity";

    /// <summary>The id of the called process or global task.</summary>
    public string? CalledElement { get; set; }
}

/// <summary>Loop characteristics of an activity.</summary>
public abstract class LoopCharacteristics : BaseElement;

/// <summary>A standard (while) loop.</summary>
public sealed class StandardLoopCharacteristics : LoopCharacteristics
{
    /// <inheritdoc />
    public override string ElementName => "standardLoopCharacteristics";

    /// <summary>Whether the condition is tested before each pass.</summary>
    public bool TestBefore { get; set; }

    /// <summary>The maximum number of passes, when given.</summary>
    public int? LoopMaximum { get; set; }

    /// <summary>The loop condition.</summary>
    public Expression? LoopCondition { get; set; }
}

/// <summary>Multi-instance characteristics: one instance per element of a collection or per count.</summary>
public sealed class MultiInstanceLoopCharacteristics : LoopCharacteristics
{
    /// <inheritdoc />
    public override string ElementName => "multiInstanceLoopCharacteristics";

    /// <summary>Whether the instances run one after another.</summary>
    public bool IsSequential { get; set; }

    /// <summary>The number of instances, as an expression.</summary>
    public Expression? LoopCardinality { get; set; }

    /// <summary>The condition that completes the activity early.</summary>
    public Expression? CompletionCondition { get; set; }

    /// <summary>The id of the data input that holds the collection (BPMN form).</summary>
    public string? LoopDataInputRef { get; set; }

    /// <summary>The id of the data output that collects results (BPMN form).</summary>
    public string? LoopDataOutputRef { get; set; }
}
