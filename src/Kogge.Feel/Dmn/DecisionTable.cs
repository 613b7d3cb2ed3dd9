using System.Xml.Linq;
using Kogge.Feel.Evaluation;

namespace Kogge.Feel.Dmn;

/// <summary>
/// A compiled decision table with its hit policy (DMN 1.5, 8.2). Cells with constant tests (<c>"A", "B"</c>,
/// <c>&lt; 5</c>, <c>[5..20)</c>, <c>not("x")</c>) test the input value directly, without a scope; the column with
/// the most string literal cells is indexed, so a table of many services only tests the rules of the one asked for.
/// </summary>
internal sealed class DecisionTable
{
    /// <summary>Index a column only when it spares testing at least this many rules.</summary>
    private const int MinIndexedRules = 8;

    private readonly List<(Eval Expression, Func<Env, object?>? Allowed, FeelType? Type)> _inputs = [];
    private readonly List<(string Name, FeelType? Type, Eval? Values, Func<Env, object?>? Allowed, Eval? Default)> _outputs = [];
    private readonly List<Rule> _rules = [];
    private string _hitPolicy = "UNIQUE";
    private string? _aggregation;
    private string? _id;
    private int _indexColumn = -1;
    private Dictionary<string, int[]>? _index;
    private int[] _notIndexed = [];

    /// <summary>One non-trivial input entry: a direct test of the input value, or a test that needs the scope.</summary>
    private readonly record struct InputTest(int Column, Func<object?, bool?>? Direct, Func<Env, object?>? Scoped);

    /// <summary>An output entry; a constant one is type-checked once, when the table is compiled.</summary>
    private readonly record struct OutputEntry(Eval Expression, bool IsFixed, object? Value);

    private sealed record Rule(InputTest[] Tests, OutputEntry[] Outputs, IReadOnlyList<string>?[] Literals);

    public static Eval Compile(DmnModel model, XElement el, string? id)
    {
        var table = new DecisionTable { _id = id };
        var ns = el.Name.Namespace;
        table._hitPolicy = ((string?)el.Attribute("hitPolicy") ?? "UNIQUE").Trim().ToUpperInvariant();
        table._aggregation = ((string?)el.Attribute("aggregation"))?.Trim().ToUpperInvariant();
        foreach (var input in el.Elements(ns + "input"))
        {
            var expr = input.Element(ns + "inputExpression");
            var text = expr?.Element(ns + "text")?.Value;
            var allowedText = input.Element(ns + "inputValues")?.Element(ns + "text")?.Value;
            table._inputs.Add((
                string.IsNullOrWhiteSpace(text) ? (_ => null) : model.CompileFeel(text, id),
                string.IsNullOrWhiteSpace(allowedText) ? null : model.CompileTests(allowedText, id),
                model.ResolveType((string?)expr?.Attribute("typeRef"))));
        }

        foreach (var output in el.Elements(ns + "output"))
        {
            var valuesText = output.Element(ns + "outputValues")?.Element(ns + "text")?.Value;
            var defaultText = output.Element(ns + "defaultOutputEntry")?.Element(ns + "text")?.Value;
            table._outputs.Add((
                (string?)output.Attribute("name") ?? string.Empty,
                model.ResolveType((string?)output.Attribute("typeRef")),
                string.IsNullOrWhiteSpace(valuesText) ? null : model.CompileFeel("[" + valuesText + "]", id),
                string.IsNullOrWhiteSpace(valuesText) ? null : model.CompileTests(valuesText, id),
                string.IsNullOrWhiteSpace(defaultText) ? null : model.CompileFeel(defaultText, id)));
        }

        var index = 0;
        foreach (var rule in el.Elements(ns + "rule"))
        {
            var inputTexts = rule.Elements(ns + "inputEntry").Select(e => e.Element(ns + "text")?.Value ?? "-").ToArray();
            var outputTexts = rule.Elements(ns + "outputEntry").Select(e => e.Element(ns + "text")?.Value).ToArray();
            if (inputTexts.Length != table._inputs.Count || outputTexts.Length != table._outputs.Count)
            {
                throw new DmnException($"Rule {index + 1} of the decision table has {inputTexts.Length} input and {outputTexts.Length} output entries for {table._inputs.Count} inputs and {table._outputs.Count} outputs", id);
            }

            var tests = new List<InputTest>();
            var literals = new IReadOnlyList<string>?[inputTexts.Length];
            for (var i = 0; i < inputTexts.Length; i++)
            {
                var t = inputTexts[i];
                if (string.IsNullOrWhiteSpace(t) || t.Trim() == "-")
                {
                    continue;
                }

                if (model.ParseTests(t) is { } node)
                {
                    literals[i] = Compiler.StringLiterals(node);
                    tests.Add(Compiler.TryCompileConstantTests(node) is { } direct
                        ? new InputTest(i, direct, null)
                        : new InputTest(i, null, Compiler.CompileUnaryTests(node)));
                }
                else
                {
                    tests.Add(new InputTest(i, null, model.CompileTests(t, id)));
                }
            }

            var outputs = new OutputEntry[outputTexts.Length];
            for (var o = 0; o < outputTexts.Length; o++)
            {
                var t = outputTexts[o];
                outputs[o] = string.IsNullOrWhiteSpace(t)
                    ? new OutputEntry(_ => null, true, null)
                    : table.Output(model.CompileFeel(t, id), model.ParseConstant(t), o);
            }

            table._rules.Add(new Rule([.. tests], outputs, literals));
            index++;
        }

        if (table._hitPolicy is not ("UNIQUE" or "FIRST" or "PRIORITY" or "ANY" or "COLLECT" or "RULE ORDER" or "OUTPUT ORDER"))
        {
            throw new DmnException($"Unknown hit policy '{table._hitPolicy}'", id);
        }

        table.BuildIndex();
        return table.Evaluate;
    }

