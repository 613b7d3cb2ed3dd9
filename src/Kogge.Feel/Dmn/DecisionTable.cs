using System.Xml.Linq;
using Kogge.Feel.Evaluation;

namespace Kogge.Feel.Dmn;

/// <summary>A compiled decision table with its hit policy (DMN 1.5, 8.2).</summary>
internal sealed class DecisionTable
{
    private readonly List<(Eval Expression, Func<Env, object?>? Allowed, FeelType? Type)> _inputs = [];
    private readonly List<(string Name, FeelType? Type, Eval? Values, Func<Env, object?>? Allowed, Eval? Default)> _outputs = [];
    private readonly List<(Func<Env, object?>[] Tests, Eval[] Outputs, int Index)> _rules = [];
    private string _hitPolicy = "UNIQUE";
    private string? _aggregation;
    private string? _id;

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
            var tests = rule.Elements(ns + "inputEntry").Select(e => e.Element(ns + "text")?.Value ?? "-")
                .Select(t => string.IsNullOrWhiteSpace(t) || t.Trim() == "-" ? (_ => true) : model.CompileTests(t, id)).ToArray();
            var outputs = rule.Elements(ns + "outputEntry").Select(e => e.Element(ns + "text")?.Value)
                .Select(t => string.IsNullOrWhiteSpace(t) ? (_ => null) : model.CompileFeel(t, id)).ToArray();
            if (tests.Length != table._inputs.Count || outputs.Length != table._outputs.Count)
            {
                throw new DmnException($"Rule {index + 1} of the decision table has {tests.Length} input and {outputs.Length} output entries for {table._inputs.Count} inputs and {table._outputs.Count} outputs", id);
            }

            table._rules.Add((tests, outputs, index++));
        }

        if (table._hitPolicy is not ("UNIQUE" or "FIRST" or "PRIORITY" or "ANY" or "COLLECT" or "RULE ORDER" or "OUTPUT ORDER"))
        {
            throw new DmnException($"Unknown hit policy '{table._hitPolicy}'", id);
        }

        return table.Evaluate;
    }

    private object? Evaluate(Env env)
    {
        var run = env.Run;
        var values = new object?[_inputs.Count];
        for (var i = 0; i < _inputs.Count; i++)
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

        var inputEnvs = new Env[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            inputEnvs[i] = env.WithInput(values[i]);
        }

        var matched = new List<int>();
        for (var r = 0; r < _rules.Count; r++)
        {
            var tests = _rules[r].Tests;
            var all = true;
            for (var i = 0; i < tests.Length && all; i++)
            {
                all = tests[i](inputEnvs[i]) is true;
            }

            if (all)
            {
                matched.Add(r);
                if (_hitPolicy == "FIRST")
                {
                    break;
                }
            }
        }

        if (matched.Count == 0)
        {
            return Default(env);
        }

        var results = new List<object?[]>();
        foreach (var r in matched)
        {
            var row = new object?[_outputs.Count];
            for (var o = 0; o < _outputs.Count; o++)
            {
                var v = _rules[r].Outputs[o](env);
                var (name, type, _, allowed, _) = _outputs[o];
                if (type is not null && v is not null)
                {
                    v = DmnModel.Coerce(type, v, name, run);
                    if (v is null)
                    {
                        return null;
                    }
                }

                if (allowed is not null && v is not null && allowed(env.WithInput(v)) is not true)
                {
                    return run.Warn($"Rule {r + 1} of decision table '{_id}' gives '{Values.Format(v)}', which output '{name}' does not allow");
                }

                row[o] = v;
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
                    var first = Shape(results[0]);
                    foreach (var row in results.Skip(1))
                    {
                        if (Values.Equal(Shape(row), first) != true)
                        {
                            return run.Warn($"Hit policy ANY: matching rules give different results in decision table '{_id}'");
                        }
                    }

                    return first;
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

        var values = rows.Select(r => r[0]).Where(v => v is not null).ToList();
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
                foreach (var v in values.Skip(1))
                {
                    sum = Arithmetic.Binary("+", sum, v, run);
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
                    foreach (var v in values.Skip(1))
                    {
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
