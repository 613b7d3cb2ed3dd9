using Kogge.Bpmn.Model;
using Kogge.Bpmn.Parsing;

namespace Kogge.Mining.Conformance;

public sealed partial class PetriNet
{
    /// <summary>Reads a BPMN file and translates one of its processes (see <see cref="FromBpmn(Definitions, BpmnNetOptions?)"/>).</summary>
    /// <exception cref="BpmnParseException">The file is not BPMN 2.0 XML.</exception>
    /// <exception cref="BpmnNetException">The process cannot be translated; the exception names the element.</exception>
    public static PetriNet FromBpmnFile(string path, BpmnNetOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        return FromBpmn(BpmnParser.ParseFile(path).Definitions, options);
    }

    /// <summary>
    /// Translates a BPMN process, drawn by hand or discovered, into a workflow net whose transitions
    /// keep their BPMN element ids: tasks and call activities become labelled transitions, gateways
    /// and start/end events silent ones, embedded sub-processes are flattened. Sequence flows into a
    /// node that merges exclusively share one place; a parallel or inclusive join gets a place per
    /// incoming flow.
    /// </summary>
    /// <exception cref="BpmnNetException">The process cannot be translated; the exception names the element.</exception>
    public static PetriNet FromBpmn(Definitions definitions, BpmnNetOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(definitions);
        options ??= new BpmnNetOptions();
        var process = ChooseProcess(definitions, options.ProcessId);
        var net = new PetriNet();
        new BpmnTranslation(net, options).Translate(process);
        return net;
    }

    private static Process ChooseProcess(Definitions definitions, string? processId)
    {
        var processes = definitions.Processes.ToList();
        if (processId is not null)
        {
            return processes.FirstOrDefault(p => p.Id == processId)
                ?? throw new BpmnNetException($"The model has no process '{processId}'. Processes: {string.Join(", ", processes.Select(p => p.Id))}.", processId);
        }

        var withNodes = processes.Where(p => p.FlowElements.OfType<FlowNode>().Any()).ToList();
        if (withNodes.Count == 1)
        {
            return withNodes[0];
        }

        var executable = withNodes.Where(p => p.IsExecutable == true).ToList();
        if (executable.Count == 1)
        {
            return executable[0];
        }

        throw new BpmnNetException(
            withNodes.Count == 0
                ? "The model has no process with flow nodes."
                : $"The model has {withNodes.Count} processes ({string.Join(", ", withNodes.Select(p => p.Id))}); name the one to translate.",
            elementId: null);
    }

    /// <summary>The translation of one process; sub-processes are translated into the same net.</summary>
    private sealed class BpmnTranslation(PetriNet net, BpmnNetOptions options)
    {
        private readonly Dictionary<FlowNode, int> inputPlace = new(ReferenceEqualityComparer.Instance);
        private readonly Dictionary<SequenceFlow, int> flowPlace = new(ReferenceEqualityComparer.Instance);
        private readonly Dictionary<FlowNode, InclusivePair> pairedSplits = new(ReferenceEqualityComparer.Instance);
        private readonly Dictionary<FlowNode, InclusivePair> pairedJoins = new(ReferenceEqualityComparer.Instance);

        public void Translate(Process process)
        {
            var starts = TopLevelNodes(process).OfType<StartEvent>().ToList();
            var ends = TopLevelNodes(process).OfType<EndEvent>().ToList();
            net.Source = net.AddPlace(starts.Count == 1 ? starts[0].Id : process.Id);
            net.Sink = net.AddPlace(ends.Count == 1 ? ends[0].Id : process.Id);

            TranslateContainer(process, net.Source, net.Sink);

            // One end event reached once is the common case; anything else may leave several tokens in the sink.
            net.SinkCollectsEndTokens = ends.Count != 1 || CountImplicitEnds(process) > 0 || HasParallelism(process);
        }

        private static IEnumerable<FlowNode> TopLevelNodes(IFlowElementsContainer container) =>
            container.FlowElements.OfType<FlowNode>().Where(n => n is not SubProcess { TriggeredByEvent: true });

        private static int CountImplicitEnds(IFlowElementsContainer container) =>
            TopLevelNodes(container).Count(n => n.Outgoing.Count == 0 && n is not EndEvent && n is not BoundaryEvent && !IsLinkThrow(n));

        private static bool HasParallelism(IFlowElementsContainer container) =>
            TopLevelNodes(container).Any(n => n is ParallelGateway or InclusiveGateway or ComplexGateway
                || (n is not Gateway && n.Outgoing.Count > 1)
                || n is BoundaryEvent { CancelActivity: false }
                || (n is SubProcess sub && (HasParallelism(sub) || CountImplicitEnds(sub) > 0 || TopLevelNodes(sub).OfType<EndEvent>().Count() > 1)));

