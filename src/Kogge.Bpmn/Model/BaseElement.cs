using System.Xml.Linq;

namespace Kogge.Bpmn.Model;

/// <summary>The root of every BPMN model element: an id, documentation and extensions.</summary>
public abstract class BaseElement
{
    /// <summary>The element id, unique within its definitions; empty when the file gave none.</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>The BPMN XML local name of the element, for example <c>userTask</c>.</summary>
    public abstract string ElementName { get; }

    /// <summary>The documentation texts attached to the element.</summary>
    public IList<Documentation> Documentation { get; } = [];

    /// <summary>Extension elements, typed where the engine understands them.</summary>
    public ExtensionElements Extensions { get; } = new();

    /// <summary>
    /// Attributes of other namespaces (vendor tools) and BPMN content the model does not type,
    /// kept so that a written file loses nothing a modeller relies on.
    /// </summary>
    public IList<XAttribute> ForeignAttributes { get; } = [];

    /// <summary>Child elements the model does not type (for example <c>ioSpecification</c>), kept verbatim.</summary>
    public IList<XElement> UnmodeledContent { get; } = [];

    /// <inheritdoc />
    public override string ToString() => $"{ElementName} '{Id}'";
}

/// <summary>A BPMN <c>documentation</c> element.</summary>
public sealed class Documentation
{
    /// <summary>The documentation text.</summary>
    public string Text { get; set; } = string.Empty;

    /// <summary>The MIME type of the text, when given.</summary>
    public string? TextFormat { get; set; }

    /// <summary>The id of the documentation element, when given.</summary>
    public string? Id { get; set; }
}

/// <summary>A BPMN expression; formal expressions carry an optional language.</summary>
public sealed class Expression
{
    /// <summary>The expression text as written in the file (FEEL expressions start with <c>=</c>).</summary>
    public string Text { get; set; } = string.Empty;

    /// <summary>The expression language URI, when given.</summary>
    public string? Language { get; set; }

    /// <summary>Whether the element was a <c>tFormalExpression</c>.</summary>
    public bool IsFormal { get; set; }

    /// <summary>The id of the expression element, when given.</summary>
    public string? Id { get; set; }

    /// <summary>The type that the expression evaluates to, when given.</summary>
    public string? EvaluatesToTypeRef { get; set; }
}
