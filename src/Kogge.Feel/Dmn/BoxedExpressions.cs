using System.Xml.Linq;
using Kogge.Feel.Evaluation;

namespace Kogge.Feel.Dmn;

/// <summary>Compiles DMN boxed expressions (literal, context, decision table, invocation, function, list, relation, conditional, filter, iterators).</summary>
public sealed partial class DmnModel
{
    private const int MaxBoxedDepth = 64;
    private int _boxedDepth;

    internal Eval CompileExpression(XElement el, string? ownerId)
    {
        if (++_boxedDepth > MaxBoxedDepth)
        {
            throw new DmnException($"Boxed expressions are nested more than {MaxBoxedDepth} levels deep", ownerId);
        }

        try
        {
            return CompileExpressionCore(el, ownerId);
        }
        finally
        {
            _boxedDepth--;
        }
    }

    private Eval CompileExpressionCore(XElement el, string? ownerId)
    {
        var id = (string?)el.Attribute("id") ?? ownerId;
        var typeRef = (string?)el.Attribute("typeRef");
        var compiled = el.Name.LocalName switch
        {
            "literalExpression" => CompileLiteral(el, id),
            "context" => CompileContext(el, id),
            "decisionTable" => DecisionTable.Compile(this, el, id),
            "invocation" => CompileInvocation(el, id),
            "functionDefinition" or "encapsulatedLogic" => CompileFunction(el, id),
            "list" => CompileList(el, id),
            "relation" => CompileRelation(el, id),
            "conditional" => CompileConditional(el, id),
            "filter" => CompileFilter(el, id),
            "for" => CompileFor(el, id),
            "some" => CompileQuantified(el, id, false),
            "every" => CompileQuantified(el, id, true),
            _ => Unsupported(el.Name.LocalName, id),
        };
        if (typeRef is null || el.Name.LocalName is "functionDefinition" or "encapsulatedLogic" || ResolveType(typeRef) is not { } type)
        {
            return compiled;
        }

        return env => Coerce(type, compiled(env), id ?? typeRef, env.Run);
    }

    private static Eval Unsupported(string kind, string? id) => env => env.Run.Warn($"The expression kind '{kind}' of '{id}' is not supported");

    private Eval CompileLiteral(XElement el, string? id)
    {
        var text = el.Element(N("text"))?.Value;
        if (string.IsNullOrWhiteSpace(text))
        {
            return _ => null;
        }

        return CompileFeel(text, id);
    }

    private Eval ChildExpression(XElement? holder, string? id)
    {
        var child = holder is null ? null : ExpressionChild(holder);
        return child is null ? (_ => null) : CompileExpression(child, id);
    }

    private Eval CompileContext(XElement el, string? id)
    {
        var entries = new List<(string? Name, FeelType? Type, Eval Value)>();
        foreach (var entry in el.Elements(N("contextEntry")))
        {
            var variable = entry.Element(N("variable"));
            var name = (string?)variable?.Attribute("name");
            var type = ResolveType((string?)variable?.Attribute("typeRef"));
            entries.Add((name, type, ChildExpression(entry, id)));
        }

        return env =>
        {
            var ctx = new FeelContext();
            var scope = env.With(ctx);
            foreach (var (name, type, value) in entries)
            {
                var v = value(scope);
                if (type is not null)
                {
                    v = Coerce(type, v, name ?? "result", env.Run);
                }

                if (name is null)
                {
                    return v;
                }

                ctx.Set(name, v);
            }

            return ctx;
        };
    }

    internal static object? Coerce(FeelType type, object? value, string what, EvalContext run)
    {
        var coerced = type.Coerce(value, out var ok);
        if (!ok || (coerced is not null && !type.IsInstance(coerced, run)))
        {
            return run.Warn($"The value of '{what}' is not of type {type}");
        }

        return coerced;
    }

    private Eval CompileInvocation(XElement el, string? id)
    {
        var called = ChildExpression(el, id);
        var bindings = el.Elements(N("binding"))
            .Select(b => ((string?)b.Element(N("parameter"))?.Attribute("name") ?? string.Empty, ChildExpression(b, id)))
            .ToArray();
        return env =>
        {
            if (called(env) is not FeelFunction f)
            {
                return env.Run.Warn($"The invocation '{id}' does not call a function");
            }

            var args = bindings.Select(b => new KeyValuePair<string, object?>(b.Item1, b.Item2(env))).ToList();
            return f.InvokeNamed(args, env.Run);
        };
    }

