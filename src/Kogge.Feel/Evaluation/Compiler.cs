using Kogge.Feel.Parsing;

namespace Kogge.Feel.Evaluation;

/// <summary>Turns a FEEL syntax tree into nested delegates, so an expression is parsed once and evaluated many times.</summary>
internal static class Compiler
{
    public static Eval Compile(Node node)
    {
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
        switch (node)
        {
            case LiteralNode l:
                {
                    var value = l.Value;
                    return _ => value;
                }

            case NameNode n:
                {
                    var name = n.Name;
                    if (name.Contains('.', StringComparison.Ordinal))
                    {
                        return env => env.TryLookup(name, out var v) ? v : QualifiedName(env, name);
                    }

                    return env => env.TryLookup(name, out var v) ? v : env.Run.Warn($"Unknown name '{name}'");
                }

            case InputValueNode:
                return env => env.Input;
            case TemporalLiteralNode t:
                {
                    var value = Builtins.ParseTemporal(t.Text);
                    var text = t.Text;
                    return env => value ?? env.Run.Warn($"'@\"{text}\"' is not a valid date, time or duration");
                }

            case NegateNode n:
                {
                    var operand = Compile(n.Operand);
                    return env => Arithmetic.Negate(operand(env), env.Run);
                }

            case BinaryNode b:
                return CompileBinary(b);
            case BetweenNode b:
                {
                    var value = Compile(b.Value);
                    var low = Compile(b.Low);
                    var high = Compile(b.High);
                    return env =>
                    {
                        var v = value(env);
                        var lo = Values.Compare(v, low(env));
                        var hi = Values.Compare(v, high(env));
                        if (lo is null || hi is null)
                        {
                            return env.Run.Warn("'between' needs comparable values");
                        }

                        return lo >= 0 && hi <= 0;
                    };
                }

            case InNode i:
                {
                    var value = Compile(i.Value);
                    var tests = CompileUnaryTests(i.Tests);
                    return env => tests(env.WithInput(value(env)));
                }

            case InstanceOfNode i:
                {
                    var value = Compile(i.Value);
                    var typeNode = i.Type;
                    FeelType? cached = null;
                    return env =>
                    {
                        var type = cached ??= ResolveType(typeNode, env.Run);
                        if (type is null)
                        {
                            return env.Run.Warn($"Unknown type '{typeNode.Name}'");
                        }

                        return type.IsInstanceIgnoringConstraints(value(env));
                    };
                }

            case IfNode i:
                {
                    var c = Compile(i.Condition);
                    var t = Compile(i.Then);
                    var e = Compile(i.Else);
                    return env => c(env) is true ? t(env) : e(env);
                }

            case ForNode f:
                return CompileFor(f);
            case QuantifiedNode q:
                return CompileQuantified(q);
            case ListNode l:
                {
                    var items = l.Items.Select(Compile).ToArray();
                    return env =>
                    {
                        var list = new List<object?>(items.Length);
                        foreach (var item in items)
                        {
                            list.Add(item(env));
                        }

                        return list;
                    };
                }

            case ContextNode c:
                {
                    var entries = c.Entries.Select(e => (e.Key, Value: Compile(e.Value))).ToArray();
                    return env =>
                    {
                        var ctx = new FeelContext();
                        var inner = env.With(ctx);
                        foreach (var (key, value) in entries)
                        {
                            ctx.Set(key, value(inner));
                        }

                        return ctx;
                    };
                }

            case RangeNode r:
                {
                    if (Constant(r) is { } constant)
                    {
                        // Decision table cells are mostly literal ranges: build them once.
                        return _ => constant;
                    }

                    // "= x" and "!= x" hold their point once (as Start); it is both end points.
                    var point = r.Operator is not null;
                    var start = r.Start is null ? null : Compile(r.Start);
                    var end = point ? start : r.End is null ? null : Compile(r.End);
                    var si = r.StartIncluded;
                    var ei = r.EndIncluded;
                    var op = r.Operator;
                    return env =>
                    {
                        var s = start?.Invoke(env);
                        var e = point ? s : end?.Invoke(env);
                        if ((start is not null && s is null) || (end is not null && e is null))
                        {
                            return env.Run.Warn("A range end point is null");
                        }

                        if (start is not null && end is not null)
                        {

                            if (s is not null && e is not null && Values.Compare(s, e) is null)
                            {
                                return env.Run.Warn("The end points of a range must be of the same type");
                            }
                        }

                        if ((s is not null && !IsRangeEndpoint(s)) || (e is not null && !IsRangeEndpoint(e)))
                        {
                            return env.Run.Warn("A range end point must be a number, string, date, time or duration");
                        }

                        return new FeelRange(s, si, e, ei) { Operator = op };
                    };
                }

            case FilterNode f:
                return CompileFilter(f);
            case PathNode p:
                {
                    var source = Compile(p.Source);
                    var member = p.Member;
                    return env => Path(source(env), member, env.Run);
                }

            case CallNode c:
                return CompileCall(c);
            case FunctionNode f:
                return CompileFunction(f);
            default:
                throw new InvalidOperationException($"Unsupported node {node.GetType().Name}");
        }
    }

