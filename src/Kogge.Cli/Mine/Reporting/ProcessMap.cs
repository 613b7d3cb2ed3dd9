using System.Globalization;
using System.Text;
using Kogge.Mining.Discovery;
using Kogge.Mining.Performance;

namespace Kogge.Cli.Mine.Reporting;

/// <summary>
/// The process map of a log as SVG: the directly-follows graph reduced to the most frequent activities and edges,
/// laid out top to bottom in layers (longest path over the graph without its back edges, then barycentre ordering
/// to reduce crossings), drawn once with frequencies and once with median times.
/// </summary>
internal sealed class ProcessMap
{
    public const int MaxActivities = 30;
    public const int MaxEdges = 60;
    private const int MaxStartEndEdges = 8;
    private const double NodeWidth = 190;
    private const double NodeHeight = 56;
    private const double Gap = 36;
    private const double LayerGap = 92;
    private const double Margin = 24;

    private readonly List<Node> nodes = [];
    private readonly List<Edge> edges = [];
    private double width;
    private double height;

    private ProcessMap()
    {
    }

    public int TotalActivities { get; private init; }

    public int ShownActivities { get; private init; }

    public int TotalEdges { get; private init; }

    /// <summary>Edges between activities shown (start and end edges not counted).</summary>
    public int ShownEdges => edges.Count(e => !e.From.Pseudo && !e.To.Pseudo);

    public bool Filtered => ShownActivities < TotalActivities || ShownEdges < TotalEdges;

    /// <summary>The shown edges for the table beside the picture: from, to, frequency, median time (null for start and end).</summary>
    public IEnumerable<(string From, string To, int Frequency, TimeSpan? Median)> ShownEdgeList =>
        edges.OrderByDescending(e => e.Frequency).Select(e => (e.From.Name, e.To.Name, e.Frequency, e.From.Pseudo || e.To.Pseudo ? (TimeSpan?)null : e.Median));

    public static ProcessMap Build(DirectlyFollowsGraph graph, IReadOnlyList<ActivityFigures> activities)
    {
        var kept = graph.ActivityFrequencies.OrderByDescending(a => a.Value).ThenBy(a => a.Key, StringComparer.Ordinal).Take(MaxActivities).ToList();
        var processing = activities.ToDictionary(a => a.Activity, a => a.ProcessingTime, StringComparer.Ordinal);
        var map = new ProcessMap
        {
            TotalActivities = graph.ActivityFrequencies.Count,
            ShownActivities = kept.Count,
            TotalEdges = graph.Edges.Count,
        };
        var start = new Node("Start", graph.StartActivities.Values.Sum(), true, null);
        var end = new Node("Ende", graph.EndActivities.Values.Sum(), true, null);
        var byName = new Dictionary<string, Node>(StringComparer.Ordinal);
        map.nodes.Add(start);
        foreach (var (name, count) in kept)
        {
            var node = new Node(name, count, false, processing.TryGetValue(name, out var p) && p.Count > 0 && p.Max > TimeSpan.Zero ? p.Median : null);
            byName.Add(name, node);
            map.nodes.Add(node);
        }

        map.nodes.Add(end);
        var candidates = graph.Edges.Where(e => byName.ContainsKey(e.Source) && byName.ContainsKey(e.Target)).ToList();
        var chosen = new HashSet<DirectlyFollowsEdge>();
        // Every activity keeps its strongest way in and out, so that the map stays connected; then the most frequent edges.
        foreach (var name in byName.Keys)
        {
            if (candidates.FirstOrDefault(e => e.Source == name) is { } outgoing)
            {
                chosen.Add(outgoing);
            }

            if (candidates.FirstOrDefault(e => e.Target == name) is { } incoming)
            {
                chosen.Add(incoming);
            }
        }

        // About one and a half edges per activity keep a map readable; more turn it into spaghetti.
        var maxEdges = Math.Min(MaxEdges, Math.Max(kept.Count * 3 / 2, 10));
        foreach (var e in candidates)
        {
            if (chosen.Count >= maxEdges)
            {
                break;
            }

            chosen.Add(e);
        }

        foreach (var e in candidates.Where(chosen.Contains))
        {
            map.edges.Add(new Edge(byName[e.Source], byName[e.Target], e.Frequency, e.Time.Median));
        }

        foreach (var (name, count) in graph.StartActivities.Where(s => byName.ContainsKey(s.Key)).OrderByDescending(s => s.Value).Take(MaxStartEndEdges))
        {
            map.edges.Add(new Edge(start, byName[name], count, TimeSpan.Zero));
        }

        foreach (var (name, count) in graph.EndActivities.Where(s => byName.ContainsKey(s.Key)).OrderByDescending(s => s.Value).Take(MaxStartEndEdges))
        {
            map.edges.Add(new Edge(byName[name], end, count, TimeSpan.Zero));
        }

        map.Layout(start, end);
        return map;
    }

