namespace Kogge.Bpmn.Model;

/// <summary>An element that holds flow elements: a process or a sub-process.</summary>
public interface IFlowElementsContainer
{
    /// <summary>The container id.</summary>
    string Id { get; }

    /// <summary>The flow elements in document order.</summary>
    IList<FlowElement> FlowElements { get; }

    /// <summary>The lane sets.</summary>
    IList<LaneSet> LaneSets { get; }

    /// <summary>Text annotations, associations and groups.</summary>
    IList<Artifact> Artifacts { get; }
}

/// <summary>A BPMN process.</summary>
public sealed class Process : RootElement, IFlowElementsContainer
{
    /// <inheritdoc />
    public override string ElementName => "process";

    /// <summary>Whether the process is meant to run on an engine.</summary>
    public bool? IsExecutable { get; set; }

    /// <summary>Whether the process is closed to interactions not modelled.</summary>
    public bool? IsClosed { get; set; }

    /// <summary>The process type (<c>None</c>, <c>Public</c>, <c>Private</c>).</summary>
    public string? ProcessType { get; set; }

    /// <inheritdoc />
    public IList<FlowElement> FlowElements { get; } = [];

    /// <inheritdoc />
    public IList<LaneSet> LaneSets { get; } = [];

    /// <inheritdoc />
    public IList<Artifact> Artifacts { get; } = [];
}

/// <summary>A lane set of a process or sub-process.</summary>
public sealed class LaneSet : BaseElement
{
    /// <inheritdoc />
    public override string ElementName => "laneSet";

    /// <summary>The name of the lane set.</summary>
    public string? Name { get; set; }

    /// <summary>The lanes.</summary>
    public IList<Lane> Lanes { get; } = [];
}

/// <summary>A lane: a partition of the flow nodes, often a role or office.</summary>
public sealed class Lane : BaseElement
{
    /// <inheritdoc />
    public override string ElementName => "lane";

    /// <summary>The lane name.</summary>
    public string? Name { get; set; }

    /// <summary>The ids of the flow nodes in the lane.</summary>
    public IList<string> FlowNodeRefs { get; } = [];

    /// <summary>Nested lanes.</summary>
    public LaneSet? ChildLaneSet { get; set; }

    /// <summary>The reference to the partition element, when given.</summary>
    public string? PartitionElementRef { get; set; }
}

/// <summary>A collaboration: pools (participants) and the message flows between them.</summary>
public sealed class Collaboration : RootElement
{
    /// <inheritdoc />
    public override string ElementName => "collaboration";

    /// <summary>Whether the collaboration is closed.</summary>
    public bool? IsClosed { get; set; }

    /// <summary>The participants (pools).</summary>
    public IList<Participant> Participants { get; } = [];

    /// <summary>The message flows.</summary>
    public IList<MessageFlow> MessageFlows { get; } = [];

    /// <summary>Text annotations, associations and groups.</summary>
    public IList<Artifact> Artifacts { get; } = [];
}

/// <summary>A participant (pool), optionally executing a process.</summary>
public sealed class Participant : BaseElement
{
    /// <inheritdoc />
    public override string ElementName => "participant";

    /// <summary>The pool name.</summary>
    public string? Name { get; set; }

    /// <summary>The id of the process the pool runs, when any.</summary>
    public string? ProcessRef { get; set; }
}

/// <summary>A message flow between pools or their elements.</summary>
public sealed class MessageFlow : BaseElement
{
    /// <inheritdoc />
    public override string ElementName => "messageFlow";

    /// <summary>The flow name.</summary>
    public string? Name { get; set; }

    /// <summary>The id of the sending participant or flow node.</summary>
    public string SourceRef { get; set; } = string.Empty;

    /// <summary>The id of the receiving participant or flow node.</summary>
    public string TargetRef { get; set; } = string.Empty;

    /// <summary>The id of the message sent.</summary>
    public string? MessageRef { get; set; }
}
