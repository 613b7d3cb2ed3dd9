using System.Xml.Linq;

namespace Kogge.Bpmn.Model.Diagram;

/// <summary>An element of BPMN diagram interchange (DI).</summary>
public abstract class DiagramElement
{
    /// <summary>The DI element id, when given.</summary>
    public string? Id { get; set; }

    /// <summary>Attributes of other namespaces (vendor styling), kept verbatim.</summary>
    public IList<XAttribute> ForeignAttributes { get; } = [];

    /// <summary>Child elements the model does not type, kept verbatim.</summary>
    public IList<XElement> UnmodeledContent { get; } = [];
}

/// <summary>A <c>BPMNDiagram</c>: one drawing with one plane.</summary>
public sealed class BpmnDiagram : DiagramElement
{
    /// <summary>The diagram name.</summary>
    public string? Name { get; set; }

    /// <summary>The diagram documentation attribute.</summary>
    public string? Documentation { get; set; }

    /// <summary>The resolution in pixels per inch, when given.</summary>
    public double? Resolution { get; set; }

    /// <summary>The plane with the shapes and edges.</summary>
    public BpmnPlane Plane { get; set; } = new();

    /// <summary>Label styles (<c>BPMNLabelStyle</c>), kept verbatim.</summary>
    public IList<XElement> LabelStyles { get; } = [];
}

/// <summary>A <c>BPMNPlane</c> for a process, collaboration or sub-process.</summary>
public sealed class BpmnPlane : DiagramElement
{
    /// <summary>The id of the model element drawn.</summary>
    public string? BpmnElement { get; set; }

    /// <summary>The shapes and edges in document order.</summary>
    public IList<DiagramElement> Elements { get; } = [];
}

/// <summary>A rectangle in diagram coordinates.</summary>
public sealed record Bounds(double X, double Y, double Width, double Height);

/// <summary>A point of an edge.</summary>
public sealed record Waypoint(double X, double Y);

/// <summary>A <c>BPMNLabel</c>: the label position and style of a shape or edge.</summary>
public sealed class BpmnLabel : DiagramElement
{
    /// <summary>The label bounds, when given.</summary>
    public Bounds? Bounds { get; set; }

    /// <summary>The id of the label style, when given.</summary>
    public string? LabelStyle { get; set; }
}

/// <summary>A <c>BPMNShape</c>: the drawing of a node, pool or lane.</summary>
public sealed class BpmnShape : DiagramElement
{
    /// <summary>The id of the model element drawn.</summary>
    public string? BpmnElement { get; set; }

    /// <summary>The shape bounds.</summary>
    public Bounds? Bounds { get; set; }

    /// <summary>Whether a pool or lane is drawn horizontally.</summary>
    public bool? IsHorizontal { get; set; }

    /// <summary>Whether a sub-process is drawn expanded.</summary>
    public bool? IsExpanded { get; set; }

    /// <summary>Whether an exclusive gateway shows its marker.</summary>
    public bool? IsMarkerVisible { get; set; }

    /// <summary>Whether a participant band shows its message.</summary>
    public bool? IsMessageVisible { get; set; }

    /// <summary>The participant band kind in choreographies.</summary>
    public string? ParticipantBandKind { get; set; }

    /// <summary>The choreography activity shape, when a band.</summary>
    public string? ChoreographyActivityShape { get; set; }

    /// <summary>The label, when given.</summary>
    public BpmnLabel? Label { get; set; }
}

/// <summary>A <c>BPMNEdge</c>: the drawing of a flow or association.</summary>
public sealed class BpmnEdge : DiagramElement
{
    /// <summary>The id of the model element drawn.</summary>
    public string? BpmnElement { get; set; }

    /// <summary>The id of the source shape, when given.</summary>
    public string? SourceElement { get; set; }

    /// <summary>The id of the target shape, when given.</summary>
    public string? TargetElement { get; set; }

    /// <summary>The message visibility of a message flow.</summary>
    public string? MessageVisibleKind { get; set; }

    /// <summary>The points of the edge.</summary>
    public IList<Waypoint> Waypoints { get; } = [];

    /// <summary>The label, when given.</summary>
    public BpmnLabel? Label { get; set; }
}
