namespace Kogge.Bpmn.Model;

/// <summary>An element inside a process or sub-process.</summary>
public abstract class FlowElement : BaseElement
{
    /// <summary>The display name.</summary>
    public string? Name { get; set; }

    /// <summary>The container (process or sub-process) that holds the element.</summary>
    public IFlowElementsContainer? Container { get; internal set; }
}

/// <summary>A node that sequence flows connect: an activity, event or gateway.</summary>
public abstract class FlowNode : FlowElement
{
    /// <summary>The incoming sequence flows, resolved.</summary>
    public IList<SequenceFlow> Incoming { get; } = [];

    /// <summary>The outgoing sequence flows, resolved.</summary>
    public IList<SequenceFlow> Outgoing { get; } = [];
}

/// <summary>A sequence flow between two flow nodes.</summary>
public sealed class SequenceFlow : FlowElement
{
    /// <inheritdoc />
    public override string ElementName => "sequenceFlow";

    /// <summary>The id of the source node.</summary>
    public string SourceRef { get; set; } = string.Empty;

    /// <summary>The id of the target node.</summary>
    public string TargetRef { get; set; } = string.Empty;

    /// <summary>The source node, when the reference resolved.</summary>
    public FlowNode? Source { get; internal set; }

    /// <summary>The target node, when the reference resolved.</summary>
    public FlowNode? Target { get; internal set; }

    /// <summary>The condition that must hold for a token to take the flow.</summary>
    public Expression? ConditionExpression { get; set; }

    /// <summary>The <c>isImmediate</c> attribute, when given.</summary>
    public bool? IsImmediate { get; set; }
}

/// <summary>A data object of a process.</summary>
public sealed class DataObject : FlowElement
{
    /// <inheritdoc />
    public override string ElementName => "dataObject";

    /// <summary>Whether the data object is a collection.</summary>
    public bool IsCollection { get; set; }

    /// <summary>The id of the item definition.</summary>
    public string? ItemSubjectRef { get; set; }
}

/// <summary>A reference to a data object, drawn in the diagram.</summary>
public sealed class DataObjectReference : FlowElement
{
    /// <inheritdoc />
    public override string ElementName => "dataObjectReference";

    /// <summary>The id of the referenced data object.</summary>
    public string? DataObjectRef { get; set; }

    /// <summary>The id of the item definition.</summary>
    public string? ItemSubjectRef { get; set; }
}

/// <summary>A reference to a data store, drawn in the diagram.</summary>
public sealed class DataStoreReference : FlowElement
{
    /// <inheritdoc />
    public override string ElementName => "dataStoreReference";

    /// <summary>The id of the referenced data store.</summary>
    public string? DataStoreRef { get; set; }

    /// <summary>The id of the item definition.</summary>
    public string? ItemSubjectRef { get; set; }
}

/// <summary>An artifact: annotation, association or group.</summary>
public abstract class Artifact : BaseElement;

/// <summary>A text annotation.</summary>
public sealed class TextAnnotation : Artifact
{
    /// <inheritdoc />
    public override string ElementName => "textAnnotation";

    /// <summary>The annotation text.</summary>
    public string? Text { get; set; }

    /// <summary>The text format, when given.</summary>
    public string? TextFormat { get; set; }
}

/// <summary>An association between an artifact and another element.</summary>
public sealed class Association : Artifact
{
    /// <inheritdoc />
    public override string ElementName => "association";

    /// <summary>The id of the source element.</summary>
    public string SourceRef { get; set; } = string.Empty;

    /// <summary>The id of the target element.</summary>
    public string TargetRef { get; set; } = string.Empty;

    /// <summary>The direction (<c>None</c>, <c>One</c>, <c>Both</c>).</summary>
    public string? AssociationDirection { get; set; }
}

/// <summary>A visual group of elements.</summary>
public sealed class Group : Artifact
{
    /// <inheritdoc />
    public override string ElementName => "group";

    /// <summary>The id of the category value that names the group.</summary>
    public string? CategoryValueRef { get; set; }
}