    /// <summary>The map as an SVG element with title and description; <paramref name="timeView"/> labels edges with median times.</summary>
    public string Svg(string id, bool timeView, string title, string description)
    {
        var sb = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        sb.Append(inv, $"<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-labelledby=\"{id}-t {id}-d\" width=\"{width:0}\" height=\"{height:0}\" viewBox=\"0 0 {width:0} {height:0}\" font-family=\"system-ui, sans-serif\" font-size=\"12\">\n");
        sb.Append(inv, $"<title id=\"{id}-t\">{Html.Encode(title)}</title>\n<desc id=\"{id}-d\">{Html.Encode(description)}</desc>\n");
        sb.Append(inv, $"<defs><marker id=\"{id}-arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerUnits=\"userSpaceOnUse\" markerWidth=\"9\" markerHeight=\"9\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#3d4653\"/></marker></defs>\n");
        sb.Append("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
        var maxFrequency = Math.Max(1, edges.Max(e => (int?)e.Frequency) ?? 1);
        var timed = edges.Where(e => !e.From.Pseudo && !e.To.Pseudo).ToList();
        var maxTicks = Math.Max(1, timed.Count == 0 ? 1 : timed.Max(e => e.Median.Ticks));
        var labels = new StringBuilder();
        foreach (var e in edges)
        {
            var pseudo = e.From.Pseudo || e.To.Pseudo;
            double strength = timeView ? (pseudo ? 0 : (double)e.Median.Ticks / maxTicks) : (double)e.Frequency / maxFrequency;
            var stroke = timeView && !pseudo ? Blend(0x5a6b7d, 0xb3261e, strength) : pseudo ? "#8a94a3" : "#3d4653";
            var strokeWidth = 1 + (5 * Math.Sqrt(strength));
            var (path, lx, ly) = Stub(e) ?? Route(e);
            sb.Append(inv, $"<path d=\"{path}\" fill=\"none\" stroke=\"{stroke}\" stroke-width=\"{strokeWidth:0.0}\" marker-end=\"url(#{id}-arrow)\"{(pseudo ? " stroke-dasharray=\"5 4\"" : string.Empty)}/>\n");
            var label = timeView ? (pseudo ? string.Empty : Html.Duration(e.Median)) : Html.Number(e.Frequency);
            if (Stub(e) is not null)
            {
                // A start or end far from its activity is drawn as a short labelled arrow instead of a line across the map.
                label = e.From.Pseudo ? $"Start {Html.Number(e.Frequency)}" : $"Ende {Html.Number(e.Frequency)}";
            }

            if (label.Length > 0)
            {
                var anchor = Stub(e) is null ? "middle" : e.From.Pseudo ? "start" : "end";
                labels.Append(inv, $"<text x=\"{lx:0.0}\" y=\"{ly:0.0}\" text-anchor=\"{anchor}\" dominant-baseline=\"middle\" fill=\"#1b1b1b\" stroke=\"#ffffff\" stroke-width=\"4\" paint-order=\"stroke\">{Html.Encode(label)}</text>\n");
            }
        }

        var maxNode = Math.Max(1, nodes.Where(n => !n.Pseudo).Max(n => (int?)n.Frequency) ?? 1);
        foreach (var n in nodes)
        {
            if (n.Pseudo)
            {
                sb.Append(inv, $"<ellipse cx=\"{n.X + (NodeWidth / 2):0}\" cy=\"{n.Y + (NodeHeight / 2):0}\" rx=\"46\" ry=\"18\" fill=\"#e7ecf2\" stroke=\"#3d4653\"/>\n");
                sb.Append(inv, $"<text x=\"{n.X + (NodeWidth / 2):0}\" y=\"{n.Y + (NodeHeight / 2):0}\" text-anchor=\"middle\" dominant-baseline=\"middle\" fill=\"#1b1b1b\">{Html.Encode(n.Name)}</text>\n");
                continue;
            }

            var fill = Blend(0xf1f6fc, 0x9fc2ea, Math.Sqrt((double)n.Frequency / maxNode));
            sb.Append(inv, $"<rect x=\"{n.X:0}\" y=\"{n.Y:0}\" width=\"{NodeWidth:0}\" height=\"{NodeHeight:0}\" rx=\"6\" fill=\"{fill}\" stroke=\"#0b4f8a\" stroke-width=\"1.2\"/>\n");
            var nameLines = BpmnSvg.Wrap(n.Name, 27, 2);
            for (var i = 0; i < nameLines.Count; i++)
            {
                sb.Append(inv, $"<text x=\"{n.X + (NodeWidth / 2):0}\" y=\"{n.Y + (nameLines.Count == 1 ? 22 : 16) + (i * 14):0}\" text-anchor=\"middle\" fill=\"#102a43\" font-weight=\"600\">{Html.Encode(nameLines[i])}</text>\n");
            }

            var detail = timeView
                ? (n.Processing is { } p ? "Bearbeitung " + Html.Duration(p) : Html.Number(n.Frequency) + "×")
                : Html.Number(n.Frequency) + "×";
            sb.Append(inv, $"<text x=\"{n.X + (NodeWidth / 2):0}\" y=\"{n.Y + 47:0}\" text-anchor=\"middle\" fill=\"#102a43\">{Html.Encode(detail)}</text>\n");
        }

        sb.Append(labels);
        sb.Append("</svg>\n");
        return sb.ToString();
    }

