using System.Text;

namespace Kogge.Mining.Discovery;

/// <summary>The kind of a process tree node.</summary>
public enum ProcessTreeKind
{
    /// <summary>A visible activity (a leaf with a label).</summary>
    Activity,
    /// <summary>A silent step τ (a leaf without label).</summary>
    Silent,
    /// <summary>Children in order (→).</summary>
    Sequence,
    /// <summary>Exactly one child (×).</summary>
    ExclusiveChoice,
    /// <summary>All children, interleaved (∧).</summary>
    Parallel,
    /// <summary>The first child (body), then zero or more times the second child (redo) followed by the body again (↺).</summary>
    Loop,
}

/// <summary>A block-structured process model: leaves are activities or τ, inner nodes are operators.</summary>
public sealed class ProcessTree
{
    private ProcessTree(ProcessTreeKind kind, string? label, IReadOnlyList<ProcessTree> children)
    {
        Kind = kind;
        Label = label;
        Children = children;
    }

    /// <summary>The node kind.</summary>
    public ProcessTreeKind Kind { get; }

    /// <summary>The activity name of an <see cref="ProcessTreeKind.Activity"/> leaf; null otherwise.</summary>
    public string? Label { get; }

    /// <summary>The children of an operator node (a loop has exactly two: body and redo).</summary>
    public IReadOnlyList<ProcessTree> Children { get; }

    /// <summary>An activity leaf.</summary>
    public static ProcessTree Activity(string label)
    {
        ArgumentNullException.ThrowIfNull(label);
        return new(ProcessTreeKind.Activity, label, []);
    }

    /// <summary>A silent leaf τ.</summary>
    public static ProcessTree Silent() => new(ProcessTreeKind.Silent, null, []);

    /// <summary>A sequence; nested sequences are flattened.</summary>
    public static ProcessTree Sequence(params IEnumerable<ProcessTree> children) => Operator(ProcessTreeKind.Sequence, children);

    /// <summary>An exclusive choice; nested choices are flattened.</summary>
    public static ProcessTree ExclusiveChoice(params IEnumerable<ProcessTree> children) => Operator(ProcessTreeKind.ExclusiveChoice, children);

    /// <summary>A parallel block; nested parallel blocks are flattened.</summary>
    public static ProcessTree Parallel(params IEnumerable<ProcessTree> children) => Operator(ProcessTreeKind.Parallel, children);

    /// <summary>A loop of a body and a redo part.</summary>
    public static ProcessTree Loop(ProcessTree body, ProcessTree redo)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(redo);
        return new(ProcessTreeKind.Loop, null, [body, redo]);
    }

    /// <summary>The activity labels of all leaves, in tree order.</summary>
    public IEnumerable<string> Activities() =>
        Kind == ProcessTreeKind.Activity ? [Label!] : Children.SelectMany(c => c.Activities());

    /// <summary>The number of nodes.</summary>
    public int Size => 1 + Children.Sum(c => c.Size);

    /// <summary>The tree in the usual notation, e.g. <c>→('a', ×(τ, 'b'))</c>.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        Write(sb);
        return sb.ToString();
    }

    private static ProcessTree Operator(ProcessTreeKind kind, IEnumerable<ProcessTree> children)
    {
        ArgumentNullException.ThrowIfNull(children);
        var flat = new List<ProcessTree>();
        foreach (var child in children)
        {
            if (child.Kind == kind)
            {
                flat.AddRange(child.Children);
            }
            else
            {
                flat.Add(child);
            }
        }

        if (kind == ProcessTreeKind.Sequence || kind == ProcessTreeKind.Parallel)
        {
            // τ in a sequence or parallel block does nothing observable.
            if (flat.Count > 1)
            {
                flat.RemoveAll(c => c.Kind == ProcessTreeKind.Silent);
            }
        }
        else if (kind == ProcessTreeKind.ExclusiveChoice)
        {
            var firstSilent = flat.FindIndex(c => c.Kind == ProcessTreeKind.Silent);
            if (firstSilent >= 0)
            {
                var silent = flat[firstSilent];
                flat.RemoveAll(c => c.Kind == ProcessTreeKind.Silent && !ReferenceEquals(c, silent));
            }
        }

        return flat.Count switch
        {
            0 => Silent(),
            1 => flat[0],
            _ => new ProcessTree(kind, null, flat),
        };
    }

    private void Write(StringBuilder sb)
    {
        switch (Kind)
        {
            case ProcessTreeKind.Activity:
                sb.Append('\'').Append(Label).Append('\'');
                return;
            case ProcessTreeKind.Silent:
                sb.Append('τ');
                return;
        }

        sb.Append(Kind switch
        {
            ProcessTreeKind.Sequence => "→(",
            ProcessTreeKind.ExclusiveChoice => "×(",
            ProcessTreeKind.Parallel => "∧(",
            _ => "↺(",
        });
        for (var i = 0; i < Children.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(", ");
            }

            Children[i].Write(sb);
        }

        sb.Append(')');
    }
}