    /// <summary>"a.b c" read as one name but unknown as such: resolve "a" and take its member "b c".</summary>
    private static object? QualifiedName(Env env, string name)
    {
        for (var dot = name.LastIndexOf('.'); dot > 0; dot = name.LastIndexOf('.', dot - 1))
        {
            if (env.TryLookup(name[..dot], out var value))
            {
                foreach (var member in name[(dot + 1)..].Split('.'))
                {
                    value = Path(value, member.Trim(), env.Run);
                }

                return value;
            }
        }

        return env.Run.Warn($"Unknown name '{name}'");
    }

    private static FeelRange? Constant(RangeNode r)
    {
        if (r.Start is not (null or LiteralNode { Value: not null }) || r.End is not (null or LiteralNode { Value: not null }) || (r.Start is null && r.End is null))
        {
            return null;
        }

        var s = (r.Start as LiteralNode)?.Value;
        var e = r.Operator is not null ? s : (r.End as LiteralNode)?.Value;
        if ((s is not null && !IsRangeEndpoint(s)) || (e is not null && !IsRangeEndpoint(e)) || (s is not null && e is not null && Values.Compare(s, e) is null))
        {
            return null;
        }

        return new FeelRange(s, r.StartIncluded, e, r.EndIncluded) { Operator = r.Operator };
    }

    private static bool IsRangeEndpoint(object v) => v is decimal or string or FeelDate or FeelTime or FeelDateTime or DaysTimeDuration or YearsMonthsDuration;

    internal static FeelType? ResolveType(TypeNode node, EvalContext run)
    {
        switch (node.Name)
        {
            case "list" when node.Arguments.Count == 1:
                {
                    var e = ResolveType(node.Arguments[0], run);
                    return e is null ? null : FeelType.ListOf(e);
                }

            case "range" when node.Arguments.Count == 1:
                {
                    var e = ResolveType(node.Arguments[0], run);
                    return e is null ? null : FeelType.RangeOf(e);
                }

            case "context" when node.Fields is not null:
                {
                    var fields = new List<KeyValuePair<string, FeelType>>();
                    foreach (var (k, t) in node.Fields)
                    {
                        var ft = ResolveType(t, run);
                        if (ft is null)
                        {
                            return null;
                        }

                        fields.Add(new(k, ft));
                    }

                    return FeelType.ContextOf(fields);
                }

            case "function":
                return FeelType.Function;
        }

        return run.TypeResolver?.Invoke(node.Name) ?? FeelType.BuiltIn(node.Name);
    }