    /// <summary>A start or end edge spanning more than one layer, as a short arrow above or below its activity.</summary>
    private static (string Path, double LabelX, double LabelY)? Stub(Edge e)
    {
        if (!(e.From.Pseudo || e.To.Pseudo) || Math.Abs(e.To.Layer - e.From.Layer) <= 1)
        {
            return null;
        }

        var inv = CultureInfo.InvariantCulture;
        if (e.From.Pseudo)
        {
            double x = e.To.X + 14, y = e.To.Y;
            return (string.Create(inv, $"M{x:0.0},{y - 26:0.0} L{x:0.0},{y - 2:0.0}"), x + 6, y - 16);
        }

        double ex = e.From.X + NodeWidth - 14, ey = e.From.Y + NodeHeight;
        return (string.Create(inv, $"M{ex:0.0},{ey:0.0} L{ex:0.0},{ey + 24:0.0}"), ex - 6, ey + 16);
    }

    private static string Blend(int from, int to, double t)
    {
        t = Math.Clamp(t, 0, 1);
        int Channel(int shift) => (int)Math.Round(((from >> shift) & 0xff) + ((((to >> shift) & 0xff) - ((from >> shift) & 0xff)) * t));
        return string.Create(CultureInfo.InvariantCulture, $"#{Channel(16):x2}{Channel(8):x2}{Channel(0):x2}");
    }

    private static (string Path, double LabelX, double LabelY) Route(Edge e)
    {
        var inv = CultureInfo.InvariantCulture;
        if (e.From == e.To)
        {
            double x = e.From.X, y = e.From.Y + (NodeHeight / 2);
            return (string.Create(inv, $"M{x:0.0},{y - 10:0.0} C{x - 40:0.0},{y - 30:0.0} {x - 40:0.0},{y + 30:0.0} {x - 2:0.0},{y + 10:0.0}"), x - 34, y);
        }

        if (e.Via.Count > 0)
        {
            var sb = new StringBuilder();
            double px = e.From.X + (NodeWidth / 2) + e.FromOffset, py = e.From.Y + NodeHeight;
            sb.Append(inv, $"M{px:0.0},{py:0.0}");
            foreach (var lane in e.Via)
            {
                double lx = lane.X + (lane.Width / 2), top = lane.Y, dy = (top - py) / 2;
                sb.Append(inv, $" C{px:0.0},{py + dy:0.0} {lx:0.0},{top - dy:0.0} {lx:0.0},{top:0.0} L{lx:0.0},{top + NodeHeight:0.0}");
                (px, py) = (lx, top + NodeHeight);
            }

            double qx = e.To.X + (NodeWidth / 2) + e.ToOffset, qy = e.To.Y, qd = (qy - py) / 2;
            sb.Append(inv, $" C{px:0.0},{py + qd:0.0} {qx:0.0},{qy - qd:0.0} {qx:0.0},{qy - 2:0.0}");
            var first = e.Via[0];
            return (sb.ToString(), first.X + (first.Width / 2), first.Y + (NodeHeight / 2));
        }

        if (e.To.Layer > e.From.Layer)
        {
            var sx = e.From.X + (NodeWidth / 2) + e.FromOffset;
            var sy = e.From.Y + NodeHeight;
            var tx = e.To.X + (NodeWidth / 2) + e.ToOffset;
            var ty = e.To.Y;
            var dy = (ty - sy) / 2;
            return (string.Create(inv, $"M{sx:0.0},{sy:0.0} C{sx:0.0},{sy + dy:0.0} {tx:0.0},{ty - dy:0.0} {tx:0.0},{ty - 2:0.0}"), (sx + tx) / 2, (sy + ty) / 2);
        }

        // Back edges (loops, rework) and edges within a layer run along the right-hand side.
        var bx = e.From.X + NodeWidth;
        var by = e.From.Y + (NodeHeight / 2) + 6;
        var cx = e.To.X + NodeWidth;
        var cy = e.To.Y + (NodeHeight / 2) - 6;
        var bulge = 30 + (22 * Math.Abs(e.From.Layer - e.To.Layer));
        double c1x = bx + bulge, c2x = cx + bulge;
        var labelX = (bx + (3 * c1x) + (3 * c2x) + cx) / 8;
        var labelY = (by + (3 * by) + (3 * cy) + cy) / 8;
        return (string.Create(inv, $"M{bx:0.0},{by:0.0} C{c1x:0.0},{by:0.0} {c2x:0.0},{cy:0.0} {cx + 2:0.0},{cy:0.0}"), labelX, labelY);
    }

