using System.Text.Json;
using System.Text.Json.Nodes;
using Kogge.Feel.Evaluation;

namespace Kogge.Feel;

/// <summary>JSON values (System.Text.Json nodes) as FEEL values, as forms post them and hosts store variables.</summary>
public static class FeelJson
{
    /// <summary>
    /// Converts a JSON node: an object becomes a <see cref="FeelContext"/> (entries in order), an array a
    /// <c>List&lt;object?&gt;</c>, a number a <see cref="decimal"/>, true/false a <see cref="bool"/>, a string a
    /// <see cref="string"/>, JSON null and a missing node null. A number beyond <see cref="decimal"/> stays as its JSON text.
    /// A value built from a .NET value (<c>JsonValue.Create(3)</c>, a <see cref="DateTime"/> in a <see cref="JsonObject"/>)
    /// converts as the JSON it writes would when parsed: an <see cref="int"/> is a number, a <see cref="DateTime"/> the
    /// string of its ISO 8601 text, so a variable reads the same before and after it is stored as JSON. A number JSON
    /// cannot write (NaN, infinity) is null.
    /// </summary>
    public static object? ToFeel(JsonNode? node)
    {
        switch (node)
        {
            case null:
                return null;
            case JsonObject o:
                {
                    var ctx = new FeelContext();
                    foreach (var (key, value) in o)
                    {
                        ctx.Set(key, ToFeel(value));
                    }

                    return ctx;
                }

            case JsonArray a:
                {
                    var list = new List<object?>(a.Count);
                    foreach (var item in a)
                    {
                        list.Add(ToFeel(item));
                    }

                    return list;
                }

            case JsonValue v:
                // By kind first: asking a parsed JSON string whether it is a bool or a number costs more than reading it.
                switch (v.GetValueKind())
                {
                    case JsonValueKind.String when v.TryGetValue<string>(out var s):
                        return s;
                    case JsonValueKind.True or JsonValueKind.False when v.TryGetValue<bool>(out var b):
                        return Evaluation.Compiler.Box(b);
                    case JsonValueKind.Number when v.TryGetValue<decimal>(out var d):
                        return d;
                }

                return FromDotNet(v);
            default:
                return node.ToJsonString();
        }
    }

    /// <summary>A value built from a .NET value that is not a string, bool or decimal: read as the JSON it writes.</summary>
    private static object? FromDotNet(JsonValue v)
    {
        if (v.TryGetValue<JsonElement>(out var element))
        {
            // Parsed JSON whose number is beyond decimal.
            return FromElement(element, element.GetRawText());
        }

        if (v.TryGetValue<int>(out var i))
        {
            return (decimal)i;
        }

        if (v.TryGetValue<long>(out var l))
        {
            return (decimal)l;
        }

        if (v.TryGetValue<double>(out var d) && !double.IsFinite(d))
        {
            return null;
        }

        string json;
        try
        {
            json = v.ToJsonString();
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or InvalidOperationException or JsonException)
        {
            // A value JSON cannot write (a float that is not finite, a type without a converter) has no JSON to read.
            return null;
        }

        using var document = JsonDocument.Parse(json);
        return FromElement(document.RootElement, json);
    }

    private static object? FromElement(JsonElement element, string json) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.TryGetDecimal(out var d) ? d : json,
        JsonValueKind.True => Evaluation.Compiler.Box(true),
        JsonValueKind.False => Evaluation.Compiler.Box(false),
        JsonValueKind.Object or JsonValueKind.Array => ToFeel(JsonNode.Parse(json)),
        _ => null,
    };
}
