using System.Globalization;
using System.Text;

namespace Kogge.Feel.Parsing;

internal enum TokenKind
{
    End,
    Number,
    String,
    Name,
    Symbol,
}

internal readonly record struct Token(TokenKind Kind, string Text, int Start, int End, decimal Number = 0m);

/// <summary>
/// Recursive-descent parser for FEEL (DMN 1.5, chapter 10). Tokens are read lazily because FEEL names may
/// contain spaces and operators; which words form one name depends on the names known at that point.
/// </summary>
internal sealed class Parser
{
    public const int MaxLength = 100_000;
    public const int MaxDepth = 120;

    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "and", "or", "between", "in", "instance", "of", "then", "else", "return", "satisfies", "for", "some", "every", "if", "function", "true", "false", "null", "external",
    };

    private readonly string _text;
    private readonly NameTable _names;
    private int _pos;
    private Token? _current;
    private int _depth;
    private int _rangeEnd;

    public Parser(string text, NameTable names)
    {
        if (text.Length > MaxLength)
        {
            throw new FeelSyntaxException($"The expression is longer than {MaxLength} characters", text, MaxLength);
        }

        _text = text;
        _names = names;
    }

    public static Node ParseExpression(string text, NameTable names)
    {
        var p = new Parser(text, names);
        var node = p.Expression();
        p.ExpectEnd();
        return node;
    }

    public static UnaryTestsNode ParseUnaryTests(string text, NameTable names)
    {
        var p = new Parser(text, names);
        var tests = p.UnaryTests();
        p.ExpectEnd();
        return tests;
    }

    private Token Peek => _current ??= Lex(_pos);

    private void Advance()
    {
        _pos = Peek.End;
        _current = null;
    }

    private void Reset(int position)
    {
        _pos = position;
        _current = null;
    }

    private bool IsSymbol(string s) => Peek.Kind == TokenKind.Symbol && Peek.Text == s;

    private bool IsKeyword(string s) => Peek.Kind == TokenKind.Name && Peek.Text == s;

    private bool Accept(string symbol)
    {
        if (IsSymbol(symbol))
        {
            Advance();
            return true;
        }

        return false;
    }

    private bool AcceptKeyword(string word)
    {
        if (IsKeyword(word))
        {
            Advance();
            return true;
        }

        return false;
    }

    private void Expect(string symbol, string context)
    {
        if (!Accept(symbol))
        {
            throw Error($"Expected '{symbol}' {context}, but found {Describe(Peek)}", Peek.Start);
        }
    }

    private void ExpectKeyword(string word, string context)
    {
        if (!AcceptKeyword(word))
        {
            throw Error($"Expected '{word}' {context}, but found {Describe(Peek)}", Peek.Start);
        }
    }

    private void ExpectEnd()
    {
        if (Peek.Kind == TokenKind.End)
        {
            return;
        }

        // "Monthly Salary" written without declaring the name reads as two names; say so.
        var before = _text[..Peek.Start].TrimEnd();
        var previous = before.Length > 0 && Parser.IsNamePartChar(before[^1]) ? before.Split(' ', '(', '[', '{', ',', '+', '-', '*', '/')[^1] : null;
        if (Peek.Kind == TokenKind.Name && !string.IsNullOrEmpty(previous) && !Keywords.Contains(Peek.Text))
        {
            throw Error($"Unexpected '{Peek.Text}' after '{previous}'; if '{previous} {Peek.Text}' is one name, it must be a known variable", Peek.Start);
        }

        throw Error($"Unexpected {Describe(Peek)} after the end of the expression", Peek.Start);
    }

    private static string Describe(Token t) => t.Kind switch
    {
        TokenKind.End => "the end of the expression",
        TokenKind.String => "a string",
        _ => $"'{t.Text}'",
    };

    private FeelSyntaxException Error(string message, int position) => new(message, _text, position);

    private void Enter()
    {
        if (++_depth > MaxDepth)
        {
            throw Error($"The expression is nested more than {MaxDepth} levels deep", Peek.Start);
        }
    }

    private void Leave() => _depth--;

    // ---------------------------------------------------------------- expressions

    public Node Expression()
    {
        Enter();
        try
        {
            var t = Peek;
            if (t.Kind == TokenKind.Name)
            {
                switch (t.Text)
                {
                    case "if": return If();
                    case "for": return For();
                    case "some": return Quantified(false);
                    case "every": return Quantified(true);
                    case "function": return FunctionDefinition();
                }
            }

            return Disjunction();
        }
        finally
        {
            Leave();
        }
    }

    private IfNode If()
    {
        var start = Peek.Start;
        Advance();
        var condition = Expression();
        ExpectKeyword("then", "after the condition of 'if'");
        var then = Expression();
        ExpectKeyword("else", "after the 'then' part of 'if'");
        var otherwise = Expression();
        return new IfNode(start, condition, then, otherwise);
    }

    private List<Iteration> Iterations(string keyword, bool allowRange)
    {
        var list = new List<Iteration>();
        do
        {
            var name = NameUntil("in");
            ExpectKeyword("in", $"after the variable name in '{keyword}'");
            var domain = Expression();
            Node? end = null;
            if (allowRange && Accept(".."))
            {
                end = Expression();
            }

            _names.Add(name);
            _current = null;
            list.Add(new Iteration(name, domain, end));
        }
        while (Accept(","));
        return list;
    }

    private string NameUntil(string keyword)
    {
        var start = Peek.Start;
        var parts = new List<string>();
        while (Peek.Kind == TokenKind.Name && Peek.Text != keyword)
        {
            parts.Add(Peek.Text);
            Advance();
        }

        if (parts.Count == 0)
        {
            throw Error($"Expected a variable name, but found {Describe(Peek)}", start);
        }

        return string.Join(' ', parts);
    }

    private ForNode For()
    {
        var start = Peek.Start;
        Advance();
        var iterations = Iterations("for", true);
        ExpectKeyword("return", "after the lists of 'for'");
        var body = Expression();
        return new ForNode(start, iterations, body);
    }

    private QuantifiedNode Quantified(bool every)
    {
        var start = Peek.Start;
        var word = Peek.Text;
        Advance();
        var iterations = Iterations(word, false);
        ExpectKeyword("satisfies", $"after the lists of '{word}'");
        var condition = Expression();
        return new QuantifiedNode(start, every, iterations, condition);
    }

    private FunctionNode FunctionDefinition()
    {
        var start = Peek.Start;
        Advance();
        Expect("(", "after 'function'");
        var parameters = new List<Parameter>();
        if (!Accept(")"))
        {
            do
            {
                var name = RawName([',', ')', ':'], "parameter name");
                TypeNode? type = null;
                if (Accept(":"))
                {
                    type = Type();
                }

                _names.Add(name);
                _current = null;
                parameters.Add(new Parameter(name, type));
            }
            while (Accept(","));
            Expect(")", "to close the parameter list");
        }

        var external = AcceptKeyword("external");
        var body = Expression();
        return new FunctionNode(start, parameters, body, external);
    }

    private Node Disjunction()
    {
        var left = Conjunction();
        while (IsKeyword("or"))
        {
            var at = Peek.Start;
            Advance();
            left = new BinaryNode(at, "or", left, Conjunction());
        }

        return left;
    }

    private Node Conjunction()
    {
        var left = Comparison();
        while (IsKeyword("and"))
        {
            var at = Peek.Start;
            Advance();
            left = new BinaryNode(at, "and", left, Comparison());
        }

        return left;
    }

    private Node Comparison()
    {
        var left = Additive();
        while (true)
        {
            var t = Peek;
            if (t.Kind == TokenKind.Symbol && t.Text is "=" or "!=" or "<" or "<=" or ">" or ">=")
            {
                Advance();
                left = new BinaryNode(t.Start, t.Text, left, Additive());
            }
            else if (IsKeyword("between"))
            {
                Advance();
                var low = Additive();
                ExpectKeyword("and", "between the bounds of 'between'");
                var high = Additive();
                left = new BetweenNode(t.Start, left, low, high);
            }
            else if (IsKeyword("in"))
            {
                Advance();
                left = new InNode(t.Start, left, InTarget());
            }
            else if (IsKeyword("instance"))
            {
                Advance();
                ExpectKeyword("of", "after 'instance'");
                left = new InstanceOfNode(t.Start, left, Type());
            }
            else
            {
                return left;
            }
        }
    }

    // Positions of '(' after 'in' that did not read as a list of tests. Without them every nested "x in (" is read
    // twice at each level, and 30 unclosed levels take minutes.
    private HashSet<int>? _notTestLists;

    private UnaryTestsNode InTarget()
    {
        var start = Peek.Start;
        if (IsSymbol("(") && _notTestLists?.Contains(_pos) != true)
        {
            // '(' opens either a list of tests "(1, 2)", a parenthesised test, or a range "(1..5]".
            var save = _pos;
            Advance();
            var tests = new List<UnaryTestNode>();
            try
            {
                tests.Add(PositiveUnaryTest(true));
                while (Accept(","))
                {
                    tests.Add(PositiveUnaryTest(true));
                }

                if (Accept(")"))
                {
                    return new UnaryTestsNode(start, tests, false, false);
                }
            }
            catch (FeelSyntaxException)
            {
                // Not a list of tests: read it again as an expression below.
            }

            (_notTestLists ??= []).Add(save);
            Reset(save);
        }

        return new UnaryTestsNode(start, [PositiveUnaryTest(false)], false, false);
    }

    private UnaryTestNode PositiveUnaryTest(bool full)
    {
        var t = Peek;
        if (t.Kind == TokenKind.Symbol && t.Text is "<" or "<=" or ">" or ">=" or "=" or "!=")
        {
            Advance();
            return new ComparisonTestNode(t.Start, t.Text, Additive());
        }

        var expression = full ? Expression() : Additive();
        return new ExpressionTestNode(t.Start, expression, UsesInput(expression));
    }

    public UnaryTestsNode UnaryTests()
    {
        var start = Peek.Start;
        if (IsSymbol("-"))
        {
            var save = _pos;
            Advance();
            if (Peek.Kind == TokenKind.End)
            {
                return new UnaryTestsNode(start, [], false, true);
            }

            Reset(save);
        }

        if (IsKeyword("not"))
        {
            var save = _pos;
            Advance();
            if (Accept("("))
            {
                try
                {
                    var inner = PositiveUnaryTests();
                    if (Accept(")") && Peek.Kind == TokenKind.End)
                    {
                        return new UnaryTestsNode(start, inner, true, false);
                    }
                }
                catch (FeelSyntaxException)
                {
                    // Read it again as an ordinary expression such as not(x) = y.
                }
            }

            Reset(save);
        }

        return new UnaryTestsNode(start, PositiveUnaryTests(), false, false);
    }

    private List<UnaryTestNode> PositiveUnaryTests()
    {
        var tests = new List<UnaryTestNode> { PositiveUnaryTest(true) };
        while (Accept(","))
        {
            tests.Add(PositiveUnaryTest(true));
        }

        return tests;
    }

    private static bool UsesInput(Node node) => node switch
    {
        InputValueNode => true,
        NegateNode n => UsesInput(n.Operand),
        BinaryNode b => UsesInput(b.Left) || UsesInput(b.Right),
        BetweenNode b => UsesInput(b.Value) || UsesInput(b.Low) || UsesInput(b.High),
        InNode i => UsesInput(i.Value) || i.Tests.Tests.Any(t => t is ComparisonTestNode c ? UsesInput(c.Operand) : ((ExpressionTestNode)t).UsesInput),
        InstanceOfNode i => UsesInput(i.Value),
        IfNode i => UsesInput(i.Condition) || UsesInput(i.Then) || UsesInput(i.Else),
        ForNode f => f.Iterations.Any(it => UsesInput(it.Domain)) || UsesInput(f.Body),
        QuantifiedNode q => q.Iterations.Any(it => UsesInput(it.Domain)) || UsesInput(q.Condition),
        ListNode l => l.Items.Any(UsesInput),
        ContextNode c => c.Entries.Any(e => UsesInput(e.Value)),
        RangeNode r => (r.Start is not null && UsesInput(r.Start)) || (r.End is not null && UsesInput(r.End)),
        FilterNode f => UsesInput(f.Source) || UsesInput(f.Predicate),
        PathNode p => UsesInput(p.Source),
        CallNode c => UsesInput(c.Function) || c.Positional.Any(UsesInput) || (c.Named?.Any(n => UsesInput(n.Value)) ?? false),
        _ => false,
    };

    private Node Additive()
    {
        var left = Multiplicative();
        while (IsSymbol("+") || IsSymbol("-"))
        {
            var t = Peek;
            Advance();
            left = new BinaryNode(t.Start, t.Text, left, Multiplicative());
        }

        return left;
    }

    private Node Multiplicative()
    {
        var left = Exponent();
        while (IsSymbol("*") || IsSymbol("/"))
        {
            var t = Peek;
            Advance();
            left = new BinaryNode(t.Start, t.Text, left, Exponent());
        }

        return left;
    }

    private Node Exponent()
    {
        var left = Unary();
        while (IsSymbol("**"))
        {
            var t = Peek;
            Advance();
            left = new BinaryNode(t.Start, "**", left, Unary());
        }

        return left;
    }

    private Node Unary()
    {
        if (IsSymbol("-"))
        {
            var t = Peek;
            Advance();
            Enter();
            try
            {
                return new NegateNode(t.Start, Unary());
            }
            finally
            {
                Leave();
            }
        }

        return Postfix();
    }

    private Node Postfix()
    {
        var node = Primary();
        while (true)
        {
            var t = Peek;
            if (IsSymbol("[") && _rangeEnd == 0)
            {
                Advance();
                var predicate = Nested(Expression);
                Expect("]", "to close the filter");
                node = new FilterNode(t.Start, node, predicate);
            }
            else if (IsSymbol("."))
            {
                Advance();
                var member = Peek;
                if (member.Kind != TokenKind.Name)
                {
                    throw Error($"Expected a name after '.', but found {Describe(member)}", member.Start);
                }

                Advance();
                node = new PathNode(t.Start, node, member.Text);
            }
            else if (IsSymbol("("))
            {
                node = Arguments(node);
            }
            else
            {
                return node;
            }
        }
    }

    private CallNode Arguments(Node function) => Nested(() => ArgumentsCore(function));

    private CallNode ArgumentsCore(Node function)
    {
        var start = Peek.Start;
        Advance();
        var positional = new List<Node>();
        List<KeyValuePair<string, Node>>? named = null;
        if (Accept(")"))
        {
            return new CallNode(start, function, positional, null);
        }

        if (LooksLikeNamedArgument())
        {
            named = [];
            do
            {
                var name = RawName([':'], "parameter name");
                Expect(":", "after the parameter name");
                named.Add(new(name, Expression()));
            }
            while (Accept(","));
        }
        else
        {
            do
            {
                positional.Add(Expression());
            }
            while (Accept(","));
        }

        Expect(")", $"to close the arguments opened at column {start + 1}");
        return new CallNode(start, function, positional, named);
    }

    private bool LooksLikeNamedArgument()
    {
        var i = SkipTrivia(_pos);
        var begin = i;
        while (i < _text.Length && (char.IsLetterOrDigit(_text[i]) || _text[i] is ' ' or '\t' or '_' or '?' or '\''))
        {
            i++;
        }

        return i > begin && i < _text.Length && _text[i] == ':' && !char.IsAsciiDigit(_text[begin]);
    }

    private string RawName(char[] stops, string what)
    {
        var i = SkipTrivia(_pos);
        if (i < _text.Length && _text[i] == '"')
        {
            Reset(i);
            var t = Peek;
            Advance();
            return t.Text;
        }

        var begin = i;
        var depth = 0;
        while (i < _text.Length && (depth > 0 || Array.IndexOf(stops, _text[i]) < 0))
        {
            if (_text[i] is '(' or '[' or '{' or '<')
            {
                depth++;
            }
            else if (_text[i] is ')' or ']' or '}' or '>')
            {
                depth--;
                if (depth < 0)
                {
                    break;
                }
            }

            i++;
        }

        var name = NormalizeSpaces(_text[begin..i]);
        if (name.Length == 0 || name.IndexOfAny(['{', '}', '[', ']', '"']) >= 0)
        {
            throw Error($"Expected a {what}", begin);
        }

        Reset(i);
        return name;
    }

    private static string NormalizeSpaces(string s)
    {
        var sb = new StringBuilder();
        var space = false;
        foreach (var c in s.Trim())
        {
            if (char.IsWhiteSpace(c))
            {
                space = true;
                continue;
            }

            if (space)
            {
                sb.Append(' ');
                space = false;
            }

            sb.Append(c);
        }

        return sb.ToString();
    }

    private Node Primary()
    {
        Enter();
        try
        {
            return PrimaryCore();
        }
        finally
        {
            Leave();
        }
    }

    private Node PrimaryCore()
    {
        var t = Peek;
        switch (t.Kind)
        {
            case TokenKind.Number:
                Advance();
                return new LiteralNode(t.Start, t.Number);
            case TokenKind.String:
                Advance();
                return new LiteralNode(t.Start, t.Text);
            case TokenKind.End:
                throw Error("The expression ends too early", t.Start);
            case TokenKind.Name:
                switch (t.Text)
                {
                    case "true":
                        Advance();
                        return new LiteralNode(t.Start, true);
                    case "false":
                        Advance();
                        return new LiteralNode(t.Start, false);
                    case "null":
                        Advance();
                        return new LiteralNode(t.Start, null);
                    case "?":
                        Advance();
                        return new InputValueNode(t.Start);
                    case "if":
                    case "for":
                    case "some":
                    case "every":
                    case "function":
                        return Expression();
                    case "and" or "or" or "then" or "else" or "return" or "satisfies" or "between" or "in" or "instance" or "of":
                        throw Error($"Expected a value, but found the keyword '{t.Text}'", t.Start);
                }

                Advance();
                return new NameNode(t.Start, t.Text);
        }

        switch (t.Text)
        {
            case "(":
                {
                    Advance();
                    var inner = Expression();
                    if (Accept(".."))
                    {
                        var end = RangeEnd();
                        return new RangeNode(t.Start, inner, false, end, CloseRange());
                    }

                    Expect(")", $"to close the '(' at column {t.Start + 1}");
                    return inner;
                }

            case "[":
                {
                    Advance();
                    if (Accept("]"))
                    {
                        return new ListNode(t.Start, []);
                    }

                    var first = Expression();
                    if (Accept(".."))
                    {
                        var end = RangeEnd();
                        return new RangeNode(t.Start, first, true, end, CloseRange());
                    }

                    var items = new List<Node> { first };
                    while (Accept(","))
                    {
                        items.Add(Expression());
                    }

                    Expect("]", $"to close the list opened at column {t.Start + 1}");
                    return new ListNode(t.Start, items);
                }

            case "]":
                {
                    Advance();
                    var start = Expression();
                    Expect("..", "in the range");
                    var end = RangeEnd();
                    return new RangeNode(t.Start, start, false, end, CloseRange());
                }

            case "{":
                return Context();
            case "@":
                {
                    Advance();
                    var s = Peek;
                    if (s.Kind != TokenKind.String)
                    {
                        throw Error("Expected a string after '@', for example @\"2024-01-31\"", s.Start);
                    }

                    Advance();
                    return new TemporalLiteralNode(t.Start, s.Text);
                }

            case "<" or "<=" or ">" or ">=" or "=" or "!=":
                {
                    Advance();
                    var bound = Additive();
                    return t.Text switch
                    {
                        "=" => new RangeNode(t.Start, bound, true, null, true, "="),
                        "!=" => new RangeNode(t.Start, bound, false, null, false, "!="),
                        "<" => new RangeNode(t.Start, null, false, bound, false),
                        "<=" => new RangeNode(t.Start, null, false, bound, true),
                        ">" => new RangeNode(t.Start, bound, false, null, false),
                        _ => new RangeNode(t.Start, bound, true, null, false),
                    };
                }
        }

        throw Error($"Expected a value, but found {Describe(t)}", t.Start);
    }

    private T Nested<T>(Func<T> parse)
    {
        var saved = _rangeEnd;
        _rangeEnd = 0;
        try
        {
            return parse();
        }
        finally
        {
            _rangeEnd = saved;
        }
    }

    private Node RangeEnd()
    {
        // In "[1..10[" the second '[' closes the range; it must not be read as a filter on 10.
        _rangeEnd++;
        try
        {
            return Expression();
        }
        finally
        {
            _rangeEnd--;
        }
    }

    private bool CloseRange()
    {
        if (Accept("]"))
        {
            return true;
        }

        if (Accept(")") || Accept("["))
        {
            return false;
        }

        throw Error($"Expected ']' or ')' to close the range, but found {Describe(Peek)}", Peek.Start);
    }

    private ContextNode Context()
    {
        var start = Peek.Start;
        Advance();
        var entries = new List<KeyValuePair<string, Node>>();
        if (Accept("}"))
        {
            return new ContextNode(start, entries);
        }

        do
        {
            var key = RawName([':', ',', '}'], "context entry name");
            Expect(":", $"after the context entry name '{key}'");
            _names.Add(key);
            _current = null;
            if (entries.Exists(e => e.Key == key))
            {
                throw Error($"The context has two entries named '{key}'", start);
            }

            entries.Add(new(key, Expression()));
        }
        while (Accept(","));
        Expect("}", $"to close the context opened at column {start + 1}");
        return new ContextNode(start, entries);
    }

    private TypeNode Type()
    {
        var t = Peek;
        if (t.Kind != TokenKind.Name)
        {
            throw Error($"Expected a type name, but found {Describe(t)}", t.Start);
        }

        Advance();
        var name = t.Text;
        if (name == "function" && Accept("<"))
        {
            var args = new List<TypeNode>();
            if (!Accept(">"))
            {
                do
                {
                    args.Add(Type());
                }
                while (Accept(","));
                Expect(">", "to close the parameter types");
            }

            Expect("-", "before the result type");
            Expect(">", "before the result type");
            return new TypeNode("function", args, null, Type());
        }

        if (name == "context" && IsSymbol("<"))
        {
            Advance();
            var fields = new List<KeyValuePair<string, TypeNode>>();
            do
            {
                var key = RawName([':'], "context entry name");
                Expect(":", "after the entry name");
                fields.Add(new(key, Type()));
            }
            while (Accept(","));
            Expect(">", "to close the context type");
            return new TypeNode("context", [], fields, null);
        }

        if (name is "list" or "range" && IsSymbol("<"))
        {
            Advance();
            var inner = Type();
            Expect(">", "to close the type");
            return new TypeNode(name, [inner], null, null);
        }

        // Qualified item definition names such as "imported.tPerson".
        while (IsSymbol("."))
        {
            Advance();
            name += "." + Peek.Text;
            Advance();
        }

        return new TypeNode(name, [], null, null);
    }

    // ---------------------------------------------------------------- lexer

    private int SkipTrivia(int i)
    {
        while (i < _text.Length)
        {
            var c = _text[i];
            if (char.IsWhiteSpace(c) || c == '\u00A0' || c == '\uFEFF')
            {
                i++;
            }
            else if (c == '/' && i + 1 < _text.Length && _text[i + 1] == '/')
            {
                while (i < _text.Length && _text[i] != '\n')
                {
                    i++;
                }
            }
            else if (c == '/' && i + 1 < _text.Length && _text[i + 1] == '*')
            {
                var end = _text.IndexOf("*/", i + 2, StringComparison.Ordinal);
                if (end < 0)
                {
                    throw Error("A comment opened with '/*' is not closed", i);
                }

                i = end + 2;
            }
            else
            {
                break;
            }
        }

        return i;
    }

    private Token Lex(int from)
    {
        var i = SkipTrivia(from);
        if (i >= _text.Length)
        {
            return new Token(TokenKind.End, string.Empty, i, i);
        }

        var c = _text[i];
        if (char.IsAsciiDigit(c) || (c == '.' && i + 1 < _text.Length && char.IsAsciiDigit(_text[i + 1])))
        {
            return LexNumber(i);
        }

        if (c == '"')
        {
            return LexString(i);
        }

        if (IsNameStart(c) || char.IsSurrogate(c))
        {
            return LexName(i);
        }

        string[] symbols = ["**", "..", "<=", ">=", "!=", "(", ")", "[", "]", "{", "}", ",", ".", ":", "=", "<", ">", "+", "-", "*", "/", "@"];
        foreach (var s in symbols)
        {
            if (string.CompareOrdinal(_text, i, s, 0, s.Length) == 0)
            {
                return new Token(TokenKind.Symbol, s, i, i + s.Length);
            }
        }

        throw Error($"The character '{c}' is not allowed here", i);
    }

    private Token LexNumber(int i)
    {
        var start = i;
        while (i < _text.Length && char.IsAsciiDigit(_text[i]))
        {
            i++;
        }

        if (i + 1 < _text.Length && _text[i] == '.' && char.IsAsciiDigit(_text[i + 1]))
        {
            i++;
            while (i < _text.Length && char.IsAsciiDigit(_text[i]))
            {
                i++;
            }
        }

        if (i < _text.Length && _text[i] is 'e' or 'E')
        {
            var j = i + 1;
            if (j < _text.Length && _text[j] is '+' or '-')
            {
                j++;
            }

            if (j < _text.Length && char.IsAsciiDigit(_text[j]))
            {
                while (j < _text.Length && char.IsAsciiDigit(_text[j]))
                {
                    j++;
                }

                i = j;
            }
        }

        var text = _text[start..i];
        if (!decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) || Math.Abs(d) > 7.9e28)
            {
                throw Error($"The number {text} is too large", start);
            }

            value = 0m;
        }

        return new Token(TokenKind.Number, text, start, i, value);
    }

    private Token LexString(int i)
    {
        var start = i;
        i++;
        var sb = new StringBuilder();
        while (true)
        {
            if (i >= _text.Length)
            {
                throw Error("A string is not closed: a '\"' is missing", start);
            }

            var c = _text[i];
            if (c == '"')
            {
                i++;
                break;
            }

            if (c == '\\' && i + 1 < _text.Length)
            {
                var e = _text[i + 1];
                i += 2;
                switch (e)
                {
                    case 'n': sb.Append('\n'); break;
                    case 't': sb.Append('\t'); break;
                    case 'r': sb.Append('\r'); break;
                    case 'b': sb.Append('\b'); break;
                    case 'f': sb.Append('\f'); break;
                    case '"': sb.Append('"'); break;
                    case '\'': sb.Append('\''); break;
                    case '\\': sb.Append('\\'); break;
                    case 'u':
                        {
                            if (i + 4 > _text.Length || !int.TryParse(_text.AsSpan(i, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code))
                            {
                                throw Error("'\\u' must be followed by four hexadecimal digits", i - 2);
                            }

                            sb.Append((char)code);
                            i += 4;
                            break;
                        }

                    case 'U':
                        {
                            if (i + 6 > _text.Length || !int.TryParse(_text.AsSpan(i, 6), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code) || code > 0x10FFFF)
                            {
                                throw Error("'\\U' must be followed by six hexadecimal digits", i - 2);
                            }

                            sb.Append(char.ConvertFromUtf32(code));
                            i += 6;
                            break;
                        }

                    default:
                        sb.Append('\\').Append(e);
                        break;
                }

                continue;
            }

            sb.Append(c);
            i++;
        }

        return new Token(TokenKind.String, sb.ToString(), start, i);
    }

    private static bool IsNameStart(char c) => char.IsLetter(c) || c is '_' or '?' || c > 0x7F && !char.IsWhiteSpace(c) && !char.IsPunctuation(c);

    private static bool IsNamePart(char c) => IsNameStart(c) || char.IsDigit(c) || char.IsSurrogate(c) || char.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark;

    private Token LexName(int i)
    {
        var start = i;
        var known = _names.LongestMatch(_text, i);
        if (known is { } k)
        {
            return new Token(TokenKind.Name, k.Name, start, k.End);
        }

        if (_text[i] == '?' && (i + 1 >= _text.Length || !IsNamePart(_text[i + 1])))
        {
            return new Token(TokenKind.Name, "?", start, i + 1);
        }

        i++;
        while (i < _text.Length && IsNamePart(_text[i]))
        {
            i++;
        }

        return new Token(TokenKind.Name, _text[start..i], start, i);
    }

    internal static bool IsSimpleName(string name)
    {
        if (name.Length == 0 || !IsNameStart(name[0]) || Keywords.Contains(name))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!IsNamePart(c))
            {
                return false;
            }
        }

        return true;
    }

    internal static bool IsNamePartChar(char c) => IsNamePart(c);
}

