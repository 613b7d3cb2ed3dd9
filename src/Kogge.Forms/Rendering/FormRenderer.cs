using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Ganss.Xss;
using Kogge.Feel.Evaluation;
using Kogge.Forms.Schema;
using Kogge.Forms.Validation;
using Markdig;

namespace Kogge.Forms.Rendering;

/// <summary>A rendered form: the error summary (empty without errors) and the fields.</summary>
/// <param name="ErrorSummary">The KERN error summary; goes first in <c>main</c>, after the <c>h1</c>.</param>
/// <param name="Fields">The fields; goes inside the host's <c>&lt;form method="post" novalidate&gt;</c>.</param>
/// <param name="ErrorCount">The number of fields with an error (0 when the summary is empty).</param>
public sealed record RenderedForm(string ErrorSummary, string Fields, int ErrorCount)
{
    /// <summary>Summary and fields together.</summary>
    public string Html => ErrorSummary + Fields;
}

/// <summary>
/// Renders a form-js form to accessible HTML in KERN-UX markup (see <c>docs/ui-markup.md</c>): labels, hints
/// (<c>{id}-hinweis</c>), errors (<c>{id}-fehler</c>) wired with <c>aria-describedby</c>, optional fields marked
/// "– optional", fieldsets for groups, radios and checklists, and an error summary that links to each field.
/// Conditional visibility (<c>conditional.hide</c>, FEEL) is evaluated on the server: hidden components are not
/// rendered. Field names are data paths (<c>address.zip</c>, <c>children[0].name</c>); the host turns the
/// posted fields into JSON for <see cref="FormValidator"/>.
/// </summary>
public sealed partial class FormRenderer
{
    private static readonly MarkdownPipeline Markdown = new MarkdownPipelineBuilder().DisableHtml().Build();

    private static readonly HtmlSanitizer Sanitizer = CreateSanitizer();

    // Rendered and sanitized HTML of static texts, by source: Markdown and the sanitizer cost more than the rest of a page.
    private static readonly StaticHtmlCache StaticMarkdown = new();
    private static readonly StaticHtmlCache StaticContent = new();

    private readonly FormDefinition _form;
    private readonly bool _english;
    private readonly string _idPrefix;
    private readonly CultureInfo _culture;

    /// <summary>Creates a renderer for a form.</summary>
    /// <param name="form">The form definition.</param>
    /// <param name="language">"de" (default) or "en" for the texts the renderer adds.</param>
    /// <param name="idPrefix">Prefix of every element id, so that the form's ids do not clash with the page's.</param>
    public FormRenderer(FormDefinition form, string language = "de", string idPrefix = "feld-")
    {
        ArgumentNullException.ThrowIfNull(form);
        _form = form;
        _english = string.Equals(language, "en", StringComparison.OrdinalIgnoreCase);
        _idPrefix = string.Concat((idPrefix ?? string.Empty).Where(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_'));
        _culture = CultureInfo.GetCultureInfo(_english ? "en" : "de");
    }

    /// <summary>Renders the form.</summary>
    /// <param name="data">The values to show: <see cref="FormValidator.InitialData"/> for a new form, the posted values after a failed post.</param>
    /// <param name="errors">Errors from <see cref="FormValidator.Validate"/>; each becomes a message at its field and a link in the summary.</param>
    /// <param name="variables">Process variables for conditions, options (<c>valuesKey</c>), templates and tables.</param>
    public RenderedForm Render(JsonObject? data = null, IReadOnlyList<FieldError>? errors = null, IReadOnlyDictionary<string, object?>? variables = null)
    {
        data ??= [];
        var scope = new Dictionary<string, object?>(variables ?? new Dictionary<string, object?>(), StringComparer.Ordinal);
        if (FormValidator.ToFeel(data) is FeelContext ctx)
        {
            foreach (var k in ctx.Keys)
            {
                scope[k] = ctx[k];
            }
        }

        var state = new State(errors ?? []);
        RenderComponents(_form.Components, data, string.Empty, scope, state);

        // Errors of fields that are not on the page (hidden meanwhile) still count, without a link.
        foreach (var (_, message) in state.ErrorsByPath)
        {
            state.Summary.Add((null, message));
        }

        var summary = new StringBuilder();
        if (state.Summary.Count > 0)
        {
            WriteSummary(summary, state.Summary);
        }

        return new RenderedForm(summary.ToString(), state.Html.ToString(), state.Summary.Count);
    }

    /// <summary>Renders the form into a writer: the error summary first, then the fields.</summary>
    public void Render(TextWriter writer, JsonObject? data = null, IReadOnlyList<FieldError>? errors = null, IReadOnlyDictionary<string, object?>? variables = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(Render(data, errors, variables).Html);
    }

    /// <summary>
    /// Applies the add/remove buttons of dynamic lists, which post <c>kogge-liste=add:path</c> or
    /// <c>kogge-liste=remove:path[i]</c>; the host calls this instead of validating and re-renders the form.
    /// Returns false when the action is not one of these.
    /// </summary>
    public static bool ApplyListAction(JsonObject data, string? action)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (action is null)
        {
            return false;
        }

        if (action.StartsWith("add:", StringComparison.Ordinal))
        {
            var path = action[4..];
            if (Navigate(data, path, create: true) is not { } list || list.Count >= 1000)
            {
                return false;
            }

            list.Add(new JsonObject());
            return true;
        }

        if (action.StartsWith("remove:", StringComparison.Ordinal) && ListIndex().Match(action[7..]) is { Success: true } m)
        {
            if (Navigate(data, m.Groups[1].Value, create: false) is not { } list || !int.TryParse(m.Groups[2].Value, CultureInfo.InvariantCulture, out var index) || index >= list.Count)
            {
                return false;
            }

            list.RemoveAt(index);
            return true;
        }

        return false;
    }

    private static JsonArray? Navigate(JsonObject data, string path, bool create)
    {
        JsonNode? node = data;
        var parts = path.Split('.');
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            var m = ListIndex().Match(part);
            if (m.Success)
            {
                node = (node as JsonObject)?[m.Groups[1].Value] is JsonArray a && int.TryParse(m.Groups[2].Value, CultureInfo.InvariantCulture, out var idx) && idx < a.Count ? a[idx] : null;
                continue;
            }

            if (node is not JsonObject obj)
            {
                return null;
            }

            if (obj[part] is null && create)
            {
                obj[part] = i == parts.Length - 1 ? new JsonArray() : new JsonObject();
            }

            node = obj[part];
        }

        return node as JsonArray;
    }