    /// <summary>A literal output entry whose value already has the output's built-in type needs no check per evaluation.</summary>
    private OutputEntry Output(Eval expression, (bool IsConstant, object? Value) constant, int o)
    {
        if (!constant.IsConstant)
        {
            return new OutputEntry(expression, false, null);
        }

        var type = _outputs[o].Type;
        var value = constant.Value;
        if (type is null || value is null)
        {
            return new OutputEntry(expression, true, value);
        }

        if (ReferenceEquals(FeelType.BuiltIn(type.Name), type) && type.Coerce(value, out var ok) is { } coerced && ok && type.IsInstance(coerced))
        {
            return new OutputEntry(expression, true, coerced);
        }

        return new OutputEntry(expression, false, null);
    }

    /// <summary>
    /// Indexes the column where the most rules accept only string literals: an input string then selects those rules
    /// plus the rules that accept anything else in that column, in rule order. Such a cell cannot match a value that is
    /// not one of its strings (FEEL equality of a string with anything else is false or null).
    /// </summary>
    private void BuildIndex()
    {
        var best = -1;
        var bestCount = 0;
        for (var i = 0; i < _inputs.Count; i++)
        {
            var count = _rules.Count(r => r.Literals[i] is not null);
            if (count > bestCount)
            {
                (best, bestCount) = (i, count);
            }
        }

        if (best < 0 || bestCount < MinIndexedRules)
        {
            return;
        }

        var byKey = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var others = new List<int>();
        for (var r = 0; r < _rules.Count; r++)
        {
            if (_rules[r].Literals[best] is { } keys)
            {
                foreach (var key in keys)
                {
                    if (!byKey.TryGetValue(key, out var list))
                    {
                        byKey[key] = list = [];
                    }

                    if (list.Count == 0 || list[^1] != r)
                    {
                        list.Add(r);
                    }
                }
            }
            else
            {
                others.Add(r);
            }
        }

        _index = byKey.ToDictionary(kv => kv.Key, kv => kv.Value.Concat(others).Order().ToArray(), StringComparer.Ordinal);
        _notIndexed = [.. others];
        _indexColumn = best;
    }

