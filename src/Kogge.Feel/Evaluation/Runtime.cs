namespace Kogge.Feel.Evaluation;

/// <summary>Per-evaluation state: warnings, the clock, and the guard against runaway recursion.</summary>
internal sealed class EvalContext
{
    private readonly TimeProvider? _clock;
    private DateTimeOffset _now;
    private bool _hasNow;

    public EvalContext(DateTimeOffset now)
    {
        _now = now;
        _hasNow = true;
    }

    /// <summary>A context that reads the clock when now() or today() first asks for it; most evaluations never do.</summary>
    public EvalContext(TimeProvider clock)
    {
        _clock = clock;
    }

    public const int MaxCallDepth = 400;

    /// <summary>Loop iterations one evaluation may run; a hostile 'for' over two big ranges must not hang the server.</summary>
    public const long MaxSteps = 1_000_000;

    private long _steps;

    public void Step()
    {
        if (++_steps > MaxSteps)
        {
            throw new EvaluationBudgetExceededException();
        }
    }

    private List<string>? _warnings;

    /// <summary>The warnings so far; the list is created by the first warning, as most evaluations raise none.</summary>
    public IReadOnlyList<string> Warnings => (IReadOnlyList<string>?)_warnings ?? [];

    /// <summary>The instant of this evaluation: the same for every now() and today() in it.</summary>
    public DateTimeOffset Now
    {
        get
        {
            if (!_hasNow)
            {
                _now = _clock!.GetLocalNow();
                _hasNow = true;
            }

            return _now;
        }
    }

    public int CallDepth { get; set; }

    public Func<string, FeelType?>? TypeResolver { get; init; }

    public object? Warn(string message)
    {
        _warnings ??= [];
        if (_warnings.Count < 100)
        {
            _warnings.Add(message);
        }

        return null;
    }
}

/// <summary>Thrown when an evaluation runs more loop iterations than allowed; turned into null with a warning.</summary>
internal sealed class EvaluationBudgetExceededException : Exception
{
    public EvaluationBudgetExceededException()
        : base("The evaluation takes too many steps")
    {
    }

    public EvaluationBudgetExceededException(string message)
        : base(message)
    {
    }

    public EvaluationBudgetExceededException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>A scope of names during evaluation; lookups walk outwards to the built-in functions.</summary>
internal sealed class Env
{
    private readonly Env? _parent;
    private readonly string? _name;
    private readonly object? _value;
    private readonly FeelContext? _context;
    private readonly IReadOnlyDictionary<string, object?>? _variables;

    private Env(EvalContext run, Env? parent, string? name, object? value, FeelContext? context, IReadOnlyDictionary<string, object?>? variables, object? input)
    {
        Run = run;
        _parent = parent;
        _name = name;
        _value = value;
        _context = context;
        _variables = variables;
        Input = input;
    }

    public EvalContext Run { get; }

    public object? Input { get; }

    public static Env Root(EvalContext run, IReadOnlyDictionary<string, object?>? variables) => new(run, null, null, null, null, variables, null);

    public Env With(string name, object? value) => new(Run, this, name, value, null, null, Input);

    public Env With(FeelContext context) => new(Run, this, null, null, context, null, Input);

    public Env With(IReadOnlyDictionary<string, object?> variables) => new(Run, this, null, null, null, variables, Input);

    public Env WithInput(object? input) => new(Run, this, null, null, null, null, input);

    public Env Rebind(EvalContext run) => new(run, this, null, null, null, null, Input);

