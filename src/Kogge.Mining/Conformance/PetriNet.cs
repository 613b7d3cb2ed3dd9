using Kogge.Mining.Discovery;

namespace Kogge.Mining.Conformance;

/// <summary>A place of a Petri net.</summary>
/// <param name="Index">The place's index in <see cref="PetriNet.Places"/>.</param>
/// <param name="ElementId">The BPMN element that consumes tokens from this place (its incoming flow), or the end event.</param>
public sealed record PetriNetPlace(int Index, string ElementId);

/// <summary>A transition of a Petri net; silent when it has no label.</summary>
/// <param name="Index">The transition's index in <see cref="PetriNet.Transitions"/>.</param>
/// <param name="Label">The activity, or null for a silent (τ) transition.</param>
/// <param name="ElementId">The BPMN element it stands for (task or gateway).</param>
/// <param name="Inputs">Input place indexes.</param>
/// <param name="Outputs">Output place indexes.</param>
public sealed record PetriNetTransition(int Index, string? Label, string ElementId, IReadOnlyList<int> Inputs, IReadOnlyList<int> Outputs)
{
    /// <summary>Whether the transition is silent.</summary>
    public bool IsSilent => Label is null;
}

/// <summary>
/// A workflow net (one source place, one sink place) translated from a process tree or a BPMN
/// process, with every transition and place tied to the BPMN element id it stands for.
/// </summary>
public sealed partial class PetriNet
{
    private readonly List<PetriNetPlace> places = [];
    private readonly List<PetriNetTransition> transitions = [];

    private PetriNet()
    {
    }

    /// <summary>The places.</summary>
    public IReadOnlyList<PetriNetPlace> Places => places;

    /// <summary>The transitions.</summary>
    public IReadOnlyList<PetriNetTransition> Transitions => transitions;

    /// <summary>The place holding the single token of the initial marking.</summary>
    public int Source { get; private set; }

    /// <summary>The place holding the token(s) of the final marking.</summary>
    public int Sink { get; private set; }

    /// <summary>
    /// Whether a case may end with several tokens in the sink: BPMN end events in parallel branches
    /// each put one there (implicit termination). Otherwise the final marking is one sink token.
    /// </summary>
    public bool SinkCollectsEndTokens { get; private set; }

    /// <summary>Translates a process tree block by block: choices share places, parallel blocks and loops get silent split and join transitions.</summary>
    public static PetriNet FromProcessTree(ProcessTree tree)
    {
        ArgumentNullException.ThrowIfNull(tree);
        var ids = new TreeElementIds(tree);
        var net = new PetriNet();
        net.Source = net.AddPlace(EntryId(tree, ids));
        net.Sink = net.AddPlace(TreeElementIds.EndEvent);
        net.Translate(tree, net.Source, net.Sink, ids);
        return net;
    }

    /// <summary>The BPMN element that a token entering <paramref name="node"/> reaches first.</summary>
    private static string EntryId(ProcessTree node, TreeElementIds ids) => node.Kind switch
    {
        ProcessTreeKind.Activity or ProcessTreeKind.Silent => ids.Activity(node),
        ProcessTreeKind.Sequence => EntryId(node.Children[0], ids),
        _ => ids.Split(node),
    };

    private int AddPlace(string elementId)
    {
        places.Add(new PetriNetPlace(places.Count, elementId));
        return places.Count - 1;
    }

    private void AddTransition(string? label, string elementId, int[] inputs, int[] outputs) =>
        transitions.Add(new PetriNetTransition(transitions.Count, label, elementId, inputs, outputs));

    private void Translate(ProcessTree node, int input, int output, TreeElementIds ids)
    {
        switch (node.Kind)
        {
            case ProcessTreeKind.Activity:
            case ProcessTreeKind.Silent:
                AddTransition(node.Label, ids.Activity(node), [input], [output]);
                break;
            case ProcessTreeKind.Sequence:
                {
                    var from = input;
                    for (var i = 0; i < node.Children.Count; i++)
                    {
                        var to = i == node.Children.Count - 1 ? output : AddPlace(EntryId(node.Children[i + 1], ids));
                        Translate(node.Children[i], from, to, ids);
                        from = to;
                    }

                    break;
                }

            case ProcessTreeKind.ExclusiveChoice:
                // All branches share the input and output places: the token decides which branch runs.
                foreach (var child in node.Children)
                {
                    Translate(child, input, output, ids);
                }

                break;
            case ProcessTreeKind.Parallel:
                {
                    var childInputs = new List<int>();
                    var childOutputs = new List<int>();
                    foreach (var child in node.Children)
                    {
                        var childInput = AddPlace(EntryId(child, ids));
                        var childOutput = AddPlace(ids.Join(node));
                        Translate(child, childInput, childOutput, ids);
                        childInputs.Add(childInput);
                        childOutputs.Add(childOutput);
                    }

                    AddTransition(null, ids.Split(node), [input], [.. childInputs]);
                    AddTransition(null, ids.Join(node), [.. childOutputs], [output]);
                    break;
                }

            default:
                {
                    // Loop: enter, body, then either redo and body again, or exit.
                    var bodyInput = AddPlace(EntryId(node.Children[0], ids));
                    var bodyOutput = AddPlace(ids.Join(node));
                    Translate(node.Children[0], bodyInput, bodyOutput, ids);
                    Translate(node.Children[1], bodyOutput, bodyInput, ids);
                    AddTransition(null, ids.Split(node), [input], [bodyInput]);
                    AddTransition(null, ids.Join(node), [bodyOutput], [output]);
                    break;
                }
        }
    }
}
