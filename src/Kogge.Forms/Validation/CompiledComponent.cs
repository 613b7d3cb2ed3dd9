using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Kogge.Feel;
using Kogge.Feel.Parsing;
using Kogge.Forms.Schema;

namespace Kogge.Forms.Validation;

/// <summary>What a component of the form is to the validator.</summary>
internal enum ComponentKind
{
    /// <summary>Presentation (text, separator, button): nothing to validate.</summary>
    None,
    Group,
    DynamicList,
    Expression,
    Input,
}

/// <summary>How a posted value of an input component is read.</summary>
internal enum FieldKind
{
    /// <summary>Text: textfield, textarea and the other types whose value is a string.</summary>
    Text,
    Number,
    Checkbox,
    DateTime,

    /// <summary>Radio and select: one option, a string or another JSON value.</summary>
    Choice,

    /// <summary>Checklist and taglist: a list of options.</summary>
    Multiple,
}

/// <summary>The check a text field's validationType asks for.</summary>
internal enum TextCheck
{
    None,
    Email,
    Phone,
}

/// <summary>
/// A form component prepared for validation once per form: its condition and FEEL bounds parsed, its numbers
/// read, its pattern compiled with a timeout, its keys split and its static options as a set. A form is
/// validated many times; none of this work depends on the submitted data.
/// </summary>
internal sealed class CompiledComponent
{
    private static readonly TimeSpan PatternTimeout = TimeSpan.FromMilliseconds(250);

    private CompiledComponent(FormComponent component, Dictionary<string, string> names)
    {
        Component = component;
        Kind = component.Type switch
        {
            "group" => ComponentKind.Group,
            "dynamiclist" => ComponentKind.DynamicList,
            "expression" when component.Key is not null && component.Expression is not null => ComponentKind.Expression,
            _ when FormChecker.InputTypes.Contains(component.Type) && component.Type != "expression" && component.Key is not null => ComponentKind.Input,
            _ => ComponentKind.None,
        };
        Field = component.Type switch
        {
            "number" => FieldKind.Number,
            "checkbox" => FieldKind.Checkbox,
            "datetime" => FieldKind.DateTime,
            "radio" or "select" => FieldKind.Choice,
            "checklist" or "taglist" => FieldKind.Multiple,
            _ => FieldKind.Text,
        };
        Check = component.Rules.ValidationType switch
        {
            "email" => TextCheck.Email,
            "phone" => TextCheck.Phone,
            _ => TextCheck.None,
        };
        Key = component.Key;
        KeyParts = Parts(component.Key, names);
        PathParts = Parts(component.Path, names);
        (AlwaysHidden, Hide) = Condition(component.Hide);
        Expression = component.Expression is { } expression ? new FeelFormula(expression.TrimStart('=')) : null;
        ValuesExpression = component.ValuesExpression is { } values ? new FeelFormula(values.TrimStart('=')) : null;
        var rules = component.Rules;
        MinLength = FormBound.Of(rules.MinLength);
        MaxLength = FormBound.Of(rules.MaxLength);
        Min = FormBound.Of(rules.Min);
        Max = FormBound.Of(rules.Max);
        Increment = FormBound.Of(component.Increment);
        if (rules.Pattern is { Length: > 0 } pattern)
        {
            try
            {
                // Compiled once per form definition: validation runs on every post.
                Pattern = new Regex(pattern, RegexOptions.Compiled, PatternTimeout);
            }
            catch (ArgumentException)
            {
                // An invalid pattern matches nothing, as before it was compiled once.
                PatternInvalid = true;
            }
        }

        IsOptionType = FormChecker.OptionTypes.Contains(component.Type);
        if (component.Options.Count > 0)
        {
            StaticOptions = component.Options.Select(o => o.Value).ToList();
            if (StaticOptions.TrueForAll(o => o is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.String && v.TryGetValue<string>(out _)))
            {
                StringOptions = new HashSet<string>(StaticOptions.Select(o => o!.GetValue<string>()), StringComparer.Ordinal);
            }
        }

        // A long list of options is looked up in the set instead: comparing the posted text with each one costs more.
        string[]? known = Field == FieldKind.Checkbox ? CheckboxWords : StringOptions is { Count: <= 16 } few ? few.ToArray() : null;
        KnownTexts = known;
        KnownTextsUtf8 = known?.Select(System.Text.Encoding.UTF8.GetBytes).ToArray();

        Children = component.Components.Select(c => new CompiledComponent(c, names)).ToArray();
        ReadsNames = Hide is not null || Expression is not null || ValuesExpression is not null || component.ValuesKey is not null
            || MinLength.Formula is not null || MaxLength.Formula is not null || Min.Formula is not null || Max.Formula is not null
            || Increment.Formula is not null || Array.Exists(Children, static c => c.ReadsNames);
    }

    public FormComponent Component { get; }

    public ComponentKind Kind { get; }

    public FieldKind Field { get; }

    public TextCheck Check { get; }

    public string? Key { get; }