    private static Eval CompileBinary(BinaryNode b)
    {
        var left = Compile(b.Left);
        var right = Compile(b.Right);
        switch (b.Operator)
        {
            case "and":
                return env =>
                {
                    var l = left(env);
                    if (l is false)
                    {
                        return BoxedFalse;
                    }

                    var r = right(env);
                    if (r is false)
                    {
                        return BoxedFalse;
                    }

                    return l is true && r is true ? BoxedTrue : null;
                };
            case "or":
                return env =>
                {
                    var l = left(env);
                    if (l is true)
                    {
                        return BoxedTrue;
                    }

                    var r = right(env);
                    if (r is true)
                    {
                        return BoxedTrue;
                    }

                    return l is false && r is false ? BoxedFalse : null;
                };
            case "=":
                return env => Box(Values.Equal(left(env), right(env))) ?? env.Run.Warn("'=' compares values of different types");
            case "!=":
                return env => Box(!Values.Equal(left(env), right(env))) ?? env.Run.Warn("'!=' compares values of different types");
            case "<":
            case "<=":
            case ">":
            case ">=":
                {
                    var op = b.Operator;
                    return env =>
                    {
                        var l = left(env);
                        var r = right(env);
                        var c = Values.Compare(l, r);
                        if (c is null)
                        {
                            return l is null || r is null ? null : env.Run.Warn($"'{op}' cannot compare {Values.TypeName(l)} with {Values.TypeName(r)}");
                        }

                        return Box(op switch
                        {
                            "<" => c < 0,
                            "<=" => c <= 0,
                            ">" => c > 0,
                            _ => c >= 0,
                        });
                    };
                }

            default:
                {
                    var op = b.Operator;
                    return env => Arithmetic.Binary(op, left(env), right(env), env.Run);
                }
        }
    }

    internal static Func<Env, object?> CompileUnaryTests(UnaryTestsNode node)
    {
        if (node.Any)
        {
            return _ => true;
        }

        var tests = node.Tests.Select(CompileUnaryTest).ToArray();
        var negated = node.Negated;
        return env =>
        {
            var sawNull = false;
            foreach (var test in tests)
            {
                var r = test(env);
                if (r is true)
                {
                    return Box(!negated);
                }

                if (r is null)
                {
                    sawNull = true;
                }
            }

            if (sawNull)
            {
                return null;
            }

            return Box(negated);
        };
    }

    private static readonly object BoxedTrue = true;
    private static readonly object BoxedFalse = false;

    /// <summary>A boolean as a shared boxed object: tests run per decision table cell and must not allocate.</summary>
    internal static object Box(bool value) => value ? BoxedTrue : BoxedFalse;

    internal static object? Box(bool? value) => value is { } b ? Box(b) : null;

    /// <summary>
    /// Unary tests whose operands are all constants (literals, literal ranges, dates), compiled to a direct test of the
    /// input that needs no scope: the common decision table cell. Null when a test needs the scope (names, calls, ?).
    /// Gives the same result as <see cref="CompileUnaryTests"/>.
    /// </summary>
    internal static Func<object?, bool?>? TryCompileConstantTests(UnaryTestsNode node)
    {
        if (node.Any)
        {
            return static _ => true;
        }

        var tests = new Func<object?, bool?>[node.Tests.Count];
        for (var i = 0; i < tests.Length; i++)
        {
            if (TryCompileConstantTest(node.Tests[i]) is not { } test)
            {
                return null;
            }

            tests[i] = test;
        }

        var negated = node.Negated;
        if (tests.Length == 1 && !negated)
        {
            return tests[0];
        }

        return input =>
        {
            var sawNull = false;
            foreach (var test in tests)
            {
                var r = test(input);
                if (r == true)
                {
                    return !negated;
                }

                if (r is null)
                {
                    sawNull = true;
                }
            }

            return sawNull ? null : negated;
        };
    }

    /// <summary>The string values a cell such as <c>"A", "B"</c> accepts, when the input can match it only by being one of them.</summary>
    internal static IReadOnlyList<string>? StringLiterals(UnaryTestsNode node)
    {
        if (node.Any || node.Negated || node.Tests.Count == 0)
        {
            return null;
        }

        var result = new List<string>(node.Tests.Count);
        foreach (var test in node.Tests)
        {
            switch (test)
            {
                case ExpressionTestNode { UsesInput: false, Expression: LiteralNode { Value: string value } }:
                    result.Add(value);
                    break;
                case ComparisonTestNode { Operator: "=", Operand: LiteralNode { Value: string value } }:
                    result.Add(value);
                    break;
                default:
                    return null;
            }
        }

        return result;
    }

