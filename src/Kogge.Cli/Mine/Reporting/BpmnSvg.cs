using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace Kogge.Cli.Mine.Reporting;

/// <summary>
/// Draws a BPMN diagram as SVG from its diagram interchange (shapes and waypoints), for the BPMN that
/// Kogge.Mining's writer produces: start and end events, tasks, exclusive and parallel gateways, sequence flows.
/// </summary>
internal static class BpmnSvg
{
    private const string Model = "http://www.omg.org/spec/BPMN/20100524/MODEL";
    private const string Di = "http://www.omg.org/spec/BPMN/20100524/DI";
    private const string Dc = "http://www.omg.org/spec/DD/20100524/DC";
    private const string DiCommon = "http://www.omg.org/spec/DD/20100524/DI";

    public static string Render(string bpmnXml, string id, string title, string description)
    {
        XDocument doc;
        using (var reader = XmlReader.Create(new StringReader(bpmnXml), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null }))
        {
            doc = XDocument.Load(reader);
        }

        var elements = doc.Descendants(XName.Get("process", Model)).Elements()
            .Where(e => e.Attribute("id") is not null)
            .ToDictionary(e => (string)e.Attribute("id")!, e => (Kind: e.Name.LocalName, Name: (string?)e.Attribute("name")), StringComparer.Ordinal);
        var shapes = doc.Descendants(XName.Get("BPMNShape", Di)).Select(s =>
        {
            var b = s.Element(XName.Get("Bounds", Dc))!;
            return (Element: (string)s.Attribute("bpmnElement")!, X: Num(b, "x"), Y: Num(b, "y"), W: Num(b, "width"), H: Num(b, "height"));
        }).ToList();
        var flows = doc.Descendants(XName.Get("BPMNEdge", Di))
            .Select(e => e.Elements(XName.Get("waypoint", DiCommon)).Select(w => (X: Num(w, "x"), Y: Num(w, "y"))).ToList())
            .ToList();
        var width = shapes.Count == 0 ? 100 : shapes.Max(s => s.X + s.W) + 40;
        var height = shapes.Count == 0 ? 100 : shapes.Max(s => s.Y + s.H) + 40;
        width = Math.Max(width, flows.SelectMany(f => f).Select(p => p.X).DefaultIfEmpty(0).Max() + 40);
        height = Math.Max(height, flows.SelectMany(f => f).Select(p => p.Y).DefaultIfEmpty(0).Max() + 40);

        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.Append(inv, $"<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-labelledby=\"{id}-t {id}-d\" width=\"{width:0}\" height=\"{height:0}\" viewBox=\"0 0 {width:0} {height:0}\" font-family=\"system-ui, sans-serif\" font-size=\"11\">\n");
        sb.Append(inv, $"<title id=\"{id}-t\">{Html.Encode(title)}</title>\n<desc id=\"{id}-d\">{Html.Encode(description)}</desc>\n");
        sb.Append(inv, $"<defs><marker id=\"{id}-arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#1b1b1b\"/></marker></defs>\n");
        sb.Append("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
        foreach (var points in flows.Where(f => f.Count >= 2))
        {
            sb.Append("<polyline fill=\"none\" stroke=\"#1b1b1b\" stroke-width=\"1.3\" points=\"")
                .AppendJoin(' ', points.Select(p => string.Create(inv, $"{p.X:0},{p.Y:0}")))
                .Append(inv, $"\" marker-end=\"url(#{id}-arrow)\"/>\n");
        }

        foreach (var s in shapes)
        {
            var (kind, name) = elements.TryGetValue(s.Element, out var e) ? e : ("task", null);
            double cx = s.X + (s.W / 2), cy = s.Y + (s.H / 2);
            switch (kind)
            {
                case "startEvent":
                case "endEvent":
                    sb.Append(inv, $"<circle cx=\"{cx:0}\" cy=\"{cy:0}\" r=\"{s.W / 2:0}\" fill=\"#ffffff\" stroke=\"#1b1b1b\" stroke-width=\"{(kind == "endEvent" ? 4 : 1.5)}\"/>\n");
                    if (name is not null)
                    {
                        sb.Append(inv, $"<text x=\"{cx:0}\" y=\"{s.Y + s.H + 14:0}\" text-anchor=\"middle\" fill=\"#1b1b1b\">{Html.Encode(name)}</text>\n");
                    }

                    break;
                case "exclusiveGateway":
                case "parallelGateway":
                    sb.Append(inv, $"<polygon points=\"{cx:0},{s.Y:0} {s.X + s.W:0},{cy:0} {cx:0},{s.Y + s.H:0} {s.X:0},{cy:0}\" fill=\"#ffffff\" stroke=\"#1b1b1b\" stroke-width=\"1.5\"/>\n");
                    sb.Append(inv, $"<text x=\"{cx:0}\" y=\"{cy:0}\" text-anchor=\"middle\" dominant-baseline=\"central\" font-size=\"22\" fill=\"#1b1b1b\">{(kind == "parallelGateway" ? "+" : "×")}</text>\n");
                    break;
                default:
                    sb.Append(inv, $"<rect x=\"{s.X:0}\" y=\"{s.Y:0}\" width=\"{s.W:0}\" height=\"{s.H:0}\" rx=\"10\" fill=\"#f1f6fc\" stroke=\"#0b4f8a\" stroke-width=\"1.5\"/>\n");
                    var lines = Wrap(name ?? string.Empty, 17, 4);
                    var top = cy - ((lines.Count - 1) * 13 / 2.0);
                    for (var i = 0; i < lines.Count; i++)
                    {
                        sb.Append(inv, $"<text x=\"{cx:0}\" y=\"{top + (i * 13):0.0}\" text-anchor=\"middle\" dominant-baseline=\"central\" fill=\"#102a43\">{Html.Encode(lines[i])}</text>\n");
                    }

                    break;
            }
        }

        sb.Append("</svg>\n");
        return sb.ToString();
    }

    /// <summary>Breaks a task name into lines of about <paramref name="width"/> characters, at most <paramref name="maxLines"/>.</summary>
    internal static List<string> Wrap(string text, int width, int maxLines)
    {
        var lines = new List<string>();
        var current = new StringBuilder();
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var rest = word;
            while (rest.Length > width)
            {
                if (current.Length > 0)
                {
                    lines.Add(current.ToString());
                    current.Clear();
                }

                lines.Add(rest[..width]);
                rest = rest[width..];
            }

            if (current.Length > 0 && current.Length + 1 + rest.Length > width)
            {
                lines.Add(current.ToString());
                current.Clear();
            }

            current.Append(current.Length > 0 ? " " : string.Empty).Append(rest);
        }

        if (current.Length > 0)
        {
            lines.Add(current.ToString());
        }

        if (lines.Count > maxLines)
        {
            lines = lines.Take(maxLines).ToList();
            lines[^1] = lines[^1].TrimEnd('…') + "…";
        }

        return lines;
    }

    private static double Num(XElement e, string attribute) => double.Parse((string)e.Attribute(attribute)!, CultureInfo.InvariantCulture);
}
