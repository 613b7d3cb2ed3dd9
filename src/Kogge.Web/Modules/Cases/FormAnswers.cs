using System.Globalization;
using System.Text.Json.Nodes;
using Kogge.Forms.Schema;
using Microsoft.Extensions.Localization;

namespace Kogge.Web.Modules.Cases;

/// <summary>Form data as a person reads it: the form's labels beside the answers, options by their label, dates in German.</summary>
public static class FormAnswers
{
    /// <param name="documents">The files of the application; a file field shows their names.</param>
    public static List<(string Label, string Value)> Of(IEnumerable<FormComponent> components, JsonObject data, IReadOnlyList<CaseDocument> documents, IStringLocalizer l)
    {
        var answers = new List<(string, string)>();
        foreach (var c in components)
        {
            if (c.Key is not { } key || !data.TryGetPropertyValue(key, out var value) || value is null)
            {
                continue;
            }

            var shown = c.Type switch
            {
                "checkbox" => value.GetValue<bool>() ? l["Ja"].Value : l["Nein"].Value,
                "filepicker" => string.Join(", ", documents.Where(d => d.FieldKey == key).Select(d => d.FileName)),
                "radio" or "select" => c.Options.FirstOrDefault(o => JsonNode.DeepEquals(o.Value, value))?.Label ?? value.ToString(),
                "checklist" or "taglist" when value is JsonArray items => string.Join(", ", items.Select(v => c.Options.FirstOrDefault(o => JsonNode.DeepEquals(o.Value, v))?.Label ?? v?.ToString())),
                "datetime" when c.Subtype == "date" && DateOnly.TryParse(value.ToString(), CultureInfo.InvariantCulture, out var date) => date.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture),
                _ => value.ToString(),
            };
            answers.Add((c.Label ?? c.Property("dateLabel")?.ToString() ?? key, shown));
        }

        return answers;
    }
}