    private static Func<object?, bool?>? TryCompileConstantTest(UnaryTestNode node)
    {
        switch (node)
        {
            case ComparisonTestNode c when TryConstant(c.Operand, out var value):
                {
                    switch (c.Operator)
                    {
                        case "=":
                            return value switch
                            {
                                string s => input => input is string x ? string.Equals(x, s, StringComparison.Ordinal) : Values.Equal(input, s),
                                decimal d => input => input is decimal x ? x == d : Values.Equal(input, d),
                                _ => input => Values.Equal(input, value),
                            };
                        case "!=":
                            return input => !Values.Equal(input, value);
                    }

                    if (value is decimal bound)
                    {
                        return c.Operator switch
                        {
                            "<" => input => input is decimal x ? x < bound : Ordered(Values.Compare(input, bound), "<"),
                            "<=" => input => input is decimal x ? x <= bound : Ordered(Values.Compare(input, bound), "<="),
                            ">" => input => input is decimal x ? x > bound : Ordered(Values.Compare(input, bound), ">"),
                            _ => input => input is decimal x ? x >= bound : Ordered(Values.Compare(input, bound), ">="),
                        };
                    }

                    var op = c.Operator;
                    return input => Ordered(Values.Compare(input, value), op);
                }

            case ExpressionTestNode { UsesInput: false, Expression: RangeNode r } when Constant(r) is { } range:
                if (range is { Operator: null, Start: decimal lo, End: decimal hi })
                {
                    var si = range.StartIncluded;
                    var ei = range.EndIncluded;
                    return input => input is decimal x ? (si ? x >= lo : x > lo) && (ei ? x <= hi : x < hi) : RangeIncludes(range, input);
                }

                return input => RangeIncludes(range, input);
            case ExpressionTestNode { UsesInput: false, Expression: var e } when e is not RangeNode && TryConstant(e, out var value):
                return value switch
                {
                    string s => input => input is string x ? string.Equals(x, s, StringComparison.Ordinal) : Matches(input, s),
                    decimal d => input => input is decimal x ? x == d : Matches(input, d),
                    _ => input => Matches(input, value),
                };
            default:
                return null;
        }
    }

    private static bool? Ordered(int? comparison, string op) => comparison switch
    {
        null => null,
        { } c => op switch
        {
            "<" => c < 0,
            "<=" => c <= 0,
            ">" => c > 0,
            _ => c >= 0,
        },
    };

    /// <summary>The value of a literal, a negated number literal or a valid date/time literal; what the compiled node would always give.</summary>
    internal static bool TryConstant(Node node, out object? value)
    {
        switch (node)
        {
            case LiteralNode l:
                value = l.Value;
                return true;
            case NegateNode { Operand: LiteralNode { Value: decimal d } }:
                value = -d;
                return true;
            case TemporalLiteralNode t when Builtins.ParseTemporal(t.Text) is { } temporal:
                value = temporal;
                return true;
            default:
                value = null;
                return false;
        }
    }

    private static Func<Env, object?> CompileUnaryTest(UnaryTestNode node)
    {
        switch (node)
        {
            case ComparisonTestNode c:
                {
                    var operand = Compile(c.Operand);
                    var op = c.Operator;
                    return env =>
                    {
                        var input = env.Input;
                        var value = operand(env);
                        if (op is "=" or "!=")
                        {
                            var eq = Values.Equal(input, value);
                            return Box(op == "=" ? eq : !eq);
                        }

                        var cmp = Values.Compare(input, value);
                        if (cmp is null)
                        {
                            return null;
                        }

                        return Box(op switch
                        {
                            "<" => cmp < 0,
                            "<=" => cmp <= 0,
                            ">" => cmp > 0,
                            _ => cmp >= 0,
                        });
                    };
                }

            case ExpressionTestNode e:
                {
                    var expression = Compile(e.Expression);
                    if (e.UsesInput)
                    {
                        return env => expression(env);
                    }

                    if (e.Expression is RangeNode)
                    {
                        return env => expression(env) is { } range ? Box(Matches(env.Input, range)) : null;
                    }

                    return env => Box(Matches(env.Input, expression(env)));
                }

            default:
                throw new InvalidOperationException("Unknown unary test");
        }
    }