    private Eval CompileFunction(XElement el, string? id)
    {
        var parameters = el.Elements(N("formalParameter"))
            .Select(p => ((string?)p.Attribute("name") ?? string.Empty, (string?)p.Attribute("typeRef")))
            .ToArray();
        var names = parameters.Select(p => p.Item1).ToArray();
        var kind = (string?)el.Attribute("kind") ?? "FEEL";
        var body = ChildExpression(el, id);
        if (kind.Equals("Java", StringComparison.OrdinalIgnoreCase))
        {
            return env => ExternalFunctions.Create(body(env), names, env.Run);
        }

        if (!kind.Equals("FEEL", StringComparison.OrdinalIgnoreCase))
        {
            return env => env.Run.Warn($"Functions of kind '{kind}' are not supported");
        }

        return env =>
        {
            var types = parameters.Select(p => ResolveType(p.Item2)).ToArray();
            return new UserFunction(names, types, body, env);
        };
    }

    private Eval CompileList(XElement el, string? id)
    {
        var items = el.Elements().Where(c => c.Name.Namespace == _ns && c.Name.LocalName is not ("description" or "extensionElements"))
            .Select(c => CompileExpression(c, id)).ToArray();
        return env => items.Select(i => i(env)).ToList();
    }

    private Eval CompileRelation(XElement el, string? id)
    {
        var columns = el.Elements(N("column")).Select(c => (string?)c.Attribute("name") ?? string.Empty).ToArray();
        var rows = el.Elements(N("row"))
            .Select(r => r.Elements().Where(c => c.Name.Namespace == _ns && c.Name.LocalName is not ("description" or "extensionElements")).Select(c => CompileExpression(c, id)).ToArray())
            .ToArray();
        return env =>
        {
            var result = new List<object?>();
            foreach (var row in rows)
            {
                if (row.Length != columns.Length)
                {
                    return env.Run.Warn($"A row of the relation '{id}' has {row.Length} cells for {columns.Length} columns");
                }

                var ctx = new FeelContext();
                for (var i = 0; i < columns.Length; i++)
                {
                    ctx.Set(columns[i], row[i](env));
                }

                result.Add(ctx);
            }

            return result;
        };
    }

    private Eval CompileConditional(XElement el, string? id)
    {
        var condition = ChildExpression(el.Element(N("if")), id);
        var then = ChildExpression(el.Element(N("then")), id);
        var otherwise = ChildExpression(el.Element(N("else")), id);
        return env => condition(env) switch
        {
            true => then(env),
            false or null => otherwise(env),
            _ => env.Run.Warn($"The condition of '{id}' is not a boolean"),
        };
    }

    private Eval CompileFilter(XElement el, string? id)
    {
        var source = ChildExpression(el.Element(N("in")), id);
        var match = ChildExpression(el.Element(N("match")), id);
        return env =>
        {
            var s = source(env);
            if (s is null)
            {
                return null;
            }

            var list = s as List<object?> ?? [s];
            var result = new List<object?>();
            foreach (var item in list)
            {
                var scope = env.With("item", item);
                if (item is FeelContext c)
                {
                    scope = scope.With(c);
                }

                var m = match(scope);
                if (m is not (bool or null))
                {
                    return env.Run.Warn($"The filter '{id}' must give true or false for each item");
                }

                if (m is true)
                {
                    result.Add(item);
                }
            }

            return result;
        };
    }

    private Eval CompileFor(XElement el, string? id)
    {
        var variable = (string?)el.Attribute("iteratorVariable") ?? "item";
        var source = ChildExpression(el.Element(N("in")), id);
        var body = ChildExpression(el.Element(N("return")), id);
        return env =>
        {
            var s = source(env);
            if (s is null)
            {
                return env.Run.Warn("Cannot iterate over null");
            }

            var list = s as List<object?> ?? [s];
            var result = new List<object?>();
            foreach (var item in list)
            {
                result.Add(body(env.With(variable, item).With("partial", result)));
            }

            return result;
        };
    }

    private Eval CompileQuantified(XElement el, string? id, bool every)
    {
        var variable = (string?)el.Attribute("iteratorVariable") ?? "item";
        var source = ChildExpression(el.Element(N("in")), id);
        var condition = ChildExpression(el.Element(N("satisfies")), id);
        return env =>
        {
            var s = source(env);
            if (s is null)
            {
                return env.Run.Warn("Cannot iterate over null");
            }

            var list = s as List<object?> ?? [s];
            var sawNull = false;
            foreach (var item in list)
            {
                var r = condition(env.With(variable, item));
                if (r is not (bool or null))
                {
                    return env.Run.Warn($"The condition of '{id}' must give true or false");
                }

                if (r is bool b)
                {
                    if (b != every)
                    {
                        return !every;
                    }
                }
                else
                {
                    sawNull = true;
                }
            }

            return sawNull ? null : every;
        };
    }
}
