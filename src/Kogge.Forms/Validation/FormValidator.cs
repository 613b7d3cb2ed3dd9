using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Kogge.Feel;
using Kogge.Feel.Evaluation;
using Kogge.Feel.Parsing;
using Kogge.Forms.Schema;

namespace Kogge.Forms.Validation;

/// <summary>A validation error of one field.</summary>
/// <param name="Path">The data path of the field, such as <c>applicant.name</c> or <c>children[1].age</c>.</param>
/// <param name="Code">A stable code: required, minLength, maxLength, min, max, pattern, email, phone, number, decimals, step, option, date, time, type.</param>
/// <param name="Message">The message for the user, in the requested language.</param>
public sealed record FieldError(string Path, string Code, string Message);

/// <summary>The outcome of validating submitted data.</summary>
/// <param name="Errors">Errors by field path; empty when the data is valid.</param>
/// <param name="Data">The data to keep: typed values of the visible, enabled fields only.</param>
public sealed record FormValidationResult(IReadOnlyList<FieldError> Errors, JsonObject Data)
{
    /// <summary>Whether the data is valid.</summary>
    public bool IsValid => Errors.Count == 0;
}

/// <summary>
/// Validates submitted data on the server with the semantics of the form-js viewer: hidden and disabled fields
/// are neither validated nor kept, posted strings become typed JSON, and a value that is not offered is rejected.
/// </summary>
public sealed partial class FormValidator
{
    private static readonly TimeSpan PatternTimeout = TimeSpan.FromMilliseconds(250);

    // Conditions and bounds are parsed once per text; a form is validated many times.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, FeelExpression?> Expressions = new(StringComparer.Ordinal);

    private readonly FormDefinition _form;
    private readonly bool _english;