    private sealed class State(IReadOnlyList<FieldError> errors)
    {
        public StringBuilder Html { get; } = new();

        public HashSet<string> Ids { get; } = new(StringComparer.Ordinal);

        public List<(string? Target, string Message)> Summary { get; } = [];

        public Dictionary<string, string> ErrorsByPath { get; } = errors
            .GroupBy(e => e.Path, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().Message, StringComparer.Ordinal);

        public int Anonymous { get; set; }
    }

    private void RenderComponents(IReadOnlyList<FormComponent> components, JsonObject data, string prefix, Dictionary<string, object?> scope, State state)
    {
        foreach (var c in components)
        {
            if (FormValidator.IsHidden(c, scope))
            {
                continue;
            }

            try
            {
                RenderComponent(c, data, prefix, scope, state);
            }
            catch (Exception e) when (e is InvalidOperationException or FormatException or ArgumentException)
            {
                // A malformed component never breaks the page; it is simply left out.
            }
        }
    }

    private void RenderComponent(FormComponent c, JsonObject data, string prefix, Dictionary<string, object?> scope, State state)
    {
        switch (c.Type)
        {
            case "textfield":
            case "number":
            case "datetime":
            case "textarea":
            case "select":
                if (c.Key is { } key)
                {
                    InputField(c, FormValidator.Get(data, key), prefix + key, scope, state);
                }

                break;
            case "checkbox":
                if (c.Key is { } boxKey)
                {
                    Checkbox(c, FormValidator.Get(data, boxKey), prefix + boxKey, scope, state);
                }

                break;
            case "checklist":
            case "taglist":
            case "radio":
                if (c.Key is { } groupKey)
                {
                    Choices(c, FormValidator.Get(data, groupKey), prefix + groupKey, scope, state);
                }

                break;
            case "filepicker":
                if (c.Key is { } fileKey)
                {
                    FilePicker(c, prefix + fileKey, scope, state);
                }

                break;
            case "group":
                Group(c, data, prefix, scope, state);
                break;
            case "dynamiclist":
                DynamicList(c, data, prefix, scope, state);
                break;
            case "text":
                Text(c, scope, state);
                break;
            case "html":
                HtmlContent(c, scope, state);
                break;
            case "image":
                Image(c, scope, state);
                break;
            case "table":
                Table(c, scope, state);
                break;
            case "separator":
                state.Html.Append("<hr class=\"kern-divider\">");
                break;
            case "spacer":
                var height = c.Json["height"] is JsonValue h && h.TryGetValue<int>(out var px) ? Math.Clamp(px, 0, 1000) : 60;
                state.Html.Append(CultureInfo.InvariantCulture, $"<div class=\"kogge-form-spacer\" style=\"height: {height}px\" aria-hidden=\"true\"></div>");
                break;
            case "button":
                Button(c, scope, state);
                break;
            case "iframe":
                Frame(c, scope, state);
                break;
            case "documentPreview":
                DocumentList(c, scope, state);
                break;
            default:
                // expression: computed on the server (FormValidator), nothing to show or post.
                // Unknown (custom) types have no renderer.
                break;
        }
    }

