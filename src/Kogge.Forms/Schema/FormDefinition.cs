using System.Text.Json;
using System.Text.Json.Nodes;

namespace Kogge.Forms.Schema;

/// <summary>A form definition could not be read; the message names the component when it can.</summary>
public sealed class FormDefinitionException : Exception
{
    /// <summary>Creates the exception.</summary>
    public FormDefinitionException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public FormDefinitionException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public FormDefinitionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>One option of a select, radio, checklist or taglist.</summary>
/// <param name="Label">What the user sees.</param>
/// <param name="Value">What is submitted.</param>
public sealed record FormOption(string Label, JsonNode? Value);

/// <summary>The validation rules of a component (form-js <c>validate</c>); expressions ("=...") are FEEL.</summary>
public sealed record FormRules(bool Required, string? MinLength, string? MaxLength, string? Min, string? Max, string? Pattern, string? PatternErrorMessage, string? ValidationType);

/// <summary>A component of a form-js form: an input, a container, or presentation.</summary>
public sealed class FormComponent
{
    internal FormComponent(JsonObject json)
    {
        Json = json;
        Type = Text(json, "type") ?? string.Empty;
        Id = Text(json, "id");
        Key = Text(json, "key");
        Path = Text(json, "path");
        Label = Text(json, "label");
        Description = Text(json, "description");
        ValuesKey = Text(json, "valuesKey");
        ValuesExpression = Text(json, "valuesExpression");
        Subtype = Text(json, "subtype");
        Hide = Text(json["conditional"] as JsonObject, "hide");
        Disabled = json["disabled"] is JsonValue d && d.TryGetValue<bool>(out var disabled) && disabled;
        Readonly = json["readonly"] is JsonValue r && r.TryGetValue<bool>(out var ro) && ro;
        IsRepeating = json["isRepeating"] is JsonValue rep && rep.TryGetValue<bool>(out var repeating) && repeating;
        DecimalDigits = json["decimalDigits"] is JsonValue dd && dd.TryGetValue<int>(out var digits) ? digits : null;
        Increment = Text(json, "increment");
        Expression = Text(json, "expression");
        DefaultValue = json["defaultValue"]?.DeepClone();
        var validate = json["validate"] as JsonObject;
        Rules = new FormRules(
            validate?["required"] is JsonValue req && req.TryGetValue<bool>(out var required) && required,
            Text(validate, "minLength"),
            Text(validate, "maxLength"),
            Text(validate, "min"),
            Text(validate, "max"),
            Text(validate, "pattern"),
            Text(validate, "patternErrorMessage"),
            Text(validate, "validationType"));
        Options = (json["values"] as JsonArray)?.OfType<JsonObject>()
            .Select(v => new FormOption(Text(v, "label") ?? string.Empty, v["value"]?.DeepClone())).ToList() ?? [];
        Components = (json["components"] as JsonArray)?.OfType<JsonObject>().Select(c => new FormComponent(c)).ToList() ?? [];
    }

    internal JsonObject Json { get; }

    /// <summary>A copy of a property of the component's form-js JSON that has no member here, such as <c>multiple</c> or <c>dateLabel</c>.</summary>
    public JsonNode? Property(string name) => Json[name]?.DeepClone();

    /// <summary>The component type, such as <c>textfield</c> or <c>dynamiclist</c>.</summary>
    public string Type { get; }

    /// <summary>The component id (what problems and errors refer to when there is no key).</summary>
    public string? Id { get; }

    /// <summary>The data key of an input field; may be dotted ("address.city").</summary>
    public string? Key { get; }

    /// <summary>The data path of a group or dynamic list.</summary>
    public string? Path { get; }

    /// <summary>The label shown to the user.</summary>
    public string? Label { get; }

    /// <summary>The help text.</summary>
    public string? Description { get; }

    /// <summary>The variable that holds the options, when they are not static.</summary>
    public string? ValuesKey { get; }

    /// <summary>A FEEL expression that gives the options.</summary>
    public string? ValuesExpression { get; }

    /// <summary>For <c>datetime</c>: date, time or datetime.</summary>
    public string? Subtype { get; }

    /// <summary>The FEEL condition (<c>conditional.hide</c>) under which the component is hidden.</summary>
    public string? Hide { get; }

    /// <summary>A disabled field is neither validated nor kept.</summary>
    public bool Disabled { get; }

    /// <summary>A read-only field keeps its value but is not validated.</summary>
    public bool Readonly { get; }

    /// <summary>A dynamic list that repeats its components.</summary>
    public bool IsRepeating { get; }

    /// <summary>Number fields: the number of decimals allowed.</summary>
    public int? DecimalDigits { get; }

    /// <summary>Number fields: values must be a multiple of this step.</summary>
    public string? Increment { get; }

    /// <summary>For <c>expression</c> components: the FEEL expression that computes the value.</summary>
    public string? Expression { get; }

    /// <summary>The default value as JSON.</summary>
    public JsonNode? DefaultValue { get; }

    /// <summary>The validation rules.</summary>
    public FormRules Rules { get; }

    /// <summary>Static options.</summary>
    public IReadOnlyList<FormOption> Options { get; }

    /// <summary>The components inside a group or dynamic list.</summary>
    public IReadOnlyList<FormComponent> Components { get; }

    /// <summary>What problems and errors name this component by: key, else id, else type.</summary>
    public string Name => Key ?? Id ?? Type;

    internal static string? Text(JsonObject? json, string name) => json?[name] switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v => v.ToJsonString(),
        _ => null,
    };
}

/// <summary>A form definition in the form-js JSON schema (the format of bpmn.io's form editor and Camunda Modeler).</summary>
public sealed class FormDefinition
{
    private FormDefinition(JsonObject json)
    {
        Id = FormComponent.Text(json, "id");
        SchemaVersion = json["schemaVersion"] is JsonValue v && v.TryGetValue<int>(out var version) ? version : null;
        Components = (json["components"] as JsonArray)?.OfType<JsonObject>().Select(c => new FormComponent(c)).ToList() ?? [];
    }

    /// <summary>The form id.</summary>
    public string? Id { get; }

    /// <summary>The form-js schema version.</summary>
    public int? SchemaVersion { get; }

    /// <summary>The top-level components.</summary>
    public IReadOnlyList<FormComponent> Components { get; }

    /// <summary>Every component, depth first.</summary>
    public IEnumerable<FormComponent> AllComponents => Flatten(Components);

    /// <summary>Reads a form definition.</summary>
    /// <exception cref="FormDefinitionException">The text is not JSON or not a form-js form.</exception>
    public static FormDefinition Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { MaxDepth = 64, CommentHandling = JsonCommentHandling.Skip, AllowDuplicateProperties = false });
        }
        catch (JsonException e)
        {
            throw new FormDefinitionException($"The form definition is not valid JSON: {e.Message}", e);
        }
        catch (ArgumentException e) when (e.InnerException is System.Text.EncoderFallbackException)
        {
            // A lone UTF-16 surrogate cannot become UTF-8; the text was damaged before it reached us.
            throw new FormDefinitionException($"The form definition is not valid text: {e.InnerException.Message}", e);
        }

        if (node is not JsonObject root || root["components"] is not JsonArray)
        {
            throw new FormDefinitionException("A form definition is a JSON object with a 'components' list");
        }

        return new FormDefinition(root);
    }

    private static IEnumerable<FormComponent> Flatten(IEnumerable<FormComponent> components)
    {
        foreach (var c in components)
        {
            yield return c;
            foreach (var inner in Flatten(c.Components))
            {
                yield return inner;
            }
        }
    }
}
