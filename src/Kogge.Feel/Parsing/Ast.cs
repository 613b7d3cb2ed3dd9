namespace Kogge.Feel.Parsing;

internal abstract record Node(int Position);

internal sealed record LiteralNode(int Position, object? Value) : Node(Position);

internal sealed record NameNode(int Position, string Name) : Node(Position);

internal sealed record InputValueNode(int Position) : Node(Position);

internal sealed record TemporalLiteralNode(int Position, string Text) : Node(Position);

internal sealed record NegateNode(int Position, Node Operand) : Node(Position);

internal sealed record BinaryNode(int Position, string Operator, Node Left, Node Right) : Node(Position);

internal sealed record BetweenNode(int Position, Node Value, Node Low, Node High) : Node(Position);

internal sealed record InNode(int Position, Node Value, UnaryTestsNode Tests) : Node(Position);

internal sealed record InstanceOfNode(int Position, Node Value, TypeNode Type) : Node(Position);

internal sealed record IfNode(int Position, Node Condition, Node Then, Node Else) : Node(Position);

internal sealed record Iteration(string Name, Node Domain, Node? RangeEnd);

internal sealed record ForNode(int Position, IReadOnlyList<Iteration> Iterations, Node Body) : Node(Position);

internal sealed record QuantifiedNode(int Position, bool Every, IReadOnlyList<Iteration> Iterations, Node Condition) : Node(Position);

internal sealed record ListNode(int Position, IReadOnlyList<Node> Items) : Node(Position);

internal sealed record ContextNode(int Position, IReadOnlyList<KeyValuePair<string, Node>> Entries) : Node(Position);

/// <summary>
/// A range. For the tests "= x" and "!= x" (<see cref="Operator"/> set) <see cref="Start"/> is the one point and
/// <see cref="End"/> is null: the point is kept once, so that "= = = … x" stays a tree; sharing it as both end points
/// made every pass over the tree (compiling, evaluating) take twice as long at each level.
/// </summary>
internal sealed record RangeNode(int Position, Node? Start, bool StartIncluded, Node? End, bool EndIncluded, string? Operator = null) : Node(Position);

internal sealed record FilterNode(int Position, Node Source, Node Predicate) : Node(Position);

internal sealed record PathNode(int Position, Node Source, string Member) : Node(Position);

internal sealed record CallNode(int Position, Node Function, IReadOnlyList<Node> Positional, IReadOnlyList<KeyValuePair<string, Node>>? Named) : Node(Position);

internal sealed record Parameter(string Name, TypeNode? Type);

internal sealed record FunctionNode(int Position, IReadOnlyList<Parameter> Parameters, Node Body, bool External) : Node(Position);

/// <summary>A FEEL type as written after <c>instance of</c> or in a parameter declaration.</summary>
internal sealed record TypeNode(string Name, IReadOnlyList<TypeNode> Arguments, IReadOnlyList<KeyValuePair<string, TypeNode>>? Fields, TypeNode? Result);

internal abstract record UnaryTestNode(int Position);

/// <summary><c>&lt; e</c>, <c>&gt;= e</c>, <c>= e</c>, <c>!= e</c>.</summary>
internal sealed record ComparisonTestNode(int Position, string Operator, Node Operand) : UnaryTestNode(Position);

/// <summary>An expression test: a range, a list, a value, or a boolean over <c>?</c>.</summary>
internal sealed record ExpressionTestNode(int Position, Node Expression, bool UsesInput) : UnaryTestNode(Position);

internal sealed record UnaryTestsNode(int Position, IReadOnlyList<UnaryTestNode> Tests, bool Negated, bool Any);