    private object? Evaluate(Env env)
    {
        var run = env.Run;
        var values = new object?[_inputs.Count];
        for (var i = 0; i < values.Length; i++)
        {
            var (expression, allowed, type) = _inputs[i];
            var v = expression(env);
            if (type is not null && v is not null && !type.IsInstance(v, run))
            {
                v = type.Coerce(v, out var ok);
                if (!ok)
                {
                    return run.Warn($"Input {i + 1} of decision table '{_id}' is not of type {type}");
                }
            }

            if (allowed is not null && v is not null && allowed(env.WithInput(v)) is not true)
            {
                return run.Warn($"Input {i + 1} of decision table '{_id}' has a value that is not allowed: {Values.Format(v)}");
            }

            values[i] = v;
        }

        int[]? candidates = null;
        if (_index is not null)
        {
            candidates = values[_indexColumn] is string key && _index.TryGetValue(key, out var rules) ? rules : _notIndexed;
        }

        var first = _hitPolicy == "FIRST";
        var count = candidates?.Length ?? _rules.Count;
        Env?[]? inputEnvs = null;
        var matchedFirst = -1;
        List<int>? matched = null;
        for (var k = 0; k < count; k++)
        {
            var r = candidates is null ? k : candidates[k];
            if (!Matches(_rules[r].Tests, values, env, ref inputEnvs))
            {
                continue;
            }

            if (matchedFirst < 0)
            {
                matchedFirst = r;
                if (first)
                {
                    break;
                }
            }
            else
            {
                (matched ??= [matchedFirst]).Add(r);
            }
        }

        if (matchedFirst < 0)
        {
            return Default(env);
        }

        if (matched is null && _outputs.Count == 1 && _hitPolicy is "FIRST" or "UNIQUE" or "ANY" or "PRIORITY")
        {
            // One rule, one output: its value is the result (Shape of a one-column row).
            return TryOutput(matchedFirst, 0, env, out var single) ? single : null;
        }

        matched ??= [matchedFirst];
        if (_hitPolicy == "COLLECT" && !string.IsNullOrEmpty(_aggregation) && _outputs.Count == 1)
        {
            var collected = new List<object?>(matched.Count);
            foreach (var r in matched)
            {
                if (!TryOutput(r, 0, env, out var v))
                {
                    return null;
                }

                if (v is not null)
                {
                    collected.Add(v);
                }
            }

            return Aggregate(collected, run);
        }

        var results = new List<object?[]>(matched.Count);
        foreach (var r in matched)
        {
            var row = new object?[_outputs.Count];
            for (var o = 0; o < _outputs.Count; o++)
            {
                if (!TryOutput(r, o, env, out row[o]))
                {
                    return null;
                }
            }

            results.Add(row);
        }

        switch (_hitPolicy)
        {
            case "UNIQUE":
                return results.Count == 1 ? Shape(results[0]) : run.Warn($"Hit policy UNIQUE: rules {string.Join(", ", matched.Select(m => m + 1))} all match in decision table '{_id}'");
            case "FIRST":
                return Shape(results[0]);
            case "ANY":
                {
                    var firstResult = Shape(results[0]);
                    foreach (var row in results.Skip(1))
                    {
                        if (Values.Equal(Shape(row), firstResult) != true)
                        {
                            return run.Warn($"Hit policy ANY: matching rules give different results in decision table '{_id}'");
                        }
                    }

                    return firstResult;
                }

            case "PRIORITY":
                return Shape(ByPriority(results, env)[0]);
            case "OUTPUT ORDER":
                return ByPriority(results, env).Select(Shape).ToList();
            case "RULE ORDER":
                return results.Select(Shape).ToList();
            default:
                return Collect(results, run);
        }
    }