        private void TranslateContainer(IFlowElementsContainer container, int entry, int exit)
        {
            var nodes = TopLevelNodes(container).ToList();
            foreach (var node in nodes)
            {
                if (node is AdHocSubProcess)
                {
                    throw new BpmnNetException($"Ad-hoc sub-process '{node.Name ?? node.Id}' has no order to translate into a Petri net.", node.Id);
                }

                foreach (var flow in node.Incoming.Concat(node.Outgoing))
                {
                    if (flow.Source is null || flow.Target is null)
                    {
                        throw new BpmnNetException($"Sequence flow '{flow.Id}' does not connect two flow nodes ('{flow.SourceRef}' → '{flow.TargetRef}').", flow.Id);
                    }
                }

                if (IsJoinPerFlow(node))
                {
                    foreach (var flow in node.Incoming)
                    {
                        flowPlace[flow] = net.AddPlace(node.Id);
                    }
                }
                else if (node is not BoundaryEvent and not StartEvent)
                {
                    inputPlace[node] = net.AddPlace(node.Id);
                }
            }

            PairInclusiveGateways(nodes);
            var starts = nodes.OfType<StartEvent>().ToList();
            foreach (var start in starts)
            {
                AddTransition(EventLabel(start), start.Id, [entry], Outputs(start, exit));
            }

            if (starts.Count == 0)
            {
                // Without start events every node without incoming flow starts with the container (BPMN 2.0, 10.5.1).
                var initial = nodes.Where(n => n.Incoming.Count == 0 && n is not BoundaryEvent && !IsLinkCatch(n) && !IsCompensation(n)).ToList();
                if (initial.Count == 0)
                {
                    throw new BpmnNetException($"'{container.Id}' has neither a start event nor a node without incoming flow.", container.Id);
                }

                AddTransition(null, container.Id, [entry], [.. initial.Select(n => InputOf(n, null))]);
            }

            foreach (var node in nodes)
            {
                if (IsCompensation(node))
                {
                    continue;
                }

                switch (node)
                {
                    case StartEvent:
                    case BoundaryEvent:
                        break;
                    case EndEvent:
                        AddTransition(null, node.Id, [inputPlace[node]], [exit]);
                        break;
                    case SubProcess sub:
                        TranslateSubProcess(sub, exit);
                        break;
                    case Activity activity:
                        TranslateActivity(activity, exit);
                        break;
                    case ParallelGateway:
                        AddTransition(null, node.Id, JoinInputs(node), Outputs(node, exit));
                        break;
                    case InclusiveGateway or ComplexGateway:
                        TranslateInclusive((Gateway)node, exit);
                        break;
                    case Gateway:
                        // Exclusive and event-based gateways: the token takes exactly one outgoing flow.
                        foreach (var output in Outputs(node, exit))
                        {
                            AddTransition(null, node.Id, [inputPlace[node]], [output]);
                        }

                        break;
                    default:
                        AddTransition(EventLabel((BpmnEvent)node), node.Id, [inputPlace[node]], Outputs(node, exit));
                        break;
                }
            }
        }

        private void TranslateActivity(Activity activity, int exit)
        {
            var input = inputPlace[activity];
            var outputs = Outputs(activity, exit);
            var label = options.Matching == ActivityMatching.Id || string.IsNullOrWhiteSpace(activity.Name) ? activity.Id : activity.Name.Trim();
            if (activity.LoopCharacteristics is null)
            {
                AddTransition(label, activity.Id, [input], outputs);
            }
            else
            {
                // Loops and multi-instance run the activity one or more times; parallel instances interleave like repetitions.
                var after = net.AddPlace(activity.Id);
                AddTransition(label, activity.Id, [input], [after]);
                AddTransition(null, activity.Id, [after], [input]);
                AddTransition(null, activity.Id, [after], outputs);
            }

            TranslateBoundaryEvents(activity, input, exit);
        }

        private void TranslateSubProcess(SubProcess sub, int exit)
        {
            var input = inputPlace[sub];
            var inner = net.AddPlace(sub.Id);
            var done = net.AddPlace(sub.Id);
            AddTransition(null, sub.Id, [input], [inner]);
            TranslateContainer(sub, inner, done);
            if (sub.LoopCharacteristics is not null)
            {
                AddTransition(null, sub.Id, [done], [input]);
            }

            AddTransition(null, sub.Id, [done], Outputs(sub, exit));

            // Interrupting the flattened body half-way would need reset arcs; a boundary event is an alternative to the whole sub-process.
            TranslateBoundaryEvents(sub, input, exit);
        }

