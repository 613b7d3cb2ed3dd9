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

                return v.TryGetValue<bool>(out var flag) ? flag
                    : v.TryGetValue<decimal>(out var number) ? number
                    : v.TryGetValue<string>(out var text) ? text
                    : v.ToJsonString();
            default:
                return node.ToJsonString();
        }
    }
}