    private void Layout(Node start, Node end)
    {
        var outgoing = nodes.ToDictionary(n => n, _ => new List<Edge>());
        foreach (var e in edges)
        {
            outgoing[e.From].Add(e);
        }

        // Depth-first from Start along the strongest edges; an edge into a node still on the stack closes a loop.
        var state = nodes.ToDictionary(n => n, _ => 0);
        var finished = new List<Node>();
        var discovery = 0;
        var roots = new List<Node> { start };
        roots.AddRange(nodes.Where(n => !n.Pseudo).OrderByDescending(n => n.Frequency));
        roots.Add(end);
        foreach (var root in roots)
        {
            if (state[root] != 0)
            {
                continue;
            }

            var stack = new Stack<(Node Node, int Next)>();
            state[root] = 1;
            root.Order = discovery++;
            stack.Push((root, 0));
            while (stack.Count > 0)
            {
                var (node, next) = stack.Pop();
                var list = outgoing[node].OrderByDescending(x => x.Frequency).ToList();
                if (next < list.Count)
                {
                    stack.Push((node, next + 1));
                    var e = list[next];
                    if (state[e.To] == 1)
                    {
                        e.Back = true;
                    }
                    else if (state[e.To] == 0)
                    {
                        state[e.To] = 1;
                        e.To.Order = discovery++;
                        stack.Push((e.To, 0));
                    }
                }
                else
                {
                    state[node] = 2;
                    finished.Add(node);
                }
            }
        }

        // Longest path layering over the edges that are not back edges, in topological order.
        finished.Reverse();
        foreach (var n in finished)
        {
            foreach (var e in outgoing[n].Where(x => !x.Back && x.To != x.From && x.To != end))
            {
                e.To.Layer = Math.Max(e.To.Layer, n.Layer + 1);
            }
        }

        start.Layer = 0;
        end.Layer = nodes.Where(n => n != end).Max(n => n.Layer) + 1;

        // A long edge passes through a thin placeholder in every layer it crosses (Sugiyama), so that the ordering
        // keeps it in a lane of its own instead of drawing it across the boxes in between.
        var placeholders = new List<Node>();
        foreach (var e in edges.Where(x => !x.Back && x.To.Layer - x.From.Layer > 1 && !x.From.Pseudo && !x.To.Pseudo))
        {
            for (var l = e.From.Layer + 1; l < e.To.Layer; l++)
            {
                var lane = new Node(string.Empty, 0, false, null) { Layer = l, Placeholder = true, Order = e.From.Order };
                e.Via.Add(lane);
                placeholders.Add(lane);
            }
        }

        var layers = nodes.Concat(placeholders).GroupBy(n => n.Layer).OrderBy(g => g.Key).Select(g => g.OrderBy(n => n.Order).ToList()).ToList();

        // Barycentre ordering: sweep down and up, placing each node at the mean position of its neighbours in other layers.
        var neighbours = nodes.Concat(placeholders).ToDictionary(n => n, _ => new List<Node>());
        foreach (var e in edges.Where(x => x.From != x.To && !x.Back))
        {
            var chain = new List<Node> { e.From };
            chain.AddRange(e.Via);
            chain.Add(e.To);
            for (var k = 0; k + 1 < chain.Count; k++)
            {
                neighbours[chain[k]].Add(chain[k + 1]);
                neighbours[chain[k + 1]].Add(chain[k]);
            }
        }

        for (var sweep = 0; sweep < 8; sweep++)
        {
            var down = sweep % 2 == 0;
            Position(layers);
            var range = down ? Enumerable.Range(1, layers.Count - 1) : Enumerable.Range(0, layers.Count - 1).Reverse();
            foreach (var i in range)
            {
                foreach (var n in layers[i])
                {
                    var adjacent = neighbours[n].Where(m => down ? m.Layer < n.Layer : m.Layer > n.Layer).ToList();
                    n.Order = adjacent.Count == 0 ? n.Position : adjacent.Average(m => m.Position);
                }

                layers[i] = [.. layers[i].OrderBy(n => n.Order).ThenBy(n => n.Position)];
            }
        }

        Position(layers);
        var widest = layers.Max(LayerWidth);
        var backEdges = edges.Count(e => e.Back || e.From.Layer >= e.To.Layer);
        width = (Margin * 2) + widest + 60 + Math.Min(400, backEdges * 4);
        height = (Margin * 2) + (layers.Count * NodeHeight) + ((layers.Count - 1) * LayerGap);
        for (var i = 0; i < layers.Count; i++)
        {
            var layer = layers[i];
            var x = Margin + 50 + ((widest - LayerWidth(layer)) / 2);
            for (var j = 0; j < layer.Count; j++)
            {
                x += j == 0 ? 0 : GapBetween(layer[j - 1], layer[j]);
                layer[j].X = x;
                layer[j].Y = Margin + (i * (NodeHeight + LayerGap));
                x += layer[j].Width;
            }
        }

        // Several edges leaving or entering one node fan out along its border, ordered by the other end's position.
        foreach (var n in nodes)
        {
            var outs = edges.Where(e => e.From == n && e.To.Layer > n.Layer).OrderBy(e => e.Via.Count > 0 ? e.Via[0].X : e.To.X).ToList();
            for (var k = 0; k < outs.Count; k++)
            {
                outs[k].FromOffset = Spread(k, outs.Count);
            }

            var ins = edges.Where(e => e.To == n && e.To.Layer > e.From.Layer).OrderBy(e => e.Via.Count > 0 ? e.Via[^1].X : e.From.X).ToList();
            for (var k = 0; k < ins.Count; k++)
            {
                ins[k].ToOffset = Spread(k, ins.Count);
            }
        }
    }

