using System.Xml.Linq;
using Kogge.Feel.Evaluation;

namespace Kogge.Feel.Dmn;

internal abstract class DrgElement(string id, string name, string ns)
{
    public string Id { get; } = id;

    public string Name { get; } = name;

    public string Namespace { get; } = ns;

    /// <summary>The name other models use: "import.name" when the element comes from an import.</summary>
    public string? ImportPrefix { get; set; }
}

internal sealed class InputDataElement(string id, string name, string ns, string? typeRef) : DrgElement(id, name, ns)
{
    public string? TypeRef { get; } = typeRef;
}

internal sealed class DecisionElement(string id, string name, string ns, string? typeRef, XElement? logic) : DrgElement(id, name, ns)
{
    public string? TypeRef { get; } = typeRef;

    public XElement? Logic { get; } = logic;

    public List<string> RequiredDecisions { get; } = [];

    public List<string> RequiredInputs { get; } = [];

    public List<string> RequiredKnowledge { get; } = [];

    public Eval? Compiled { get; set; }

    /// <summary>The requirements resolved on the first evaluation (see DmnModel.Session), kept for the next ones.</summary>
    public object? Plan { get; set; }
}

internal sealed class KnowledgeElement(string id, string name, string ns, XElement? logic) : DrgElement(id, name, ns)
{
    public XElement? Logic { get; } = logic;

    public List<string> RequiredKnowledge { get; } = [];

    public Eval? Compiled { get; set; }
}

internal sealed class DecisionServiceElement(string id, string name, string ns) : DrgElement(id, name, ns)
{
    public List<string> OutputDecisions { get; } = [];

    public List<string> EncapsulatedDecisions { get; } = [];

    public List<string> InputDecisions { get; } = [];

    public List<string> InputData { get; } = [];

    public string? TypeRef { get; set; }
}

internal sealed record ItemDefinition(string Name, string? TypeRef, bool IsCollection, string? AllowedValues, string? TypeConstraint, IReadOnlyList<ItemDefinition> Components, bool IsFunction);
