using System.Globalization;
using Kogge.Bpmn.Expressions;

namespace Kogge.Bpmn.Tests.TestDoubles;

/// <summary>
/// TEST DOUBLE — not FEEL. A tiny expression evaluator standing in for Kogge.Feel in the engine tests.
/// It knows just enough of FEEL's look to run the test models: literals, variable paths, comparisons,
/// <c>and</c>/<c>or</c>, <c>+ - * /</c>, lists and contexts, <c>if then else</c>, <c>some/every ... satisfies</c>
/// and the functions <c>not</c>, <c>string</c>, <c>count</c>, <c>now</c>.
/// </summary>
internal sealed class TestExpressionLanguage(TimeProvider? time = null) : IExpressionLanguage
{
    public ExpressionCompileResult Compile(string expression)
    {
        try
        {
            var parser = new Parser(Tokenize(expression), time ?? TimeProvider.System);
            var node = parser.ParseExpression();
            parser.ExpectEnd();
            return ExpressionCompileResult.Success(new Compiled(node));
        }
        catch (FormatException e)
        {
            return ExpressionCompileResult.Failure(e.Message);
        }
    }

    private sealed class Compiled(Func<IVariableScope, object?> node) : ICompiledExpression
    {
        public object? Evaluate(IVariableScope variables) => node(variables);
    }

