using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;
using Microsoft.Extensions.Localization;

namespace Kogge.Web.Platform.Web;

/// <summary>
/// The error summary at the top of a form: a KERN alert with one link to each invalid field, so that screen-reader
/// and keyboard users find every problem. Renders nothing when the form is valid.
/// </summary>
[HtmlTargetElement("kern-error-summary", TagStructure = TagStructure.WithoutEndTag)]
public sealed class ErrorSummaryTagHelper(IStringLocalizer<SharedResource> l, HtmlEncoder enc) : TagHelper
{
    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var state = ViewContext.ViewData.ModelState;
        if (state.IsValid)
        {
            output.SuppressOutput();
            return;
        }

        var items = new StringBuilder();
        foreach (var (key, entry) in state)
        {
            foreach (var error in entry.Errors)
            {
                var text = enc.Encode(error.ErrorMessage);
                items.Append(key.Length == 0
                    ? $"<li>{text}</li>"
                    : $"<li><a class=\"kern-link\" href=\"#{TagBuilder.CreateSanitizedId(key, "_")}\">{text}</a></li>");
            }
        }

        output.TagName = "div";
        output.TagMode = TagMode.StartTagAndEndTag;
        output.Attributes.SetAttribute("class", "kern-alert kern-alert--danger kogge-error-summary");
        output.Attributes.SetAttribute("aria-labelledby", "fehler-titel");
        output.Attributes.SetAttribute("data-kogge-error-summary", null);
        output.Attributes.SetAttribute("role", "alert");
        output.Attributes.SetAttribute("tabindex", "-1");
                output.Content.SetHtmlContent(
            "<div class=\"kern-alert__header\"><span class=\"kern-icon kern-icon--danger\" aria-hidden=\"true\"></span>"
            + $"<h2 class=\"kern-title\" id=\"fehler-titel\">{enc.Encode(l["Bitte prüfen Sie Ihre Angaben"])}</h2></div>"
            + $"<div class=\"kern-alert__body\"><ul class=\"kern-list\">{items}</ul></div>");
    }
}
