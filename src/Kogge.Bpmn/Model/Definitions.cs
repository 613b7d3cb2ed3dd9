using System.Xml.Linq;
using Kogge.Bpmn.Model.Diagram;

namespace Kogge.Bpmn.Model;

/// <summary>The root of a BPMN file: processes, collaborations, shared definitions and diagrams.</summary>
public sealed class Definitions : BaseElement
{
    /// <inheritdoc />
    public override string ElementName => "definitions";

    /// <summary>The name of the definitions.</summary>
    public string? Name { get; set; }

    /// <summary>The target namespace.</summary>
    public string TargetNamespace { get; set; } = string.Empty;

    /// <summary>The default expression language URI.</summary>
    public string? ExpressionLanguage { get; set; }

    /// <summary>The default type language URI.</summary>
    public string? TypeLanguage { get; set; }

    /// <summary>The tool that wrote the file.</summary>
    public string? Exporter { get; set; }

    /// <summary>The version of the tool that wrote the file.</summary>
    public string? ExporterVersion { get; set; }

    /// <summary>Namespace declarations of the original file (prefix to URI), reused when writing.</summary>
    public IList<KeyValuePair<string, string>> NamespaceDeclarations { get; } = [];

    /// <summary>The imports of other files.</summary>
    public IList<Import> Imports { get; } = [];

    /// <summary>All root elements in document order (processes, collaborations, messages, errors, ...).</summary>
    public IList<RootElement> RootElements { get; } = [];

    /// <summary>The diagrams (BPMN DI) of the file.</summary>
    public IList<BpmnDiagram> Diagrams { get; } = [];

    /// <summary>The processes of the file.</summary>
    public IEnumerable<Process> Processes => RootElements.OfType<Process>();

    /// <summary>The collaborations of the file.</summary>
    public IEnumerable<Collaboration> Collaborations => RootElements.OfType<Collaboration>();

    /// <summary>Finds a root element by id.</summary>
    public RootElement? FindRootElement(string id) => RootElements.FirstOrDefault(r => r.Id == id);

    /// <summary>Finds a process by id.</summary>
    public Process? FindProcess(string id) => Processes.FirstOrDefault(p => p.Id == id);

    /// <summary>
    /// Every model element of the file, depth first: root elements, their flow elements,
    /// lanes, artifacts, event definitions and loop characteristics.
    /// </summary>
    public IEnumerable<BaseElement> AllElements()
    {
        foreach (var root in RootElements)
        {
            foreach (var element in Descend(root))
            {
                yield return element;
            }
        }
    }

    private static IEnumerable<BaseElement> Descend(BaseElement element)
    {
        yield return element;
        IEnumerable<BaseElement> children = element switch
        {
            Process p => p.LaneSets.Cast<BaseElement>().Concat(p.FlowElements).Concat(p.Artifacts),
            Collaboration c => c.Participants.Cast<BaseElement>().Concat(c.MessageFlows).Concat(c.Artifacts),
            SubProcess s => s.LaneSets.Cast<BaseElement>().Concat(s.FlowElements).Concat(s.Artifacts)
                .Concat(s.LoopCharacteristics is null ? [] : [s.LoopCharacteristics]),
            Activity a => a.LoopCharacteristics is null ? [] : [a.LoopCharacteristics],
            BpmnEvent e => e.EventDefinitions,
            LaneSet ls => ls.Lanes,
            Lane l => l.ChildLaneSet is null ? [] : [l.ChildLaneSet],
            _ => [],
        };
        foreach (var child in children)
        {
            foreach (var descendant in Descend(child))
            {
                yield return descendant;
            }
        }
    }
}

/// <summary>A BPMN <c>import</c> of another file.</summary>
public sealed class Import
{
    /// <summary>The imported namespace.</summary>
    public string Namespace { get; set; } = string.Empty;

    /// <summary>The location of the imported file.</summary>
    public string Location { get; set; } = string.Empty;

    /// <summary>The type of the import (BPMN, XSD, WSDL URI).</summary>
    public string ImportType { get; set; } = string.Empty;

    /// <summary>Attributes of other namespaces.</summary>
    public IList<XAttribute> ForeignAttributes { get; } = [];
}