    private void InputField(FormComponent c, JsonNode? value, string path, Dictionary<string, object?> scope, State state)
    {
        var id = NewId(path, state);
        var error = ErrorFor(path, id, state);
        var hint = Resolve(c.Description, scope);
        var html = state.Html;
        var label = c.Type == "datetime" ? Resolve(Prop(c, c.Subtype == "time" ? "timeLabel" : "dateLabel"), scope) ?? Resolve(c.Label, scope) : Resolve(c.Label, scope);

        html.Append(error is null ? "<div class=\"kern-form-input\">" : "<div class=\"kern-form-input kern-form-input--error\">");
        html.Append(CultureInfo.InvariantCulture, $"<label class=\"kern-label\" for=\"{id}\">");
        LabelText(html, label ?? c.Key ?? string.Empty, c.Rules.Required);
        html.Append("</label>");
        Hint(html, id, hint);

        var attributes = new StringBuilder();
        attributes.Append(CultureInfo.InvariantCulture, $" id=\"{id}\" name=\"{Encode(path)}\"");
        if (c.Rules.Required)
        {
            attributes.Append(" required");
        }

        if (c.Disabled)
        {
            attributes.Append(" disabled");
        }

        if (c.Readonly)
        {
            attributes.Append(" readonly");
        }

        Aria(attributes, id, hint is not null, error is not null);
        var text = Encode(Display(value));
        var errorClass = error is null ? string.Empty : " kern-form-input__input--error";
        switch (c.Type)
        {
            case "textarea":
                html.Append(CultureInfo.InvariantCulture, $"<textarea class=\"kern-form-input__input{errorClass}\" rows=\"5\"{attributes}>{text}</textarea>");
                break;
            case "select":
                html.Append("<div class=\"kern-form-input__select-wrapper\">");
                html.Append(CultureInfo.InvariantCulture, $"<select class=\"kern-form-input__select{(error is null ? string.Empty : " kern-form-input__select--error")}\"{attributes}>");
                html.Append(CultureInfo.InvariantCulture, $"<option value=\"\">{(_english ? "Please select" : "Bitte auswählen")}</option>");
                var selected = Display(value);
                foreach (var (optionLabel, optionValue) in Options(c, scope))
                {
                    html.Append(CultureInfo.InvariantCulture, $"<option value=\"{Encode(optionValue)}\"{(value is not null && optionValue == selected ? " selected" : string.Empty)}>{Encode(optionLabel)}</option>");
                }

                html.Append("</select></div>");
                break;
            default:
                var type = c.Type switch
                {
                    "datetime" => c.Subtype switch
                    {
                        "time" => "time",
                        "datetime" => "datetime-local",
                        _ => "date",
                    },
                    "number" => "text\" inputmode=\"decimal",
                    _ => c.Rules.ValidationType switch
                    {
                        "email" => "email\" autocomplete=\"email\" spellcheck=\"false",
                        "phone" => "tel\" autocomplete=\"tel",
                        _ => "text",
                    },
                };
                html.Append(CultureInfo.InvariantCulture, $"<input class=\"kern-form-input__input{errorClass}\" type=\"{type}\"{attributes} value=\"{text}\">");
                break;
        }

        ErrorParagraph(html, id, error);
        html.Append("</div>");
    }

    private void Checkbox(FormComponent c, JsonNode? value, string path, Dictionary<string, object?> scope, State state)
    {
        var id = NewId(path, state);
        var error = ErrorFor(path, id, state);
        var hint = Resolve(c.Description, scope);
        var html = state.Html;
        var isChecked = value is JsonValue v && ((v.TryGetValue<bool>(out var b) && b) || (v.TryGetValue<string>(out var s) && s is "true" or "on" or "1"));
        var attributes = new StringBuilder();
        if (c.Rules.Required)
        {
            attributes.Append(" required");
        }

        if (c.Disabled || c.Readonly)
        {
            attributes.Append(" disabled");
        }

        Aria(attributes, id, hint is not null, error is not null);
        html.Append("<div class=\"kern-form-check\">");
        html.Append(CultureInfo.InvariantCulture, $"<input class=\"kern-form-check__checkbox{(error is null ? string.Empty : " kern-form-check__checkbox--error")}\" id=\"{id}\" name=\"{Encode(path)}\" type=\"checkbox\" value=\"true\"{(isChecked ? " checked" : string.Empty)}{attributes}>");
        html.Append(CultureInfo.InvariantCulture, $"<label class=\"kern-label\" for=\"{id}\">{Encode(Resolve(c.Label, scope) ?? c.Key ?? string.Empty)}</label>");
        Hint(html, id, hint);
        ErrorParagraph(html, id, error);
        if (c.Readonly && !c.Disabled && isChecked)
        {
            // A disabled box posts nothing; read-only keeps its value.
            html.Append(CultureInfo.InvariantCulture, $"<input type=\"hidden\" name=\"{Encode(path)}\" value=\"true\">");
        }

        html.Append("</div>");
    }

    private void Choices(FormComponent c, JsonNode? value, string path, Dictionary<string, object?> scope, State state)
    {
        var id = NewId(path, state);
        var options = Options(c, scope);
        var radio = c.Type == "radio";
        var first = options.Count > 0 ? id + "-0" : id;
        var error = ErrorFor(path, first, state);
        var hint = Resolve(c.Description, scope);
        var html = state.Html;
        var chosen = (value as JsonArray)?.Select(Display).ToHashSet(StringComparer.Ordinal)
            ?? (value is null ? [] : new HashSet<string>([Display(value)], StringComparer.Ordinal));

        var fieldsetAria = new StringBuilder();
        var described = Described(id, hint is not null, error is not null);
        if (described.Length > 0)
        {
            fieldsetAria.Append(CultureInfo.InvariantCulture, $" aria-describedby=\"{described}\"");
        }

        html.Append(CultureInfo.InvariantCulture, $"<fieldset class=\"kern-fieldset{(error is null ? string.Empty : " kern-fieldset--error")}\" id=\"{id}\"{fieldsetAria}>");
        html.Append("<legend class=\"kern-label\">");
        LabelText(html, Resolve(c.Label, scope) ?? c.Key ?? string.Empty, c.Rules.Required);
        html.Append("</legend>");
        Hint(html, id, hint);
        html.Append("<div class=\"kern-fieldset__body\">");
        var kind = radio ? "radio" : "checkbox";
        for (var i = 0; i < options.Count; i++)
        {
            var (optionLabel, optionValue) = options[i];
            var optionId = string.Create(CultureInfo.InvariantCulture, $"{id}-{i}");
            _ = state.Ids.Add(optionId);
            html.Append(CultureInfo.InvariantCulture, $"<div class=\"kern-form-check\"><input class=\"kern-form-check__{kind}{(error is null ? string.Empty : $" kern-form-check__{kind}--error")}\" id=\"{optionId}\" name=\"{Encode(path)}\" type=\"{kind}\" value=\"{Encode(optionValue)}\"");
            if (chosen.Contains(optionValue))
            {
                html.Append(" checked");
            }

            if (radio && c.Rules.Required)
            {
                html.Append(" required");
            }

            if (c.Disabled || c.Readonly)
            {
                html.Append(" disabled");
            }

            if (error is not null)
            {
                html.Append(" aria-invalid=\"true\"");
            }

            html.Append(CultureInfo.InvariantCulture, $"><label class=\"kern-label\" for=\"{optionId}\">{Encode(optionLabel)}</label></div>");
        }

        html.Append("</div>");
        ErrorParagraph(html, id, error);
        if (c.Readonly && !c.Disabled)
        {
            foreach (var kept in options.Select(o => o.Value).Where(chosen.Contains))
            {
                html.Append(CultureInfo.InvariantCulture, $"<input type=\"hidden\" name=\"{Encode(path)}\" value=\"{Encode(kept)}\">");
            }
        }

        html.Append("</fieldset>");
    }

