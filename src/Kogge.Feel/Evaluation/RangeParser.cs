using Kogge.Feel.Parsing;

namespace Kogge.Feel.Evaluation;

/// <summary>The <c>range(from)</c> function: a range literal in a string, with literal end points only.</summary>
internal static class RangeParser
{
    public static object? Parse(string text, EvalContext run)
    {
        Node node;
        try
        {
            node = Parser.ParseExpression(text, new NameTable(Builtins.ReservedNames));
        }
        catch (FeelSyntaxException e)
        {
            return run.Warn($"range(): {e.Reason}");
        }

        var first = text.TrimStart();
        if (node is not RangeNode r || first.Length == 0 || first[0] is not ('[' or '(' or ']') || !IsLiteral(r.Start) || !IsLiteral(r.End))
        {
            return run.Warn($"range(): '{text}' is not a range literal");
        }

        var value = Compiler.Compile(node)(Env.Root(run, null));
        if (value is not FeelRange range || (range.Start is null && range.End is null))
        {
            return run.Warn("range(): a range needs at least one end point");
        }

        if (range.Start is not null && range.End is not null
            && (range.Start.GetType() != range.End.GetType() || Values.Compare(range.Start, range.End) is not <= 0))
        {
            return run.Warn("range(): the start must not be after the end, and both must be of the same type");
        }

        return value;
    }

    private static bool IsLiteral(Node? node) => node switch
    {
        null => true,
        LiteralNode { Value: not null } => true,
        TemporalLiteralNode => true,
        NegateNode n => n.Operand is LiteralNode { Value: decimal },
        CallNode { Function: NameNode n, Positional: [LiteralNode { Value: string }], Named: null } =>
            n.Name is "date" or "time" or "date and time" or "duration",
        _ => false,
    };
}
