using System.Xml.Linq;

namespace Kogge.Bpmn.Model;

/// <summary>An element directly under <c>definitions</c>.</summary>
public abstract class RootElement : BaseElement
{
    /// <summary>The display name.</summary>
    public string? Name { get; set; }
}

/// <summary>A BPMN message, correlated by name.</summary>
public sealed class Message : RootElement
{
    /// <inheritdoc />
    public override string ElementName => "message";

    /// <summary>The id of the item definition of the payload.</summary>
    public string? ItemRef { get; set; }
}

/// <summary>A BPMN error, caught by error code.</summary>
public sealed class BpmnError : RootElement
{
    /// <inheritdoc />
    public override string ElementName => "error";

    /// <summary>The error code that boundary and start events catch.</summary>
    public string? ErrorCode { get; set; }

    /// <summary>The id of the item definition of the payload.</summary>
    public string? StructureRef { get; set; }
}

/// <summary>A BPMN signal, broadcast by name.</summary>
public sealed class Signal : RootElement
{
    /// <inheritdoc />
    public override string ElementName => "signal";

    /// <summary>The id of the item definition of the payload.</summary>
    public string? StructureRef { get; set; }
}

/// <summary>A BPMN escalation, caught by code.</summary>
public sealed class Escalation : RootElement
{
    /// <inheritdoc />
    public override string ElementName => "escalation";

    /// <summary>The escalation code.</summary>
    public string? EscalationCode { get; set; }

    /// <summary>The id of the item definition of the payload.</summary>
    public string? StructureRef { get; set; }
}

/// <summary>A BPMN item definition (the type of data).</summary>
public sealed class ItemDefinition : RootElement
{
    /// <inheritdoc />
    public override string ElementName => "itemDefinition";

    /// <summary>The structure reference (a type name).</summary>
    public string? StructureRef { get; set; }

    /// <summary>Whether the item is a collection.</summary>
    public bool IsCollection { get; set; }

    /// <summary>The item kind (<c>Information</c> or <c>Physical</c>).</summary>
    public string? ItemKind { get; set; }
}

/// <summary>A BPMN data store shared between processes.</summary>
public sealed class DataStore : RootElement
{
    /// <inheritdoc />
    public override string ElementName => "dataStore";

    /// <summary>The capacity, when limited.</summary>
    public int? Capacity { get; set; }

    /// <summary>Whether the store is unlimited.</summary>
    public bool? IsUnlimited { get; set; }

    /// <summary>The id of the item definition of the content.</summary>
    public string? ItemSubjectRef { get; set; }
}

/// <summary>
/// A root element the model does not type (resource, globalTask, interface, category, ...),
/// kept verbatim so that it is written back and references to it resolve.
/// </summary>
public sealed class UnmodeledRootElement : RootElement
{
    /// <summary>Creates the wrapper around the original element.</summary>
    public UnmodeledRootElement(XElement element)
    {
        ArgumentNullException.ThrowIfNull(element);
        Element = element;
    }

    /// <summary>The original XML element.</summary>
    public XElement Element { get; }

    /// <inheritdoc />
    public override string ElementName => Element.Name.LocalName;
}
