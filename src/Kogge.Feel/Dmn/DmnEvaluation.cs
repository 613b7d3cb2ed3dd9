using Kogge.Feel.Evaluation;
using Kogge.Feel.Parsing;

namespace Kogge.Feel.Dmn;

/// <summary>Evaluation of the decision requirements graph.</summary>
public sealed partial class DmnModel
{
    /// <summary>Evaluates a decision and, on the way, every decision it requires.</summary>
    /// <param name="decisionName">The decision's name.</param>
    /// <param name="inputs">Values for input data (and, optionally, for decisions that have no logic), by name.</param>
    /// <param name="clock">The clock for now() and today().</param>
    /// <exception cref="KeyNotFoundException">The model has no decision of that name.</exception>
    public DmnResult Evaluate(string decisionName, IReadOnlyDictionary<string, object?>? inputs = null, TimeProvider? clock = null)
    {
        if (!_byName.TryGetValue(decisionName, out var el) || el is not DecisionElement decision)
        {
            throw new KeyNotFoundException($"The model '{Name}' has no decision named '{decisionName}'");
        }

        var run = NewRun(clock);
        var session = new Session(this, run, Convert(inputs));
        var value = Guard.Run(static (s, d) => s.Decision(d), session, decision, run);
        return new DmnResult(value, run.Warnings);
    }

    /// <summary>Invokes a decision service with its input decisions and input data given by name.</summary>
    /// <exception cref="KeyNotFoundException">The model has no decision service of that name.</exception>
    public DmnResult InvokeDecisionService(string serviceName, IReadOnlyDictionary<string, object?>? inputs = null, TimeProvider? clock = null)
    {
        if (!_byName.TryGetValue(serviceName, out var el) || el is not DecisionServiceElement service)
        {
            throw new KeyNotFoundException($"The model '{Name}' has no decision service named '{serviceName}'");
        }

        var run = NewRun(clock);
        var converted = Convert(inputs);
        var value = Guard.Run(() => InvokeService(service, converted, run), run);
        return new DmnResult(value, run.Warnings);
    }

    private Func<string, FeelType?>? _typeResolver;

    /// <summary>
    /// Checks input values against the types the model declares for its input data, before evaluating. DMN treats a
    /// value that does not conform to its input's type as null (with a warning); a caller that wants to refuse such
    /// data instead, or a test kit that must be consistent with its model, asks here first.
    /// </summary>
    /// <param name="inputs">Values by input data name, as for <see cref="Evaluate"/>; names that are not input data are ignored.</param>
    /// <returns>One message per input whose value does not conform to the declared type; empty when all conform.</returns>
    public IReadOnlyList<string> CheckInputs(IReadOnlyDictionary<string, object?> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var problems = new List<string>();
        var run = NewRun(null);
        foreach (var (name, raw) in inputs)
        {
            if (!_byName.TryGetValue(name, out var el) || el is not InputDataElement input || ResolveType(input.TypeRef) is not { } type)
            {
                continue;
            }

            var value = ClrValues.ToFeel(raw);
            var coerced = type.Coerce(value, out var ok);
            if (!ok || (coerced is not null && !type.IsInstance(coerced, run)))
            {
                var given = value is string s ? $"the string \"{(s.Length > 40 ? s[..40] + "…" : s)}\"" : $"a value of type {Values.TypeName(value)}";
                problems.Add($"The input '{name}' is declared as {type}, but {given} was given");
            }
        }

        return problems;
    }


    private EvalContext NewRun(TimeProvider? clock) => new(clock ?? TimeProvider.System) { TypeResolver = _typeResolver ??= ResolveType };

    private static readonly Dictionary<string, object?> NoInputs = new(StringComparer.Ordinal);

    private static IReadOnlyDictionary<string, object?> Convert(IReadOnlyDictionary<string, object?>? inputs) => ClrValues.Scope(inputs) ?? NoInputs;