    private static double LayerWidth(List<Node> layer) =>
        layer.Sum(n => n.Width) + layer.Zip(layer.Skip(1), GapBetween).Sum();

    private static double GapBetween(Node left, Node right) => left.Placeholder || right.Placeholder ? 10 : Gap;

    private static double Spread(int index, int count) => count <= 1 ? 0 : (index - ((count - 1) / 2.0)) * Math.Min(14, (NodeWidth - 40) / count);

    private static void Position(List<List<Node>> layers)
    {
        foreach (var layer in layers)
        {
            for (var j = 0; j < layer.Count; j++)
            {
                layer[j].Position = j - ((layer.Count - 1) / 2.0);
            }
        }
    }

    private sealed class Node(string name, int frequency, bool pseudo, TimeSpan? processing)
    {
        public string Name { get; } = name;

        public int Frequency { get; } = frequency;

        public bool Pseudo { get; } = pseudo;

        public TimeSpan? Processing { get; } = processing;

        public int Layer { get; set; }

        public double Order { get; set; }

        public double Position { get; set; }

        public double X { get; set; }

        /// <summary>A lane for a long edge in a layer it crosses; not drawn.</summary>
        public bool Placeholder { get; init; }

        public double Width => Placeholder ? 16 : NodeWidth;

        public double Y { get; set; }
    }

    private sealed class Edge(Node from, Node to, int frequency, TimeSpan median)
    {
        public Node From { get; } = from;

        public Node To { get; } = to;

        public int Frequency { get; } = frequency;

        public TimeSpan Median { get; } = median;

        public bool Back { get; set; }

        /// <summary>The lanes a long edge passes through, top to bottom.</summary>
        public List<Node> Via { get; } = [];

        public double FromOffset { get; set; }

        public double ToOffset { get; set; }
    }
}