    /// <summary>Whether an input satisfies a test value (DMN 1.5, 10.3.2.9.5 / table 55).</summary>
    internal static bool? Matches(object? input, object? test)
    {
        switch (test)
        {
            case FeelRange r:
                return RangeIncludes(r, input);
            case List<object?> list:
                {
                    if (input is List<object?> && Values.Equal(input, list) == true)
                    {
                        return true;
                    }

                    foreach (var item in list)
                    {
                        var m = item is FeelRange ? Matches(input, item) : Values.Equal(input, item);
                        if (m is true)
                        {
                            return true;
                        }
                    }

                    return false;
                }

            case bool b when input is not bool:
                return b;
            default:
                return Values.Equal(input, test);
        }
    }

    internal static bool? RangeIncludes(FeelRange r, object? value)
    {
        if (value is null)
        {
            return null;
        }

        if (r.Operator is { } op)
        {
            var eq = Values.Equal(value, r.Start);
            return op == "=" ? eq : !eq;
        }

        if (r.Start is not null)
        {
            var c = Values.Compare(value, r.Start);
            if (c is null)
            {
                return null;
            }

            if (c < 0 || (c == 0 && !r.StartIncluded))
            {
                return false;
            }
        }

        if (r.End is not null)
        {
            var c = Values.Compare(value, r.End);
            if (c is null)
            {
                return null;
            }

            if (c > 0 || (c == 0 && !r.EndIncluded))
            {
                return false;
            }
        }

        return true;
    }

    private static List<object?>? IterationDomain(object? domain, object? end, bool hasEnd, EvalContext run)
    {
        if (hasEnd)
        {
            if (domain is decimal a && end is decimal b && Numbers.IsInteger(a) && Numbers.IsInteger(b) && Math.Abs(b - a) <= 1_000_000)
            {
                var list = new List<object?>();
                var step = a <= b ? 1m : -1m;
                for (var x = a; step > 0 ? x <= b : x >= b; x += step)
                {
                    list.Add(x);
                }

                return list;
            }

            if (domain is FeelDate da && end is FeelDate db && Math.Abs(db.DayNumber - da.DayNumber) <= 1_000_000)
            {
                var list = new List<object?>();
                var step = da.DayNumber <= db.DayNumber ? 1 : -1;
                for (var x = da.DayNumber; step > 0 ? x <= db.DayNumber : x >= db.DayNumber; x += step)
                {
                    list.Add(Temporal.CivilFromDays(x));
                }

                return list;
            }

            run.Warn("'for' ranges need whole numbers or dates");
            return null;
        }

        switch (domain)
        {
            case List<object?> l:
                return l;
            case FeelRange { Start: decimal s, End: decimal e } when s > e:
                run.Warn("'for' cannot iterate over a range whose start is after its end");
                return null;
            case FeelRange { Start: decimal s, End: decimal e } r when Numbers.IsInteger(s) && Numbers.IsInteger(e):
                {
                    var from = r.StartIncluded ? s : s + 1;
                    var to = r.EndIncluded ? e : e - 1;
                    return IterationDomain(from, to, true, run);
                }

            case FeelRange { Start: FeelDate s, End: FeelDate e } r:
                {
                    var from = r.StartIncluded ? s : Temporal.AddDays(s, 1);
                    var to = r.EndIncluded ? e : Temporal.AddDays(e, -1);
                    return IterationDomain(from, to, true, run);
                }

            case null:
                run.Warn("Cannot iterate over null");
                return null;
            case FeelRange:
                run.Warn("'for' can only iterate over ranges of whole numbers or dates");
                return null;
            default:
                return [domain];
        }
    }

