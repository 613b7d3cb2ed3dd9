namespace Kogge.Mining.Discovery;

/// <summary>
/// Stable element ids for the nodes of a process tree, shared by the BPMN writer and the Petri net
/// so that conformance results name the BPMN elements a viewer can highlight. Nodes are numbered
/// in preorder; an activity becomes <c>Activity_n</c>, the split and join of an operator
/// <c>Gateway_n_split</c> and <c>Gateway_n_join</c>.
/// </summary>
internal sealed class TreeElementIds
{
    private readonly Dictionary<ProcessTree, int> numbers = new(ReferenceEqualityComparer.Instance);

    public TreeElementIds(ProcessTree root)
    {
        var next = 1;
        var stack = new Stack<ProcessTree>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            numbers[node] = next++;
            for (var i = node.Children.Count - 1; i >= 0; i--)
            {
                stack.Push(node.Children[i]);
            }
        }
    }

    public const string StartEvent = "StartEvent_1";

    public const string EndEvent = "EndEvent_1";

    public int Number(ProcessTree node) => numbers[node];

    public string Activity(ProcessTree node) => node.Kind == ProcessTreeKind.Silent ? $"Silent_{numbers[node]}" : $"Activity_{numbers[node]}";

    public string Split(ProcessTree node) => $"Gateway_{numbers[node]}_split";

    public string Join(ProcessTree node) => $"Gateway_{numbers[node]}_join";
}
