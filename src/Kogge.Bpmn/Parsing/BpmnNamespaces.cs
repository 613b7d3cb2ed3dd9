using System.Xml.Linq;

namespace Kogge.Bpmn.Parsing;

/// <summary>The XML namespaces of BPMN 2.0 and the extensions Kogge understands.</summary>
public static class BpmnNamespaces
{
    /// <summary>BPMN 2.0 semantic model.</summary>
    public static readonly XNamespace Model = "http://www.omg.org/spec/BPMN/20100524/MODEL";

    /// <summary>BPMN 2.0 diagram interchange.</summary>
    public static readonly XNamespace BpmnDi = "http://www.omg.org/spec/BPMN/20100524/DI";

    /// <summary>OMG diagram definition: common types (bounds, fonts).</summary>
    public static readonly XNamespace DC = "http://www.omg.org/spec/DD/20100524/DC";

    /// <summary>OMG diagram definition: diagram interchange (waypoints).</summary>
    public static readonly XNamespace DI = "http://www.omg.org/spec/DD/20100524/DI";

    /// <summary>Camunda 8 (Zeebe) extension elements.</summary>
    public static readonly XNamespace Zeebe = "http://camunda.org/schema/zeebe/1.0";

    /// <summary>XML Schema instance (for <c>xsi:type</c>).</summary>
    public static readonly XNamespace Xsi = "http://www.w3.org/2001/XMLSchema-instance";
}