    private object? InvokeService(DecisionServiceElement service, IReadOnlyDictionary<string, object?> inputs, EvalContext run)
    {
        var session = new Session(this, run, inputs);
        foreach (var href in service.InputDecisions)
        {
            if (Resolve(href) is DecisionElement d)
            {
                session.Preset(d, inputs.GetValueOrDefault(d.Name));
            }
        }

        foreach (var href in service.InputData)
        {
            if (Resolve(href) is InputDataElement i)
            {
                session.PresetInput(i, inputs.GetValueOrDefault(i.Name));
            }
        }

        var outputs = service.OutputDecisions.Select(Resolve).OfType<DecisionElement>().ToList();
        if (outputs.Count == 1)
        {
            var single = session.Decision(outputs[0]);
            return service.TypeRef is { } t && ResolveType(t) is { } type ? Coerce(type, single, service.Name, run) : single;
        }

        var ctx = new FeelContext();
        foreach (var d in outputs)
        {
            ctx.Set(d.Name, session.Decision(d));
        }

        return service.TypeRef is { } tr && ResolveType(tr) is { } ctype ? Coerce(ctype, ctx, service.Name, run) : ctx;
    }

    internal FeelFunction ServiceFunction(DecisionServiceElement service)
    {
        var elements = service.InputData.Concat(service.InputDecisions).Select(Resolve).ToArray();
        var parameters = elements.Select((e, i) => e?.Name ?? $"p{i}").ToArray();
        return new NativeFunction(parameters, (args, run) =>
        {
            if (args.Count != parameters.Length)
            {
                return run.Warn($"The decision service '{service.Name}' expects {parameters.Length} arguments but got {args.Count}");
            }

            var inputs = new Dictionary<string, object?>(StringComparer.Ordinal);
            for (var i = 0; i < parameters.Length; i++)
            {
                var typeRef = elements[i] switch
                {
                    DecisionElement d => d.TypeRef,
                    InputDataElement d => d.TypeRef,
                    _ => null,
                };
                var value = args[i];
                if (value is not null && ResolveType(typeRef) is { } type)
                {
                    value = type.Coerce(value, out var ok);
                    if (!ok)
                    {
                        return run.Warn($"Argument '{parameters[i]}' of the decision service '{service.Name}' is not of type {type}");
                    }
                }

                inputs[parameters[i]] = value;
            }

            return service.Namespace == Namespace ? InvokeService(service, inputs, run) : run.Warn("Imported decision services cannot be invoked");
        }, service.Name);
    }

    internal FeelFunction KnowledgeFunction(KnowledgeElement bkm, EvalContext run)
    {
        var logic = bkm.Logic;
        var parameters = logic?.Elements(N("formalParameter")).Select(p => (string?)p.Attribute("name") ?? string.Empty).ToArray() ?? [];
        FeelFunction? inner = null;
        return new NativeFunction(parameters, (args, r) =>
        {
            inner ??= Build(r);
            return inner?.Invoke(args, r) ?? r.Warn($"The business knowledge model '{bkm.Name}' has no logic");
        }, bkm.Name);

        FeelFunction? Build(EvalContext r)
        {
            if (bkm.Compiled is null)
            {
                return null;
            }

            var vars = new Dictionary<string, object?>(StringComparer.Ordinal);
            var owner = bkm.Namespace == Namespace ? this : null;
            foreach (var href in bkm.RequiredKnowledge)
            {
                var el = Resolve(href);
                object? value = el switch
                {
                    KnowledgeElement k => (owner ?? this).KnowledgeFunction(k, r),
                    DecisionServiceElement s => ServiceFunction(s),
                    _ => null,
                };
                if (el is not null)
                {
                    Put(vars, el, value);
                }
            }

            return bkm.Compiled(Env.Root(r, vars)) as FeelFunction;
        }
    }

