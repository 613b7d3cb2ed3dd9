using System.Text.RegularExpressions;
using Kogge.Feel;
using Kogge.Feel.Parsing;

namespace Kogge.Forms.Schema;

/// <summary>A problem in a form definition, named by the component it concerns.</summary>
/// <param name="Component">The component's key, id or type.</param>
/// <param name="Message">What is wrong, for the form designer.</param>
public sealed record FormProblem(string Component, string Message);

/// <summary>Checks a form definition against the rules of the form-js schema that matter at run time.</summary>
public static class FormChecker
{
    internal static readonly HashSet<string> InputTypes = new(StringComparer.Ordinal)
    {
        "textfield", "textarea", "number", "datetime", "checkbox", "checklist", "radio", "select", "taglist", "filepicker", "expression",
    };

    internal static readonly HashSet<string> KnownTypes = new(InputTypes, StringComparer.Ordinal)
    {
        "image", "text", "html", "button", "spacer", "group", "dynamiclist", "separator", "table", "iframe", "documentPreview",
    };

    internal static readonly HashSet<string> OptionTypes = new(StringComparer.Ordinal) { "checklist", "radio", "select", "taglist" };

    /// <summary>Lists every problem; an empty list means the definition can be used.</summary>
    public static IReadOnlyList<FormProblem> Check(FormDefinition form)
    {
        ArgumentNullException.ThrowIfNull(form);
        var problems = new List<FormProblem>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        CheckScope(form.Components, problems, ids);
        return problems;
    }

    private static void CheckScope(IReadOnlyList<FormComponent> components, List<FormProblem> problems, HashSet<string> ids)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var c in components)
        {
            if (c.Id is not null && !ids.Add(c.Id))
            {
                problems.Add(new FormProblem(c.Name, $"The id '{c.Id}' is used twice"));
            }

            if (!KnownTypes.Contains(c.Type))
            {
                problems.Add(new FormProblem(c.Name, $"Unknown component type '{c.Type}'"));
            }

            if (InputTypes.Contains(c.Type))
            {
                if (string.IsNullOrWhiteSpace(c.Key))
                {
                    problems.Add(new FormProblem(c.Name, $"A {c.Type} needs a key"));
                }
                else if (!keys.Add(c.Key))
                {
                    problems.Add(new FormProblem(c.Name, $"The key '{c.Key}' is used twice"));
                }
            }

            if (c.Rules.Pattern is { } pattern && !pattern.StartsWith('='))
            {
                try
                {
                    _ = new Regex(pattern, RegexOptions.None, TimeSpan.FromMilliseconds(100));
                }
                catch (ArgumentException)
                {
                    problems.Add(new FormProblem(c.Name, $"The pattern '{pattern}' is not a valid regular expression"));
                }
            }

            foreach (var expression in new[] { c.Hide, c.ValuesExpression, c.Rules.Min, c.Rules.Max, c.Rules.MinLength, c.Rules.MaxLength }.Where(e => e is not null && e.StartsWith('=')))
            {
                try
                {
                    FeelExpression.Parse(expression![1..]);
                }
                catch (FeelSyntaxException e)
                {
                    problems.Add(new FormProblem(c.Name, $"The expression '{expression}' is not valid FEEL: {e.Message}"));
                }
            }

            if (c.Components.Count > 0)
            {
                // Groups without a path share their parent's keys; paths and dynamic lists open a new scope.
                if (c.Path is null && !c.IsRepeating)
                {
                    CheckNested(c.Components, problems, ids, keys);
                }
                else
                {
                    CheckScope(c.Components, problems, ids);
                }
            }
        }
    }

    private static void CheckNested(IReadOnlyList<FormComponent> components, List<FormProblem> problems, HashSet<string> ids, HashSet<string> keys)
    {
        CheckScope(components, problems, ids);
        foreach (var c in components.Where(c => InputTypes.Contains(c.Type) && c.Key is not null))
        {
            if (!keys.Add(c.Key!))
            {
                problems.Add(new FormProblem(c.Name, $"The key '{c.Key}' is used twice"));
            }
        }

    }
}
