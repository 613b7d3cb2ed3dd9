using System.Globalization;
using System.Text.Json;

namespace Kogge.Bpmn.Engine.Execution;

/// <summary>Converts variable values between .NET values and the JSON stored in variable rows.</summary>
internal static class VariableValues
{
    public static string ToJson(object? value) => JsonSerializer.Serialize(Normalize(value));

    public static object? FromJson(string json)
    {
        using var document = JsonDocument.Parse(json);
        return FromElement(document.RootElement);
    }

    public static Dictionary<string, object?> ObjectFromJson(string json) =>
        FromJson(json) as Dictionary<string, object?> ?? new Dictionary<string, object?>(StringComparer.Ordinal);

    /// <summary>Brings a caller's value into the engine's JSON-like shape (numbers as decimal, lists, string-keyed maps).</summary>
    public static object? Normalize(object? value) => value switch
    {
        null => null,
        string or bool or decimal => value,
        int i => (decimal)i,
        long l => (decimal)l,
        double d => (decimal)d,
        float f => (decimal)f,
        short s => (decimal)s,
        byte b => (decimal)b,
        DateTimeOffset dto => dto.ToString("O", CultureInfo.InvariantCulture),
        DateTime dt => dt.ToString("O", CultureInfo.InvariantCulture),
        TimeSpan ts => System.Xml.XmlConvert.ToString(ts),
        JsonElement element => FromElement(element),
        IReadOnlyDictionary<string, object?> map => map.ToDictionary(kv => kv.Key, kv => Normalize(kv.Value), StringComparer.Ordinal),
        IDictionary<string, object?> map => map.ToDictionary(kv => kv.Key, kv => Normalize(kv.Value), StringComparer.Ordinal),
        System.Collections.IEnumerable items => items.Cast<object?>().Select(Normalize).ToList(),
        _ => value.ToString(),
    };

    private static object? FromElement(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.TryGetDecimal(out var d) ? d : (decimal)element.GetDouble(),
        JsonValueKind.Array => element.EnumerateArray().Select(FromElement).ToList(),
        _ => element.EnumerateObject().ToDictionary(p => p.Name, p => FromElement(p.Value), StringComparer.Ordinal),
    };
}