    internal static void Put(Dictionary<string, object?> vars, DrgElement el, object? value)
    {
        if (el.ImportPrefix is { Length: > 0 } prefix)
        {
            if (vars.GetValueOrDefault(prefix) is not FeelContext ctx)
            {
                ctx = new FeelContext();
                vars[prefix] = ctx;
            }

            ctx.Set(el.Name, value);
            return;
        }

        vars[el.Name] = value;
    }

    /// <summary>What evaluating a decision needs besides its logic, resolved on its first evaluation.</summary>
    /// <param name="Owner">The model the decision belongs to.</param>
    /// <param name="Requirements">Its requirements in the order they are bound.</param>
    /// <param name="Type">The type of its result.</param>
    /// <param name="Names">The variable names of the requirements when none comes from an import (no nested contexts).</param>
    private sealed record DecisionPlan(DmnModel Owner, Requirement[] Requirements, FeelType? Type, string[]? Names);

    /// <summary>A required input (with its type), decision or invocable, in the order their values are bound.</summary>
    private readonly record struct Requirement(RequirementKind Kind, DrgElement Element, InputDataElement Name, FeelType? Type);

    private enum RequirementKind
    {
        Input,
        Decision,
        Knowledge,
    }

    /// <summary>One evaluation of the graph: each decision is evaluated at most once.</summary>
    private sealed class Session(DmnModel model, EvalContext run, IReadOnlyDictionary<string, object?> inputs)
    {
        // Most evaluations compute one decision: its result and its place on the stack need no collections.
        private DecisionElement? _firstDone;
        private object? _firstResult;
        private Dictionary<DecisionElement, object?>? _results;
        private Dictionary<InputDataElement, object?>? _presetInputs;
        private DecisionElement? _outermost;
        private List<DecisionElement>? _active;

        public void Preset(DecisionElement d, object? value) => Store(d, value);

        public void PresetInput(InputDataElement i, object? value) => (_presetInputs ??= [])[i] = value;

        public object? Decision(DecisionElement d)
        {
            if (d == _firstDone)
            {
                return _firstResult;
            }

            if (_results is not null && _results.TryGetValue(d, out var done))
            {
                return done;
            }

            if (d == _outermost || (_active is not null && _active.Contains(d)))
            {
                return run.Warn($"The decision '{d.Name}' depends on itself");
            }

            var outermost = _outermost is null;
            if (outermost)
            {
                _outermost = d;
            }
            else
            {
                (_active ??= []).Add(d);
            }

            try
            {
                var value = Compute(d);
                Store(d, value);
                return value;
            }
            finally
            {
                if (outermost)
                {
                    _outermost = null;
                }
                else
                {
                    _active!.Remove(d);
                }
            }
        }

        private void Store(DecisionElement d, object? value)
        {
            if (_firstDone is null || d == _firstDone)
            {
                (_firstDone, _firstResult) = (d, value);
            }
            else
            {
                (_results ??= [])[d] = value;
            }
        }

        private object? Input(InputDataElement i, FeelType? type)
        {
            object? value = null;
            if (_presetInputs is null || !_presetInputs.TryGetValue(i, out value))
            {
                value = Lookup(i);
            }

            return type is null ? value : Coerce(type, value, i.Name, run);
        }

        private object? Lookup(DrgElement el)
        {
            if (el.ImportPrefix is { Length: > 0 } prefix && inputs.GetValueOrDefault(prefix) is FeelContext ctx && ctx.TryGetValue(el.Name, out var nested))
            {
                return nested;
            }

            return inputs.GetValueOrDefault(el.Name);
        }

        private DmnModel OwnerOf(DrgElement el) => el.Namespace == model.Namespace ? model : model.FindImported(el.Namespace) ?? model;

