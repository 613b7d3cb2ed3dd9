using System.Xml.Linq;

namespace Kogge.Bpmn.Model;

/// <summary>
/// The <c>extensionElements</c> of an element: the Camunda 8 (Zeebe) ones typed, every other one
/// kept verbatim in <see cref="Other"/>.
/// </summary>
public sealed class ExtensionElements
{
    /// <summary>The job type and retries of a service-like task (<c>zeebe:taskDefinition</c>).</summary>
    public ZeebeTaskDefinition? TaskDefinition { get; set; }

    /// <summary>The form of a user task (<c>zeebe:formDefinition</c>).</summary>
    public ZeebeFormDefinition? FormDefinition { get; set; }

    /// <summary>Marks a Camunda user task (<c>zeebe:userTask</c>).</summary>
    public bool IsZeebeUserTask { get; set; }

    /// <summary>Embedded forms of a process (<c>zeebe:userTaskForm</c>).</summary>
    public IList<ZeebeUserTaskForm> UserTaskForms { get; } = [];

    /// <summary>Assignee and candidates of a user task (<c>zeebe:assignmentDefinition</c>).</summary>
    public ZeebeAssignmentDefinition? AssignmentDefinition { get; set; }

    /// <summary>Due and follow-up dates of a user task (<c>zeebe:taskSchedule</c>).</summary>
    public ZeebeTaskSchedule? TaskSchedule { get; set; }

    /// <summary>Input and output variable mappings (<c>zeebe:ioMapping</c>).</summary>
    public ZeebeIoMapping? IoMapping { get; set; }

    /// <summary>The process a call activity starts (<c>zeebe:calledElement</c>).</summary>
    public ZeebeCalledElement? CalledElement { get; set; }

    /// <summary>The collection of a multi-instance activity (<c>zeebe:loopCharacteristics</c>).</summary>
    public ZeebeLoopCharacteristics? LoopCharacteristics { get; set; }

    /// <summary>The correlation key of a message (<c>zeebe:subscription</c>).</summary>
    public ZeebeSubscription? Subscription { get; set; }

    /// <summary>The decision a business rule task evaluates (<c>zeebe:calledDecision</c>).</summary>
    public ZeebeCalledDecision? CalledDecision { get; set; }

    /// <summary>Static headers handed to job handlers (<c>zeebe:taskHeaders</c>).</summary>
    public IList<KeyValuePair<string, string>> TaskHeaders { get; } = [];

    /// <summary>Whether the file contained a <c>zeebe:taskHeaders</c> element.</summary>
    public bool HasTaskHeaders { get; set; }

    /// <summary>The FEEL script of a script task (<c>zeebe:script</c>).</summary>
    public ZeebeScript? Script { get; set; }

    /// <summary>Every other extension element, verbatim.</summary>
    public IList<XElement> Other { get; } = [];

    /// <summary>Whether the element had an <c>extensionElements</c> element at all.</summary>
    public bool IsPresent { get; set; }
}

/// <summary><c>zeebe:taskDefinition</c>: the job type and retries.</summary>
public sealed record ZeebeTaskDefinition(string? Type, string? Retries);

/// <summary><c>zeebe:formDefinition</c>: a form by key, id or external reference.</summary>
public sealed record ZeebeFormDefinition(string? FormKey, string? FormId, string? ExternalReference);

/// <summary><c>zeebe:userTaskForm</c>: a form embedded in the process.</summary>
public sealed record ZeebeUserTaskForm(string Id, string Body);

/// <summary><c>zeebe:assignmentDefinition</c>: assignee and candidates, each possibly a FEEL expression.</summary>
public sealed record ZeebeAssignmentDefinition(string? Assignee, string? CandidateGroups, string? CandidateUsers);

/// <summary><c>zeebe:taskSchedule</c>: due and follow-up dates, each possibly a FEEL expression.</summary>
public sealed record ZeebeTaskSchedule(string? DueDate, string? FollowUpDate);

/// <summary>One variable mapping: a source expression and a target variable path.</summary>
public sealed record ZeebeMapping(string Source, string Target);

/// <summary><c>zeebe:ioMapping</c>: input mappings into and output mappings out of an element.</summary>
public sealed class ZeebeIoMapping
{
    /// <summary>Mappings evaluated when the element is entered, into its local scope.</summary>
    public IList<ZeebeMapping> Inputs { get; } = [];

    /// <summary>Mappings evaluated when the element completes, into the enclosing scope.</summary>
    public IList<ZeebeMapping> Outputs { get; } = [];
}

/// <summary><c>zeebe:calledElement</c>: the called process id and variable propagation.</summary>
public sealed record ZeebeCalledElement(string? ProcessId, bool? PropagateAllChildVariables, bool? PropagateAllParentVariables, string? BindingType);

/// <summary><c>zeebe:loopCharacteristics</c>: the collection and element variable of a multi-instance activity.</summary>
public sealed record ZeebeLoopCharacteristics(string? InputCollection, string? InputElement, string? OutputCollection, string? OutputElement);

/// <summary><c>zeebe:subscription</c>: the correlation key expression of a message.</summary>
public sealed record ZeebeSubscription(string? CorrelationKey);

/// <summary><c>zeebe:calledDecision</c>: the decision id and the result variable.</summary>
public sealed record ZeebeCalledDecision(string? DecisionId, string? ResultVariable, string? BindingType);

/// <summary><c>zeebe:script</c>: a FEEL expression whose value goes to a variable.</summary>
public sealed record ZeebeScript(string? Expression, string? ResultVariable);
