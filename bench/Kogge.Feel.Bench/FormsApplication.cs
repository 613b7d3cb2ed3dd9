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

    public static (Measurement Validate, Measurement Render, Measurement RenderWithErrors, FormValidationResult Result, RenderedForm Page, int ErrorsShown)
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

        log.WriteLine("Timing Forms validation …");
        var mValidate = Harness.Measure(() => validator.Validate(posted, Variables));
        log.WriteLine("Timing Forms rendering …");
        var mRender = Harness.Measure(() => renderer.Render(posted, result.Errors, Variables));
        var mRenderErrors = Harness.Measure(() => renderer.Render(bad, badResult.Errors, Variables));
        return (mValidate, mRender, mRenderErrors, result, page, badResult.Errors.Count);
    }
}