    private void FilePicker(FormComponent c, string path, Dictionary<string, object?> scope, State state)
    {
        var id = NewId(path, state);
        var error = ErrorFor(path, id, state);
        var hint = Resolve(c.Description, scope);
        var html = state.Html;
        html.Append(error is null ? "<div class=\"kern-form-input\">" : "<div class=\"kern-form-input kern-form-input--error\">");
        html.Append(CultureInfo.InvariantCulture, $"<label class=\"kern-label\" for=\"{id}\">");
        LabelText(html, Resolve(c.Label, scope) ?? c.Key ?? string.Empty, c.Rules.Required);
        html.Append("</label>");
        Hint(html, id, hint);
        var attributes = new StringBuilder();
        if (Resolve(Prop(c, "accept"), scope) is { Length: > 0 } accept)
        {
            attributes.Append(CultureInfo.InvariantCulture, $" accept=\"{Encode(accept)}\"");
        }

        if (c.Json["multiple"] is JsonValue m && ((m.TryGetValue<bool>(out var multiple) && multiple) || (m.TryGetValue<string>(out var ms) && ms == "true")))
        {
            attributes.Append(" multiple");
        }

        if (c.Rules.Required)
        {
            attributes.Append(" required");
        }

        if (c.Disabled || c.Readonly)
        {
            attributes.Append(" disabled");
        }

        Aria(attributes, id, hint is not null, error is not null);
        html.Append(CultureInfo.InvariantCulture, $"<input class=\"kern-form-input__input{(error is null ? string.Empty : " kern-form-input__input--error")}\" type=\"file\" id=\"{id}\" name=\"{Encode(path)}\"{attributes}>");
        ErrorParagraph(html, id, error);
        html.Append("</div>");
    }

    private void Group(FormComponent c, JsonObject data, string prefix, Dictionary<string, object?> scope, State state)
    {
        var (innerData, innerPrefix) = c.Path is { Length: > 0 } path
            ? (FormValidator.Get(data, path) as JsonObject ?? [], prefix + path + ".")
            : (data, prefix);
        var label = Resolve(c.Label, scope);
        var html = state.Html;
        var id = NewId(c.Path is { Length: > 0 } ? prefix + c.Path : c.Id ?? "gruppe", state);
        if (label is { Length: > 0 })
        {
            html.Append(CultureInfo.InvariantCulture, $"<fieldset class=\"kern-fieldset kogge-form-group\" id=\"{id}\"><legend class=\"kern-label\">{Encode(label)}</legend><div class=\"kern-fieldset__body kogge-stack\">");
            RenderComponents(c.Components, innerData, innerPrefix, scope, state);
            html.Append("</div></fieldset>");
        }
        else
        {
            html.Append(CultureInfo.InvariantCulture, $"<div class=\"kogge-form-group kogge-stack\" id=\"{id}\">");
            RenderComponents(c.Components, innerData, innerPrefix, scope, state);
            html.Append("</div>");
        }
    }

