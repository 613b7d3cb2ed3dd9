using System.Text;
using System.Text.RegularExpressions;
using Kogge.Feel.Evaluation;
using Kogge.Forms.Validation;

namespace Kogge.Forms.Rendering;

/// <summary>
/// The templates of form-js texts (feelers): <c>{{expr}}</c> inserts a FEEL value, <c>{{#if cond}}…{{/if}}</c>
/// keeps its content when the condition is true, <c>{{#loop list}}…{{/loop}}</c> repeats it for each item, with the
/// item's entries and <c>this</c> in scope. Depth, loop length and output size are bounded.
/// </summary>
internal static partial class TextTemplate
{
    private const int MaxDepth = 16;
    private const int MaxItems = 1000;
    private const int MaxOutput = 1_000_000;

    public static string Render(string text, Dictionary<string, object?> scope, bool encode, Func<object?, string> format)
    {
        if (!text.Contains("{{", StringComparison.Ordinal))
        {
            return text;
        }

        var tokens = Tag().Split(text);
        var position = 0;
        var nodes = Parse(tokens, ref position, null, 0);
        var output = new StringBuilder();
        Write(nodes, scope, encode, format, output, 0);
        return output.ToString();
    }

    private abstract record Node;

    private sealed record Literal(string Text) : Node;

    private sealed record Insert(string Expression) : Node;

    private sealed record Block(string Kind, string Expression, List<Node> Children) : Node;

    // Regex.Split with a capturing group: even indexes are text, odd indexes the inside of a tag.
    private static List<Node> Parse(string[] tokens, ref int position, string? closing, int depth)
    {
        var nodes = new List<Node>();
        while (position < tokens.Length)
        {
            var index = position++;
            var token = tokens[index];
            if (index % 2 == 0)
            {
                // A block tag alone on its line leaves no empty line behind (as in form-js).
                if (index > 0 && IsBlockTag(tokens[index - 1]) && token.StartsWith('\n'))
                {
                    token = token[1..];
                }

                if (token.Length > 0)
                {
                    nodes.Add(new Literal(token));
                }

                continue;
            }

            var tag = token.Trim();
            if (tag.StartsWith('/'))
            {
                if (closing is not null && tag[1..].Trim() == closing)
                {
                    return nodes;
                }

                continue;
            }

            var block = tag.StartsWith("#if ", StringComparison.Ordinal) ? "if" : tag.StartsWith("#loop ", StringComparison.Ordinal) ? "loop" : null;
            if (block is not null && depth < MaxDepth)
            {
                var expression = tag[(block.Length + 2)..].Trim();
                nodes.Add(new Block(block, expression, Parse(tokens, ref position, block, depth + 1)));
            }
            else if (block is null)
            {
                nodes.Add(new Insert(tag));
            }
        }

        return nodes;
    }

    private static bool IsBlockTag(string tag)
    {
        var trimmed = tag.Trim();
        return trimmed.StartsWith('/') || trimmed.StartsWith("#if ", StringComparison.Ordinal) || trimmed.StartsWith("#loop ", StringComparison.Ordinal);
    }

    private static void Write(List<Node> nodes, Dictionary<string, object?> scope, bool encode, Func<object?, string> format, StringBuilder output, int depth)
    {
        foreach (var node in nodes)
        {
            if (output.Length > MaxOutput)
            {
                return;
            }

            switch (node)
            {
                case Literal literal:
                    output.Append(literal.Text);
                    break;
                case Insert insert:
                    var value = format(Evaluate(insert.Expression, scope));
                    output.Append(encode ? FormRenderer.Encode(value) : value);
                    break;
                case Block { Kind: "if" } condition:
                    if (Evaluate(condition.Expression, scope) is true)
                    {
                        Write(condition.Children, scope, encode, format, output, depth + 1);
                    }

                    break;
                case Block loop:
                    if (Evaluate(loop.Expression, scope) is List<object?> items)
                    {
                        foreach (var item in items.Take(MaxItems))
                        {
                            var inner = new Dictionary<string, object?>(scope, StringComparer.Ordinal);
                            if (item is FeelContext ctx)
                            {
                                foreach (var k in ctx.Keys)
                                {
                                    inner[k] = ctx[k];
                                }
                            }

                            inner["this"] = item;
                            Write(loop.Children, inner, encode, format, output, depth + 1);
                        }
                    }

                    break;
            }
        }
    }

    private static object? Evaluate(string expression, Dictionary<string, object?> scope) =>
        expression == "this" ? scope.GetValueOrDefault("this") : FormValidator.Feel(expression, scope);

    [GeneratedRegex(@"\{\{(.*?)\}\}", RegexOptions.Singleline | RegexOptions.CultureInvariant, 250)]
    private static partial Regex Tag();
}
