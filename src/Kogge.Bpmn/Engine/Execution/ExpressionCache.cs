using System.Collections.Concurrent;
using System.Globalization;
using Kogge.Bpmn.Expressions;

namespace Kogge.Bpmn.Engine.Execution;

/// <summary>Thrown inside a command when an element cannot go on; the engine raises an incident for it.</summary>
internal sealed class ElementFailureException(string incidentType, string message) : Exception(message)
{
    public string IncidentType { get; } = incidentType;
}

/// <summary>Compiles each expression text once and evaluates it, turning failures into incidents.</summary>
internal sealed class ExpressionCache(IExpressionLanguage language)
{
    private readonly ConcurrentDictionary<string, ExpressionCompileResult> _compiled = new(StringComparer.Ordinal);

    /// <summary>Evaluates <paramref name="text"/>: an expression when it starts with <c>=</c>, otherwise the static text.</summary>
    public object? Evaluate(string text, IVariableScope scope, string what) =>
        ExpressionText.IsExpression(text) ? EvaluateExpression(ExpressionText.Body(text), scope, what) : text;

    /// <summary>Evaluates text that is always an expression (conditions, collections), with or without the leading <c>=</c>.</summary>
    public object? EvaluateExpression(string text, IVariableScope scope, string what)
    {
        var body = ExpressionText.Body(text);
        var compiled = _compiled.GetOrAdd(body, language.Compile);
        if (!compiled.Succeeded)
        {
            throw new ElementFailureException("ExpressionFailed", $"The {what} expression '{body}' is invalid: {compiled.Error}");
        }

        try
        {
            return VariableValues.Normalize(compiled.Expression!.Evaluate(scope));
        }
        catch (ExpressionEvaluationException e)
        {
            throw new ElementFailureException("ExpressionFailed", $"The {what} expression '{body}' failed: {e.Message}");
        }
    }

    public bool EvaluateCondition(string text, IVariableScope scope, string what) =>
        EvaluateExpression(text, scope, what) switch
        {
            bool b => b,
            var other => throw new ElementFailureException("ExpressionFailed", $"The {what} expression '{text.Trim()}' gave {other?.ToString() ?? "null"}, not true or false."),
        };

    public string? EvaluateString(string? text, IVariableScope scope, string what) =>
        text is null ? null : Evaluate(text, scope, what) switch
        {
            null => null,
            string s => s,
            decimal d => d.ToString(CultureInfo.InvariantCulture),
            IEnumerable<object?> items => string.Join(',', items.Select(i => Convert.ToString(i, CultureInfo.InvariantCulture))),
            var other => Convert.ToString(other, CultureInfo.InvariantCulture),
        };
}
