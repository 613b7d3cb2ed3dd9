using System.Globalization;
using Kogge.Feel;
using Kogge.Feel.Evaluation;
using Kogge.Feel.Parsing;

namespace Kogge.Bpmn.Expressions.Feel;

/// <summary>
/// The engine's expression language implemented with Kogge.Feel: conditions, io mappings, timers,
/// collections and correlation keys of Camunda 8 models are FEEL.
/// </summary>
/// <remarks>
/// <para>
/// Variables: the engine's scopes cannot be listed, so the adapter looks up every name-like word of the
/// expression (outside string literals) in the scope and hands FEEL those it finds. Variable names therefore
/// have to be plain identifiers (letters, digits, <c>_</c>), as Camunda 8 requires anyway.
/// </para>
/// <para>
/// Null results: FEEL turns bad data into null plus a warning. The adapter returns that null, as FEEL
/// prescribes, and the engine decides: a null in a gateway or completion condition is an incident
/// (the condition is not true or false), a null in an io mapping becomes a null variable, a null timer is
/// an incident of the timer. A function value (a bare name such as <c>product</c> that is no variable
/// resolves to the built-in function) is turned into null as well, because Camunda 8 models expect a missing
/// variable to be null. The adapter itself never throws at run time.
/// </para>
/// </remarks>
public sealed class FeelExpressionLanguage(TimeProvider? time = null) : IExpressionLanguage
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <inheritdoc />
    public ExpressionCompileResult Compile(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        try
        {
            var feel = FeelExpression.Parse(expression);
            return ExpressionCompileResult.Success(new Compiled(feel, FeelNameScanner.Names(expression), _time));
        }
        catch (FeelSyntaxException e)
        {
            return ExpressionCompileResult.Failure(string.Create(CultureInfo.InvariantCulture, $"line {e.Line}, column {e.Column}: {e.Reason}"));
        }
    }

    private sealed class Compiled(FeelExpression feel, IReadOnlyList<string> names, TimeProvider time) : ICompiledExpression
    {
        public object? Evaluate(IVariableScope variables)
        {
            ArgumentNullException.ThrowIfNull(variables);
            var inputs = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var name in names)
            {
                if (variables.TryGetVariable(name, out var value))
                {
                    inputs[name] = FeelValues.ToFeel(value);
                }
            }

            var result = feel.Evaluate(inputs, time);
            return FeelValues.FromFeel(result.Value);
        }
    }
}

/// <summary>Finds the words of a FEEL expression that may be variable names.</summary>
internal static class FeelNameScanner
{
    public static IReadOnlyList<string> Names(string text)
    {
        var names = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '"')
            {
                i++;
                while (i < text.Length && text[i] != '"')
                {
                    i += text[i] == '\\' ? 2 : 1;
                }

                i++;
            }
            else if (c == '/' && i + 1 < text.Length && text[i + 1] == '/')
            {
                while (i < text.Length && text[i] != '\n')
                {
                    i++;
                }
            }
            else if (c == '/' && i + 1 < text.Length && text[i + 1] == '*')
            {
                var end = text.IndexOf("*/", i + 2, StringComparison.Ordinal);
                i = end < 0 ? text.Length : end + 2;
            }
            else if (char.IsLetter(c) || c is '_' or '$')
            {
                var start = i;
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] is '_' or '$'))
                {
                    i++;
                }

                var word = text[start..i];
                if (seen.Add(word))
                {
                    names.Add(word);
                }
            }
            else if (char.IsDigit(c))
            {
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '.'))
                {
                    i++;
                }
            }
            else
            {
                i++;
            }
        }

        return names;
    }
}
