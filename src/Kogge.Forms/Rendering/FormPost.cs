using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Kogge.Forms.Rendering;

/// <summary>
/// Turns the fields of a posted HTML form rendered by <see cref="FormRenderer"/> into the JSON the
/// <see cref="Validation.FormValidator"/> expects: names are data paths (<c>address.zip</c>,
/// <c>children[1].name</c>); a name posted more than once (checklist, taglist) becomes a list.
/// </summary>
public static partial class FormPost
{
    private const int MaxIndex = 999;

    /// <summary>Reads posted fields. Names that are not data paths, the antiforgery token (<c>__…</c>) and the list buttons are skipped.</summary>
    /// <param name="fields">Name and values of each posted field, as the host's form collection gives them.</param>
    public static JsonObject ToJson(IEnumerable<KeyValuePair<string, IReadOnlyList<string?>>> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var root = new JsonObject();
        foreach (var (name, values) in fields)
        {
            if (name.StartsWith("__", StringComparison.Ordinal) || name == "kogge-liste" || name.Length > 500 || !PathPattern().IsMatch(name))
            {
                continue;
            }

            var posted = values.Where(v => v is not null).ToList();
            JsonNode value = posted.Count == 1 ? JsonValue.Create(posted[0])! : new JsonArray(posted.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
            Set(root, name, value);
        }

        return root;
    }

    private static void Set(JsonObject root, string name, JsonNode value)
    {
        JsonNode current = root;
        var parts = name.Split('.');
        for (var i = 0; i < parts.Length; i++)
        {
            var last = i == parts.Length - 1;
            var m = Segment().Match(parts[i]);
            var key = m.Groups[1].Value;
            if (current is not JsonObject obj)
            {
                return;
            }

            if (!m.Groups[2].Success)
            {
                if (last)
                {
                    obj[key] = value;
                    return;
                }

                if (obj[key] is not JsonObject next)
                {
                    next = [];
                    obj[key] = next;
                }

                current = next;
                continue;
            }

            var index = int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
            if (index > MaxIndex)
            {
                return;
            }

            if (obj[key] is not JsonArray list)
            {
                list = [];
                obj[key] = list;
            }

            while (list.Count <= index)
            {
                list.Add(new JsonObject());
            }

            if (last)
            {
                list[index] = value;
                return;
            }

            current = list[index]!;
        }
    }

    [GeneratedRegex(@"^[^.\[\]]+(\[\d{1,4}\])?(\.[^.\[\]]+(\[\d{1,4}\])?)*$", RegexOptions.CultureInvariant, 250)]
    private static partial Regex PathPattern();

    [GeneratedRegex(@"^([^\[\]]+)(?:\[(\d{1,4})\])?$", RegexOptions.CultureInvariant, 250)]
    private static partial Regex Segment();
}
