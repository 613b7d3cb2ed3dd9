namespace Kogge.Mining.Discovery;

/// <summary>A cut of the alphabet: an operator and the partition of activities (local indexes) under it.</summary>
internal sealed record Cut(ProcessTreeKind Operator, List<List<int>> Partitions);

/// <summary>
/// The cut detection of the inductive miner (Leemans, Fahland, van der Aalst 2013): exclusive
/// choice, sequence, parallel and loop cuts found on the directly-follows graph, tried in this order.
/// </summary>
internal static class Cuts
{
    public static Cut? Find(LocalDfg dfg)
    {
        if (dfg.N < 2)
        {
            return Loop(dfg);
        }

        return ExclusiveChoice(dfg) ?? Sequence(dfg) ?? Parallel(dfg) ?? Loop(dfg);
    }

    /// <summary>Connected components of the graph taken as undirected.</summary>
    public static Cut? ExclusiveChoice(LocalDfg dfg)
    {
        var sets = new DisjointSets(dfg.N);
        for (var a = 0; a < dfg.N; a++)
        {
            foreach (var b in dfg.Successors[a])
            {
                sets.Union(a, b);
            }
        }

        var parts = sets.Groups();
        return parts.Count > 1 ? new Cut(ProcessTreeKind.ExclusiveChoice, parts) : null;
    }

    /// <summary>
    /// The finest partition Σ1..Σm in which every activity of an earlier part reaches every activity
    /// of a later part and never back. Such a part boundary is a prefix of every topological order
    /// of the strongly connected components, so one order (Tarjan's) and a running intersection of
    /// reachability sets find all boundaries in linear time.
    /// </summary>
    public static Cut? Sequence(LocalDfg dfg)
    {
        var n = dfg.N;
        var comp = StronglyConnectedComponents(dfg, out var k);
        if (k < 2)
        {
            return null;
        }

        var words = (k + 63) / 64;
        var members = new List<int>[k];
        for (var c = 0; c < k; c++)
        {
            members[c] = [];
        }

        for (var a = 0; a < n; a++)
        {
            members[comp[a]].Add(a);
        }

        // Tarjan numbers components in reverse topological order: edges go from higher to lower numbers.
        var reach = new ulong[k][];
        for (var c = 0; c < k; c++)
        {
            var bits = new ulong[words];
            foreach (var a in members[c])
            {
                foreach (var b in dfg.Successors[a])
                {
                    var d = comp[b];
                    if (d != c)
                    {
                        bits[d >> 6] |= 1UL << d;
                        var rd = reach[d];
                        for (var w = 0; w < words; w++)
                        {
                            bits[w] |= rd[w];
                        }
                    }
                }
            }

            reach[c] = bits;
        }

        var parts = new List<List<int>>();
        var current = new List<int>();
        var prefixAnd = Enumerable.Repeat(ulong.MaxValue, words).ToArray();
        for (var c = k - 1; c >= 0; c--)
        {
            current.AddRange(members[c]);
            for (var w = 0; w < words; w++)
            {
                prefixAnd[w] &= reach[c][w];
            }

            // The suffix is components 0..c-1; the boundary is valid if the whole prefix reaches all of them.
            if (c > 0 && ContainsLowBits(prefixAnd, c))
            {
                current.Sort();
                parts.Add(current);
                current = [];
                Array.Fill(prefixAnd, ulong.MaxValue);
            }
        }

        current.Sort();
        parts.Add(current);
        return parts.Count > 1 ? new Cut(ProcessTreeKind.Sequence, parts) : null;
    }

    private static bool ContainsLowBits(ulong[] bits, int count)
    {
        var full = count >> 6;
        for (var w = 0; w < full; w++)
        {
            if (bits[w] != ulong.MaxValue)
            {
                return false;
            }
        }

        var rest = count & 63;
        if (rest == 0)
        {
            return true;
        }

        var mask = (1UL << rest) - 1;
        return (bits[full] & mask) == mask;
    }

    /// <summary>
    /// Components of the negated graph (two activities stay together unless each directly follows
    /// the other); every part needs a start and an end activity, parts without are merged.
    /// </summary>
    public static Cut? Parallel(LocalDfg dfg)
    {
        var n = dfg.N;
        var sets = new DisjointSets(n);
        for (var a = 0; a < n; a++)
        {
            for (var b = a + 1; b < n; b++)
            {
                if (!(dfg.Edge(a, b) && dfg.Edge(b, a)))
                {
                    sets.Union(a, b);
                }
            }
        }

        var parts = sets.Groups();
        if (parts.Count < 2)
        {
            return null;
        }

        var complete = parts.Where(p => p.Any(dfg.IsStart) && p.Any(dfg.IsEnd)).ToList();
        if (complete.Count == 0)
        {
            return null;
        }

        foreach (var p in parts.Where(p => !complete.Contains(p)))
        {
            complete[0].AddRange(p);
            complete[0].Sort();
        }

        return complete.Count > 1 ? new Cut(ProcessTreeKind.Parallel, complete) : null;
    }

