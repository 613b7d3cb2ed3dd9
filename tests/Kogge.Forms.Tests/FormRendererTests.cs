using CsCheck;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Kogge.Forms.Rendering;
using Kogge.Forms.Schema;
using Kogge.Forms.Validation;
using Kogge.Testing;

namespace Kogge.Forms.Tests;

public sealed partial class FormRendererTests
{
    private static string Render(string components, string? data = null, IReadOnlyList<FieldError>? errors = null, IReadOnlyDictionary<string, object?>? variables = null, string language = "de")
    {
        var form = FormDefinition.Parse($$"""{"type": "default", "components": [{{components}}]}""");
        var json = data is null ? null : JsonNode.Parse(data)!.AsObject();
        return new FormRenderer(form, language).Render(json, errors, variables).Html;
    }

    private static IEnumerable<string> Ids(string html) => IdAttribute().Matches(html).Select(m => m.Groups[1].Value);

    [Fact]
    public void Render_RequiredTextfield_LabelForMatchesInputAndNoOptionalMarker()
    {
        var html = Render("""{"id": "n", "type": "textfield", "key": "name", "label": "Name", "validate": {"required": true}}""");

        Assert.Contains("<div class=\"kern-form-input\"><label class=\"kern-label\" for=\"feld-name\">Name</label>", html, StringComparison.Ordinal);
        Assert.Contains("<input class=\"kern-form-input__input\" type=\"text\" id=\"feld-name\" name=\"name\" required value=\"\">", html, StringComparison.Ordinal);
        Assert.DoesNotContain("optional", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_OptionalFieldWithDescription_MarksOptionalAndDescribesByHint()
    {
        var html = Render("""{"type": "textfield", "key": "phone", "label": "Telefon", "description": "Für Rückfragen.", "validate": {"validationType": "phone"}}""");

        Assert.Contains("Telefon <span class=\"kern-label__optional\">– optional</span></label>", html, StringComparison.Ordinal);
        Assert.Contains("<div class=\"kern-hint\" id=\"feld-phone-hinweis\">Für Rückfragen.</div>", html, StringComparison.Ordinal);
        Assert.Contains("type=\"tel\"", html, StringComparison.Ordinal);
        Assert.Contains("aria-describedby=\"feld-phone-hinweis\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_FieldWithError_InvalidDescribedByHintAndErrorAndSummaryLinks()
    {
        var errors = new[] { new FieldError("email", "email", "Bitte geben Sie eine gültige E-Mail-Adresse ein.") };

        var html = Render("""{"type": "textfield", "key": "email", "label": "E-Mail", "description": "Hinweis", "validate": {"validationType": "email", "required": true}}""", """{"email": "anna@"}""", errors);

        Assert.Contains("kern-form-input kern-form-input--error", html, StringComparison.Ordinal);
        Assert.Contains("kern-form-input__input kern-form-input__input--error", html, StringComparison.Ordinal);
        Assert.Contains("aria-describedby=\"feld-email-hinweis feld-email-fehler\" aria-invalid=\"true\"", html, StringComparison.Ordinal);
        Assert.Contains("value=\"anna@\"", html, StringComparison.Ordinal);
        Assert.Contains("<p class=\"kern-error\" id=\"feld-email-fehler\"><span class=\"kern-icon kern-icon--danger\" aria-hidden=\"true\"></span><span class=\"kern-body\"><span class=\"kern-sr-only\">Fehler: </span>Bitte geben Sie eine gültige E-Mail-Adresse ein.</span></p>", html, StringComparison.Ordinal);
        Assert.StartsWith("<div class=\"kern-alert kern-alert--danger kogge-error-summary\" role=\"alert\"", html, StringComparison.Ordinal);
        Assert.Contains("Bitte prüfen Sie 1 Angabe", html, StringComparison.Ordinal);
        Assert.Contains("<a class=\"kern-link\" href=\"#feld-email\">Bitte geben Sie eine gültige E-Mail-Adresse ein.</a>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_ErrorsInEnglish_UseEnglishTexts()
    {
        var errors = new[] { new FieldError("a", "required", "Field is required."), new FieldError("b", "required", "Field is required.") };

        var result = new FormRenderer(FormDefinition.Parse("""{"components": [{"type": "textfield", "key": "a", "label": "A"}, {"type": "select", "key": "b", "label": "B", "values": [{"label": "x", "value": "x"}]}]}"""), "en")
            .Render(null, errors);

        Assert.Equal(2, result.ErrorCount);
        Assert.Contains("Please check 2 entries", result.ErrorSummary, StringComparison.Ordinal);
        Assert.Contains("<span class=\"kern-sr-only\">Error: </span>", result.Fields, StringComparison.Ordinal);
        Assert.Contains("Please select", result.Fields, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_NoErrors_NoSummary()
    {
        var result = new FormRenderer(FormDefinition.Parse("""{"components": [{"type": "textfield", "key": "a", "label": "A"}]}""")).Render();

        Assert.Equal(string.Empty, result.ErrorSummary);
        Assert.Equal(0, result.ErrorCount);
    }

    [Fact]
    public void Render_UserValuesAndLabels_AreEscaped()
    {
        var html = Render(
            """{"type": "textfield", "key": "name", "label": "<b>Name</b> & \"Vorname\"", "description": "<script>alert(1)</script>"}, {"type": "textarea", "key": "text", "label": "Text"}""",
            """{"name": "\"><script>alert(1)</script>", "text": "</textarea><script>x()</script>"}""");

        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;Name&lt;/b&gt; &amp; &quot;Vorname&quot;", html, StringComparison.Ordinal);
        Assert.Contains("value=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\"", html, StringComparison.Ordinal);
        Assert.Contains("&lt;/textarea&gt;&lt;script&gt;x()&lt;/script&gt;</textarea>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_Textarea_HasLabelAndValue()
    {
        var html = Render("""{"type": "textarea", "key": "reason", "label": "Begründung", "validate": {"required": true}}""", """{"reason": "Umzug"}""");

        Assert.Contains("<label class=\"kern-label\" for=\"feld-reason\">Begründung</label>", html, StringComparison.Ordinal);
        Assert.Contains("<textarea class=\"kern-form-input__input\" rows=\"5\" id=\"feld-reason\" name=\"reason\" required>Umzug</textarea>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_Number_IsDecimalTextInputWithValue()
    {
        var html = Render("""{"type": "number", "key": "age", "label": "Alter"}""", """{"age": 12.5}""");

        Assert.Contains("type=\"text\" inputmode=\"decimal\" id=\"feld-age\" name=\"age\"", html, StringComparison.Ordinal);
        Assert.Contains("value=\"12.5\"", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("date", "date", "dateLabel")]
    [InlineData("time", "time", "timeLabel")]
    [InlineData("datetime", "datetime-local", "dateLabel")]
    public void Render_Datetime_UsesNativeInputOfSubtype(string subtype, string inputType, string labelProperty)
    {
        var html = Render($$"""{"type": "datetime", "key": "when", "subtype": "{{subtype}}", "{{labelProperty}}": "Wann"}""");

        Assert.Contains($"type=\"{inputType}\" id=\"feld-when\" name=\"when\"", html, StringComparison.Ordinal);
        Assert.Contains("for=\"feld-when\">Wann", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_Checkbox_CheckedFromDataWithLabel()
    {
        var html = Render("""{"type": "checkbox", "key": "agree", "label": "Ich stimme zu", "validate": {"required": true}}""", """{"agree": true}""");

        Assert.Contains("<div class=\"kern-form-check\"><input class=\"kern-form-check__checkbox\" id=\"feld-agree\" name=\"agree\" type=\"checkbox\" value=\"true\" checked required>", html, StringComparison.Ordinal);
        Assert.Contains("<label class=\"kern-label\" for=\"feld-agree\">Ich stimme zu</label>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_ChecklistWithError_FieldsetLegendAndSummaryLinksFirstBox()
    {
        var errors = new[] { new FieldError("extras", "required", "Bitte füllen Sie dieses Feld aus.") };

        var html = Render(
            """{"type": "checklist", "key": "extras", "label": "Extras", "description": "Alle zutreffenden", "validate": {"required": true}, "values": [{"label": "Express", "value": "express"}, {"label": "Kopie", "value": "copy"}]}""",
            """{"extras": ["copy"]}""",
            errors);

        Assert.Contains("<fieldset class=\"kern-fieldset kern-fieldset--error\" id=\"feld-extras\" aria-describedby=\"feld-extras-hinweis feld-extras-fehler\">", html, StringComparison.Ordinal);
        Assert.Contains("<legend class=\"kern-label\">Extras</legend>", html, StringComparison.Ordinal);
        Assert.Contains("<input class=\"kern-form-check__checkbox kern-form-check__checkbox--error\" id=\"feld-extras-0\" name=\"extras\" type=\"checkbox\" value=\"express\" aria-invalid=\"true\">", html, StringComparison.Ordinal);
        Assert.Contains("id=\"feld-extras-1\" name=\"extras\" type=\"checkbox\" value=\"copy\" checked", html, StringComparison.Ordinal);
        Assert.Contains("<label class=\"kern-label\" for=\"feld-extras-1\">Kopie</label>", html, StringComparison.Ordinal);
        Assert.Contains("href=\"#feld-extras-0\"", html, StringComparison.Ordinal);
        Assert.Matches("</div><p class=\"kern-error\" id=\"feld-extras-fehler\">.*</p></fieldset>", html);
    }

    [Fact]
    public void Render_RadioWithOptionsFromVariable_FieldsetAndCheckedOption()
    {
        var variables = new Dictionary<string, object?> { ["months"] = new List<object?> { 3m, 6m } };

        var html = Render("""{"type": "radio", "key": "duration", "label": "Laufzeit", "valuesKey": "months"}""", """{"duration": 6}""", variables: variables);

        Assert.Contains("<legend class=\"kern-label\">Laufzeit <span class=\"kern-label__optional\">– optional</span></legend>", html, StringComparison.Ordinal);
        Assert.Contains("<input class=\"kern-form-check__radio\" id=\"feld-duration-0\" name=\"duration\" type=\"radio\" value=\"3\">", html, StringComparison.Ordinal);
        Assert.Contains("id=\"feld-duration-1\" name=\"duration\" type=\"radio\" value=\"6\" checked>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_SelectWithError_WrapperSelectClassesAndSelectedOption()
    {
        var errors = new[] { new FieldError("kind", "option", "Dieser Wert steht nicht zur Auswahl.") };

        var html = Render("""{"type": "select", "key": "kind", "label": "Art", "values": [{"label": "Pass", "value": "passport"}, {"label": "Ausweis", "value": "id"}]}""", """{"kind": "id"}""", errors);

        Assert.Contains("<div class=\"kern-form-input__select-wrapper\"><select class=\"kern-form-input__select kern-form-input__select--error\" id=\"feld-kind\" name=\"kind\" aria-describedby=\"feld-kind-fehler\" aria-invalid=\"true\">", html, StringComparison.Ordinal);
        Assert.Contains("<option value=\"\">Bitte auswählen</option>", html, StringComparison.Ordinal);
        Assert.Contains("<option value=\"id\" selected>Ausweis</option>", html, StringComparison.Ordinal);
        Assert.Contains("</select></div><p class=\"kern-error\" id=\"feld-kind-fehler\">", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_TaglistFromExpression_IsCheckboxGroup()
    {
        var html = Render("""{"type": "taglist", "key": "tags", "label": "Schlagworte", "valuesExpression": "=[{label: \"Eins\", value: \"1\"}, {label: \"Zwei\", value: \"2\"}]"}""", """{"tags": ["2"]}""");

        Assert.Contains("<fieldset class=\"kern-fieldset\" id=\"feld-tags\">", html, StringComparison.Ordinal);
        Assert.Contains("value=\"2\" checked><label class=\"kern-label\" for=\"feld-tags-1\">Zwei</label>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_Filepicker_FileInputWithAcceptAndMultiple()
    {
        var html = Render("""{"type": "filepicker", "key": "docs", "label": "Nachweise", "accept": ".pdf,.jpg", "multiple": true}""");

        Assert.Contains("<label class=\"kern-label\" for=\"feld-docs\">Nachweise <span class=\"kern-label__optional\">– optional</span></label>", html, StringComparison.Ordinal);
        Assert.Contains("<input class=\"kern-form-input__input\" type=\"file\" id=\"feld-docs\" name=\"docs\" accept=\".pdf,.jpg\" multiple>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_GroupWithPath_FieldsetLegendAndNestedNames()
    {
        var errors = new[] { new FieldError("address.zip", "pattern", "Fünf Ziffern") };

        var html = Render("""{"type": "group", "label": "Anschrift", "path": "address", "components": [{"type": "textfield", "key": "zip", "label": "PLZ"}]}""", """{"address": {"zip": "123"}}""", errors);

        Assert.Contains("<fieldset class=\"kern-fieldset kogge-form-group\" id=\"feld-address\"><legend class=\"kern-label\">Anschrift</legend>", html, StringComparison.Ordinal);
        Assert.Contains("id=\"feld-address-zip\" name=\"address.zip\"", html, StringComparison.Ordinal);
        Assert.Contains("value=\"123\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"#feld-address-zip\">Fünf Ziffern</a>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_DynamicList_ItemPerEntryWithIndexedNamesAndButtons()
    {
        var errors = new[] { new FieldError("children[1].name", "required", "Bitte füllen Sie dieses Feld aus.") };

        var html = Render(
            """{"type": "dynamiclist", "label": "Kinder", "path": "children", "isRepeating": true, "allowAddRemove": true, "components": [{"type": "textfield", "key": "name", "label": "Name", "validate": {"required": true}}]}""",
            """{"children": [{"name": "Ada"}, {}]}""",
            errors);

        Assert.Contains("<legend class=\"kern-label\">Kinder</legend>", html, StringComparison.Ordinal);
        Assert.Contains("<legend class=\"kern-label\">Eintrag 2</legend>", html, StringComparison.Ordinal);
        Assert.Contains("id=\"feld-children-0-name\" name=\"children[0].name\" required value=\"Ada\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"feld-children-1-name\" name=\"children[1].name\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"#feld-children-1-name\"", html, StringComparison.Ordinal);
        Assert.Contains("name=\"kogge-liste\" value=\"add:children\"", html, StringComparison.Ordinal);
        Assert.Contains("name=\"kogge-liste\" value=\"remove:children[1]\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public void ApplyListAction_AddAndRemove_ChangeTheList()
    {
        var data = JsonNode.Parse("""{"children": [{"name": "Ada"}, {"name": "Bo"}]}""")!.AsObject();

        Assert.True(FormRenderer.ApplyListAction(data, "add:children"));
        Assert.True(FormRenderer.ApplyListAction(data, "remove:children[0]"));
        Assert.False(FormRenderer.ApplyListAction(data, "remove:children[9]"));
        Assert.False(FormRenderer.ApplyListAction(data, "delete-everything"));

        var list = data["children"]!.AsArray();
        Assert.Equal(2, list.Count);
        Assert.Equal("Bo", list[0]!["name"]!.GetValue<string>());
    }

    [Fact]
    public void Render_TextMarkdownWithTemplate_RendersSanitizedHtml()
    {
        var variables = new Dictionary<string, object?> { ["city"] = "Rostock" };

        var html = Render("""{"type": "text", "text": "# Antrag in {{city}}\n\n__fett__ [Link](javascript:alert(1)) <script>alert(1)</script>"}""", variables: variables);

        Assert.Contains("<h3>Antrag in Rostock</h3>", html, StringComparison.Ordinal);
        Assert.Contains("<strong>fett</strong>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("javascript:", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Render_TextTemplateWithIfAndLoop_FillsInFromVariables()
    {
        var users = new List<object?>();
        foreach (var (name, skills) in new[] { ("Ada", new List<object?> { "FEEL", "DMN" }), ("Bo", new List<object?>()) })
        {
            var user = new Kogge.Feel.Evaluation.FeelContext();
            user.Set("name", name);
            user.Set("skills", skills);
            users.Add(user);
        }

        var html = Render(
            """{"type": "text", "text": "{{#loop users}}\n## {{name}}\n{{#loop skills}}\n- {{this}}\n{{/loop}}\n{{/loop}}\n{{#if count(users) > 1}}Mehrere{{/if}}{{#if false}}Nie{{/if}}"}""",
            variables: new Dictionary<string, object?> { ["users"] = users });

        Assert.Contains("<h4>Ada</h4>", html, StringComparison.Ordinal);
        Assert.Contains("<h4>Bo</h4>", html, StringComparison.Ordinal);
        Assert.Contains("<li>FEEL</li>", html, StringComparison.Ordinal);
        Assert.Contains("<li>DMN</li>", html, StringComparison.Ordinal);
        Assert.Contains("Mehrere", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Nie", html, StringComparison.Ordinal);
        Assert.DoesNotContain("{{", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_AnyPostedText_IsEncodedNeverMarkup()
    {
        var form = FormDefinition.Parse(File.ReadAllText(SharedData.Path("form-js/forms/form.json")));
        var keys = form.AllComponents.Where(c => c.Key is not null).Select(c => c.Key!).ToList();
        var renderer = new FormRenderer(form);

        Gen.String[0, 40].Sample(suffix =>
        {
            var text = "<x onload=1>\"'&" + suffix;
            var data = new JsonObject();
            foreach (var key in keys)
            {
                data[key] = text;
            }

            var html = renderer.Render(data, keys.Select(k => new FieldError(k, "x", text)).ToList()).Html;

            Assert.DoesNotContain("<x", html, StringComparison.Ordinal);
            Assert.DoesNotContain("onload=1>\"", html, StringComparison.Ordinal);
        }, iter: 200);
    }

    [Fact]
    public void Render_ReadonlyChoices_DisabledButValueStillPosted()
    {
        var html = Render("""{"type": "radio", "key": "kind", "label": "Art", "readonly": true, "values": [{"label": "A", "value": "a"}, {"label": "B", "value": "b"}]}, {"type": "checkbox", "key": "ok", "label": "OK", "readonly": true}""", """{"kind": "b", "ok": true}""");

        Assert.Contains("value=\"b\" checked disabled>", html, StringComparison.Ordinal);
        Assert.Contains("<input type=\"hidden\" name=\"kind\" value=\"b\">", html, StringComparison.Ordinal);
        Assert.Contains("<input type=\"hidden\" name=\"ok\" value=\"true\">", html, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"kind\" value=\"a\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_HtmlComponent_SanitizesScriptsHandlersAndUrls()
    {
        var variables = new Dictionary<string, object?> { ["heading"] = "<img src=x onerror=alert(1)>Titel" };

        var html = Render(
            """{"type": "html", "content": "<h2>{{heading}}</h2><p onclick=\"steal()\">Text</p><script>alert(1)</script><a href=\"javascript:alert(1)\">x</a><a href=\"https://rostock.de\">ok</a><form action=\"https://evil\"><input name=\"pw\"></form><img src=\"x\" onerror=\"alert(1)\">"}""",
            variables: variables);

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch("<[^>]*\\son[a-z]+=", html);
        Assert.DoesNotContain("javascript:", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<form", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<input", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<a href=\"https://rostock.de\">ok</a>", html, StringComparison.Ordinal);
        Assert.Contains("<h4>&lt;img src=x onerror=alert(1)&gt;Titel</h4>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<h4></h4>", Render("""{"type": "html", "content": "<h2>{{missing}}</h2><p>x</p>"}"""), StringComparison.Ordinal);
        Assert.Contains("<p>Text</p>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_SeparatorSpacerImage_PresentationMarkup()
    {
        var html = Render("""{"type": "separator"}, {"type": "spacer", "height": 30}, {"type": "image", "source": "https://example.org/a.png", "alt": "Wappen"}, {"type": "image", "source": "javascript:alert(1)", "alt": "böse"}, {"type": "image", "source": "=missing", "alt": "leer"}""");

        Assert.Contains("<hr class=\"kern-divider\">", html, StringComparison.Ordinal);
        Assert.Contains("style=\"height: 30px\" aria-hidden=\"true\"", html, StringComparison.Ordinal);
        Assert.Contains("<img src=\"https://example.org/a.png\" alt=\"Wappen\">", html, StringComparison.Ordinal);
        Assert.DoesNotContain("javascript:", html, StringComparison.Ordinal);
        Assert.DoesNotContain("src=\"\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_Image_PathOnTheOwnHostIsShownProtocolRelativeIsNot()
    {
        var html = Render("""{"type": "image", "source": "/rostock/wappen.png", "alt": "Wappen"}, {"type": "image", "source": "//evil.example/x.png", "alt": "fremd"}""");

        Assert.Contains("<img src=\"/rostock/wappen.png\" alt=\"Wappen\">", html, StringComparison.Ordinal);
        Assert.DoesNotContain("evil.example", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_Table_FromDataSourceWithHeadersAndRegion()
    {
        var rows = new List<object?>();
        foreach (var (risk, name) in new[] { ("hoch", "<b>A</b>"), ("niedrig", "B") })
        {
            var row = new Kogge.Feel.Evaluation.FeelContext();
            row.Set("risk", risk);
            row.Set("name", name);
            rows.Add(row);
        }

        var html = Render("""{"type": "table", "id": "Table_1", "label": "Risiken", "dataSource": "=entries", "columns": [{"label": "Risiko", "key": "risk"}, {"label": "Name", "key": "name"}]}""", variables: new Dictionary<string, object?> { ["entries"] = rows });

        Assert.Contains("<h3 class=\"kern-heading-small\" id=\"feld-table_1-titel\">Risiken</h3>", html, StringComparison.Ordinal);
        Assert.Contains("role=\"region\" aria-labelledby=\"feld-table_1-titel\" tabindex=\"0\"", html, StringComparison.Ordinal);
        Assert.Contains("<th class=\"kern-table__header\" scope=\"col\">Risiko</th>", html, StringComparison.Ordinal);
        Assert.Contains("<td class=\"kern-table__cell\">hoch</td>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;A&lt;/b&gt;", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_Iframe_SandboxedHttpsOnlyWithTitle()
    {
        var html = Render("""{"type": "iframe", "label": "Stadtplan", "url": "https://karte.example.org/?q=1&z=2", "height": 400}, {"type": "iframe", "label": "unsicher", "url": "http://example.org"}""");

        Assert.Contains("<iframe class=\"kogge-form-iframe\" src=\"https://karte.example.org/?q=1&amp;z=2\" title=\"Stadtplan\" height=\"400\" sandbox=\"\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("http://example.org", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_Button_SubmitAndResetAsKernButtons()
    {
        var html = Render("""{"type": "button", "label": "Absenden"}, {"type": "button", "label": "Zurücksetzen", "action": "reset"}""");

        Assert.Contains("<button class=\"kern-btn kern-btn--primary\" type=\"submit\"><span class=\"kern-label\">Absenden</span></button>", html, StringComparison.Ordinal);
        Assert.Contains("<button class=\"kern-btn kern-btn--secondary\" type=\"reset\"><span class=\"kern-label\">Zurücksetzen</span></button>", html, StringComparison.Ordinal);
    }

    private static Kogge.Feel.Evaluation.FeelContext Document(string id, string? endpoint, string? fileName, string? contentType)
    {
        var metadata = new Kogge.Feel.Evaluation.FeelContext();
        metadata.Set("fileName", fileName);
        metadata.Set("contentType", contentType);
        var document = new Kogge.Feel.Evaluation.FeelContext();
        document.Set("documentId", id);
        document.Set("endpoint", endpoint);
        document.Set("metadata", metadata);
        return document;
    }

    [Fact]
    public void Render_DocumentPreview_DocumentsFromVariableAsLinks()
    {
        var documents = new List<object?>
        {
            Document("d1", "/rostock/dokumente/d1", "Bescheid <2024>.pdf", "application/pdf"),
            Document("d2", "javascript:alert(1)", "Foto.jpg", "image/jpeg"),
            Document("d3", null, null, null),
        };

        var html = Render("""{"type": "documentPreview", "id": "Docs_1", "label": "Unterlagen zu {{caseId}}", "dataSource": "=my_documents"}""",
            variables: new Dictionary<string, object?> { ["my_documents"] = documents, ["caseId"] = "V-17" });

        Assert.Contains("<h3 class=\"kern-heading-small\" id=\"feld-docs_1-titel\">Unterlagen zu V-17</h3>", html, StringComparison.Ordinal);
        Assert.Contains("<ul class=\"kern-list\" id=\"feld-docs_1\" aria-labelledby=\"feld-docs_1-titel\">", html, StringComparison.Ordinal);
        Assert.Contains("<li><a class=\"kern-link\" href=\"/rostock/dokumente/d1\">Bescheid &lt;2024&gt;.pdf</a> <span class=\"kern-body kern-body--muted\">(application/pdf)</span></li>", html, StringComparison.Ordinal);
        Assert.Contains("<li>Foto.jpg <span", html, StringComparison.Ordinal);
        Assert.DoesNotContain("javascript:", html, StringComparison.Ordinal);
        Assert.Contains("<li>d3</li>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_DocumentPreview_NoDocumentsSaysSo()
    {
        var html = Render("""{"type": "documentPreview", "label": "Unterlagen", "dataSource": "=missing"}""");

        Assert.Contains("Keine Dokumente.", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<ul", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_Expression_PostsNothing()
    {
        var html = Render("""{"type": "expression", "key": "total", "expression": "=1 + 2"}""");

        Assert.DoesNotContain("total", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_ConditionalHide_EvaluatedFromData()
    {
        const string components = """
            {"type": "select", "key": "kind", "label": "Art", "values": [{"label": "Pass", "value": "passport"}, {"label": "Ausweis", "value": "id"}]},
            {"type": "textarea", "key": "reason", "label": "Grund", "conditional": {"hide": "=kind != \"id\""}},
            {"type": "group", "label": "Nur für Pass", "conditional": {"hide": "=kind = \"id\""}, "components": [{"type": "textfield", "key": "passNo", "label": "Passnummer"}]}
            """;

        var passport = Render(components, """{"kind": "passport"}""");
        var id = Render(components, """{"kind": "id"}""");

        Assert.DoesNotContain("name=\"reason\"", passport, StringComparison.Ordinal);
        Assert.Contains("name=\"passNo\"", passport, StringComparison.Ordinal);
        Assert.Contains("name=\"reason\"", id, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"passNo\"", id, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_ValidatorErrors_EachFieldErrorLinkedFromSummary()
    {
        var form = FormDefinition.Parse("""
            {"components": [
              {"type": "textfield", "key": "name", "label": "Name", "validate": {"required": true}},
              {"type": "number", "key": "age", "label": "Alter", "validate": {"min": 18}},
              {"type": "radio", "key": "kind", "label": "Art", "validate": {"required": true}, "values": [{"label": "A", "value": "a"}]}
            ]}
            """);
        var posted = JsonNode.Parse("""{"age": "12"}""")!.AsObject();
        var result = new FormValidator(form).Validate(posted);

        var rendered = new FormRenderer(form).Render(posted, result.Errors);

        Assert.Equal(3, rendered.ErrorCount);
        Assert.Contains("Bitte prüfen Sie 3 Angaben", rendered.ErrorSummary, StringComparison.Ordinal);
        foreach (var target in HrefTarget().Matches(rendered.ErrorSummary).Select(m => m.Groups[1].Value))
        {
            Assert.Contains($"id=\"{target}\"", rendered.Fields, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Render_RenderToWriter_WritesSummaryThenFields()
    {
        var form = FormDefinition.Parse("""{"components": [{"type": "textfield", "key": "a", "label": "A"}]}""");
        using var writer = new StringWriter();

        new FormRenderer(form).Render(writer, null, [new FieldError("a", "required", "Pflicht")]);

        var html = writer.ToString();
        Assert.True(html.IndexOf("kogge-error-summary", StringComparison.Ordinal) < html.IndexOf("<input", StringComparison.Ordinal));
    }

    [Fact]
    public void Render_EveryFormJsTestForm_NoExceptionUniqueIdsAndLabelsPointAtIds()
    {
        var dir = SharedData.Path("form-js/forms");
        var files = Directory.GetFiles(dir, "*.json");

        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var form = FormDefinition.Parse(File.ReadAllText(file));
            var data = new FormValidator(form).InitialData();
            foreach (var language in new[] { "de", "en" })
            {
                var html = new FormRenderer(form, language).Render(data).Html;
                var ids = Ids(html).ToList();

                Assert.True(ids.Count == ids.Distinct(StringComparer.Ordinal).Count(), $"{Path.GetFileName(file)}: duplicate ids {string.Join(", ", ids.GroupBy(i => i).Where(g => g.Count() > 1).Select(g => g.Key))}");
                foreach (var target in LabelFor().Matches(html).Select(m => m.Groups[1].Value).Concat(DescribedBy().Matches(html).SelectMany(m => m.Groups[1].Value.Split(' '))))
                {
                    Assert.True(ids.Contains(target), $"{Path.GetFileName(file)}: '{target}' is referenced but not on the page");
                }

                Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
            }
        }
    }

    [Fact]
    public void Render_FormJsTestFormWithErrorsOnEveryInput_EveryLinkHasATarget()
    {
        var dir = SharedData.Path("form-js/forms");
        foreach (var file in Directory.GetFiles(dir, "*.json"))
        {
            var form = FormDefinition.Parse(File.ReadAllText(file));
            var errors = form.Components.Where(c => c.Key is not null && c.Type != "expression").Select(c => new FieldError(c.Key!, "required", "Pflicht")).ToList();

            var rendered = new FormRenderer(form).Render(null, errors);

            foreach (var target in HrefTarget().Matches(rendered.ErrorSummary).Select(m => m.Groups[1].Value))
            {
                Assert.True(Ids(rendered.Fields).Contains(target), $"{Path.GetFileName(file)}: summary links to missing '{target}'");
            }
        }
    }

    [Fact]
    public void RenderPostValidate_RoundTrip_TypedDataAndErrorsBackAtTheFields()
    {
        var form = FormDefinition.Parse("""
            {"components": [
              {"type": "textfield", "key": "name", "label": "Name", "validate": {"required": true}},
              {"type": "radio", "key": "duration", "label": "Laufzeit", "values": [{"label": "3 Monate", "value": 3}, {"label": "6 Monate", "value": 6}]},
              {"type": "checklist", "key": "extras", "label": "Extras", "values": [{"label": "Express", "value": "express"}, {"label": "Kopie", "value": "copy"}]},
              {"type": "group", "label": "Anschrift", "path": "address", "components": [{"type": "textfield", "key": "zip", "label": "PLZ"}]},
              {"type": "dynamiclist", "label": "Kinder", "path": "children", "isRepeating": true, "components": [{"type": "textfield", "key": "name", "label": "Name", "validate": {"required": true}}]}
            ]}
            """);
        var fields = new Dictionary<string, IReadOnlyList<string?>>
        {
            ["__RequestVerificationToken"] = ["token"],
            ["name"] = ["Ada"],
            ["duration"] = ["6"],
            ["extras"] = ["express", "copy"],
            ["address.zip"] = ["18055"],
            ["children[0].name"] = ["Bo"],
            ["children[1].name"] = [""],
        };
        var posted = FormPost.ToJson(fields);

        var result = new FormValidator(form).Validate(posted);
        var page = new FormRenderer(form).Render(posted, result.Errors);

        var error = Assert.Single(result.Errors);
        Assert.Equal("children[1].name", error.Path);
        Assert.Equal(6m, result.Data["duration"]!.GetValue<decimal>());
        Assert.Equal(2, result.Data["extras"]!.AsArray().Count);
        Assert.Equal("18055", result.Data["address"]!["zip"]!.GetValue<string>());
        Assert.False(posted.ContainsKey("__RequestVerificationToken"));
        Assert.Contains("href=\"#feld-children-1-name\"", page.ErrorSummary, StringComparison.Ordinal);
        Assert.Contains("name=\"children[0].name\" required value=\"Bo\"", page.Fields, StringComparison.Ordinal);
        Assert.Contains("value=\"6\" checked>", page.Fields, StringComparison.Ordinal);
        Assert.Contains("value=\"copy\" checked>", page.Fields, StringComparison.Ordinal);
        Assert.Contains("aria-describedby=\"feld-children-1-name-fehler\" aria-invalid=\"true\"", page.Fields, StringComparison.Ordinal);
    }

    [Fact]
    public void FormPost_BadNames_AreSkipped()
    {
        var fields = new Dictionary<string, IReadOnlyList<string?>>
        {
            ["a..b"] = ["x"],
            ["list[99999].x"] = ["x"],
            ["kogge-liste"] = ["add:list"],
            ["ok"] = ["1"],
        };

        var json = FormPost.ToJson(fields);

        Assert.Equal("""{"ok":"1"}""", json.ToJsonString());
    }

    [GeneratedRegex("\\sid=\"([^\"]+)\"")]
    private static partial Regex IdAttribute();

    [GeneratedRegex("\\sfor=\"([^\"]+)\"")]
    private static partial Regex LabelFor();

    [GeneratedRegex("aria-describedby=\"([^\"]+)\"")]
    private static partial Regex DescribedBy();

    [GeneratedRegex("href=\"#([^\"]+)\"")]
    private static partial Regex HrefTarget();
}