        private void TranslateBoundaryEvents(Activity activity, int input, int exit)
        {
            foreach (var boundary in activity.BoundaryEvents)
            {
                if (IsCompensation(boundary))
                {
                    continue;
                }

                var outputs = Outputs(boundary, exit);
                AddTransition(EventLabel(boundary), boundary.Id, [input], boundary.CancelActivity ? outputs : [input, .. outputs]);
            }
        }

        private void TranslateInclusive(Gateway gateway, int exit)
        {
            var outputs = Outputs(gateway, exit);
            int[] splitInputs;
            if (gateway.Incoming.Count > 1)
            {
                var joined = outputs.Length > 1 ? net.AddPlace(gateway.Id) : -1;
                var joinOutputs = outputs.Length > 1 ? [joined] : outputs;
                if (pairedJoins.TryGetValue(gateway, out var pair))
                {
                    // Paired with its split: the split leaves a marker naming the branches it started, so the join waits for exactly those.
                    for (var s = 0; s < pair.Markers.Length; s++)
                    {
                        var inputs = new List<int> { pair.Markers[s] };
                        inputs.AddRange(Subset(pair.BranchJoinFlows, s + 1).Select(f => flowPlace[f]));
                        AddTransition(null, gateway.Id, [.. inputs], joinOutputs);
                    }
                }
                else
                {
                    // Unpaired: a local approximation that joins whatever subset of incoming flows has arrived.
                    var incoming = gateway.Incoming.ToArray();
                    CheckBranchCount(gateway, incoming.Length);
                    for (var s = 1; s < 1 << incoming.Length; s++)
                    {
                        AddTransition(null, gateway.Id, [.. Subset(incoming, s).Select(f => flowPlace[f])], joinOutputs);
                    }
                }

                if (outputs.Length <= 1)
                {
                    return;
                }

                splitInputs = [joined];
            }
            else
            {
                splitInputs = [inputPlace[gateway]];
            }

            CheckBranchCount(gateway, outputs.Length);
            var markers = pairedSplits.TryGetValue(gateway, out var split) ? split.Markers : null;
            for (var s = 1; s < 1 << outputs.Length; s++)
            {
                var produced = Subset(outputs, s).ToList();
                if (markers is not null)
                {
                    produced.Add(markers[s - 1]);
                }

                AddTransition(null, gateway.Id, splitInputs, [.. produced]);
            }
        }

        private void CheckBranchCount(Gateway gateway, int branches)
        {
            if (branches > options.MaxInclusiveBranches)
            {
                throw new BpmnNetException($"Inclusive gateway '{gateway.Name ?? gateway.Id}' has {branches} branches; at most {options.MaxInclusiveBranches} are translated (every subset becomes a transition).", gateway.Id);
            }
        }

        /// <summary>
        /// Pairs an inclusive split with the nearest inclusive join that each of its branches reaches
        /// through exactly one distinct incoming flow (a block-structured OR). Other inclusive joins
        /// keep the local approximation.
        /// </summary>
        private void PairInclusiveGateways(List<FlowNode> nodes)
        {
            foreach (var split in nodes.Where(n => n is InclusiveGateway or ComplexGateway && n.Outgoing.Count > 1))
            {
                if (split.Outgoing.Count > options.MaxInclusiveBranches)
                {
                    continue;
                }

                var reach = split.Outgoing.Select(ReachableJoinFlows).ToList();
                var candidates = reach[0].Keys.Where(j => reach.All(r => r.ContainsKey(j)) && !pairedJoins.ContainsKey(j))
                    .OrderBy(j => reach.Sum(r => r[j].Distance)).ToList();
                foreach (var join in candidates)
                {
                    var branchFlows = reach.Select(r => r[join].Flows).ToList();
                    if (branchFlows.All(f => f.Count == 1)
                        && branchFlows.Select(f => f[0]).Distinct().Count() == join.Incoming.Count
                        && join.Incoming.Count == split.Outgoing.Count)
                    {
                        var markers = new int[(1 << split.Outgoing.Count) - 1];
                        for (var s = 0; s < markers.Length; s++)
                        {
                            markers[s] = net.AddPlace(join.Id);
                        }

                        var pair = new InclusivePair(split, join, [.. branchFlows.Select(f => f[0])], markers);
                        pairedSplits[split] = pair;
                        pairedJoins[join] = pair;
                        break;
                    }
                }
            }
        }