/// <summary>
/// The names an expression may use that are not plain identifiers ("date and time", "Monthly Salary"),
/// so the lexer can read them as one name.
/// </summary>
internal sealed class NameTable
{
    private readonly Dictionary<char, List<string>> _byFirst = [];
    private readonly HashSet<string> _all = new(StringComparer.Ordinal);
    private readonly NameTable? _parent;

    public NameTable(IEnumerable<string>? names = null, NameTable? parent = null)
    {
        _parent = parent;
        if (names is not null)
        {
            foreach (var n in names)
            {
                Add(n);
            }
        }
    }

    public IEnumerable<string> Names => _all;

    public void Add(string name)
    {
        name = name.Trim();
        if (name.Length == 0 || Parser.IsSimpleName(name) || !_all.Add(name))
        {
            return;
        }

        if (!_byFirst.TryGetValue(name[0], out var list))
        {
            list = [];
            _byFirst[name[0]] = list;
        }

        list.Add(name);
        list.Sort((a, b) => b.Length.CompareTo(a.Length));
    }

    public (string Name, int End)? LongestMatch(string text, int start)
    {
        (string Name, int End)? best = null;
        for (var table = this; table is not null; table = table._parent)
        {
            if (!table._byFirst.TryGetValue(text[start], out var list))
            {
                continue;
            }

            foreach (var name in list)
            {
                if (best is { } b && b.Name.Length >= name.Length)
                {
                    break;
                }

                var end = Match(text, start, name);
                if (end >= 0)
                {
                    best = (name, end);
                    break;
                }
            }
        }

        return best;
    }

    private static int Match(string text, int start, string name)
    {
        var i = start;
        var j = 0;
        while (j < name.Length)
        {
            if (i >= text.Length)
            {
                return -1;
            }

            if (char.IsWhiteSpace(name[j]))
            {
                if (!char.IsWhiteSpace(text[i]))
                {
                    return -1;
                }

                while (i < text.Length && char.IsWhiteSpace(text[i]))
                {
                    i++;
                }

                while (j < name.Length && char.IsWhiteSpace(name[j]))
                {
                    j++;
                }

                continue;
            }

            if (text[i] != name[j])
            {
                return -1;
            }

            i++;
            j++;
        }

        if (i < text.Length && Parser.IsNamePartChar(text[i]) && Parser.IsNamePartChar(name[^1]))
        {
            return -1;
        }

        return i;
    }
}
