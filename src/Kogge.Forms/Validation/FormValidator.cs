using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
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
    // Conditions and bounds are parsed once per text; a form is validated many times.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, FeelExpression?> Expressions = new(StringComparer.Ordinal);

    // Prepared once per definition, also when a host creates a validator per request.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<FormDefinition, CompiledComponent[]> Compiled = [];

    private readonly FormDefinition _form;
    private readonly bool _english;
    private readonly CompiledComponent[] _components;

    /// <summary>Creates a validator for a form.</summary>
    /// <param name="form">The form definition.</param>
    /// <param name="language">"de" (default) or "en" for the messages.</param>
    public FormValidator(FormDefinition form, string language = "de")
    {
        ArgumentNullException.ThrowIfNull(form);
        _form = form;
        _english = string.Equals(language, "en", StringComparison.OrdinalIgnoreCase);
        _components = Compiled.GetValue(form, static f => CompiledComponent.Compile(f.Components));
    }

    /// <summary>Validates submitted data.</summary>
    /// <param name="submitted">The submitted values, as posted (strings are converted).</param>
    /// <param name="variables">Process variables the form may use (options by valuesKey, FEEL conditions).</param>
    public FormValidationResult Validate(JsonObject submitted, IReadOnlyDictionary<string, object?>? variables = null)
    {
        ArgumentNullException.ThrowIfNull(submitted);
        var errors = new List<FieldError>();
        var output = FormOutput.Rent();

        // Parsed JSON may name a property twice: JsonNode.Parse accepts that and the object throws when it is
        // first read. The posted values are read here anyway (Count reads the top-level object).
        int count;
        try
        {
            count = submitted.Count;
        }
        catch (ArgumentException)
        {
            return Duplicate(errors, output);
        }

        // Sized for the variables and the posted values; typed values mostly replace posted ones.
        var scope = FormScope.ForValidation((variables?.Count ?? 0) + count + 8);
        try
        {
            return ValidatePosted(submitted, count, variables, scope, errors, output);
        }
        finally
        {
            scope.Release();
        }
    }

    private FormValidationResult ValidatePosted(JsonObject submitted, int count, IReadOnlyDictionary<string, object?>? variables, FormScope scope, List<FieldError> errors, FormOutput output)
    {
        if (variables is not null)
        {
            foreach (var (k, v) in variables)
            {
                scope.Set(k, v);
            }
        }

        // Posted values stay JSON until an expression reads them: FEEL converts a value on its first lookup.
        for (var i = 0; i < count; i++)
        {
            var (k, v) = submitted.GetAt(i);
            if (HasDuplicateProperty(v))
            {
                return Duplicate(errors, output);
            }

            scope.Set(k, v);
        }

        ValidateComponents(_components, submitted, output, string.Empty, scope, errors);
        return new FormValidationResult(errors, output.Build());
    }

    private void ValidateComponents(CompiledComponent[] components, JsonObject data, FormOutput output, string prefix, FormScope scope, List<FieldError> errors)
    {
        foreach (var compiled in components)
        {
            var c = compiled.Component;
            if (c.Disabled || compiled.IsHidden(scope))
            {
                continue;
            }

            switch (compiled.Kind)
            {
                case ComponentKind.Group:
                    {
                        var (innerData, innerOut, innerPrefix) = compiled.PathParts is { } groupPath
                            ? (Object(Get(data, groupPath)), output.Object(groupPath, groupPath.Length), prefix + c.Path + ".")
                            : (data, output, prefix);
                        ValidateComponents(compiled.Children, innerData, innerOut, innerPrefix, scope, errors);
                        continue;
                    }

                case ComponentKind.DynamicList:
                    ValidateList(compiled, data, output, prefix, scope, errors);
                    continue;
                case ComponentKind.Expression:
                    {
                        // Computed on the server from the submitted data; a posted value is ignored.
                        var computed = ToJson(compiled.Expression!.Evaluate(scope));
                        if (computed is not null)
                        {
                            output.Set(compiled.KeyParts!, computed);
                        }

                        continue;
                    }

                case ComponentKind.Input:
                    break;
                default:
                    continue;
            }

            var keyParts = compiled.KeyParts!;
            var raw = Get(data, keyParts);
            var path = new FieldPath(prefix, compiled.Key!);
            if (c.Readonly)
            {
                if (raw is not null)
                {
                    output.Set(keyParts, raw.DeepClone());
                }

                continue;
            }

            var coerced = Coerce(compiled, raw, path, errors);
            var value = coerced.Node;
            if (value is null && errors.Count > 0 && path.Is(errors[^1].Path))
            {
                continue;
            }

            var options = compiled.IsOptionType && value is not null ? Options(compiled, scope) : null;
            var typed = TypedOptions(compiled, value, options);
            if (!ReferenceEquals(typed, value))
            {
                // The option's typed value replaces the posted text.
                value = typed;
                coerced = new Coerced(typed);
            }

            ValidateValue(compiled, coerced, options, path, scope, errors);
            if (value is not null)
            {
                output.Set(keyParts, value);
            }

            // Later conditions and expressions see the typed value, not the posted text.
            if (keyParts.Length == 1)
            {
                scope.Set(compiled.Key!, value);
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

    private void ValidateList(CompiledComponent list, JsonObject data, FormOutput output, string prefix, FormScope scope, List<FieldError> errors)
    {
        var key = list.Component.Path ?? list.Key;
        if (key is null)
        {
            return;
        }

        var keyParts = list.PathParts ?? list.KeyParts!;
        var posted = Get(data, keyParts);
        if (posted is not JsonArray items)
        {
            if (posted is not null)
            {
                errors.Add(Error(new FieldPath(prefix, key), "type"));
            }

            return;
        }

        var result = new JsonArray();

        // Entries whose fields read no names (no condition, FEEL bound or valuesKey) share one scope that keeps nothing.
        var unread = list.ReadsNames ? null : scope.Unread();
        for (var i = 0; i < items.Count && i < 1000; i++)
        {
            var item = items[i] as JsonObject ?? [];
            var itemOut = FormOutput.Rent();
            var itemScope = unread ?? scope.Nested(item.Count + list.Children.Length);
            if (unread is null)
            {
                foreach (var (k, v) in item)
                {
                    itemScope.Set(k, v);
                }
            }

            ValidateComponents(list.Children, item, itemOut, prefix.Length == 0 ? list.EntryPrefix(i) : $"{prefix}{key}[{i}].", itemScope, errors);
            result.Add(itemOut.Build());
        }

        output.Set(keyParts, result);
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

    private Coerced Coerce(CompiledComponent compiled, JsonNode? raw, FieldPath path, List<FieldError> errors)
    {
        if (raw is null)
        {
            return default;
        }

        switch (compiled.Field)
        {
            case FieldKind.Number:
                {
                    string? text = null;
                    var kind = raw is JsonValue jv ? jv.GetValueKind() : JsonValueKind.Undefined;
                    decimal? number = kind == JsonValueKind.Number && raw is JsonValue v && v.TryGetValue<decimal>(out var d) ? d
                        : kind == JsonValueKind.String && raw is JsonValue s && TryGetText(s, compiled, out text) ? ParseNumber(text) : null;
                    if (text is not null && string.IsNullOrWhiteSpace(text))
                    {
                        return default;
                    }

                    if (number is null)
                    {
                        errors.Add(Error(path, "number"));
                        return default;
                    }

                    return new Coerced(JsonValue.Create(number.Value), Number: number);
                }

            case FieldKind.Checkbox:
                if (raw is JsonValue b && b.GetValueKind() is JsonValueKind.True or JsonValueKind.False && b.TryGetValue<bool>(out var flag))
                {
                    return new Coerced(JsonValue.Create(flag), Flag: flag);
                }

                if (raw is JsonValue bs && TryGetText(bs, compiled, out var word))
                {
                    var on = Array.IndexOf(CompiledComponent.CheckboxWords, word) >= 0;
                    return new Coerced(JsonValue.Create(on), Flag: on);
                }

                errors.Add(Error(path, "type"));
                return default;
            case FieldKind.Multiple:
                if (raw is JsonArray array)
                {
                    return new Coerced(array.DeepClone());
                }

                if (raw is JsonValue single && TryGetText(single, compiled, out var one))
                {
                    return new Coerced(string.IsNullOrEmpty(one) ? new JsonArray() : new JsonArray(JsonValue.Create(one)));
                }

                errors.Add(Error(path, "type"));
                return default;
            default:
                if (raw is JsonValue sv && TryGetText(sv, compiled, out var str))
                {
                    // Only spaces in a text or date field are no answer, as an empty field is: a required field is
                    // missing, an optional one is left out of the data. An option's value is kept as it is.
                    var blank = compiled.Field == FieldKind.Choice ? str.Length == 0 : string.IsNullOrWhiteSpace(str);
                    return blank ? default : new Coerced(JsonValue.Create(str), Text: str);
                }

                if (compiled.Field == FieldKind.Choice && raw is JsonValue)
                {
                    return new Coerced(raw.DeepClone());
                }

                errors.Add(Error(path, "type"));
                return default;
        }
    }

    /// <summary>
    /// The text of a posted string. A value of parsed JSON is read through its element (asking it for a string
    /// directly boxes the element on every read) and, when it is one of the component's known texts such as an
    /// option, not decoded at all.
    /// </summary>
    private static bool TryGetText(JsonValue value, CompiledComponent compiled, [NotNullWhen(true)] out string? text)
    {
        if (value.TryGetValue<JsonElement>(out var element))
        {
            text = element.ValueKind == JsonValueKind.String ? compiled.KnownText(element) ?? element.GetString() : null;
            return text is not null;
        }

        return value.TryGetValue(out text);
    }

    private static decimal? ParseNumber(string posted)
    {
        var text = posted.AsSpan().Trim();
        if (text.Length == 0 || text.Length > 64)
        {
            return null;
        }

        // German users type a decimal comma; a dot is accepted as well.
        if (text.Contains(',') && !text.Contains('.'))
        {
            Span<char> copy = stackalloc char[64];
            text.CopyTo(copy);
            copy = copy[..text.Length];
            copy.Replace(',', '.');
            return ParseDecimal(copy);
        }

        return ParseDecimal(text);
    }

    private static decimal? ParseDecimal(ReadOnlySpan<char> text) =>
        decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d) ? d : null;

    private void ValidateValue(CompiledComponent compiled, Coerced coerced, List<JsonNode?>? options, FieldPath path, FormScope scope, List<FieldError> errors)
    {
        var c = compiled.Component;
        var rules = c.Rules;
        var value = coerced.Node;
        var empty = value is null || (value is JsonArray { Count: 0 })
            || (compiled.Field == FieldKind.Checkbox && (coerced.Flag ?? (value is JsonValue v0 && v0.TryGetValue<bool>(out var b0) ? b0 : null)) is false);
        if (rules.Required && empty)
        {
            errors.Add(Error(path, "required"));
            return;
        }

        if (value is null)
        {
            return;
        }

        if ((coerced.Text ?? (value is JsonValue sv && sv.TryGetValue<string>(out var posted) ? posted : null)) is { } text)
        {
            var length = text.AsSpan().Trim().Length;
            if (compiled.MinLength.Value(scope) is { } minLength && length < minLength)
            {
                errors.Add(Error(path, "minLength", minLength));
            }

            if (compiled.MaxLength.Value(scope) is { } maxLength && length > maxLength)
            {
                errors.Add(Error(path, "maxLength", maxLength));
            }

            if (rules.Pattern is { Length: > 0 } pattern && !compiled.PatternMatches(text))
            {
                errors.Add(rules.PatternErrorMessage is { Length: > 0 } custom ? new FieldError(path.ToString(), "pattern", custom) : Error(path, "pattern", pattern));
            }

            if (compiled.Check == TextCheck.Email && !EmailPattern().IsMatch(text))
            {
                errors.Add(Error(path, "email"));
            }

            if (compiled.Check == TextCheck.Phone && !PhonePattern().IsMatch(text))
            {
                errors.Add(Error(path, "phone"));
            }

            if (compiled.Field == FieldKind.DateTime)
            {
                ValidateDateTime(c, text, path, errors);
            }
        }

        if (compiled.Field == FieldKind.Number && (coerced.Number ?? (value is JsonValue nv && nv.TryGetValue<decimal>(out var n) ? n : null)) is { } number)
        {
            if (compiled.Min.Value(scope) is { } min && number < min)
            {
                errors.Add(Error(path, "min", min));
            }

            if (compiled.Max.Value(scope) is { } max && number > max)
            {
                errors.Add(Error(path, "max", max));
            }

            if (c.DecimalDigits is { } digits && number.Scale > digits && decimal.Round(number, digits) != number)
            {
                errors.Add(Error(path, "decimals", digits));
            }

            if (compiled.Increment.Value(scope) is { } step && step > 0 && number % step != 0)
            {
                errors.Add(Error(path, "step", step));
            }
        }

        if (options is not null && !AllOffered(compiled, coerced, options))
        {
            errors.Add(Error(path, "option"));
        }
    }

    /// <summary>Whether the value (or each value of a list) is one of the options.</summary>
    private static bool AllOffered(CompiledComponent compiled, Coerced coerced, List<JsonNode?> options)
    {
        if (coerced.Node is JsonArray array)
        {
            for (var i = 0; i < array.Count; i++)
            {
                if (!Offered(compiled, array[i], options))
                {
                    return false;
                }
            }

            return true;
        }

        if (coerced.Text is { } text && compiled.StringOptions is { } strings && ReferenceEquals(options, compiled.StaticOptions))
        {
            return strings.Contains(text);
        }

        return Offered(compiled, coerced.Node, options);
    }

    private static bool Offered(CompiledComponent compiled, JsonNode? item, List<JsonNode?> options)
    {
        if (compiled.StringOptions is { } strings && ReferenceEquals(options, compiled.StaticOptions))
        {
            // JSON equality with string options: only a string node can equal one, by its text.
            return item is JsonValue v && v.GetValueKind() == JsonValueKind.String && TryGetText(v, compiled, out var text) && strings.Contains(text);
        }

        return IsOption(item, options);
    }

    private void ValidateDateTime(FormComponent c, string text, FieldPath path, List<FieldError> errors)
    {
        var subtype = c.Subtype ?? "date";
        var ok = subtype switch
        {
            "date" => IsIsoDate(text) || DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
            "time" => TimeOnly.TryParseExact(text, ["HH:mm", "HH:mm:ss", "HH:mmK", "HH:mm:ssK"], CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
                || DateTimeOffset.TryParseExact("2000-01-01T" + text, ["yyyy-MM-ddTHH:mmK", "yyyy-MM-ddTHH:mm:ssK"], CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
            _ => DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
        };
        if (!ok)
        {
            errors.Add(Error(path, subtype == "time" ? "time" : "date"));
        }
    }

    /// <summary>A valid date written exactly as yyyy-MM-dd, checked without the culture machinery of ParseExact.</summary>
    private static bool IsIsoDate(string text)
    {
        if (text.Length != 10 || text[4] != '-' || text[7] != '-')
        {
            return false;
        }

        var year = 0;
        var month = 0;
        var day = 0;
        for (var i = 0; i < 10; i++)
        {
            if (i is 4 or 7)
            {
                continue;
            }

            var digit = text[i] - '0';
            if (digit is < 0 or > 9)
            {
                return false;
            }

            if (i < 4)
            {
                year = (year * 10) + digit;
            }
            else if (i < 7)
            {
                month = (month * 10) + digit;
            }
            else
            {
                day = (day * 10) + digit;
            }
        }

        return year >= 1 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month);
    }

    /// <summary>
    /// A posted form sends every value as text: "3" stands for the option whose value is the number 3.
    /// Text that matches the text form of an option becomes that option's typed value.
    /// </summary>
    private static JsonNode? TypedOptions(CompiledComponent compiled, JsonNode? value, List<JsonNode?>? options)
    {
        if (value is null || options is null)
        {
            return value;
        }

        if (compiled.StringOptions is not null && ReferenceEquals(options, compiled.StaticOptions))
        {
            // No option has another type, so no text becomes a typed value; the coerced value is the posted one.
            return value;
        }

        return TypedOptions(value, options);
    }

    private static JsonNode? TypedOptions(JsonNode value, List<JsonNode?> options)
    {
        if (value is not JsonArray array)
        {
            return TypedOption(value, options);
        }

        var typed = new JsonNode?[array.Count];
        for (var i = 0; i < typed.Length; i++)
        {
            typed[i] = TypedOption(array[i], options);
        }

        return new JsonArray(typed);
    }

    /// <summary>A copy of the item: the option's typed value when the item is text that only matches its text form.</summary>
    private static JsonNode? TypedOption(JsonNode? item, List<JsonNode?> options)
    {
        if (item is JsonValue v && v.TryGetValue<string>(out var text) && !IsOption(item, options))
        {
            foreach (var o in options)
            {
                if (o is JsonValue ov && !ov.TryGetValue<string>(out _) && OptionText(o) == text)
                {
                    return o.DeepClone();
                }
            }
        }

        return item?.DeepClone();
    }

    private static bool IsOption(JsonNode? item, List<JsonNode?> options)
    {
        foreach (var o in options)
        {
            if (JsonNode.DeepEquals(o, item))
            {
                return true;
            }
        }

        return false;
    }

    private static string OptionText(JsonNode? node) => node switch
    {
        JsonValue v when v.TryGetValue<decimal>(out var d) => d.ToString(CultureInfo.InvariantCulture),
        JsonValue v when v.TryGetValue<bool>(out var b) => b ? "true" : "false",
        null => string.Empty,
        _ => node.ToJsonString(),
    };

    private static List<JsonNode?>? Options(CompiledComponent compiled, FormScope scope)
    {
        if (compiled.StaticOptions is { } fixedOptions)
        {
            return fixedOptions;
        }

        var c = compiled.Component;
        object? source = null;
        if (c.ValuesKey is { } key)
        {
            source = scope.Get(key) is JsonNode node ? ToFeel(node) : scope.Get(key);
        }
        else if (compiled.ValuesExpression is { } expression)
        {
            source = expression.Evaluate(scope);
        }

        if (source is not List<object?> list)
        {
            return null;
        }

        // Options from variables are either plain values or {label, value} contexts.
        var options = new List<JsonNode?>(list.Count);
        foreach (var item in list)
        {
            options.Add(ToJson(item is FeelContext ctx && ctx.ContainsKey("value") ? ctx["value"] : item));
        }

        return options;
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

    private FieldError Error(FieldPath path, string code, object? argument = null)
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
        return new FieldError(path.ToString(), code, message);
    }

    private FormValidationResult Duplicate(List<FieldError> errors, FormOutput output)
    {
        errors.Add(Error(new FieldPath(string.Empty, string.Empty), "duplicate"));
        return new FormValidationResult(errors, output.Build());
    }

    /// <summary>
    /// Whether parsed JSON names a property twice below a posted value: <c>JsonNode.Parse</c> accepts that by
    /// default and the object then throws when it is first read. Only objects and arrays are visited, by index
    /// (no enumerator); a plain value, most of a post, is one type test.
    /// </summary>
    private static bool HasDuplicateProperty(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                int count;
                try
                {
                    count = o.Count;
                }
                catch (ArgumentException)
                {
                    return true;
                }

                for (var i = 0; i < count; i++)
                {
                    if (o.GetAt(i).Value is JsonObject or JsonArray && HasDuplicateProperty(o.GetAt(i).Value))
                    {
                        return true;
                    }
                }

                return false;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    if (a[i] is JsonObject or JsonArray && HasDuplicateProperty(a[i]))
                    {
                        return true;
                    }
                }

                return false;
            default:
                return false;
        }
    }

    internal static JsonNode? Get(JsonObject data, string key) => Get(data, key.Split('.'));

    private static JsonNode? Get(JsonObject data, string[] parts)
    {
        JsonNode? node = data;
        foreach (var part in parts)
        {
            node = (node as JsonObject)?[part];
        }

        return node;
    }

    private static JsonObject Object(JsonNode? node) => node as JsonObject ?? [];

    private static JsonObject EnsureObject(JsonObject output, string key)
    {
        var parts = key.Split('.');
        return EnsureObject(output, parts, parts.Length);
    }

    /// <summary>The object at the first <paramref name="count"/> parts of a path, created where missing.</summary>
    private static JsonObject EnsureObject(JsonObject output, string[] parts, int count)
    {
        var current = output;
        for (var i = 0; i < count; i++)
        {
            if (current[parts[i]] is not JsonObject next)
            {
                next = [];
                current[parts[i]] = next;
            }

            current = next;
        }

        return current;
    }

    private static void Set(JsonObject output, string key, JsonNode? value) => Set(output, key.Split('.'), value);

    private static void Set(JsonObject output, string[] parts, JsonNode? value)
    {
        var parent = parts.Length == 1 ? output : EnsureObject(output, parts, parts.Length - 1);
        parent[parts[^1]] = value;
    }

    internal static object? ToFeel(JsonNode? node) => FeelJson.ToFeel(node);

    internal static JsonNode? ToJson(object? value) => value switch
    {
        null => null,
        decimal d => JsonValue.Create(d),
        bool b => JsonValue.Create(b),
        string s => JsonValue.Create(s),
        List<object?> l => ToJsonArray(l),
        _ => JsonValue.Create(value.ToString()),
    };

    private static JsonArray ToJsonArray(List<object?> list)
    {
        var items = new JsonNode?[list.Count];
        for (var i = 0; i < items.Length; i++)
        {
            items[i] = ToJson(list[i]);
        }

        return new JsonArray(items);
    }

    [GeneratedRegex(@"^[\w\-\.+]+@([\w\-]+\.)+[\w\-]{2,}$", RegexOptions.CultureInvariant, 250)]
    private static partial Regex EmailPattern();

    [GeneratedRegex(@"^(\+|00)[1-9][0-9 \-\(\)\./]{6,20}$", RegexOptions.CultureInvariant, 250)]
    private static partial Regex PhonePattern();
}

/// <summary>The data path of a field as prefix and key; joined only when an error names it.</summary>
internal readonly record struct FieldPath(string Prefix, string Key)
{
    public bool Is(string path) =>
        path.Length == Prefix.Length + Key.Length && path.StartsWith(Prefix, StringComparison.Ordinal) && path.EndsWith(Key, StringComparison.Ordinal);

    public override string ToString() => Prefix + Key;
}

/// <summary>A posted value as the validator keeps it, with the text, number or flag it was read as, so that checks need not read the node again.</summary>
internal readonly record struct Coerced(JsonNode? Node, string? Text = null, decimal? Number = null, bool? Flag = null);