        private DecisionPlan Plan(DecisionElement d)
        {
            var owner = OwnerOf(d);
            if (d.Plan is DecisionPlan plan && plan.Owner == owner)
            {
                return plan;
            }

            var requirements = new List<Requirement>();
            foreach (var href in d.RequiredInputs)
            {
                if (owner.Resolve(href) is InputDataElement i)
                {
                    requirements.Add(new(RequirementKind.Input, i, Relative(owner, i), OwnerOf(i).ResolveType(i.TypeRef)));
                }
            }

            foreach (var href in d.RequiredDecisions)
            {
                if (owner.Resolve(href) is DecisionElement rd)
                {
                    requirements.Add(new(RequirementKind.Decision, rd, Relative(owner, rd), null));
                }
            }

            foreach (var href in d.RequiredKnowledge)
            {
                if (owner.Resolve(href) is { } el)
                {
                    requirements.Add(new(RequirementKind.Knowledge, el, Relative(owner, el), null));
                }
            }

            var names = requirements.TrueForAll(r => r.Name.ImportPrefix is null) ? requirements.Select(r => r.Name.Name).ToArray() : null;
            plan = new DecisionPlan(owner, [.. requirements], owner.ResolveType(d.TypeRef), names);
            d.Plan = plan;
            return plan;
        }

        private object? Compute(DecisionElement d)
        {
            if (d.Compiled is null)
            {
                return Lookup(d) ?? run.Warn($"The decision '{d.Name}' has no logic");
            }

            var plan = Plan(d);
            var requirements = plan.Requirements;
            var values = plan.Names is null ? null : new object?[requirements.Length];
            var vars = values is null ? new Dictionary<string, object?>(requirements.Length, StringComparer.Ordinal) : null;
            for (var r = 0; r < requirements.Length; r++)
            {
                var (kind, el, name, type) = requirements[r];
                object? value = (kind, el) switch
                {
                    (RequirementKind.Input, InputDataElement i) => Input(i, type),
                    (RequirementKind.Decision, DecisionElement rd) => Decision(rd),
                    (RequirementKind.Knowledge, KnowledgeElement k) => OwnerOf(k).KnowledgeFunction(k, run),
                    (RequirementKind.Knowledge, DecisionServiceElement s) => OwnerOf(s).ServiceFunction(s),
                    _ => null,
                };
                if (values is not null)
                {
                    values[r] = value;
                }
                else
                {
                    Put(vars!, name, value);
                }
            }

            var result = d.Compiled(Env.Root(run, values is not null ? new NameScope(plan.Names!, values) : vars));
            return plan.Type is null ? result : Coerce(plan.Type, result, d.Name, run);
        }

        private static InputDataElement Relative(DmnModel owner, DrgElement el)
        {
            if (el.Namespace == owner.Namespace)
            {
                return new InputDataElement(el.Id, el.Name, el.Namespace, null);
            }

            var prefix = owner._imports.FirstOrDefault(i => i.Model.Namespace == el.Namespace).Prefix;
            return new InputDataElement(el.Id, el.Name, el.Namespace, null) { ImportPrefix = prefix };
        }
    }

    private DmnModel? FindImported(string ns)
    {
        foreach (var (_, m) in _imports)
        {
            if (m.Namespace == ns)
            {
                return m;
            }

            if (m.FindImported(ns) is { } deeper)
            {
                return deeper;
            }
        }

        return null;
    }

    /// <summary>The syntax tree of a decision table cell; null when it is not valid unary tests (see <see cref="CompileTests"/>).</summary>
    internal UnaryTestsNode? ParseTests(string text)
    {
        try
        {
            return Parser.ParseUnaryTests(text, new NameTable(null, _names));
        }
        catch (FeelSyntaxException)
        {
            return null;
        }
    }

    /// <summary>Whether an expression is a constant (a literal), and its value.</summary>
    internal (bool IsConstant, object? Value) ParseConstant(string text)
    {
        try
        {
            return Compiler.TryConstant(Parser.ParseExpression(text, new NameTable(null, _names)), out var value) ? (true, value) : (false, null);
        }
        catch (FeelSyntaxException)
        {
            return (false, null);
        }
    }
}