    public bool TryLookup(string name, out object? value)
    {
        for (var e = this; e is not null; e = e._parent)
        {
            if (e._name is not null && string.Equals(e._name, name, StringComparison.Ordinal))
            {
                value = e._value;
                return true;
            }

            if (e._context is not null && e._context.TryGetValue(name, out value))
            {
                return true;
            }

            if (e._variables is not null && e._variables.TryGetValue(name, out value))
            {
                return true;
            }
        }

        if (Builtins.TryGet(name, out var f))
        {
            value = f;
            return true;
        }

        value = null;
        return false;
    }
}

internal delegate object? Eval(Env env);

/// <summary>
/// The few variables of one decision, by name: a linear search, faster than hashing for a handful of names.
/// A name given twice has its last value, as when the values are put into a dictionary one after the other.
/// </summary>
internal sealed class NameScope(string[] names, object?[] values) : IReadOnlyDictionary<string, object?>
{
    public int Count => Keys.Count();

    public IEnumerable<string> Keys => names.Distinct(StringComparer.Ordinal);

    public IEnumerable<object?> Values => Keys.Select(k => this[k]);

    public object? this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException(key);

    public bool ContainsKey(string key) => TryGetValue(key, out _);

    public bool TryGetValue(string key, out object? value)
    {
        for (var i = names.Length - 1; i >= 0; i--)
        {
            if (string.Equals(names[i], key, StringComparison.Ordinal))
            {
                value = values[i];
                return true;
            }
        }

        value = null;
        return false;
    }

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => Keys.Select(k => new KeyValuePair<string, object?>(k, this[k])).GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>A FEEL function value: built-in, defined in FEEL, or a DMN business knowledge model or decision service.</summary>
public abstract class FeelFunction
{
    /// <summary>The parameter names, used for named invocation; null when the function takes any.</summary>
    public abstract IReadOnlyList<string>? ParameterNames { get; }

    internal abstract object? Invoke(IReadOnlyList<object?> arguments, EvalContext run);

    internal virtual object? InvokeNamed(IReadOnlyList<KeyValuePair<string, object?>> arguments, EvalContext run)
    {
        var names = ParameterNames;
        if (names is null)
        {
            return run.Warn("This function cannot be called with named parameters");
        }

        var args = new object?[names.Count];
        foreach (var (key, value) in arguments)
        {
            var index = -1;
            for (var i = 0; i < names.Count; i++)
            {
                if (names[i] == key)
                {
                    index = i;
                }
            }

            if (index < 0)
            {
                return run.Warn($"The function has no parameter named '{key}'");
            }

            args[index] = value;
        }

        return Invoke(args, run);
    }
}

internal sealed class UserFunction(IReadOnlyList<string> parameters, IReadOnlyList<FeelType?> types, Eval body, Env closure) : FeelFunction
{
    public override IReadOnlyList<string>? ParameterNames => parameters;

    internal override object? Invoke(IReadOnlyList<object?> arguments, EvalContext run)
    {
        if (arguments.Count != parameters.Count)
        {
            return run.Warn($"The function expects {parameters.Count} arguments but got {arguments.Count}");
        }

        if (run.CallDepth >= EvalContext.MaxCallDepth)
        {
            return run.Warn("Functions call each other too deeply");
        }

        run.Step();

        var vars = new Dictionary<string, object?>(StringComparer.Ordinal);
        for (var i = 0; i < parameters.Count; i++)
        {
            var value = arguments[i];
            if (types[i] is { } t)
            {
                var coerced = t.Coerce(value, out var ok);
                if (!ok)
                {
                    return run.Warn($"Argument '{parameters[i]}' is not of type {t}");
                }

                value = coerced;
            }

            vars[parameters[i]] = value;
        }

        run.CallDepth++;
        try
        {
            System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
            return body(closure.Rebind(run).With(vars));
        }
        finally
        {
            run.CallDepth--;
        }
    }
}

/// <summary>A function implemented in .NET (built-ins, DMN invocables).</summary>
internal sealed class NativeFunction(IReadOnlyList<string>? parameters, Func<IReadOnlyList<object?>, EvalContext, object?> body, string name = "function") : FeelFunction
{
    public override IReadOnlyList<string>? ParameterNames => parameters;

    public string Name => name;

    internal override object? Invoke(IReadOnlyList<object?> arguments, EvalContext run) => body(arguments, run);
}
