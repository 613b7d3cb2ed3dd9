using System.Globalization;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace Kogge.Web.Platform.Web;

/// <summary>
/// One form field in KERN-UX markup: label, optional hint, the field's error message, and the input wired to both
/// with <c>aria-describedby</c> and <c>aria-invalid</c>. <c>&lt;kern-field for="Input.Email" label="…" type="email" /&gt;</c>
/// </summary>
[HtmlTargetElement("kern-field", TagStructure = TagStructure.WithoutEndTag)]
public sealed class KernFieldTagHelper(HtmlEncoder enc) : TagHelper
{
    [HtmlAttributeName("for")]
    public required ModelExpression For { get; set; }

    public required string Label { get; set; }

    public string? Hint { get; set; }

    /// <summary>text, email, password, number, tel, date, textarea, checkbox.</summary>
    public string Type { get; set; } = "text";

    public string? Autocomplete { get; set; }

    public bool Required { get; set; }

    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var name = For.Name;
        var id = TagBuilder.CreateSanitizedId(name, "_");
        var state = ViewContext.ViewData.ModelState.TryGetValue(name, out var entry) ? entry : null;
        var error = state?.ValidationState == ModelValidationState.Invalid ? state.Errors.FirstOrDefault()?.ErrorMessage : null;
        var describedBy = new List<string>();

        output.TagName = "div";
        output.TagMode = TagMode.StartTagAndEndTag;
        var isCheckbox = Type == "checkbox";
        output.Attributes.SetAttribute("class", isCheckbox
            ? "kern-form-check" + (error is null ? "" : " kern-form-check--error")
            : "kern-form-input" + (error is null ? "" : " kern-form-input--error"));

        var html = new System.Text.StringBuilder();
        var hintHtml = "";
        if (!string.IsNullOrEmpty(Hint))
        {
            describedBy.Add(id + "-hinweis");
            hintHtml = $"<div class=\"kern-hint\" id=\"{id}-hinweis\">{enc.Encode(Hint)}</div>";
        }

        var errorHtml = "";
        if (error is not null)
        {
            describedBy.Add(id + "-fehler");
            errorHtml = $"<p class=\"kern-error\" id=\"{id}-fehler\"><span class=\"kern-icon kern-icon--danger\" aria-hidden=\"true\"></span><span class=\"kern-body\"><span class=\"kern-sr-only\">{enc.Encode(Localized("Fehler:"))} </span>{enc.Encode(error)}</span></p>";
        }

        var aria = (describedBy.Count > 0 ? $" aria-describedby=\"{string.Join(' ', describedBy)}\"" : "")
            + (error is null ? "" : " aria-invalid=\"true\"")
            + (Required ? " required aria-required=\"true\"" : "")
            + (Autocomplete is null ? "" : $" autocomplete=\"{enc.Encode(Autocomplete)}\"");
        var value = state?.AttemptedValue ?? Format(For.Model);
        var label = enc.Encode(Label) + (Required ? "" : $" <span class=\"kern-label__optional\">– {enc.Encode(Optional)}</span>");

        if (isCheckbox)
        {
            var isChecked = For.Model is true || state?.AttemptedValue == "true";
            html.Append(CultureInfo.InvariantCulture, $"<input class=\"kern-form-check__checkbox{(error is null ? "" : " kern-form-check__checkbox--error")}\" type=\"checkbox\" id=\"{id}\" name=\"{name}\" value=\"true\"{(isChecked ? " checked" : "")}{aria}>");
            html.Append(CultureInfo.InvariantCulture, $"<label class=\"kern-label\" for=\"{id}\">{enc.Encode(Label)}</label>");
            html.Append(hintHtml).Append(errorHtml);
            // An unchecked box posts nothing; the hidden field makes "false" explicit for model binding.
            html.Append(CultureInfo.InvariantCulture, $"<input type=\"hidden\" name=\"{name}\" value=\"false\">");
        }
        else
        {
            html.Append(CultureInfo.InvariantCulture, $"<label class=\"kern-label\" for=\"{id}\">{label}</label>");
            html.Append(hintHtml).Append(errorHtml);
            var inputClass = "kern-form-input__input" + (error is null ? "" : " kern-form-input__input--error");
            if (Type == "textarea")
            {
                html.Append(CultureInfo.InvariantCulture, $"<textarea class=\"{inputClass}\" id=\"{id}\" name=\"{name}\" rows=\"5\"{aria}>{enc.Encode(value)}</textarea>");
            }
            else
            {
                var shownValue = Type == "password" ? "" : value;
                html.Append(CultureInfo.InvariantCulture, $"<input class=\"{inputClass}\" type=\"{Type}\" id=\"{id}\" name=\"{name}\" value=\"{enc.Encode(shownValue)}\"{aria}>");
            }
        }

        output.Content.SetHtmlContent(html.ToString());
    }

    private string Optional => Localized("optional");

    private string Localized(string german) => ViewContext.HttpContext.RequestServices
        .GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizer<SharedResource>>()[german];

    private static string Format(object? model) => model switch
    {
        null => "",
        // A date input takes ISO dates only; the browser shows them in the reader's format.
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.CurrentCulture),
        _ => model.ToString() ?? "",
    };
}
