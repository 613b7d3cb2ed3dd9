namespace Kogge.Mining.Conformance;

/// <summary>How the activities of a BPMN model are named for matching with a log.</summary>
public enum ActivityMatching
{
    /// <summary>By the element name (the task's caption); elements without a name by their id.</summary>
    Name,

    /// <summary>By the element id, for logs that record BPMN element ids (such as Kogge's own history).</summary>
    Id,
}

/// <summary>Options of the translation of a BPMN process into a Petri net.</summary>
public sealed class BpmnNetOptions
{
    /// <summary>The process to translate; when null, the only process with flow nodes (or the only executable one).</summary>
    public string? ProcessId { get; init; }

    /// <summary>How activities are matched to the activity names of a log.</summary>
    public ActivityMatching Matching { get; init; } = ActivityMatching.Name;

    /// <summary>
    /// Whether named intermediate and boundary events are activities (labelled transitions) that the
    /// log is expected to record. When false, or for events without a name, they are silent.
    /// </summary>
    public bool NamedEventsAreActivities { get; init; } = true;

    /// <summary>
    /// The largest number of branches of an inclusive gateway; every non-empty subset of branches
    /// becomes a transition, so the net grows as 2^n.
    /// </summary>
    public int MaxInclusiveBranches { get; init; } = 8;
}

/// <summary>A BPMN model that cannot be translated into a Petri net, naming the element at fault.</summary>
public sealed class BpmnNetException : Exception
{
    /// <summary>Creates the exception.</summary>
    public BpmnNetException(string message, string? elementId)
        : base(message) => ElementId = elementId;

    /// <summary>Creates the exception.</summary>
    public BpmnNetException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public BpmnNetException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public BpmnNetException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The BPMN element id, when the fault lies with one element.</summary>
    public string? ElementId { get; }
}