    private void DynamicList(FormComponent c, JsonObject data, string prefix, Dictionary<string, object?> scope, State state)
    {
        var key = c.Path ?? c.Key;
        if (key is null)
        {
            return;
        }

        var items = FormValidator.Get(data, key) as JsonArray;
        var count = items?.Count ?? (c.Json["defaultRepetitions"] is JsonValue r && r.TryGetValue<int>(out var n) ? Math.Clamp(n, 0, 100) : 1);
        count = Math.Min(count, 1000);
        var path = prefix + key;
        var id = NewId(path, state);
        var error = ErrorFor(path, id, state);
        var allowAddRemove = c.Json["allowAddRemove"] is JsonValue a && a.TryGetValue<bool>(out var allow) && allow;
        var label = Resolve(c.Label, scope);
        var html = state.Html;
        html.Append(CultureInfo.InvariantCulture, $"<fieldset class=\"kern-fieldset kogge-form-list{(error is null ? string.Empty : " kern-fieldset--error")}\" id=\"{id}\"{(error is null ? string.Empty : $" aria-describedby=\"{id}-fehler\"")}>");
        html.Append("<legend class=\"kern-label\">").Append(Encode(label ?? key)).Append("</legend>");
        html.Append("<div class=\"kern-fieldset__body kogge-stack\">");
        for (var i = 0; i < count; i++)
        {
            var item = items is not null && i < items.Count ? items[i] as JsonObject ?? [] : [];
            var itemScope = new Dictionary<string, object?>(scope, StringComparer.Ordinal);
            if (FormValidator.ToFeel(item) is FeelContext ctx)
            {
                foreach (var k in ctx.Keys)
                {
                    itemScope[k] = ctx[k];
                }
            }

            var itemId = NewId(string.Create(CultureInfo.InvariantCulture, $"{path}-{i}"), state);
            var number = (i + 1).ToString(CultureInfo.InvariantCulture);
            html.Append(CultureInfo.InvariantCulture, $"<fieldset class=\"kern-fieldset kogge-form-list__item\" id=\"{itemId}\"><legend class=\"kern-label\">{(_english ? "Entry" : "Eintrag")} {number}</legend><div class=\"kern-fieldset__body kogge-stack\">");
            RenderComponents(c.Components, item, string.Create(CultureInfo.InvariantCulture, $"{path}[{i}]."), itemScope, state);
            if (allowAddRemove)
            {
                html.Append(CultureInfo.InvariantCulture, $"<div class=\"kern-btn-wrapper\"><button class=\"kern-btn kern-btn--tertiary kern-btn--x-small\" type=\"submit\" name=\"kogge-liste\" value=\"remove:{Encode(path)}[{i}]\" formnovalidate><span class=\"kern-label\">{(_english ? "Remove" : "Entfernen")}<span class=\"kogge-sr-only\">: {(_english ? "entry" : "Eintrag")} {number}</span></span></button></div>");
            }

            html.Append("</div></fieldset>");
        }

        html.Append("</div>");
        if (allowAddRemove)
        {
            html.Append(CultureInfo.InvariantCulture, $"<div class=\"kern-btn-wrapper\"><button class=\"kern-btn kern-btn--secondary\" type=\"submit\" name=\"kogge-liste\" value=\"add:{Encode(path)}\" formnovalidate><span class=\"kern-icon kern-icon--add\" aria-hidden=\"true\"></span><span class=\"kern-label\">{(_english ? "Add entry" : "Eintrag hinzufügen")}</span></button></div>");
        }