    /// <summary>The parts of the key, as the form's one instance of each name.</summary>
    public string[]? KeyParts { get; }

    public string[]? PathParts { get; }

    public bool AlwaysHidden { get; }

    public FeelFormula? Hide { get; }

    public FeelFormula? Expression { get; }

    public FeelFormula? ValuesExpression { get; }

    public FormBound MinLength { get; }

    public FormBound MaxLength { get; }

    public FormBound Min { get; }

    public FormBound Max { get; }

    public FormBound Increment { get; }

    public Regex? Pattern { get; }

    public bool PatternInvalid { get; }

    public bool IsOptionType { get; }

    /// <summary>The option values of a component with fixed options; null for valuesKey/valuesExpression options.</summary>
    public List<JsonNode?>? StaticOptions { get; }

    /// <summary>The fixed options when all of them are strings: membership is then a set lookup.</summary>
    public HashSet<string>? StringOptions { get; }

    /// <summary>The texts a posted value is expected to be (the string options; for a checkbox the words for ticked).</summary>
    public string[]? KnownTexts { get; }

    public CompiledComponent[] Children { get; }

    /// <summary>Whether validating the component or one inside it reads names of the scope (FEEL, valuesKey).</summary>
    public bool ReadsNames { get; }

    /// <summary>What a ticked checkbox posts: the browser's "on", or "true" and "1" from other clients.</summary>
    public static readonly string[] CheckboxWords = ["true", "on", "1"];

    private byte[][]? KnownTextsUtf8 { get; }

    /// <summary>
    /// The known text a string of parsed JSON is, compared as UTF-8 without decoding it (no string per read); null
    /// when it is none of them.
    /// </summary>
    public string? KnownText(System.Text.Json.JsonElement element)
    {
        if (KnownTextsUtf8 is not { } utf8)
        {
            return null;
        }

        for (var i = 0; i < utf8.Length; i++)
        {
            if (element.ValueEquals(utf8[i]))
            {
                return KnownTexts![i];
            }
        }

        return null;
    }

    private string[]? _entryPrefixes;

    /// <summary>The path prefix of entry <paramref name="index"/> of a dynamic list at the top of the form, such as <c>people[2].</c>; the first ones are made once.</summary>
    public string EntryPrefix(int index)
    {
        var key = Component.Path ?? Key;
        if (index >= 16)
        {
            return $"{key}[{index}].";
        }

        var prefixes = _entryPrefixes ??= new string[16];
        return prefixes[index] ??= $"{key}[{index}].";
    }

    public static CompiledComponent[] Compile(IReadOnlyList<FormComponent> components)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        return components.Select(c => new CompiledComponent(c, names)).ToArray();
    }

    /// <summary>
    /// The parts of a dotted key or path, each the one string instance the form uses for that name: the result is
    /// collected by comparing names by reference (see <see cref="FormOutput"/>).
    /// </summary>
    private static string[]? Parts(string? dotted, Dictionary<string, string> names)
    {
        if (dotted is null)
        {
            return null;
        }

        var parts = dotted.Split('.');
        for (var i = 0; i < parts.Length; i++)
        {
            if (!names.TryAdd(parts[i], parts[i]))
            {
                parts[i] = names[parts[i]];
            }
        }

        return parts;
    }

    public bool IsHidden(FormScope scope) => AlwaysHidden || (Hide is { } hide && hide.Evaluate(scope) is true);

    public bool PatternMatches(string text)
    {
        if (PatternInvalid)
        {
            return false;
        }

        try
        {
            return Pattern is null || Pattern.IsMatch(text);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    /// <summary>A conditional.hide as FormValidator.IsHidden reads it: "true" hides; otherwise FEEL that gives true.</summary>
    private static (bool Always, FeelFormula? Formula) Condition(string? hide)
    {
        if (hide is null)
        {
            return (false, null);
        }

        var text = hide.StartsWith('=') ? hide[1..] : hide;
        return text is "true" ? (true, null) : (false, new FeelFormula(text));
    }
}

/// <summary>A FEEL text of the form, parsed once; text that is not valid FEEL gives null, as before.</summary>
internal sealed class FeelFormula(string text)
{
    private readonly FeelExpression? _expression = Parse(text);

    public object? Evaluate(FormScope scope) => _expression?.Evaluate(scope.View()).Value;

    private static FeelExpression? Parse(string text)
    {
        try
        {
            return FeelExpression.Parse(text);
        }
        catch (FeelSyntaxException)
        {
            return null;
        }
    }
}

/// <summary>A bound such as minLength or max: absent, a number, or FEEL ("=mindestgebuehr").</summary>
internal readonly record struct FormBound(decimal? Constant, FeelFormula? Formula)
{
    public static FormBound Of(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return default;
        }

        if (text.StartsWith('='))
        {
            return new FormBound(null, new FeelFormula(text[1..]));
        }

        return new FormBound(decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null, null);
    }

    public decimal? Value(FormScope scope) => Formula is { } f ? f.Evaluate(scope) as decimal? : Constant;
}