    /// <summary>Creates a validator for a form.</summary>
    /// <param name="form">The form definition.</param>
    /// <param name="language">"de" (default) or "en" for the messages.</param>
    public FormValidator(FormDefinition form, string language = "de")
    {
        ArgumentNullException.ThrowIfNull(form);
        _form = form;
        _english = string.Equals(language, "en", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Validates submitted data.</summary>
    /// <param name="submitted">The submitted values, as posted (strings are converted).</param>
    /// <param name="variables">Process variables the form may use (options by valuesKey, FEEL conditions).</param>
    public FormValidationResult Validate(JsonObject submitted, IReadOnlyDictionary<string, object?>? variables = null)
    {
        ArgumentNullException.ThrowIfNull(submitted);
        var errors = new List<FieldError>();
        var output = new JsonObject();
        if (HasDuplicateProperty(submitted))
        {
            errors.Add(Error(string.Empty, "duplicate"));
            return new FormValidationResult(errors, output);
        }

        var scope = new Dictionary<string, object?>(variables ?? new Dictionary<string, object?>(), StringComparer.Ordinal);
        foreach (var (k, v) in ToFeel(submitted) as FeelContext is { } ctx ? ctx.Keys.Select(k => (k, ctx[k])) : [])
        {
            scope[k] = v;
        }

        ValidateComponents(_form.Components, submitted, output, string.Empty, scope, errors);
        return new FormValidationResult(errors, output);
    }

    private void ValidateComponents(IReadOnlyList<FormComponent> components, JsonObject data, JsonObject output, string prefix, Dictionary<string, object?> scope, List<FieldError> errors)
    {
        foreach (var c in components)
        {
            if (c.Disabled || IsHidden(c, scope))
            {
                continue;
            }

            if (c.Type == "group")
            {
                var (innerData, innerOut, innerPrefix) = c.Path is { } groupPath ? (Object(Get(data, groupPath)), EnsureObject(output, groupPath), prefix + groupPath + ".") : (data, output, prefix);
                ValidateComponents(c.Components, innerData, innerOut, innerPrefix, scope, errors);
                continue;
            }

            if (c.Type == "dynamiclist")
            {
                ValidateList(c, data, output, prefix, scope, errors);
                continue;
            }

            if (c.Type == "expression" && c.Key is not null && c.Expression is { } expression)
            {
                // Computed on the server from the submitted data; a posted value is ignored.
                var computed = ToJson(Feel(expression.TrimStart('='), scope));
                if (computed is not null)
                {
                    Set(output, c.Key, computed);
                }

                continue;
            }

            if (!FormChecker.InputTypes.Contains(c.Type) || c.Type == "expression" || c.Key is null)
            {
                continue;
            }

            var raw = Get(data, c.Key);
            var path = prefix + c.Key;
            if (c.Readonly)
            {
                if (raw is not null)
                {
                    Set(output, c.Key, raw.DeepClone());
                }

                continue;
            }

            var value = Coerce(c, raw, path, errors);
            if (value is null && errors.Count > 0 && errors[^1].Path == path)
            {
                continue;
            }

            value = TypedOptions(c, value, scope);
            ValidateValue(c, value, path, scope, errors);
            if (value is not null)
            {
                Set(output, c.Key, value);
            }

            // Later conditions and expressions see the typed value, not the posted text.
            if (!c.Key.Contains('.', StringComparison.Ordinal))
            {
                scope[c.Key] = ToFeel(value);
            }
        }
    }

    /// <summary>
    /// The data a new, empty form starts with: default values of the fields and computed expression fields,
    /// arranged by key and path as the form submits them.
    /// </summary>
    /// <param name="variables">Process variables the form may use in expressions.</param>
    public JsonObject InitialData(IReadOnlyDictionary<string, object?>? variables = null)
    {
        var output = new JsonObject();
        var scope = new Dictionary<string, object?>(variables ?? new Dictionary<string, object?>(), StringComparer.Ordinal);
        Defaults(_form.Components, output, scope);
        return output;
    }

    private static void Defaults(IReadOnlyList<FormComponent> components, JsonObject output, Dictionary<string, object?> scope)
    {
        foreach (var c in components)
        {
            if (c.Type == "group")
            {
                Defaults(c.Components, c.Path is { } path ? EnsureObject(output, path) : output, scope);
            }
            else if (c.Type == "expression" && c.Key is not null && c.Expression is { } expression)
            {
                if (ToJson(Feel(expression.TrimStart('='), scope)) is { } computed)
                {
                    Set(output, c.Key, computed);
                }
            }
            else if (c.Key is not null && c.DefaultValue is { } value && FormChecker.InputTypes.Contains(c.Type))
            {
                Set(output, c.Key, value.DeepClone());
            }
        }
    }

    private void ValidateList(FormComponent list, JsonObject data, JsonObject output, string prefix, Dictionary<string, object?> scope, List<FieldError> errors)
    {
        var key = list.Path ?? list.Key;
        if (key is null)
        {
            return;
        }

        if (Get(data, key) is not JsonArray items)
        {
            if (Get(data, key) is not null)
            {
                errors.Add(Error(prefix + key, "type"));
            }

            return;
        }

        var result = new JsonArray();
        for (var i = 0; i < items.Count && i < 1000; i++)
        {
            var item = items[i] as JsonObject ?? [];
            var itemOut = new JsonObject();
            var itemScope = new Dictionary<string, object?>(scope, StringComparer.Ordinal);
            if (ToFeel(item) is FeelContext ctx)
            {
                foreach (var k in ctx.Keys)
                {
                    itemScope[k] = ctx[k];
                }
            }

            ValidateComponents(list.Components, item, itemOut, $"{prefix}{key}[{i}].", itemScope, errors);
            result.Add(itemOut);
        }

        Set(output, key, result);
    }

    internal static bool IsHidden(FormComponent c, Dictionary<string, object?> scope)
    {
        if (c.Hide is not { } hide)
        {
            return false;
        }

        var text = hide.StartsWith('=') ? hide[1..] : hide;
        if (text is "true")
        {
            return true;
        }

        return Feel(text, scope) is true;
    }

    private JsonNode? Coerce(FormComponent c, JsonNode? raw, string path, List<FieldError> errors)
    {
        if (raw is null)
        {
            return null;
        }

        switch (c.Type)
        {
            case "number":
                {
                    decimal? number = raw is JsonValue v && v.TryGetValue<decimal>(out var d) ? d
                        : raw is JsonValue s && s.TryGetValue<string>(out var text) ? ParseNumber(text) : null;
                    if (raw is JsonValue { } empty && empty.TryGetValue<string>(out var e) && string.IsNullOrWhiteSpace(e))
                    {
                        return null;
                    }

                    if (number is null)
                    {
                        errors.Add(Error(path, "number"));
                        return null;
                    }

                    return JsonValue.Create(number.Value);
                }

            case "checkbox":
                if (raw is JsonValue b && b.TryGetValue<bool>(out var flag))
                {
                    return JsonValue.Create(flag);
                }

                if (raw is JsonValue bs && bs.TryGetValue<string>(out var word))
                {
                    return JsonValue.Create(word is "true" or "on" or "1");
                }

                errors.Add(Error(path, "type"));
                return null;
            case "checklist":
            case "taglist":
                if (raw is JsonArray array)
                {
                    return array.DeepClone();
                }

                if (raw is JsonValue single && single.TryGetValue<string>(out var one))
                {
                    return string.IsNullOrEmpty(one) ? new JsonArray() : new JsonArray(JsonValue.Create(one));
                }

                errors.Add(Error(path, "type"));
                return null;
            default:
                if (raw is JsonValue sv && sv.TryGetValue<string>(out var str))
                {
                    return str.Length == 0 ? null : JsonValue.Create(str);
                }

                if (c.Type is "radio" or "select" && raw is JsonValue)
                {
                    return raw.DeepClone();
                }

                errors.Add(Error(path, "type"));
                return null;
        }
    }

    private static decimal? ParseNumber(string text)
    {
        text = text.Trim();
        if (text.Length == 0 || text.Length > 64)
        {
            return null;
        }

        // German users type a decimal comma; a dot is accepted as well.
        if (text.Contains(',', StringComparison.Ordinal) && !text.Contains('.', StringComparison.Ordinal))
        {
            text = text.Replace(',', '.');
        }

        return decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d) ? d : null;
    }

    private void ValidateValue(FormComponent c, JsonNode? value, string path, Dictionary<string, object?> scope, List<FieldError> errors)
    {
        var rules = c.Rules;
        var empty = value is null || (value is JsonArray { Count: 0 }) || (c.Type == "checkbox" && value is JsonValue v0 && v0.TryGetValue<bool>(out var b0) && !b0);
        if (rules.Required && empty)
        {
            errors.Add(Error(path, "required"));
            return;
        }

        if (value is null)
        {
            return;
        }

        if (value is JsonValue sv && sv.TryGetValue<string>(out var text))
        {
            var length = text.Trim().Length;
            if (Bound(rules.MinLength, scope) is { } minLength && length < minLength)
            {
                errors.Add(Error(path, "minLength", minLength));
            }

            if (Bound(rules.MaxLength, scope) is { } maxLength && length > maxLength)
            {
                errors.Add(Error(path, "maxLength", maxLength));
            }

            if (rules.Pattern is { Length: > 0 } pattern && !Matches(pattern, text))
            {
                errors.Add(rules.PatternErrorMessage is { Length: > 0 } custom ? new FieldError(path, "pattern", custom) : Error(path, "pattern", pattern));
            }

            if (rules.ValidationType == "email" && !EmailPattern().IsMatch(text))
            {
                errors.Add(Error(path, "email"));
            }

            if (rules.ValidationType == "phone" && !PhonePattern().IsMatch(text))
            {
                errors.Add(Error(path, "phone"));
            }

            if (c.Type == "datetime")
            {
                ValidateDateTime(c, text, path, errors);
            }
        }

        if (c.Type == "number" && value is JsonValue nv && nv.TryGetValue<decimal>(out var number))
        {
            if (Bound(rules.Min, scope) is { } min && number < min)
            {
                errors.Add(Error(path, "min", min));
            }

            if (Bound(rules.Max, scope) is { } max && number > max)
            {
                errors.Add(Error(path, "max", max));
            }

            if (c.DecimalDigits is { } digits && number.Scale > digits && decimal.Round(number, digits) != number)
            {
                errors.Add(Error(path, "decimals", digits));
            }

            if (Bound(c.Increment, scope) is { } step && step > 0 && number % step != 0)
            {
                errors.Add(Error(path, "step", step));
            }
        }

        if (FormChecker.OptionTypes.Contains(c.Type))
        {
            var options = Options(c, scope);
            if (options is not null)
            {
                var chosen = value as JsonArray ?? [value.DeepClone()];
                if (chosen.Any(x => !options.Exists(o => JsonNode.DeepEquals(o, x))))
                {
                    errors.Add(Error(path, "option"));
                }
            }
        }
    }

    private void ValidateDateTime(FormComponent c, string text, string path, List<FieldError> errors)
    {
        var subtype = c.Subtype ?? "date";
        var ok = subtype switch
        {
            "date" => DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
            "time" => TimeOnly.TryParseExact(text, ["HH:mm", "HH:mm:ss", "HH:mmK", "HH:mm:ssK"], CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
                || DateTimeOffset.TryParseExact("2000-01-01T" + text, ["yyyy-MM-ddTHH:mmK", "yyyy-MM-ddTHH:mm:ssK"], CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
            _ => DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
        };
        if (!ok)
        {
            errors.Add(Error(path, subtype == "time" ? "time" : "date"));
        }
    }

    /// <summary>
    /// A posted form sends every value as text: "3" stands for the option whose value is the number 3.
    /// Text that matches the text form of an option becomes that option's typed value.
    /// </summary>
    private static JsonNode? TypedOptions(FormComponent c, JsonNode? value, Dictionary<string, object?> scope)
    {
        if (value is null || !FormChecker.OptionTypes.Contains(c.Type) || Options(c, scope) is not { } options)
        {
            return value;
        }

        JsonNode? Match(JsonNode? item)
        {
            if (item is JsonValue v && v.TryGetValue<string>(out var text) && !options.Exists(o => JsonNode.DeepEquals(o, item)))
            {
                var typed = options.Find(o => o is JsonValue ov && !ov.TryGetValue<string>(out _) && OptionText(o) == text);
                return (typed ?? item).DeepClone();
            }

            return item?.DeepClone();
        }

        return value is JsonArray array ? new JsonArray(array.Select(Match).ToArray()) : Match(value);
    }

    private static string OptionText(JsonNode? node) => node switch
    {
        JsonValue v when v.TryGetValue<decimal>(out var d) => d.ToString(CultureInfo.InvariantCulture),
        JsonValue v when v.TryGetValue<bool>(out var b) => b ? "true" : "false",
        null => string.Empty,
        _ => node.ToJsonString(),
    };

    private static List<JsonNode?>? Options(FormComponent c, Dictionary<string, object?> scope)
    {
        if (c.Options.Count > 0)
        {
            return c.Options.Select(o => o.Value).ToList();
        }

        object? source = null;
        if (c.ValuesKey is { } key)
        {
            source = scope.GetValueOrDefault(key);
        }
        else if (c.ValuesExpression is { } expression)
        {
            source = Feel(expression.TrimStart('='), scope);
        }

        if (source is not List<object?> list)
        {
            return null;
        }

        // Options from variables are either plain values or {label, value} contexts.
        return list.Select(item => ToJson(item is FeelContext ctx && ctx.ContainsKey("value") ? ctx["value"] : item)).ToList();
    }

    internal static object? Feel(string text, Dictionary<string, object?> scope)
    {
        if (!Expressions.TryGetValue(text, out var expression))
        {
            try
            {
                expression = FeelExpression.Parse(text);
            }
            catch (FeelSyntaxException)
            {
                expression = null;
            }

            if (Expressions.Count < 10_000)
            {
                Expressions[text] = expression;
            }
        }

        return expression?.Evaluate(scope).Value;
    }

    private static bool Matches(string pattern, string text)
    {
        try
        {
            return Regex.IsMatch(text, pattern, RegexOptions.None, PatternTimeout);
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    private static decimal? Bound(string? text, Dictionary<string, object?> scope)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (text.StartsWith('='))
        {
            return Feel(text[1..], scope) as decimal?;
        }

        return decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;
    }

    private FieldError Error(string path, string code, object? argument = null)
    {
        var arg = argument switch
        {
            decimal d => d.ToString(CultureInfo.InvariantCulture),
            null => string.Empty,
            _ => Convert.ToString(argument, CultureInfo.InvariantCulture) ?? string.Empty,
        };
        var message = (code, _english) switch
        {
            ("required", false) => "Bitte füllen Sie dieses Feld aus.",
            ("required", true) => "Field is required.",
            ("minLength", false) => $"Bitte geben Sie mindestens {arg} Zeichen ein.",
            ("minLength", true) => $"Field must have minimum length of {arg}.",
            ("maxLength", false) => $"Bitte geben Sie höchstens {arg} Zeichen ein.",
            ("maxLength", true) => $"Field must have maximum length of {arg}.",
            ("min", false) => $"Der Wert muss mindestens {arg} sein.",
            ("min", true) => $"Field must have minimum value of {arg}.",
            ("max", false) => $"Der Wert darf höchstens {arg} sein.",
            ("max", true) => $"Field must have maximum value of {arg}.",
            ("pattern", false) => "Die Eingabe hat nicht das erwartete Format.",
            ("pattern", true) => $"Field must match pattern {arg}.",
            ("email", false) => "Bitte geben Sie eine gültige E-Mail-Adresse ein.",
            ("email", true) => "Field must be a valid email.",
            ("phone", false) => "Bitte geben Sie eine gültige internationale Telefonnummer ein, z. B. +49 381 123456.",
            ("phone", true) => "Field must be a valid international phone number.",
            ("number", false) => "Bitte geben Sie eine Zahl ein.",
            ("number", true) => "Value is not a number.",
            ("decimals", false) => $"Bitte geben Sie höchstens {arg} Nachkommastellen ein.",
            ("decimals", true) => $"Value is expected to have at most {arg} decimal digits.",
            ("step", false) => $"Der Wert muss ein Vielfaches von {arg} sein.",
            ("step", true) => $"Value must be a multiple of {arg}.",
            ("option", false) => "Dieser Wert steht nicht zur Auswahl.",
            ("option", true) => "Value is not one of the options.",
            ("date", false) => "Bitte geben Sie ein gültiges Datum ein.",
            ("date", true) => "Invalid date.",
            ("time", false) => "Bitte geben Sie eine gültige Uhrzeit ein.",
            ("time", true) => "Invalid time.",
            ("duplicate", false) => "Die übermittelten Daten nennen ein Feld doppelt.",
            ("duplicate", true) => "The submitted data names a field twice.",
            (_, false) => "Dieser Wert ist ungültig.",
            _ => "Invalid value.",
        };
        return new FieldError(path, code, message);
    }

    /// <summary>
    /// Whether parsed JSON names a property twice: <c>JsonNode.Parse</c>
    /// accepts that by default and the object then throws when it is first read.
    /// </summary>
    private static bool HasDuplicateProperty(JsonNode? node)
    {
        try
        {
            switch (node)
            {
                case JsonObject o:
                    foreach (var (_, value) in o)
                    {
                        if (HasDuplicateProperty(value))
                        {
                            return true;
                        }
                    }

                    return false;
                case JsonArray a:
                    return a.Any(HasDuplicateProperty);
                default:
                    return false;
            }
        }
        catch (ArgumentException)
        {
            return true;
        }
    }

    internal static JsonNode? Get(JsonObject data, string key)
    {
        JsonNode? node = data;
        foreach (var part in key.Split('.'))
        {
            node = (node as JsonObject)?[part];
        }

        return node;
    }

    private static JsonObject Object(JsonNode? node) => node as JsonObject ?? [];

    private static JsonObject EnsureObject(JsonObject output, string key)
    {
        var current = output;
        foreach (var part in key.Split('.'))
        {
            if (current[part] is not JsonObject next)
            {
                next = [];
                current[part] = next;
            }

            current = next;
        }

        return current;
    }

    private static void Set(JsonObject output, string key, JsonNode? value)
    {
        var parts = key.Split('.');
        var parent = parts.Length == 1 ? output : EnsureObject(output, string.Join('.', parts[..^1]));
        parent[parts[^1]] = value;
    }

    internal static object? ToFeel(JsonNode? node) => node switch
    {
        null => null,
        JsonObject o => o.Aggregate(new FeelContext(), (ctx, kv) =>
        {
            ctx.Set(kv.Key, ToFeel(kv.Value));
            return ctx;
        }),
        JsonArray a => a.Select(ToFeel).ToList(),
        JsonValue v when v.TryGetValue<bool>(out var b) => b,
        JsonValue v when v.TryGetValue<decimal>(out var d) => d,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => node.ToJsonString(),
    };

    internal static JsonNode? ToJson(object? value) => value switch
    {
        null => null,
        decimal d => JsonValue.Create(d),
        bool b => JsonValue.Create(b),
        string s => JsonValue.Create(s),
        List<object?> l => new JsonArray(l.Select(ToJson).ToArray()),
        _ => JsonValue.Create(value.ToString()),
    };

    [GeneratedRegex(@"^[\w\-\.+]+@([\w\-]+\.)+[\w\-]{2,}$", RegexOptions.CultureInvariant, 250)]
    private static partial Regex EmailPattern();

    [GeneratedRegex(@"^(\+|00)[1-9][0-9 \-\(\)\./]{6,20}$", RegexOptions.CultureInvariant, 250)]
    private static partial Regex PhonePattern();
}