        /// <summary>Inclusive joins reachable from a flow without passing through them, with the incoming flows by which they are reached.</summary>
        private static Dictionary<FlowNode, (int Distance, List<SequenceFlow> Flows)> ReachableJoinFlows(SequenceFlow start)
        {
            var result = new Dictionary<FlowNode, (int, List<SequenceFlow>)>(ReferenceEqualityComparer.Instance);
            var seen = new HashSet<SequenceFlow>(ReferenceEqualityComparer.Instance) { start };
            var queue = new Queue<(SequenceFlow Flow, int Distance)>();
            queue.Enqueue((start, 0));
            while (queue.Count > 0)
            {
                var (flow, distance) = queue.Dequeue();
                var target = flow.Target!;
                if (target is InclusiveGateway or ComplexGateway && target.Incoming.Count > 1)
                {
                    if (!result.TryGetValue(target, out var entry))
                    {
                        entry = (distance, []);
                        result[target] = entry;
                    }

                    if (!entry.Item2.Contains(flow))
                    {
                        entry.Item2.Add(flow);
                    }

                    continue;
                }

                foreach (var next in target.Outgoing)
                {
                    if (seen.Add(next))
                    {
                        queue.Enqueue((next, distance + 1));
                    }
                }
            }

            return result;
        }

        private static IEnumerable<T> Subset<T>(IReadOnlyList<T> items, int mask)
        {
            for (var i = 0; i < items.Count; i++)
            {
                if ((mask & (1 << i)) != 0)
                {
                    yield return items[i];
                }
            }
        }

        private string? EventLabel(BpmnEvent e)
        {
            if (!options.NamedEventsAreActivities || e is StartEvent or EndEvent || IsLinkThrow(e) || IsLinkCatch(e) || string.IsNullOrWhiteSpace(e.Name))
            {
                return null;
            }

            return options.Matching == ActivityMatching.Id ? e.Id : e.Name.Trim();
        }

        private int[] JoinInputs(FlowNode node) =>
            node.Incoming.Count == 0 ? [inputPlace[node]] : [.. node.Incoming.Select(f => flowPlace[f])];

        /// <summary>The places a node puts tokens into: one per outgoing flow (an activity with several outgoing flows splits in parallel), or the container's exit.</summary>
        private int[] Outputs(FlowNode node, int exit)
        {
            if (IsLinkThrow(node))
            {
                var name = LinkName(node);
                var target = TopLevelNodes(node.Container!).FirstOrDefault(n => IsLinkCatch(n) && LinkName(n) == name)
                    ?? throw new BpmnNetException($"Link event '{node.Name ?? node.Id}' has no catching link named '{name}'.", node.Id);
                return [inputPlace[target]];
            }

            return node.Outgoing.Count == 0 ? [exit] : [.. node.Outgoing.Select(f => InputOf(f.Target!, f))];
        }

        private int InputOf(FlowNode target, SequenceFlow? flow)
        {
            if (flow is not null && flowPlace.TryGetValue(flow, out var place))
            {
                return place;
            }

            if (inputPlace.TryGetValue(target, out place))
            {
                return place;
            }

            throw new BpmnNetException($"'{target.Name ?? target.Id}' cannot receive a token: sequence flows into {target.ElementName} elements are not translated.", target.Id);
        }

        private static bool IsJoinPerFlow(FlowNode node) =>
            (node.Incoming.Count > 0 && node is ParallelGateway) || (node is InclusiveGateway or ComplexGateway && node.Incoming.Count > 1);

        private static bool IsLinkThrow(FlowNode node) =>
            node is IntermediateThrowEvent e && e.EventDefinitions.OfType<LinkEventDefinition>().Any();

        private static bool IsLinkCatch(FlowNode node) =>
            node is IntermediateCatchEvent e && e.EventDefinitions.OfType<LinkEventDefinition>().Any();

        private static string? LinkName(FlowNode node) =>
            ((BpmnEvent)node).EventDefinitions.OfType<LinkEventDefinition>().First().Name ?? node.Name;

        private static bool IsCompensation(FlowNode node) =>
            node is Activity { IsForCompensation: true } || (node is BoundaryEvent b && b.EventDefinitions.OfType<CompensateEventDefinition>().Any());

        private void AddTransition(string? label, string elementId, int[] inputs, int[] outputs) =>
            net.AddTransition(label, elementId, inputs, outputs);
    }

    private sealed record InclusivePair(FlowNode Split, FlowNode Join, SequenceFlow[] BranchJoinFlows, int[] Markers);
}
