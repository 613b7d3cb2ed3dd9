using Kogge.Feel.Evaluation;
using Kogge.Feel.Parsing;

namespace Kogge.Feel;

/// <summary>The value of an evaluation and the warnings raised on the way (bad data gives null plus a warning).</summary>
/// <param name="Value">
/// The FEEL value: null, <see cref="decimal"/>, <see cref="string"/>, <see cref="bool"/>, <see cref="FeelDate"/>,
/// <see cref="FeelTime"/>, <see cref="FeelDateTime"/>, <see cref="DaysTimeDuration"/>, <see cref="YearsMonthsDuration"/>,
/// <c>List&lt;object?&gt;</c>, <see cref="FeelContext"/>, <see cref="FeelRange"/> or <see cref="FeelFunction"/>.
/// </param>
/// <param name="Warnings">Why a part of the expression gave null.</param>
public sealed record FeelResult(object? Value, IReadOnlyList<string> Warnings);

/// <summary>
/// A FEEL expression (DMN 1.5, chapter 10), parsed and compiled once, evaluated any number of times.
/// Numbers are <see cref="decimal"/> (28–29 significant digits instead of FEEL's 34; see docs/adr).
/// </summary>
public sealed class FeelExpression
{
    private readonly Eval _eval;

    private FeelExpression(string text, Eval eval)
    {
        Text = text;
        _eval = eval;
    }

    /// <summary>The expression text.</summary>
    public string Text { get; }

    /// <summary>Parses and compiles an expression.</summary>
    /// <param name="text">The FEEL text.</param>
    /// <param name="knownNames">Variable names the expression may use; needed for names that contain spaces or operators, such as "Monthly Salary".</param>
    /// <exception cref="FeelSyntaxException">The text is not valid FEEL; the exception gives line and column.</exception>
    public static FeelExpression Parse(string text, IEnumerable<string>? knownNames = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var names = new NameTable(knownNames, FeelNames.BuiltIn);
        var node = Parser.ParseExpression(text, names);
        return new FeelExpression(text, Compiler.Compile(node));
    }

    /// <summary>Evaluates the expression. Never throws for bad data: the value is then null and a warning says why.</summary>
    /// <param name="variables">Input values by name (.NET numbers, strings, dates, lists and dictionaries are converted).</param>
    /// <param name="clock">The clock for now() and today(); the system clock when omitted.</param>
    public FeelResult Evaluate(IReadOnlyDictionary<string, object?>? variables = null, TimeProvider? clock = null)
    {
        var run = new EvalContext(clock ?? TimeProvider.System);
        var value = Guard.Run(static (eval, env) => eval(env), _eval, Env.Root(run, ClrValues.Scope(variables)));
        return new FeelResult(value, run.Warnings);
    }

    internal object? EvaluateIn(Env env) => Guard.Run(static (eval, env) => eval(env), _eval, env);
}

/// <summary>Unary tests as written in a decision table input cell, such as <c>&lt; 18</c>, <c>[1..5]</c> or <c>not("A", "B")</c>.</summary>
public sealed class FeelUnaryTests
{
    private readonly Func<Env, object?> _eval;

    private FeelUnaryTests(string text, Func<Env, object?> eval)
    {
        Text = text;
        _eval = eval;
    }

    /// <summary>The cell text.</summary>
    public string Text { get; }

    /// <summary>Parses and compiles unary tests.</summary>
    /// <exception cref="FeelSyntaxException">The text is not valid FEEL unary tests.</exception>
    public static FeelUnaryTests Parse(string text, IEnumerable<string>? knownNames = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var names = new NameTable(knownNames, FeelNames.BuiltIn);
        var node = Parser.ParseUnaryTests(text, names);
        return new FeelUnaryTests(text, Compiler.CompileUnaryTests(node));
    }

    /// <summary>Whether <paramref name="input"/> satisfies the tests; null when it cannot be decided.</summary>
    public FeelResult Matches(object? input, IReadOnlyDictionary<string, object?>? variables = null, TimeProvider? clock = null)
    {
        var run = new EvalContext(clock ?? TimeProvider.System);
        var value = Guard.Run(static (eval, env) => eval(env), _eval, Env.Root(run, ClrValues.Scope(variables)).WithInput(ClrValues.ToFeel(input)));
        return new FeelResult(value, run.Warnings);
    }

    internal object? MatchesIn(Env env) => Guard.Run(static (eval, env) => eval(env), _eval, env);
}

internal static class FeelNames
{
    public static readonly NameTable BuiltIn = new(Builtins.ReservedNames);
}

internal static class Guard
{
    public static object? Run(Func<object?> body, EvalContext run) => Run(static (b, _) => b(), body, run, run);

    /// <summary>Runs <paramref name="body"/> on <paramref name="env"/>, without a closure per evaluation.</summary>
    public static object? Run<TState>(Func<TState, Env, object?> body, TState state, Env env) => Run(body, state, env, env.Run);

