using System.Globalization;
using System.Text;
using System.Xml;

namespace Kogge.Mining.Discovery;

/// <summary>
/// Writes a process tree as BPMN 2.0 XML with diagram interchange (shapes and edges laid out left to
/// right), so that bpmn-js shows it directly and Kogge.Bpmn can parse it. Element ids follow the
/// tree (<c>Activity_n</c>, <c>Gateway_n_split</c>, <c>Gateway_n_join</c>), the same ids that
/// token replay reports deviations for.
/// </summary>
public static class BpmnWriter
{
    private const string Model = "http://www.omg.org/spec/BPMN/20100524/MODEL";
    private const string Di = "http://www.omg.org/spec/BPMN/20100524/DI";
    private const string Dc = "http://www.omg.org/spec/DD/20100524/DC";
    private const string DiCommon = "http://www.omg.org/spec/DD/20100524/DI";

    /// <summary>The BPMN XML of a tree as a string.</summary>
    public static string ToXml(ProcessTree tree, string processName = "Discovered process")
    {
        using var buffer = new MemoryStream();
        Write(tree, buffer, processName);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Writes the BPMN XML of a tree to a stream (UTF-8).</summary>
    public static void Write(ProcessTree tree, Stream stream, string processName = "Discovered process")
    {
        ArgumentNullException.ThrowIfNull(tree);
        ArgumentNullException.ThrowIfNull(stream);
        var diagram = new Diagram(new TreeElementIds(tree));
        diagram.Build(tree);
        diagram.WriteXml(stream, processName);
    }

    private sealed record Node(string Id, string Kind, string? Name);

    private sealed record Flow(string Id, string Source, string Target);

    private readonly record struct Bounds(double X, double Y, double Width, double Height)
    {
        public double CenterX => X + (Width / 2);

        public double CenterY => Y + (Height / 2);

        public double Right => X + Width;

        public double Bottom => Y + Height;
    }

    private readonly record struct Size(double Width, double Height, double Axis);

    private sealed class Diagram(TreeElementIds ids)
    {
        private const double Gap = 50;
        private const double VerticalGap = 40;
        private const double TaskWidth = 100;
        private const double TaskHeight = 80;
        private const double GatewaySize = 50;
        private const double EventSize = 36;
        private const double SilentLane = 30;

        private readonly List<Node> nodes = [];
        private readonly List<Flow> flows = [];
        private readonly Dictionary<string, Bounds> shapes = new(StringComparer.Ordinal);
        private readonly Dictionary<string, List<(double X, double Y)>> edges = new(StringComparer.Ordinal);
        private readonly Dictionary<ProcessTree, Size> sizes = new(ReferenceEqualityComparer.Instance);

        public void Build(ProcessTree tree)
        {
            var size = Measure(tree);
            const double left = 50;
            var top = 50.0;
            var axis = top + Math.Max(size.Axis, EventSize / 2);
            AddNode(new Node(TreeElementIds.StartEvent, "startEvent", "Start"), new Bounds(left, axis - (EventSize / 2), EventSize, EventSize));
            var x = left + EventSize + Gap;
            var ends = Emit(tree, x, axis - size.Axis);
            var endX = x + size.Width + Gap;
            AddNode(new Node(TreeElementIds.EndEvent, "endEvent", "Ende"), new Bounds(endX, axis - (EventSize / 2), EventSize, EventSize));
            if (ends is { } e)
            {
                Connect(TreeElementIds.StartEvent, e.Entry);
                Connect(e.Exit, TreeElementIds.EndEvent);
            }
            else
            {
                Connect(TreeElementIds.StartEvent, TreeElementIds.EndEvent);
            }
        }

        private Size Measure(ProcessTree node)
        {
            if (sizes.TryGetValue(node, out var cached))
            {
                return cached;
            }

            Size size;
            switch (node.Kind)
            {
                case ProcessTreeKind.Activity:
                    size = new Size(TaskWidth, TaskHeight, TaskHeight / 2);
                    break;
                case ProcessTreeKind.Silent:
                    size = new Size(0, SilentLane, SilentLane / 2);
                    break;
                case ProcessTreeKind.Sequence:
                    {
                        var children = node.Children.Select(Measure).ToList();
                        var axis = children.Max(c => c.Axis);
                        var below = children.Max(c => c.Height - c.Axis);
                        size = new Size(children.Sum(c => c.Width) + (Gap * (children.Count - 1)), axis + below, axis);
                        break;
                    }

                case ProcessTreeKind.Loop:
                    {
                        var body = Measure(node.Children[0]);
                        var redo = Measure(node.Children[1]);
                        var inner = Math.Max(body.Width, redo.Width);
                        var axis = Math.Max(body.Axis, GatewaySize / 2);
                        size = new Size((2 * GatewaySize) + (2 * Gap) + inner, axis + (body.Height - body.Axis) + VerticalGap + redo.Height, axis);
                        break;
                    }

                default:
                    {
                        var children = node.Children.Select(Measure).ToList();
                        var inner = children.Max(c => c.Width);
                        var axis = Math.Max(children[0].Axis, GatewaySize / 2);
                        size = new Size((2 * GatewaySize) + (2 * Gap) + inner, children.Sum(c => c.Height) + (VerticalGap * (children.Count - 1)) + (axis - children[0].Axis), axis);
                        break;
                    }
            }

            sizes[node] = size;
            return size;
        }

        /// <summary>Places the block with its top-left corner at (x, y); returns its first and last element, or null for τ.</summary>
        private (string Entry, string Exit)? Emit(ProcessTree node, double x, double y)
        {
            var size = Measure(node);
            var axisY = y + size.Axis;
            switch (node.Kind)
            {
                case ProcessTreeKind.Activity:
                    {
                        var id = ids.Activity(node);
                        AddNode(new Node(id, "task", node.Label), new Bounds(x, y, TaskWidth, TaskHeight));
                        return (id, id);
                    }

                case ProcessTreeKind.Silent:
                    return null;
                case ProcessTreeKind.Sequence:
                    {
                        string? entry = null;
                        string? exit = null;
                        var cx = x;
                        foreach (var child in node.Children)
                        {
                            var childSize = Measure(child);
                            if (Emit(child, cx, axisY - childSize.Axis) is { } c)
                            {
                                if (exit is not null)
                                {
                                    Connect(exit, c.Entry);
                                }

                                entry ??= c.Entry;
                                exit = c.Exit;
                            }

                            cx += childSize.Width + Gap;
                        }

                        return entry is null ? null : (entry, exit!);
                    }

                case ProcessTreeKind.Loop:
                    {
                        var entryId = ids.Split(node);
                        var exitId = ids.Join(node);
                        AddNode(new Node(entryId, "exclusiveGateway", null), new Bounds(x, axisY - (GatewaySize / 2), GatewaySize, GatewaySize));
                        AddNode(new Node(exitId, "exclusiveGateway", null), new Bounds(x + size.Width - GatewaySize, axisY - (GatewaySize / 2), GatewaySize, GatewaySize));
                        var innerX = x + GatewaySize + Gap;
                        var body = Measure(node.Children[0]);
                        var bodyEnds = Emit(node.Children[0], innerX, axisY - body.Axis);
                        var redoY = axisY + (body.Height - body.Axis) + VerticalGap;
                        var redoEnds = Emit(node.Children[1], innerX, redoY);
                        Link(entryId, bodyEnds, exitId, axisY);
                        Link(exitId, redoEnds, entryId, redoY + (Measure(node.Children[1]).Axis));
                        return (entryId, exitId);
                    }

                default:
                    {
                        var kind = node.Kind == ProcessTreeKind.Parallel ? "parallelGateway" : "exclusiveGateway";
                        var splitId = ids.Split(node);
                        var joinId = ids.Join(node);
                        AddNode(new Node(splitId, kind, null), new Bounds(x, axisY - (GatewaySize / 2), GatewaySize, GatewaySize));
                        AddNode(new Node(joinId, kind, null), new Bounds(x + size.Width - GatewaySize, axisY - (GatewaySize / 2), GatewaySize, GatewaySize));
                        var cy = axisY - Measure(node.Children[0]).Axis;
                        foreach (var child in node.Children)
                        {
                            var childSize = Measure(child);
                            var ends = Emit(child, x + GatewaySize + Gap, cy);
                            Link(splitId, ends, joinId, cy + childSize.Axis);
                            cy += childSize.Height + VerticalGap;
                        }

                        return (splitId, joinId);
                    }
            }
        }

        /// <summary>Connects from → block → to, or from → to directly when the block is τ (drawn along <paramref name="laneY"/>).</summary>
        private void Link(string from, (string Entry, string Exit)? block, string to, double laneY)
        {
            if (block is { } b)
            {
                Connect(from, b.Entry);
                Connect(b.Exit, to);
                return;
            }

            var s = shapes[from];
            var t = shapes[to];
            var id = Connect(from, to, route: false);
            edges[id] = t.X > s.X
                ? [(s.CenterX, s.CenterY), (s.CenterX, laneY), (t.CenterX, laneY), (t.CenterX, t.CenterY)]
                : [(s.CenterX, s.Bottom), (s.CenterX, laneY), (t.CenterX, laneY), (t.CenterX, t.Bottom)];
        }

        private void AddNode(Node node, Bounds bounds)
        {
            nodes.Add(node);
            shapes[node.Id] = bounds;
        }

        private string Connect(string from, string to, bool route = true)
        {
            var id = $"Flow_{flows.Count + 1}";
            flows.Add(new Flow(id, from, to));
            if (route)
            {
                edges[id] = Route(shapes[from], shapes[to]);
            }

            return id;
        }

        private static List<(double X, double Y)> Route(Bounds s, Bounds t)
        {
            if (t.X >= s.Right)
            {
                if (Math.Abs(s.CenterY - t.CenterY) < 0.5)
                {
                    return [(s.Right, s.CenterY), (t.X, t.CenterY)];
                }

                // Leave a gateway towards the branch, or enter a join from the branch.
                return s.Width <= GatewaySize
                    ? [(s.CenterX, t.CenterY < s.CenterY ? s.Y : s.Bottom), (s.CenterX, t.CenterY), (t.X, t.CenterY)]
                    : [(s.Right, s.CenterY), (t.CenterX, s.CenterY), (t.CenterX, s.CenterY < t.CenterY ? t.Y : t.Bottom)];
            }

            var low = Math.Max(s.Bottom, t.Bottom) + (VerticalGap / 2);
            return [(s.CenterX, s.Bottom), (s.CenterX, low), (t.CenterX, low), (t.CenterX, t.Bottom)];
        }

        public void WriteXml(Stream stream, string processName)
        {
            var settings = new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true, CloseOutput = false };
            using var w = XmlWriter.Create(stream, settings);
            w.WriteStartDocument();
            w.WriteStartElement("bpmn", "definitions", Model);
            w.WriteAttributeString("xmlns", "bpmn", null, Model);
            w.WriteAttributeString("xmlns", "bpmndi", null, Di);
            w.WriteAttributeString("xmlns", "dc", null, Dc);
            w.WriteAttributeString("xmlns", "di", null, DiCommon);
            w.WriteAttributeString("id", "Definitions_1");
            w.WriteAttributeString("targetNamespace", "http://bpmn.io/schema/bpmn");
            w.WriteAttributeString("exporter", "Kogge.Mining");
            w.WriteStartElement("process", Model);
            w.WriteAttributeString("id", "Process_1");
            w.WriteAttributeString("name", processName);
            w.WriteAttributeString("isExecutable", "false");
            foreach (var node in nodes)
            {
                w.WriteStartElement(node.Kind, Model);
                w.WriteAttributeString("id", node.Id);
                if (node.Name is not null)
                {
                    w.WriteAttributeString("name", node.Name);
                }

                foreach (var f in flows.Where(f => f.Target == node.Id))
                {
                    w.WriteElementString("incoming", Model, f.Id);
                }

                foreach (var f in flows.Where(f => f.Source == node.Id))
                {
                    w.WriteElementString("outgoing", Model, f.Id);
                }

                w.WriteEndElement();
            }

            foreach (var f in flows)
            {
                w.WriteStartElement("sequenceFlow", Model);
                w.WriteAttributeString("id", f.Id);
                w.WriteAttributeString("sourceRef", f.Source);
                w.WriteAttributeString("targetRef", f.Target);
                w.WriteEndElement();
            }

            w.WriteEndElement();
            w.WriteStartElement("BPMNDiagram", Di);
            w.WriteAttributeString("id", "BPMNDiagram_1");
            w.WriteStartElement("BPMNPlane", Di);
            w.WriteAttributeString("id", "BPMNPlane_1");
            w.WriteAttributeString("bpmnElement", "Process_1");
            foreach (var node in nodes)
            {
                var b = shapes[node.Id];
                w.WriteStartElement("BPMNShape", Di);
                w.WriteAttributeString("id", node.Id + "_di");
                w.WriteAttributeString("bpmnElement", node.Id);
                if (node.Kind == "exclusiveGateway")
                {
                    w.WriteAttributeString("isMarkerVisible", "true");
                }

                w.WriteStartElement("Bounds", Dc);
                w.WriteAttributeString("x", Number(b.X));
                w.WriteAttributeString("y", Number(b.Y));
                w.WriteAttributeString("width", Number(b.Width));
                w.WriteAttributeString("height", Number(b.Height));
                w.WriteEndElement();
                w.WriteEndElement();
            }

            foreach (var f in flows)
            {
                w.WriteStartElement("BPMNEdge", Di);
                w.WriteAttributeString("id", f.Id + "_di");
                w.WriteAttributeString("bpmnElement", f.Id);
                foreach (var (px, py) in edges[f.Id])
                {
                    w.WriteStartElement("waypoint", DiCommon);
                    w.WriteAttributeString("x", Number(px));
                    w.WriteAttributeString("y", Number(py));
                    w.WriteEndElement();
                }

                w.WriteEndElement();
            }

            w.WriteEndElement();
            w.WriteEndElement();
            w.WriteEndElement();
            w.WriteEndDocument();
        }

        private static string Number(double d) => Math.Round(d).ToString(CultureInfo.InvariantCulture);
    }
}
