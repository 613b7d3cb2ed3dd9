namespace Kogge.Bpmn.Expressions;

/// <summary>
/// The expression language of conditions, mappings, timers and assignments (FEEL in Kogge).
/// The engine hands over expression text without the leading <c>=</c>; the host implements this
/// interface with Kogge.Feel.
/// </summary>
/// <remarks>
/// Values are JSON-like: <see langword="null"/>, <see cref="bool"/>, <see cref="string"/>,
/// <see cref="decimal"/> for numbers, <see cref="IReadOnlyList{T}"/> of values,
/// <see cref="IReadOnlyDictionary{TKey,TValue}"/> of string to value for contexts, and
/// <see cref="DateTimeOffset"/> / <see cref="TimeSpan"/> for dates and durations.
/// </remarks>
public interface IExpressionLanguage
{
    /// <summary>Compiles an expression, or reports why it cannot be compiled.</summary>
    /// <param name="expression">The expression text, without the leading <c>=</c>.</param>
    ExpressionCompileResult Compile(string expression);
}

/// <summary>A compiled expression, evaluated many times.</summary>
public interface ICompiledExpression
{
    /// <summary>Evaluates the expression over the visible variables.</summary>
    /// <exception cref="ExpressionEvaluationException">The expression failed at run time.</exception>
    object? Evaluate(IVariableScope variables);
}

/// <summary>The variables visible where an expression is evaluated.</summary>
public interface IVariableScope
{
    /// <summary>Looks a variable up by name, walking outward through the enclosing scopes.</summary>
    bool TryGetVariable(string name, out object? value);
}

/// <summary>The outcome of compiling an expression: the compiled expression or the syntax error.</summary>
public sealed class ExpressionCompileResult
{
    private ExpressionCompileResult(ICompiledExpression? expression, string? error)
    {
        Expression = expression;
        Error = error;
    }

    /// <summary>The compiled expression, when compilation succeeded.</summary>
    public ICompiledExpression? Expression { get; }

    /// <summary>The syntax error, when compilation failed.</summary>
    public string? Error { get; }

    /// <summary>Whether compilation succeeded.</summary>
    public bool Succeeded => Expression is not null;

    /// <summary>A successful compilation.</summary>
    public static ExpressionCompileResult Success(ICompiledExpression expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        return new(expression, null);
    }

    /// <summary>A failed compilation with the error for the process designer.</summary>
    public static ExpressionCompileResult Failure(string error) => new(null, error);
}

/// <summary>Thrown by an expression that fails at run time; the engine turns it into an incident.</summary>
public sealed class ExpressionEvaluationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ExpressionEvaluationException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ExpressionEvaluationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the cause.</summary>
    public ExpressionEvaluationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>Helpers for the Camunda 8 convention that a value starting with <c>=</c> is an expression.</summary>
public static class ExpressionText
{
    /// <summary>Whether the text is an expression rather than a static value.</summary>
    public static bool IsExpression(string? text) => text is not null && text.TrimStart().StartsWith('=');

    /// <summary>The expression body without the leading <c>=</c>.</summary>
    public static string Body(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.TrimStart();
        return trimmed.StartsWith('=') ? trimmed[1..].Trim() : trimmed;
    }
}