    private static Eval CompileFor(ForNode f)
    {
        var iterations = f.Iterations.Select(i => (i.Name, Domain: Compile(i.Domain), End: i.RangeEnd is null ? null : Compile(i.RangeEnd))).ToArray();
        var body = Compile(f.Body);
        return env =>
        {
            var results = new List<object?>();
            return Loop(env, 0) ? results : null;

            bool Loop(Env scope, int level)
            {
                if (level == iterations.Length)
                {
                    env.Run.Step();
                    results.Add(body(scope.With("partial", results)));
                    return true;
                }

                var (name, domain, end) = iterations[level];
                var items = IterationDomain(domain(scope), end?.Invoke(scope), end is not null, env.Run);
                if (items is null)
                {
                    return false;
                }

                foreach (var item in items)
                {
                    if (!Loop(scope.With(name, item), level + 1))
                    {
                        return false;
                    }
                }

                return true;
            }
        };
    }

    private static Eval CompileQuantified(QuantifiedNode q)
    {
        var iterations = q.Iterations.Select(i => (i.Name, Domain: Compile(i.Domain))).ToArray();
        var condition = Compile(q.Condition);
        var every = q.Every;
        return env =>
        {
            var sawNull = false;
            var decided = false;
            if (!Loop(env, 0))
            {
                return null;
            }

            if (decided)
            {
                return !every;
            }

            return sawNull ? null : every;

            bool Loop(Env scope, int level)
            {
                if (decided)
                {
                    return true;
                }

                if (level == iterations.Length)
                {
                    env.Run.Step();
                    var r = condition(scope);
                    if (r is bool b)
                    {
                        if (b != every)
                        {
                            decided = true;
                        }
                    }
                    else
                    {
                        sawNull = true;
                    }

                    return true;
                }

                var (name, domain) = iterations[level];
                var items = IterationDomain(domain(scope), null, false, env.Run);
                if (items is null)
                {
                    return false;
                }

                foreach (var item in items)
                {
                    Loop(scope.With(name, item), level + 1);
                }

                return true;
            }
        };
    }

    private static Eval CompileFilter(FilterNode f)
    {
        var source = Compile(f.Source);
        var predicate = Compile(f.Predicate);
        return env =>
        {
            var s = source(env);
            if (s is null)
            {
                return null;
            }

            var list = s as List<object?> ?? [s];
            if (list.Count == 0)
            {
                return list;
            }

            var results = new List<object?>();
            for (var i = 0; i < list.Count; i++)
            {
                env.Run.Step();
                var item = list[i];
                var scope = env.With("item", item);
                if (item is FeelContext ctx)
                {
                    scope = scope.With(ctx);
                }

                var r = predicate(scope);
                if (i == 0 && r is decimal index)
                {
                    if (!Numbers.IsInteger(index) || index == 0 || Math.Abs(index) > list.Count)
                    {
                        return env.Run.Warn($"Index {Numbers.Format(index)} is outside the list of {list.Count} items");
                    }

                    var pos = index > 0 ? (int)index - 1 : list.Count + (int)index;
                    return list[pos];
                }

                if (r is true)
                {
                    results.Add(item);
                }
            }

            return results;
        };
    }