    public static object? Run<TState, TArg>(Func<TState, TArg, object?> body, TState state, TArg arg, EvalContext run)
    {
        try
        {
            return body(state, arg);
        }
        catch (InsufficientExecutionStackException)
        {
            return run.Warn("The evaluation nests too deeply");
        }
        catch (EvaluationBudgetExceededException e)
        {
            return run.Warn(e.Message);
        }
        catch (OverflowException)
        {
            return run.Warn("A number is too large");
        }
        catch (ArgumentOutOfRangeException)
        {
            return run.Warn("A value is outside the supported range");
        }
        catch (System.Text.RegularExpressions.RegexMatchTimeoutException)
        {
            return run.Warn("A pattern took too long");
        }
    }
}

internal static class ClrValues
{
    /// <summary>
    /// The variables of one evaluation as FEEL values. A dictionary with ordinal keys is read in place and each value
    /// converted when the expression first looks it up; any other dictionary is copied and converted at once.
    /// </summary>
    public static IReadOnlyDictionary<string, object?>? Scope(IReadOnlyDictionary<string, object?>? variables)
    {
        if (variables is null)
        {
            return null;
        }

        if (variables is Dictionary<string, object?> d && (ReferenceEquals(d.Comparer, StringComparer.Ordinal) || ReferenceEquals(d.Comparer, EqualityComparer<string>.Default)))
        {
            return new ClrScope(d);
        }

        return variables.ToDictionary(kv => kv.Key, kv => ToFeel(kv.Value), StringComparer.Ordinal);
    }

    /// <summary>Whether a value is already a FEEL value that <see cref="ToFeel"/> would return unchanged.</summary>
    public static bool IsFeel(object? v) =>
        v is null or decimal or string or bool or FeelDate or FeelTime or FeelDateTime or DaysTimeDuration or YearsMonthsDuration or FeelContext or FeelRange or FeelFunction;

    public static object? ToFeel(object? v) => v switch
    {
        null => null,
        decimal or string or bool or FeelDate or FeelTime or FeelDateTime or DaysTimeDuration or YearsMonthsDuration or FeelContext or FeelRange or FeelFunction => v,
        List<object?> l => l.Select(ToFeel).ToList(),
        int i => (decimal)i,
        long l => (decimal)l,
        short s => (decimal)s,
        byte b => (decimal)b,
        double d => Numbers.FromDouble(d),
        float f => Numbers.FromDouble(f),
        DateOnly d => new FeelDate(d),
        DateTime d => new FeelDateTime(new FeelDate(DateOnly.FromDateTime(d)), d.TimeOfDay.Ticks * 100, d.Kind == DateTimeKind.Utc ? TimeSpan.Zero : null, null),
        DateTimeOffset d => new FeelDateTime(new FeelDate(DateOnly.FromDateTime(d.DateTime)), d.TimeOfDay.Ticks * 100, d.Offset, null),
        TimeOnly t => new FeelTime(t.Ticks * 100, null, null),
        TimeSpan t => new DaysTimeDuration((decimal)t.Ticks / TimeSpan.TicksPerSecond),
        System.Text.Json.Nodes.JsonNode n => FeelJson.ToFeel(n),
        IReadOnlyDictionary<string, object?> d => ToContext(d),
        IDictionary<string, object?> d => ToContext(d),
        System.Collections.IEnumerable e => e.Cast<object?>().Select(ToFeel).ToList(),
        _ => v.ToString(),
    };

    private static FeelContext ToContext(IEnumerable<KeyValuePair<string, object?>> d)
    {
        var c = new FeelContext();
        foreach (var (k, v) in d)
        {
            c.Set(k, ToFeel(v));
        }

        return c;
    }
}

/// <summary>
/// Host variables seen as FEEL values without copying them: a value is converted on its first lookup and the
/// converted value kept, so one evaluation always sees the same list or context for a name.
/// </summary>
internal sealed class ClrScope(Dictionary<string, object?> source) : IReadOnlyDictionary<string, object?>
{
    private Dictionary<string, object?>? _converted;

    public int Count => source.Count;

    public IEnumerable<string> Keys => source.Keys;

    public IEnumerable<object?> Values => source.Keys.Select(k => this[k]);

    public object? this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException(key);

    public bool ContainsKey(string key) => source.ContainsKey(key);

    public bool TryGetValue(string key, out object? value)
    {
        if (!source.TryGetValue(key, out var raw))
        {
            value = null;
            return false;
        }

        if (raw is System.Text.Json.Nodes.JsonValue json)
        {
            // A JSON scalar becomes a string, number or boolean, which has no identity to keep: converted on each
            // lookup, it needs no dictionary of converted values (a form's condition mostly reads posted scalars).
            value = FeelJson.ToFeel(json);
            return true;
        }

        if (ClrValues.IsFeel(raw))
        {
            value = raw;
            return true;
        }

        _converted ??= new Dictionary<string, object?>(StringComparer.Ordinal);
        if (!_converted.TryGetValue(key, out value))
        {
            value = ClrValues.ToFeel(raw);
            _converted[key] = value;
        }

        return true;
    }

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        foreach (var key in source.Keys)
        {
            yield return new(key, this[key]);
        }
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