    private static List<string> Tokenize(string text)
    {
        var tokens = new List<string>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '"')
            {
                var end = text.IndexOf('"', i + 1);
                if (end < 0)
                {
                    throw new FormatException("unterminated string");
                }

                tokens.Add(text[i..(end + 1)]);
                i = end + 1;
            }
            else if (char.IsDigit(c))
            {
                var start = i;
                while (i < text.Length && (char.IsDigit(text[i]) || text[i] == '.'))
                {
                    i++;
                }

                tokens.Add(text[start..i]);
            }
            else if (char.IsLetter(c) || c == '_')
            {
                var start = i;
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_'))
                {
                    i++;
                }

                tokens.Add(text[start..i]);
            }
            else if (i + 1 < text.Length && text.Substring(i, 2) is "<=" or ">=" or "!=")
            {
                tokens.Add(text.Substring(i, 2));
                i += 2;
            }
            else if ("<>=+-*/()[]{},.:".Contains(c, StringComparison.Ordinal))
            {
                tokens.Add(c.ToString());
                i++;
            }
            else
            {
                throw new FormatException($"unexpected character '{c}'");
            }
        }

        return tokens;
    }

    private sealed class Parser(List<string> tokens, TimeProvider time)
    {
        private int _position;

        private string? Peek => _position < tokens.Count ? tokens[_position] : null;

        public void ExpectEnd()
        {
            if (Peek is not null)
            {
                throw new FormatException($"unexpected '{Peek}'");
            }
        }

        public Func<IVariableScope, object?> ParseExpression()
        {
            if (Peek == "if")
            {
                _position++;
                var condition = ParseExpression();
                Expect("then");
                var then = ParseExpression();
                Expect("else");
                var otherwise = ParseExpression();
                return s => condition(s) is true ? then(s) : otherwise(s);
            }

            if (Peek is "some" or "every")
            {
                var every = tokens[_position++] == "every";
                var name = Next();
                Expect("in");
                var list = ParseOr();
                Expect("satisfies");
                var condition = ParseExpression();
                return s =>
                {
                    var items = list(s) as IEnumerable<object?> ?? [];
                    bool Test(object? item) => condition(new Bound(s, name, item)) is true;
                    return every ? items.All(Test) : items.Any(Test);
                };
            }

            return ParseOr();
        }

        private Func<IVariableScope, object?> ParseOr()
        {
            var left = ParseAnd();
            while (Peek == "or")
            {
                _position++;
                var l = left;
                var r = ParseAnd();
                left = s => l(s) is true || r(s) is true;
            }

            return left;
        }

        private Func<IVariableScope, object?> ParseAnd()
        {
            var left = ParseComparison();
            while (Peek == "and")
            {
                _position++;
                var l = left;
                var r = ParseComparison();
                left = s => l(s) is true && r(s) is true;
            }

            return left;
        }

        private Func<IVariableScope, object?> ParseComparison()
        {
            var left = ParseAdditive();
            if (Peek is "=" or "!=" or "<" or "<=" or ">" or ">=")
            {
                var op = tokens[_position++];
                var right = ParseAdditive();
                return s => Compare(op, left(s), right(s));
            }

            return left;
        }

        private static bool? Compare(string op, object? a, object? b)
        {
            if (op is "=" or "!=")
            {
                var equal = Equals(a, b);
                return op == "=" ? equal : !equal;
            }

            if (a is decimal x && b is decimal y)
            {
                return op switch { "<" => x < y, "<=" => x <= y, ">" => x > y, _ => x >= y };
            }

            if (a is string p && b is string q)
            {
                var c = string.CompareOrdinal(p, q);
                return op switch { "<" => c < 0, "<=" => c <= 0, ">" => c > 0, _ => c >= 0 };
            }

            return null;
        }

        private Func<IVariableScope, object?> ParseAdditive()
        {
            var left = ParseMultiplicative();
            while (Peek is "+" or "-")
            {
                var op = tokens[_position++];
                var l = left;
                var r = ParseMultiplicative();
                left = s => (l(s), r(s)) switch
                {
                    (decimal x, decimal y) => op == "+" ? x + y : x - y,
                    (string x, string y) when op == "+" => x + y,
                    _ => null,
                };
            }

            return left;
        }

        private Func<IVariableScope, object?> ParseMultiplicative()
        {
            var left = ParsePostfix();
            while (Peek is "*" or "/")
            {
                var op = tokens[_position++];
                var l = left;
                var r = ParsePostfix();
                left = s => (l(s), r(s)) switch
                {
                    (decimal x, decimal y) => op == "*" ? x * y : y == 0 ? null : x / y,
                    _ => null,
                };
            }

            return left;
        }

        private Func<IVariableScope, object?> ParsePostfix()
        {
            var value = ParsePrimary();
            while (Peek == ".")
            {
                _position++;
                var member = Next();
                var target = value;
                value = s => target(s) is IReadOnlyDictionary<string, object?> map ? map.GetValueOrDefault(member) : null;
            }

            return value;
        }

        private Func<IVariableScope, object?> ParsePrimary()
        {
            var token = Next();
            if (token.StartsWith('"'))
            {
                var text = token[1..^1];
                return _ => text;
            }

            if (char.IsDigit(token[0]))
            {
                var number = decimal.Parse(token, CultureInfo.InvariantCulture);
                return _ => number;
            }

            switch (token)
            {
                case "true":
                    return _ => true;
                case "false":
                    return _ => false;
                case "null":
                    return _ => null;
                case "-":
                    var negated = ParsePostfix();
                    return s => negated(s) is decimal d ? -d : null;
                case "(":
                    var inner = ParseExpression();
                    Expect(")");
                    return inner;
                case "[":
                    var items = new List<Func<IVariableScope, object?>>();
                    while (Peek != "]")
                    {
                        items.Add(ParseExpression());
                        if (Peek == ",")
                        {
                            _position++;
                        }
                    }

                    Expect("]");
                    return s => items.Select(i => i(s)).ToList();
                case "{":
                    var entries = new List<(string Key, Func<IVariableScope, object?> Value)>();
                    while (Peek != "}")
                    {
                        var key = Next();
                        key = key.StartsWith('"') ? key[1..^1] : key;
                        Expect(":");
                        entries.Add((key, ParseExpression()));
                        if (Peek == ",")
                        {
                            _position++;
                        }
                    }

                    Expect("}");
                    return s => entries.ToDictionary(e => e.Key, e => e.Value(s), StringComparer.Ordinal);
            }

            if (!char.IsLetter(token[0]) && token[0] != '_')
            {
                throw new FormatException($"unexpected '{token}'");
            }

            if (Peek == "(")
            {
                _position++;
                var arguments = new List<Func<IVariableScope, object?>>();
                while (Peek != ")")
                {
                    arguments.Add(ParseExpression());
                    if (Peek == ",")
                    {
                        _position++;
                    }
                }

                Expect(")");
                return token switch
                {
                    "not" when arguments.Count == 1 => s => arguments[0](s) is bool b ? !b : null,
                    "string" when arguments.Count == 1 => s => Convert.ToString(arguments[0](s), CultureInfo.InvariantCulture),
                    "count" when arguments.Count == 1 => s => arguments[0](s) is IEnumerable<object?> list ? (decimal)list.Count() : null,
                    "now" when arguments.Count == 0 => _ => time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture),
                    _ => throw new FormatException($"unknown function '{token}'"),
                };
            }

            return s => s.TryGetVariable(token, out var value) ? value : null;
        }

        private string Next() => _position < tokens.Count ? tokens[_position++] : throw new FormatException("unexpected end of expression");

        private void Expect(string token)
        {
            if (Next() != token)
            {
                throw new FormatException($"expected '{token}'");
            }
        }
    }

    private sealed class Bound(IVariableScope outer, string name, object? value) : IVariableScope
    {
        public bool TryGetVariable(string variable, out object? result)
        {
            if (variable == name)
            {
                result = value;
                return true;
            }

            return outer.TryGetVariable(variable, out result);
        }
    }
}
