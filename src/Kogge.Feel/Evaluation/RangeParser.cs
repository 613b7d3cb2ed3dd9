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

        if (node is not RangeNode r || !IsLiteral(r.Start) || !IsLiteral(r.End))
        {
            return run.Warn($"range(): '{text}' is not a range literal");
        }

        var value = Compiler.Compile(node)(Env.Root(run, null));
        if (value is FeelRange { Start: null, End: null })
        {
            return run.Warn("range(): a range needs at least one end point");
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
