using System.Text.Json.Nodes;
using Kogge.Forms.Rendering;
using Kogge.Forms.Schema;
using Kogge.Forms.Validation;

namespace Kogge.Feel.Bench;

/// <summary>
/// A trade registration (Gewerbeanzeige): 40 input fields in two groups and the main form, 5 of them with
/// a FEEL <c>conditional.hide</c>, a dynamic list of 3 entries with 3 fields each, a FEEL minimum and a valuesKey.
/// </summary>
internal static class FormsApplication
{
    public static readonly Dictionary<string, object?> Variables = new(StringComparer.Ordinal)
    {
        ["mindestgebuehr"] = 26m,
        ["zustellarten"] = new List<object?> { "post", "abholung", "postfach" },
    };

    public static FormDefinition Form(string dir) => FormDefinition.Parse(File.ReadAllText(Path.Combine(dir, "application-form.json")));

    public static JsonObject Posted(string dir) => JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "application-post.json")))!.AsObject();

    /// <summary>The post as the browser sends it: one field per data path, a checklist's name once per ticked value.</summary>
    public static List<KeyValuePair<string, IReadOnlyList<string?>>> Fields(JsonObject posted)
    {
        var fields = new List<KeyValuePair<string, IReadOnlyList<string?>>>();
        void Add(string name, JsonNode? node)
        {
            switch (node)
            {
                case JsonObject o:
                    foreach (var (key, value) in o)
                    {
                        Add(name.Length == 0 ? key : name + "." + key, value);
                    }

                    break;
                case JsonArray a when a.All(x => x is JsonObject):
                    for (var i = 0; i < a.Count; i++)
                    {
                        Add($"{name}[{i}]", a[i]);
                    }

                    break;
                case JsonArray a:
                    fields.Add(new(name, a.Select(x => x?.GetValue<string>()).ToList()));
                    break;
                default:
                    fields.Add(new(name, [node?.GetValue<string>()]));
                    break;
            }
        }

        Add(string.Empty, posted);
        return fields;
    }

    public static (Measurement Validate, Measurement ValidateFields, Measurement Render, Measurement RenderWithErrors, FormValidationResult Result, RenderedForm Page, int ErrorsShown)
        Run(string dir, TextWriter log)
    {
        var form = Form(dir);
        var posted = Posted(dir);
        var validator = new FormValidator(form, "de");
        var renderer = new FormRenderer(form, "de");

        var result = validator.Validate(posted, Variables);
        if (!result.IsValid)
        {
            throw new InvalidOperationException("The application should be valid: " + string.Join("; ", result.Errors));
        }

        // The five conditional fields: two shown (register), two shown (restaurant), one hidden (previous file number).
        foreach (var key in new[] { "handelsregister", "registergericht", "ausschank", "sitzplaetze" })
        {
            if (result.Data[key] is null)
            {
                throw new InvalidOperationException($"Shown conditional field {key} was not kept");
            }
        }

        if (result.Data.ContainsKey("erlaubnis") || result.Data["beteiligte"]?.AsArray().Count != 3)
        {
            throw new InvalidOperationException("Hidden field kept or list entries lost");
        }

        var page = renderer.Render(posted, result.Errors, Variables);
        if (page.ErrorCount != 0 || !page.Fields.Contains("name=\"beteiligte[2].name\"", StringComparison.Ordinal) || page.Fields.Contains("name=\"erlaubnis\"", StringComparison.Ordinal))
        {
            File.WriteAllText(Path.Combine(Path.GetTempPath(), "kogge-bench-page.html"), page.Html);
            throw new InvalidOperationException($"The rendered page is not the expected one ({page.ErrorCount} errors; written to the temp folder)");
        }

        // The same form posted with mistakes: what the user sees after a failed submission.
        var bad = (JsonObject)posted.DeepClone();
        bad["adresse"]!["plz"] = "1805";
        bad["sitzplaetze"] = "900";
        bad["antragsteller"]!["email"] = "ada@";
        bad["beteiligte"]![1]!["name"] = "";
        var badResult = validator.Validate(bad, Variables);
        log.WriteLine($"Forms: valid application kept {result.Data.Count} top-level values; the bad one gives {badResult.Errors.Count} errors ({string.Join(", ", badResult.Errors.Select(e => e.Path))}).");

        // The same post built from form fields, as the host does: it must validate to the same result.
        var fromFields = FormPost.ToJson(Fields(posted));
        var fieldsResult = validator.Validate(fromFields, Variables);
        if (!fieldsResult.IsValid || fieldsResult.Data.ToJsonString() != result.Data.ToJsonString())
        {
            throw new InvalidOperationException("The post built from form fields validates differently from the parsed one");
        }

        log.WriteLine("Timing Forms validation …");
        var mValidate = Harness.Measure(() => validator.Validate(posted, Variables));
        var mValidateFields = Harness.Measure(() => validator.Validate(fromFields, Variables));
        log.WriteLine("Timing Forms rendering …");
        var mRender = Harness.Measure(() => renderer.Render(posted, result.Errors, Variables));
        var mRenderErrors = Harness.Measure(() => renderer.Render(bad, badResult.Errors, Variables));
        return (mValidate, mValidateFields, mRender, mRenderErrors, result, page, badResult.Errors.Count);
    }
}