    /// <summary>
    /// The body holds all start and end activities and whatever is connected to them other than
    /// from the end or to the start; each remaining component is a redo part if it is entered
    /// only from all end activities and left only to all start activities.
    /// </summary>
    public static Cut? Loop(LocalDfg dfg)
    {
        var n = dfg.N;
        var inBody = new bool[n];
        for (var a = 0; a < n; a++)
        {
            inBody[a] = dfg.IsStart(a) || dfg.IsEnd(a);
        }

        if (!inBody.Any(b => b))
        {
            return null;
        }

        var sets = new DisjointSets(n);
        for (var a = 0; a < n; a++)
        {
            if (inBody[a])
            {
                continue;
            }

            foreach (var b in dfg.Successors[a])
            {
                if (!inBody[b])
                {
                    sets.Union(a, b);
                }
            }
        }

        var components = sets.Groups().Where(g => !inBody[g[0]]).ToList();
        var componentOf = new int[n];
        Array.Fill(componentOf, -1);
        for (var c = 0; c < components.Count; c++)
        {
            foreach (var a in components[c])
            {
                componentOf[a] = c;
            }
        }

        var isRedo = new bool[components.Count];
        Array.Fill(isRedo, true);
        var changed = true;
        while (changed)
        {
            changed = false;
            for (var c = 0; c < components.Count; c++)
            {
                if (isRedo[c] && !IsRedoPart(dfg, components[c], c, componentOf, inBody))
                {
                    isRedo[c] = false;
                    foreach (var a in components[c])
                    {
                        inBody[a] = true;
                        componentOf[a] = -1;
                    }

                    changed = true;
                }
            }
        }

        var redo = new List<List<int>>();
        for (var c = 0; c < components.Count; c++)
        {
            if (isRedo[c])
            {
                redo.Add(components[c]);
            }
        }

        if (redo.Count == 0)
        {
            return null;
        }

        var body = Enumerable.Range(0, n).Where(a => inBody[a]).ToList();
        return new Cut(ProcessTreeKind.Loop, [body, .. redo]);
    }

    private static bool IsRedoPart(LocalDfg dfg, List<int> component, int self, int[] componentOf, bool[] inBody)
    {
        var startCount = 0;
        var endCount = 0;
        for (var a = 0; a < dfg.N; a++)
        {
            startCount += dfg.IsStart(a) ? 1 : 0;
            endCount += dfg.IsEnd(a) ? 1 : 0;
        }

        foreach (var a in component)
        {
            var fromEnds = 0;
            foreach (var b in dfg.Predecessors[a])
            {
                if (componentOf[b] == self)
                {
                    continue;
                }

                // Entered other than from an end activity of the body: the component belongs to the body.
                if (!inBody[b] || !dfg.IsEnd(b))
                {
                    return false;
                }

                fromEnds++;
            }

            var toStarts = 0;
            foreach (var b in dfg.Successors[a])
            {
                if (componentOf[b] == self)
                {
                    continue;
                }

                if (!inBody[b] || !dfg.IsStart(b))
                {
                    return false;
                }

                toStarts++;
            }

            // A redo activity entered from one end activity must be entered from all of them; likewise towards the starts.
            if ((fromEnds > 0 && fromEnds != endCount) || (toStarts > 0 && toStarts != startCount))
            {
                return false;
            }
        }

        return true;
    }

    private static int[] StronglyConnectedComponents(LocalDfg dfg, out int count)
    {
        // Tarjan's algorithm, iterative so that large alphabets cannot overflow the stack.
        var n = dfg.N;
        var index = new int[n];
        var low = new int[n];
        var onStack = new bool[n];
        var comp = new int[n];
        Array.Fill(index, -1);
        var stack = new Stack<int>();
        var next = 0;
        count = 0;
        var work = new Stack<(int Node, int Child)>();
        for (var root = 0; root < n; root++)
        {
            if (index[root] >= 0)
            {
                continue;
            }

            work.Push((root, 0));
            while (work.Count > 0)
            {
                var (v, child) = work.Pop();
                if (child == 0)
                {
                    index[v] = low[v] = next++;
                    stack.Push(v);
                    onStack[v] = true;
                }

                var descended = false;
                for (var w = child; w < n; w++)
                {
                    if (!dfg.Edge(v, w))
                    {
                        continue;
                    }

                    if (index[w] < 0)
                    {
                        work.Push((v, w + 1));
                        work.Push((w, 0));
                        descended = true;
                        break;
                    }

                    if (onStack[w])
                    {
                        low[v] = Math.Min(low[v], index[w]);
                    }
                }

                if (descended)
                {
                    continue;
                }

                if (low[v] == index[v])
                {
                    int w;
                    do
                    {
                        w = stack.Pop();
                        onStack[w] = false;
                        comp[w] = count;
                    }
                    while (w != v);
                    count++;
                }

                if (work.Count > 0)
                {
                    var parent = work.Peek().Node;
                    low[parent] = Math.Min(low[parent], low[v]);
                }
            }
        }

        return comp;
    }
}

/// <summary>Union-find over 0..n-1.</summary>
internal sealed class DisjointSets
{
    private readonly int[] parent;

    public DisjointSets(int n)
    {
        parent = new int[n];
        for (var i = 0; i < n; i++)
        {
            parent[i] = i;
        }
    }

    public int Find(int a)
    {
        while (parent[a] != a)
        {
            parent[a] = parent[parent[a]];
            a = parent[a];
        }

        return a;
    }

    public void Union(int a, int b)
    {
        a = Find(a);
        b = Find(b);
        if (a != b)
        {
            parent[Math.Max(a, b)] = Math.Min(a, b);
        }
    }

    /// <summary>The groups, each sorted, ordered by their smallest member.</summary>
    public List<List<int>> Groups()
    {
        var byRoot = new Dictionary<int, List<int>>();
        var result = new List<List<int>>();
        for (var i = 0; i < parent.Length; i++)
        {
            var r = Find(i);
            if (!byRoot.TryGetValue(r, out var g))
            {
                g = [];
                byRoot.Add(r, g);
                result.Add(g);
            }

            g.Add(i);
        }

        return result;
    }
}