    private static bool Matches(InputTest[] tests, object?[] values, Env env, ref Env?[]? inputEnvs)
    {
        foreach (var test in tests)
        {
            var value = values[test.Column];
            if (test.Direct is { } direct)
            {
                if (direct(value) != true)
                {
                    return false;
                }

                continue;
            }

            inputEnvs ??= new Env?[values.Length];
            var inputEnv = inputEnvs[test.Column] ??= env.WithInput(value);
            if (test.Scoped!(inputEnv) is not true)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The value of output <paramref name="o"/> of rule <paramref name="r"/>, coerced and checked; false (with a warning) when it is not allowed.</summary>
    private bool TryOutput(int r, int o, Env env, out object? value)
    {
        var run = env.Run;
        var entry = _rules[r].Outputs[o];
        var (name, type, _, allowed, _) = _outputs[o];
        var v = entry.IsFixed ? entry.Value : entry.Expression(env);
        if (!entry.IsFixed && type is not null && v is not null)
        {
            v = DmnModel.Coerce(type, v, name, run);
            if (v is null)
            {
                value = null;
                return false;
            }
        }

        if (allowed is not null && v is not null && allowed(env.WithInput(v)) is not true)
        {
            run.Warn($"Rule {r + 1} of decision table '{_id}' gives '{Values.Format(v)}', which output '{name}' does not allow");
            value = null;
            return false;
        }

        value = v;
        return true;
    }

    private object? Default(Env env)
    {
        if (_outputs.TrueForAll(o => o.Default is null))
        {
            return _hitPolicy is "COLLECT" && _aggregation is null or "" || _hitPolicy is "RULE ORDER" or "OUTPUT ORDER" ? new List<object?>() : null;
        }

        return Shape(_outputs.Select(o => o.Default?.Invoke(env)).ToArray());
    }

    private object? Shape(object?[] row)
    {
        if (_outputs.Count == 1)
        {
            return row[0];
        }

        var ctx = new FeelContext();
        for (var i = 0; i < row.Length; i++)
        {
            ctx.Set(_outputs[i].Name, row[i]);
        }

        return ctx;
    }

    private List<object?[]> ByPriority(List<object?[]> rows, Env env)
    {
        var orders = _outputs.Select(o => o.Values?.Invoke(env) as List<object?>).ToArray();
        int Rank(object?[] row, int o)
        {
            var list = orders[o];
            if (list is null)
            {
                return 0;
            }

            var i = list.FindIndex(x => Values.Equal(x, row[o]) == true);
            return i < 0 ? int.MaxValue : i;
        }

        var indexed = rows.Select((row, i) => (row, i)).ToList();
        indexed.Sort((a, b) =>
        {
            for (var o = 0; o < _outputs.Count; o++)
            {
                var c = Rank(a.row, o).CompareTo(Rank(b.row, o));
                if (c != 0)
                {
                    return c;
                }
            }

            return a.i.CompareTo(b.i);
        });
        return indexed.Select(x => x.row).ToList();
    }

    private object? Collect(List<object?[]> rows, EvalContext run)
    {
        if (string.IsNullOrEmpty(_aggregation))
        {
            return rows.Select(Shape).ToList();
        }

        if (_outputs.Count != 1)
        {
            return run.Warn($"COLLECT with {_aggregation} needs exactly one output in decision table '{_id}'");
        }

        return Aggregate(rows.Select(r => r[0]).Where(v => v is not null).ToList(), run);
    }

    /// <summary>COLLECT with an aggregation over the non-null outputs of the matching rules.</summary>
    private object? Aggregate(List<object?> values, EvalContext run)
    {
        switch (_aggregation)
        {
            case "COUNT":
                return (decimal)values.Count;
            case "SUM":
                if (values.Count == 0)
                {
                    return null;
                }

                object? sum = values[0];
                for (var i = 1; i < values.Count; i++)
                {
                    sum = Arithmetic.Binary("+", sum, values[i], run);
                }

                return sum;
            case "MIN":
            case "MAX":
                {
                    if (values.Count == 0)
                    {
                        return null;
                    }

                    var best = values[0];
                    for (var i = 1; i < values.Count; i++)
                    {
                        var v = values[i];
                        var c = Values.Compare(v, best);
                        if (c is null)
                        {
                            return run.Warn("COLLECT MIN/MAX over values that cannot be compared");
                        }

                        if ((_aggregation == "MIN" && c < 0) || (_aggregation == "MAX" && c > 0))
                        {
                            best = v;
                        }
                    }

                    return best;
                }

            default:
                return run.Warn($"Unknown aggregation '{_aggregation}'");
        }
    }
}