        ErrorParagraph(html, id, error);
        html.Append("</fieldset>");
    }

    private static void Text(FormComponent c, Dictionary<string, object?> scope, State state)
    {
        var source = Prop(c, "text");
        if (string.IsNullOrEmpty(source))
        {
            return;
        }

        var html = IsStatic(source)
            ? StaticMarkdown.GetOrAdd(source, static text => DemoteHeadings(Sanitize(Markdig.Markdown.ToHtml(text, Markdown))))
            : DemoteHeadings(Sanitize(Markdig.Markdown.ToHtml(source.StartsWith('=') ? Format(FormValidator.Feel(source[1..], scope)) : Template(source, scope, encode: false), Markdown)));
        state.Html.Append("<div class=\"kogge-form-text kern-body\">").Append(html).Append("</div>");
    }

    private static void HtmlContent(FormComponent c, Dictionary<string, object?> scope, State state)
    {
        var source = Prop(c, "content");
        if (string.IsNullOrEmpty(source))
        {
            return;
        }

        var html = IsStatic(source)
            ? StaticContent.GetOrAdd(source, static text => DemoteHeadings(Sanitize(text)))
            : DemoteHeadings(Sanitize(source.StartsWith('=') ? Format(FormValidator.Feel(source[1..], scope)) : Template(source, scope, encode: true)));
        state.Html.Append("<div class=\"kogge-form-html\">").Append(html).Append("</div>");
    }

    private static void Image(FormComponent c, Dictionary<string, object?> scope, State state)
    {
        var source = Resolve(Prop(c, "source"), scope);
        if (string.IsNullOrWhiteSpace(source) || !SafeUrl(source, allowDataImage: true))
        {
            return;
        }

        var alt = Resolve(Prop(c, "alt"), scope) ?? string.Empty;
        state.Html.Append(CultureInfo.InvariantCulture, $"<div class=\"kogge-form-image\"><img src=\"{Encode(source)}\" alt=\"{Encode(alt)}\"></div>");
    }

    private void Table(FormComponent c, Dictionary<string, object?> scope, State state)
    {
        var columns = new List<(string Label, string Key)>();
        if (c.Json["columns"] is JsonArray cols)
        {
            columns.AddRange(cols.OfType<JsonObject>().Select(o => (FormComponent.Text(o, "label") ?? string.Empty, FormComponent.Text(o, "key") ?? string.Empty)));
        }
        else if (Prop(c, "columnsExpression") is { } columnsExpression && FormValidator.Feel(columnsExpression.TrimStart('='), scope) is List<object?> computed)
        {
            columns.AddRange(computed.OfType<FeelContext>().Select(o => (Format(o["label"]), Format(o["key"]))));
        }

        var rows = DataSource(c, scope);
        var id = NewId(c.Id ?? "tabelle", state);
        var title = Resolve(c.Label, scope);
        var html = state.Html;
        var labelled = title is { Length: > 0 } ? $"{id}-titel" : null;
        if (labelled is not null)
        {
            html.Append(CultureInfo.InvariantCulture, $"<h3 class=\"kern-heading-small\" id=\"{labelled}\">{Encode(title!)}</h3>");
        }

        var labelAttribute = labelled is null ? $" aria-label=\"{(_english ? "Table" : "Tabelle")}\"" : $" aria-labelledby=\"{labelled}\"";
        html.Append(CultureInfo.InvariantCulture, $"<div class=\"kern-table-responsive\" role=\"region\"{labelAttribute} tabindex=\"0\" id=\"{id}\">");
        html.Append(CultureInfo.InvariantCulture, $"<table class=\"kern-table kern-table--small kern-table--striped\"{labelAttribute}><thead><tr class=\"kern-table__row\">");
        foreach (var (label, _) in columns)
        {
            html.Append("<th class=\"kern-table__header\" scope=\"col\">").Append(Encode(label)).Append("</th>");
        }

        html.Append("</tr></thead><tbody class=\"kern-table__body\">");
        foreach (var row in rows.Take(1000))
        {
            html.Append("<tr class=\"kern-table__row\">");
            foreach (var (_, key) in columns)
            {
                var cell = row is FeelContext ctx ? ctx[key] : null;
                var numeric = cell is decimal;
                html.Append(numeric ? "<td class=\"kern-table__cell kern-table__cell--numeric\">" : "<td class=\"kern-table__cell\">");
                html.Append(Encode(cell is decimal d ? d.ToString(_culture) : Format(cell))).Append("</td>");
            }

            html.Append("</tr>");
        }

        html.Append("</tbody></table></div>");
    }

    /// <summary>The list a table or document preview shows: a FEEL expression (<c>=…</c>) or a variable name.</summary>
    private static List<object?> DataSource(FormComponent c, Dictionary<string, object?> scope) =>
        Prop(c, "dataSource") is { } dataSource
            ? (dataSource.StartsWith('=') ? FormValidator.Feel(dataSource[1..], scope) : scope.GetValueOrDefault(dataSource)) as List<object?> ?? []
            : [];

    /// <summary>
    /// The documents of a document preview as links: each entry is a form-js document reference
    /// (<c>documentId</c>, <c>endpoint</c>, <c>metadata.fileName</c>, <c>metadata.contentType</c>). The host puts a
    /// download URL into <c>endpoint</c>; entries without a safe http(s) or relative URL are listed without a link.
    /// </summary>
    private void DocumentList(FormComponent c, Dictionary<string, object?> scope, State state)
    {
        var html = state.Html;
        var id = NewId(c.Id ?? "dokumente", state);
        var title = Resolve(c.Label, scope);
        if (title is { Length: > 0 })
        {
            html.Append(CultureInfo.InvariantCulture, $"<h3 class=\"kern-heading-small\" id=\"{id}-titel\">{Encode(title)}</h3>");
        }

        var documents = DataSource(c, scope).OfType<FeelContext>().Take(1000).ToList();
        if (documents.Count == 0)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"kern-body\" id=\"{id}\">{(_english ? "No documents." : "Keine Dokumente.")}</p>");
            return;
        }

        html.Append(CultureInfo.InvariantCulture, $"<ul class=\"kern-list\" id=\"{id}\"{(title is { Length: > 0 } ? $" aria-labelledby=\"{id}-titel\"" : string.Empty)}>");
        foreach (var document in documents)
        {
            var metadata = document["metadata"] as FeelContext;
            var name = metadata?["fileName"] as string ?? document["documentId"] as string ?? (_english ? "Document" : "Dokument");
            var type = metadata?["contentType"] as string;
            var typeText = type is { Length: > 0 } ? $" <span class=\"kern-body kern-body--muted\">({Encode(type)})</span>" : string.Empty;
            html.Append("<li>");
            if (document["endpoint"] is string endpoint && !string.IsNullOrWhiteSpace(endpoint) && SafeUrl(endpoint, allowDataImage: false))
            {
                html.Append(CultureInfo.InvariantCulture, $"<a class=\"kern-link\" href=\"{Encode(endpoint.Trim())}\">{Encode(name)}</a>");
            }
            else
            {
                html.Append(Encode(name));
            }

            html.Append(typeText).Append("</li>");
        }

        html.Append("</ul>");
    }

    private static void Button(FormComponent c, Dictionary<string, object?> scope, State state)
    {
        var reset = Prop(c, "action") == "reset";
        state.Html.Append(CultureInfo.InvariantCulture, $"<div class=\"kern-btn-wrapper\"><button class=\"kern-btn {(reset ? "kern-btn--secondary" : "kern-btn--primary")}\" type=\"{(reset ? "reset" : "submit")}\"{(c.Disabled ? " disabled" : string.Empty)}><span class=\"kern-label\">{Encode(Resolve(c.Label, scope) ?? (reset ? "Reset" : "Submit"))}</span></button></div>");
    }

    private void Frame(FormComponent c, Dictionary<string, object?> scope, State state)
    {
        var url = Resolve(Prop(c, "url"), scope);
        var title = Resolve(c.Label, scope) ?? (_english ? "Embedded content" : "Eingebetteter Inhalt");
        if (url is null || !url.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || !Uri.TryCreate(url, UriKind.Absolute, out _))
        {
            return;
        }

        var height = c.Json["height"] is JsonValue h && h.TryGetValue<int>(out var px) ? Math.Clamp(px, 20, 2000) : 300;
        state.Html.Append(CultureInfo.InvariantCulture, $"<iframe class=\"kogge-form-iframe\" src=\"{Encode(url)}\" title=\"{Encode(title)}\" height=\"{height}\" sandbox=\"\" loading=\"lazy\" referrerpolicy=\"no-referrer\"></iframe>");
    }

    private void WriteSummary(StringBuilder html, List<(string? Target, string Message)> entries)
    {
        var count = entries.Count;
        var title = _english
            ? (count == 1 ? "Please check 1 entry" : $"Please check {count.ToString(CultureInfo.InvariantCulture)} entries")
            : (count == 1 ? "Bitte prüfen Sie 1 Angabe" : $"Bitte prüfen Sie {count.ToString(CultureInfo.InvariantCulture)} Angaben");
        var titleId = _idPrefix + "fehler-titel";
        html.Append(CultureInfo.InvariantCulture, $"<div class=\"kern-alert kern-alert--danger kogge-error-summary\" role=\"alert\" aria-labelledby=\"{titleId}\" tabindex=\"-1\" data-kogge-error-summary>");
        html.Append(CultureInfo.InvariantCulture, $"<div class=\"kern-alert__header\"><span class=\"kern-icon kern-icon--danger\" aria-hidden=\"true\"></span><h2 class=\"kern-title\" id=\"{titleId}\">{Encode(title)}</h2></div>");
        html.Append("<div class=\"kern-alert__body\"><ul class=\"kern-list\">");
        foreach (var (target, message) in entries)
        {
            html.Append(target is null
                ? $"<li>{Encode(message)}</li>"
                : $"<li><a class=\"kern-link\" href=\"#{target}\">{Encode(message)}</a></li>");
        }

        html.Append("</ul></div></div>");
    }

    private static string? ErrorFor(string path, string target, State state)
    {
        if (!state.ErrorsByPath.Remove(path, out var message))
        {
            return null;
        }

        state.Summary.Add((target, message));
        return message;
    }

    private void ErrorParagraph(StringBuilder html, string id, string? error)
    {
        if (error is null)
        {
            return;
        }

        html.Append(CultureInfo.InvariantCulture, $"<p class=\"kern-error\" id=\"{id}-fehler\"><span class=\"kern-icon kern-icon--danger\" aria-hidden=\"true\"></span><span class=\"kern-body\"><span class=\"kern-sr-only\">{(_english ? "Error: " : "Fehler: ")}</span>{Encode(error)}</span></p>");
    }

    private static void Hint(StringBuilder html, string id, string? hint)
    {
        if (hint is not null)
        {
            html.Append(CultureInfo.InvariantCulture, $"<div class=\"kern-hint\" id=\"{id}-hinweis\">{Encode(hint)}</div>");
        }
    }

    private static void LabelText(StringBuilder html, string label, bool required)
    {
        html.Append(Encode(label));
        if (!required)
        {
            html.Append(" <span class=\"kern-label__optional\">– optional</span>");
        }
    }

    private static void Aria(StringBuilder attributes, string id, bool hint, bool error)
    {
        var described = Described(id, hint, error);
        if (described.Length > 0)
        {
            attributes.Append(CultureInfo.InvariantCulture, $" aria-describedby=\"{described}\"");
        }

        if (error)
        {
            attributes.Append(" aria-invalid=\"true\"");
        }
    }

    private static string Described(string id, bool hint, bool error) =>
        (hint, error) switch
        {
            (true, true) => $"{id}-hinweis {id}-fehler",
            (true, false) => $"{id}-hinweis",
            (false, true) => $"{id}-fehler",
            _ => string.Empty,
        };

    private string NewId(string path, State state)
    {
        var baseId = _idPrefix + Slug(path);
        var id = baseId;
        for (var i = 2; !state.Ids.Add(id); i++)
        {
            id = string.Create(CultureInfo.InvariantCulture, $"{baseId}-{i}");
        }

        return id;
    }

    private static string Slug(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var ch in text)
        {
            if (char.IsAsciiLetterOrDigit(ch) || ch is '_')
            {
                sb.Append(char.ToLowerInvariant(ch));
            }
            else if (sb.Length > 0 && sb[^1] != '-')
            {
                sb.Append('-');
            }
        }

        return sb.ToString().Trim('-') is { Length: > 0 } slug ? slug : "x";
    }

    private static string? Prop(FormComponent c, string name) => FormComponent.Text(c.Json, name);

    /// <summary>A text property: "=expr" is FEEL, otherwise <c>{{expr}}</c> templates are filled in.</summary>
    private static string? Resolve(string? text, Dictionary<string, object?> scope)
    {
        if (text is null)
        {
            return null;
        }

        return text.StartsWith('=') ? Format(FormValidator.Feel(text[1..], scope)) : Template(text, scope, encode: false);
    }

    private static string Template(string text, Dictionary<string, object?> scope, bool encode) =>
        TextTemplate.Render(text, scope, encode, Format);

    private static string Format(object? value) => value switch
    {
        null => string.Empty,
        string s => s,
        bool b => b ? "true" : "false",
        decimal d => d.ToString("0.############################", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty,
    };

    private string Display(JsonNode? value) => value switch
    {
        null => string.Empty,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v when v.TryGetValue<bool>(out var b) => b ? "true" : "false",
        JsonValue v when v.TryGetValue<decimal>(out var d) => d.ToString(CultureInfo.InvariantCulture),
        _ => value.ToJsonString(),
    };

    private static List<(string Label, string Value)> Options(FormComponent c, Dictionary<string, object?> scope)
    {
        if (c.Options.Count > 0)
        {
            return c.Options.Select(o => (o.Label, OptionValue(o.Value))).ToList();
        }

        object? source = c.ValuesKey is { } key ? scope.GetValueOrDefault(key)
            : c.ValuesExpression is { } expression ? FormValidator.Feel(expression.TrimStart('='), scope)
            : null;
        if (source is not List<object?> list)
        {
            return [];
        }

        return list.Take(1000).Select(item =>
        {
            if (item is FeelContext ctx && ctx.ContainsKey("value"))
            {
                var value = OptionValue(FormValidator.ToJson(ctx["value"]));
                return (ctx.ContainsKey("label") ? Format(ctx["label"]) : value, value);
            }

            var plain = OptionValue(FormValidator.ToJson(item));
            return (plain, plain);
        }).ToList();
    }

    private static string OptionValue(JsonNode? value) => value switch
    {
        null => string.Empty,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v when v.TryGetValue<decimal>(out var d) => d.ToString(CultureInfo.InvariantCulture),
        _ => value.ToJsonString(),
    };

    private static bool SafeUrl(string url, bool allowDataImage)
    {
        var trimmed = url.Trim();
        if (allowDataImage && trimmed.StartsWith("data:image/", StringComparison.OrdinalIgnoreCase) && !trimmed.StartsWith("data:image/svg", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        // On Unix "/a/b" parses as an absolute file: URI; a path on the own host is a relative URL here.
        if (trimmed.StartsWith('/') && !trimmed.StartsWith("//", StringComparison.Ordinal))
        {
            return !trimmed.Contains(':', StringComparison.Ordinal) && !trimmed.Contains('\\', StringComparison.Ordinal);
        }

        if (Uri.TryCreate(trimmed, UriKind.Absolute, out var absolute))
        {
            return absolute.Scheme is "http" or "https";
        }

        return Uri.TryCreate(trimmed, UriKind.Relative, out _) && !trimmed.Contains(':', StringComparison.Ordinal);
    }

    private static string Sanitize(string html) => Sanitizer.Sanitize(html);

    /// <summary>Text without FEEL and without a template gives the same HTML on every page.</summary>
    private static bool IsStatic(string source) => !source.StartsWith('=') && !source.Contains("{{", StringComparison.Ordinal);

    /// <summary>The page has its h1 (and the form may sit below an h2): headings in form texts start at h3.</summary>
    private static string DemoteHeadings(string html) =>
        EmptyHeading().Replace(HeadingTag().Replace(html, m => $"<{m.Groups[1].Value}h{Math.Min(6, m.Groups[2].Value[0] - '0' + 2).ToString(CultureInfo.InvariantCulture)}"), string.Empty);

    private static HtmlSanitizer CreateSanitizer()
    {
        var sanitizer = new HtmlSanitizer();
        foreach (var tag in new[] { "form", "input", "button", "select", "textarea", "option", "optgroup", "label", "fieldset", "legend", "datalist", "output", "style", "iframe", "object", "embed" })
        {
            sanitizer.AllowedTags.Remove(tag);
        }

        sanitizer.AllowedAttributes.Remove("style");
        sanitizer.AllowedAttributes.Remove("id");
        sanitizer.AllowedSchemes.Clear();
        sanitizer.AllowedSchemes.Add("https");
        sanitizer.AllowedSchemes.Add("http");
        sanitizer.AllowedSchemes.Add("mailto");
        sanitizer.AllowedSchemes.Add("tel");
        return sanitizer;
    }

    /// <summary>Encodes text for HTML content and double-quoted attribute values.</summary>
    internal static string Encode(string text)
    {
        if (text.AsSpan().IndexOfAny("&<>\"'") < 0)
        {
            return text;
        }

        var sb = new StringBuilder(text.Length + 16);
        foreach (var ch in text)
        {
            _ = ch switch
            {
                '&' => sb.Append("&amp;"),
                '<' => sb.Append("&lt;"),
                '>' => sb.Append("&gt;"),
                '"' => sb.Append("&quot;"),
                '\'' => sb.Append("&#39;"),
                _ => sb.Append(ch),
            };
        }

        return sb.ToString();
    }

    [GeneratedRegex(@"<(/?)h([1-6])(?=[\s>])", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, 250)]
    private static partial Regex HeadingTag();

    // A template whose value is missing leaves an empty heading, which screen readers announce as "heading".
    [GeneratedRegex(@"<h([1-6])>\s*</h\1>", RegexOptions.CultureInvariant, 250)]
    private static partial Regex EmptyHeading();

    [GeneratedRegex(@"^(.+)\[(\d{1,4})\]$", RegexOptions.CultureInvariant, 250)]
    private static partial Regex ListIndex();
}

/// <summary>HTML by source text, bounded so that many distinct texts cannot grow it without limit.</summary>
internal sealed class StaticHtmlCache
{
    private const int MaxEntries = 10_000;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _html = new(StringComparer.Ordinal);

    public string GetOrAdd(string source, Func<string, string> render)
    {
        if (_html.TryGetValue(source, out var html))
        {
            return html;
        }

        html = render(source);
        if (_html.Count < MaxEntries)
        {
            _html[source] = html;
        }

        return html;
    }
}