    internal static object? Path(object? source, string member, EvalContext run)
    {
        switch (source)
        {
            case null:
                return null;
            case FeelContext ctx:
                return ctx.TryGetValue(member, out var v) ? v : null;
            case List<object?> list:
                {
                    var result = new List<object?>(list.Count);
                    foreach (var item in list)
                    {
                        result.Add(Path(item, member, run));
                    }

                    return result;
                }

            case FeelDate d:
                return member switch
                {
                    "year" => (decimal)d.Year,
                    "month" => (decimal)d.Month,
                    "day" => (decimal)d.Day,
                    "weekday" => Weekday(d),
                    _ => run.Warn($"A date has no property '{member}'"),
                };
            case FeelDateTime dt:
                return member switch
                {
                    "year" => (decimal)dt.Date.Year,
                    "month" => (decimal)dt.Date.Month,
                    "day" => (decimal)dt.Date.Day,
                    "weekday" => Weekday(dt.Date),
                    "hour" => (decimal)(dt.NanosOfDay / 3_600_000_000_000L),
                    "minute" => (decimal)(dt.NanosOfDay / 60_000_000_000L % 60),
                    "second" => dt.NanosOfDay % 60_000_000_000L / 1_000_000_000m,
                    "time offset" => dt.Offset is { } o ? new DaysTimeDuration((decimal)o.TotalSeconds) : null,
                    "timezone" => dt.Zone,
                    _ => run.Warn($"A date and time has no property '{member}'"),
                };
            case FeelTime t:
                return member switch
                {
                    "hour" => (decimal)(t.NanosOfDay / 3_600_000_000_000L),
                    "minute" => (decimal)(t.NanosOfDay / 60_000_000_000L % 60),
                    "second" => t.NanosOfDay % 60_000_000_000L / 1_000_000_000m,
                    "time offset" => t.Offset is { } o ? new DaysTimeDuration((decimal)o.TotalSeconds) : null,
                    "timezone" => t.Zone,
                    _ => run.Warn($"A time has no property '{member}'"),
                };
            case DaysTimeDuration dtd:
                {
                    var sec = dtd.Seconds;
                    return member switch
                    {
                        "days" => decimal.Truncate(sec / 86400m),
                        "hours" => decimal.Truncate(sec % 86400m / 3600m),
                        "minutes" => decimal.Truncate(sec % 3600m / 60m),
                        "seconds" => decimal.Truncate(sec % 60m),
                        _ => run.Warn($"A days and time duration has no property '{member}'"),
                    };
                }

            case YearsMonthsDuration ym:
                return member switch
                {
                    "years" => (decimal)(ym.Months / 12),
                    "months" => (decimal)(ym.Months % 12),
                    _ => run.Warn($"A years and months duration has no property '{member}'"),
                };
            case FeelRange r:
                return member switch
                {
                    "start" => r.Start,
                    "end" => r.End,
                    "start included" => r.StartIncluded,
                    "end included" => r.EndIncluded,
                    _ => run.Warn($"A range has no property '{member}'"),
                };
            default:
                return run.Warn($"A {Values.TypeName(source)} has no property '{member}'");
        }
    }

    // ISO weekday, Monday = 1; 1970-01-01 was a Thursday.
    private static decimal Weekday(FeelDate d) => ((((d.DayNumber + 3) % 7) + 7) % 7) + 1;

    private static Eval CompileCall(CallNode c)
    {
        var function = Compile(c.Function);
        var positional = c.Positional.Select(Compile).ToArray();
        var named = c.Named?.Select(n => (n.Key, Value: Compile(n.Value))).ToArray();
        var display = c.Function is NameNode n ? n.Name : "function";
        return env =>
        {
            var f = function(env);
            if (f is not FeelFunction fn)
            {
                return env.Run.Warn($"'{display}' is not a function");
            }

            if (named is not null)
            {
                var args = new List<KeyValuePair<string, object?>>(named.Length);
                foreach (var (key, value) in named)
                {
                    args.Add(new(key, value(env)));
                }

                return fn.InvokeNamed(args, env.Run);
            }

            var values = new object?[positional.Length];
            for (var i = 0; i < positional.Length; i++)
            {
                values[i] = positional[i](env);
            }

            return fn.Invoke(values, env.Run);
        };
    }

    private static Eval CompileFunction(FunctionNode f)
    {
        var names = f.Parameters.Select(p => p.Name).ToArray();
        if (f.External)
        {
            var body = Compile(f.Body);
            return env => ExternalFunctions.Create(body(env), names, env.Run);
        }

        var compiled = Compile(f.Body);
        var typeNodes = f.Parameters.Select(p => p.Type).ToArray();
        return env =>
        {
            var types = typeNodes.Select(t => t is null ? null : ResolveType(t, env.Run)).ToArray();
            return new UserFunction(names, types, compiled, env);
        };
    }
}
