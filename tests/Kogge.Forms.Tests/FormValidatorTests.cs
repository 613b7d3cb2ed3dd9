using System.Text.Json.Nodes;
using CsCheck;
using Kogge.Forms.Schema;
using Kogge.Forms.Validation;

namespace Kogge.Forms.Tests;

public sealed class FormValidatorTests
{
    private const string Application = """
        {"type": "default", "components": [
          {"id": "name", "type": "textfield", "key": "name", "label": "Name", "validate": {"required": true, "minLength": 2, "maxLength": 20}},
          {"id": "email", "type": "textfield", "key": "email", "validate": {"validationType": "email"}},
          {"id": "phone", "type": "textfield", "key": "phone", "validate": {"validationType": "phone"}},
          {"id": "zip", "type": "textfield", "key": "address.zip", "validate": {"pattern": "^[0-9]{5}$", "patternErrorMessage": "Fünf Ziffern"}},
          {"id": "age", "type": "number", "key": "age", "decimalDigits": 0, "validate": {"min": 0, "max": 120}},
          {"id": "fee", "type": "number", "key": "fee", "increment": "0.5", "validate": {"min": "=minimumFee"}},
          {"id": "kind", "type": "select", "key": "kind", "values": [{"label": "Pass", "value": "passport"}, {"label": "Ausweis", "value": "id"}]},
          {"id": "extras", "type": "checklist", "key": "extras", "valuesKey": "extraOptions"},
          {"id": "agree", "type": "checkbox", "key": "agree", "validate": {"required": true}},
          {"id": "reason", "type": "textarea", "key": "reason", "validate": {"required": true}, "conditional": {"hide": "=kind != \"id\""}},
          {"id": "secret", "type": "textfield", "key": "secret", "disabled": true, "validate": {"required": true}},
          {"id": "birth", "type": "datetime", "key": "birth", "subtype": "date"},
          {"id": "kids", "type": "dynamiclist", "path": "children", "isRepeating": true, "components": [
            {"id": "kidName", "type": "textfield", "key": "name", "validate": {"required": true}}
          ]}
        ]}
        """;

    private static readonly FormDefinition Form = FormDefinition.Parse(Application);

    private static readonly Dictionary<string, object?> Variables = new()
    {
        ["minimumFee"] = 10m,
        ["extraOptions"] = new List<object?> { "express", "copy" },
    };

    private static FormValidationResult Validate(string json, string language = "de") =>
        new FormValidator(Form, language).Validate(JsonNode.Parse(json)!.AsObject(), Variables);

    [Fact]
    public void Validate_CompleteApplication_IsValidAndTyped()
    {
        var result = Validate("""{"name": "Ada", "age": "36", "fee": "12,5", "kind": "passport", "agree": "on", "extras": ["copy"], "address": {"zip": "18055"}}""");

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        Assert.Equal(36m, result.Data["age"]!.GetValue<decimal>());
        Assert.Equal(12.5m, result.Data["fee"]!.GetValue<decimal>());
        Assert.True(result.Data["agree"]!.GetValue<bool>());
        Assert.Equal("18055", result.Data["address"]!["zip"]!.GetValue<string>());
    }

    [Fact]
    public void Validate_MissingRequiredFields_ReportsEachInGerman()
    {
        var result = Validate("""{"agree": false}""");

        Assert.Contains(result.Errors, e => e.Path == "name" && e.Code == "required" && e.Message.Contains("Bitte", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.Path == "agree" && e.Code == "required");
    }

    [Fact]
    public void Validate_OptionalFieldWithOnlySpaces_IsLeftOut()
    {
        var result = Validate("""{"name": "Ada", "agree": true, "email": "   ", "birth": " "}""");

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        Assert.False(result.Data.ContainsKey("email"));
        Assert.False(result.Data.ContainsKey("birth"));
    }

    [Fact]
    public void Validate_English_GivesEnglishMessages()
    {
        var result = Validate("""{"agree": true}""", "en");

        Assert.Equal("Field is required.", Assert.Single(result.Errors).Message);
    }

    [Theory]
    [InlineData("""{"name": " A ", "agree": true}""", "name", "minLength")]
    [InlineData("""{"name": "Ada", "agree": true, "email": "ada@"}""", "email", "email")]
    [InlineData("""{"name": "Ada", "agree": true, "phone": "12"}""", "phone", "phone")]
    [InlineData("""{"name": "Ada", "agree": true, "address": {"zip": "1805"}}""", "address.zip", "pattern")]
    [InlineData("""{"name": "Ada", "agree": true, "age": 121}""", "age", "max")]
    [InlineData("""{"name": "Ada", "agree": true, "age": 3.5}""", "age", "decimals")]
    [InlineData("""{"name": "Ada", "agree": true, "age": "drei"}""", "age", "number")]
    [InlineData("""{"name": "Ada", "agree": true, "fee": 9.5}""", "fee", "min")]
    [InlineData("""{"name": "Ada", "agree": true, "fee": 10.25}""", "fee", "step")]
    [InlineData("""{"name": "Ada", "agree": true, "kind": "visa"}""", "kind", "option")]
    [InlineData("""{"name": "Ada", "agree": true, "extras": ["gold"]}""", "extras", "option")]
    [InlineData("""{"name": "Ada", "agree": true, "birth": "2024-02-30"}""", "birth", "date")]
    [InlineData("""{"name": "Ada", "agree": true, "children": [{"name": "Bo"}, {}]}""", "children[1].name", "required")]
    [InlineData("""{"name": " \t\n ", "agree": true}""", "name", "required")]
    [InlineData("""{"name": "Ada", "agree": true, "kind": "id", "reason": "   "}""", "reason", "required")]
    [InlineData("""{"name": "Ada", "agree": true, "children": [{"name": "  "}]}""", "children[0].name", "required")]
    public void Validate_ValueOutsideItsConstraints_IsRejected(string json, string path, string code)
    {
        var result = Validate(json);

        Assert.Contains(result.Errors, e => e.Path == path && e.Code == code);
    }

    private const string MoreComponents = """
        {"components": [
          {"type": "radio", "key": "delivery", "values": [{"label": "Post", "value": "post"}, {"label": "Abholung", "value": "pickup"}]},
          {"type": "taglist", "key": "topics", "valuesExpression": "=[{label: \"Bau\", value: \"building\"}, {label: \"Verkehr\", value: \"traffic\"}]"},
          {"type": "group", "path": "applicant", "components": [{"type": "textfield", "key": "surname", "validate": {"required": true}}]},
          {"type": "filepicker", "key": "attachment", "validate": {"required": true}},
          {"type": "datetime", "key": "appointment", "subtype": "time"},
          {"type": "datetime", "key": "arrival", "subtype": "datetime"},
          {"type": "textarea", "key": "note", "validate": {"maxLength": 5}}
        ]}
        """;

    private const string ValidRest = """
        "applicant": {"surname": "Lovelace"}
        """;

    [Theory]
    [InlineData("radio", "\"delivery\": \"drone\"", "delivery", "option")]
    [InlineData("taglist", "\"topics\": [\"traffic\", \"weather\"]", "topics", "option")]
    [InlineData("filepicker", "\"attachment\": null", "attachment", "required")]
    [InlineData("datetime time", "\"appointment\": \"25:61\"", "appointment", "time")]
    [InlineData("datetime datetime", "\"arrival\": \"2024-13-01T10:00\"", "arrival", "date")]
    [InlineData("textarea", "\"note\": \"zu lang\"", "note", "maxLength")]
    public void Validate_ComponentConstraint_RejectsValueOutside(string component, string member, string path, string code)
    {
        var form = FormDefinition.Parse(MoreComponents);

        var attachment = path == "attachment" ? string.Empty : ", \"attachment\": \"antrag.pdf\"";

        var result = new FormValidator(form).Validate(JsonNode.Parse($"{{{ValidRest}{attachment}, {member}}}")!.AsObject());

        var error = Assert.Single(result.Errors);
        Assert.True(error.Path == path && error.Code == code, $"{component}: {error}");
    }

    [Fact]
    public void Validate_ComponentConstraints_AcceptValuesInside()
    {
        var form = FormDefinition.Parse(MoreComponents);
        var json = $$"""{{{ValidRest}}, "attachment": "antrag.pdf", "delivery": "pickup", "topics": ["traffic"], "appointment": "09:30", "arrival": "2024-05-17T10:00", "note": "kurz"}""";

        var result = new FormValidator(form).Validate(JsonNode.Parse(json)!.AsObject());

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        Assert.Equal("pickup", result.Data["delivery"]!.GetValue<string>());
        Assert.Equal("Lovelace", result.Data["applicant"]!["surname"]!.GetValue<string>());
    }

    [Fact]
    public void Validate_GroupWithPath_ReportsNestedFieldAtGroupPath()
    {
        var form = FormDefinition.Parse(MoreComponents);

        var result = new FormValidator(form).Validate(JsonNode.Parse("""{"attachment": "a.pdf", "applicant": {}}""")!.AsObject());

        var error = Assert.Single(result.Errors);
        Assert.Equal(("applicant.surname", "required"), (error.Path, error.Code));
    }

    [Fact]
    public void Validate_PatternWithCustomMessage_UsesIt()
    {
        var result = Validate("""{"name": "Ada", "agree": true, "address": {"zip": "x"}}""");

        Assert.Equal("Fünf Ziffern", Assert.Single(result.Errors).Message);
    }

    [Fact]
    public void Validate_HiddenField_IsNeitherValidatedNorKept()
    {
        var result = Validate("""{"name": "Ada", "agree": true, "kind": "passport", "reason": "x"}""");

        Assert.True(result.IsValid);
        Assert.False(result.Data.ContainsKey("reason"));
    }

    [Fact]
    public void Validate_ShownConditionalField_IsRequired()
    {
        var result = Validate("""{"name": "Ada", "agree": true, "kind": "id"}""");

        Assert.Contains(result.Errors, e => e.Path == "reason" && e.Code == "required");
    }

    [Fact]
    public void Validate_DisabledField_IsNeitherValidatedNorKept()
    {
        var result = Validate("""{"name": "Ada", "agree": true, "secret": "s"}""");

        Assert.True(result.IsValid);
        Assert.False(result.Data.ContainsKey("secret"));
    }

    [Fact]
    public void Validate_PostedJsonWithDuplicateKeys_IsAnErrorNotAnException()
    {
        var posted = JsonNode.Parse("""{"name": "Ada", "agree": true, "address": {"zip": "18055", "zip": "23552"}}""")!.AsObject();

        var result = new FormValidator(Form).Validate(posted, Variables);

        var error = Assert.Single(result.Errors);
        Assert.Equal(("", "duplicate"), (error.Path, error.Code));
        Assert.Empty(result.Data);
    }

    [Theory]
    [InlineData("""{"name": "Ada", "name": "Bob", "agree": true}""")]
    [InlineData("""{"name": "Ada", "agree": true, "unknown": [1, {"a": {"b": 1, "b": 2}}]}""")]
    [InlineData("""{"name": "Ada", "agree": true, "children": [{"age": "3", "age": "4"}]}""")]
    public void Validate_DuplicateKeysAtTopLevelOrDeepInside_AreAnError(string json)
    {
        var posted = JsonNode.Parse(json)!.AsObject();

        var result = new FormValidator(Form).Validate(posted, Variables);

        var error = Assert.Single(result.Errors);
        Assert.Equal(("", "duplicate"), (error.Path, error.Code));
        Assert.Empty(result.Data);
    }

    [Fact]
    public void Validate_ListEntries_SeeTheirOwnValuesAndDoNotChangeWhatLaterFieldsSee()
    {
        var form = FormDefinition.Parse("""
            {"type": "default", "components": [
              {"id": "kind", "type": "textfield", "key": "kind"},
              {"id": "plain", "type": "dynamiclist", "path": "plain", "isRepeating": true, "components": [
                {"id": "plainKind", "type": "textfield", "key": "kind"}
              ]},
              {"id": "reason", "type": "textfield", "key": "reason", "validate": {"required": true}, "conditional": {"hide": "=kind != \"id\""}},
              {"id": "people", "type": "dynamiclist", "path": "people", "isRepeating": true, "components": [
                {"id": "role", "type": "textfield", "key": "role"},
                {"id": "share", "type": "textfield", "key": "share", "validate": {"required": true}, "conditional": {"hide": "=role != \"owner\" or kind != \"id\""}}
              ]}
            ]}
            """);
        var posted = JsonNode.Parse("""{"kind": "passport", "plain": [{"kind": "id"}], "people": [{"role": "owner"}, {"role": "staff"}]}""")!.AsObject();

        var result = new FormValidator(form).Validate(posted, Variables);

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        Assert.Equal("id", result.Data["plain"]![0]!["kind"]!.GetValue<string>());
        posted["kind"] = "id";
        var errors = new FormValidator(form).Validate(posted, Variables).Errors;
        Assert.Equal(["reason", "people[0].share"], errors.Select(e => e.Path));
    }

    [Fact]
    public void Validate_GroupsSharingAPathAndDottedKeys_BuildOneObjectInFormOrder()
    {
        var form = FormDefinition.Parse("""
            {"type": "default", "components": [
              {"id": "first", "type": "textfield", "key": "first"},
              {"id": "g1", "type": "group", "path": "person", "components": [
                {"id": "name", "type": "textfield", "key": "name"}
              ]},
              {"id": "city", "type": "textfield", "key": "person.address.city"},
              {"id": "g2", "type": "group", "path": "person", "components": [
                {"id": "zip", "type": "textfield", "key": "address.zip"},
                {"id": "name2", "type": "textfield", "key": "name"}
              ]},
              {"id": "last", "type": "number", "key": "last"}
            ]}
            """);
        var posted = JsonNode.Parse("""{"last": "2", "first": "a", "person": {"name": "Ada", "address": {"zip": "18055", "city": "x"}}}""")!.AsObject();

        var result = new FormValidator(form).Validate(posted);

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        Assert.Equal("""{"first":"a","person":{"name":"Ada","address":{"city":"x","zip":"18055"}},"last":2}""", result.Data.ToJsonString());
    }

    [Fact]
    public void Validate_SeveralPostsInARow_EachResultHoldsOnlyItsOwnData()
    {
        var validator = new FormValidator(Form);
        var posts = new[]
        {
            """{"name": "Ada", "agree": "on", "children": [{"name": "Byron"}, {"name": "Anne"}], "address": {"zip": "18055"}}""",
            """{"name": "Bo", "agree": "on"}""",
            """{"name": "Cy", "agree": "on", "kind": "id", "reason": "lost", "children": [{"name": "Dee"}]}""",
        };

        var results = posts.Select(p => validator.Validate(JsonNode.Parse(p)!.AsObject(), Variables)).ToList();

        Assert.All(results, r => Assert.True(r.IsValid, string.Join("; ", r.Errors)));
        Assert.Equal("""{"name":"Ada","address":{"zip":"18055"},"agree":true,"children":[{"name":"Byron"},{"name":"Anne"}]}""", results[0].Data.ToJsonString());
        Assert.Equal("""{"name":"Bo","agree":true}""", results[1].Data.ToJsonString());
        Assert.Equal("""{"name":"Cy","kind":"id","agree":true,"reason":"lost","children":[{"name":"Dee"}]}""", results[2].Data.ToJsonString());
    }

    [Fact]
    public void Validate_OptionsAndCheckboxWordsWrittenWithEscapes_AreReadAsTheirText()
    {
        var result = Validate("""{"name": "Ada", "agree": "\u006fn", "kind": "pass\u0070ort", "extras": ["c\u006fpy"]}""");
        var unticked = Validate("""{"name": "Ada", "agree": "yes", "kind": "visa"}""");

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        Assert.Equal("""{"name":"Ada","kind":"passport","extras":["copy"],"agree":true}""", result.Data.ToJsonString());
        Assert.Equal(["kind:option", "agree:required"], unticked.Errors.Select(e => $"{e.Path}:{e.Code}"));
    }

    [Fact]
    public void Validate_UnknownSubmittedKeys_AreDropped()
    {
        var result = Validate("""{"name": "Ada", "agree": true, "isAdmin": true}""");

        Assert.False(result.Data.ContainsKey("isAdmin"));
    }

    [Fact]
    public void Validate_RandomSubmissions_NeverThrowAndNeverAcceptOutOfRangeAges()
    {
        var values = Gen.OneOf<JsonNode?>(null, JsonValue.Create("x"), JsonValue.Create(-1), JsonValue.Create(500), JsonValue.Create(42), JsonValue.Create("17"),
            JsonValue.Create(true), new JsonArray(), new JsonObject(), JsonValue.Create("passport"), JsonValue.Create(""), JsonValue.Create(1.25m));
        var keys = Gen.OneOf("name", "email", "phone", "age", "fee", "kind", "extras", "agree", "reason", "birth", "children", "address");
        Gen.Select(keys, values).Array[0, 12].Sample(pairs =>
        {
            var data = new JsonObject();
            foreach (var (k, v) in pairs)
            {
                data[k] = v?.DeepClone();
            }

            var result = new FormValidator(Form).Validate(data, Variables);
            if (result.IsValid && result.Data["age"] is JsonValue age)
            {
                Assert.InRange(age.GetValue<decimal>(), 0m, 120m);
            }
        }, iter: 2000, threads: 1);
    }

    [Fact]
    public void InitialData_DefaultValuesAndExpressions_AreFilledIn()
    {
        const string json = """
            {"type": "default", "components": [
              {"type": "textfield", "key": "creditor", "defaultValue": "Hansestadt Rostock"},
              {"type": "number", "key": "amount", "defaultValue": 0},
              {"type": "group", "path": "payer", "components": [{"type": "textfield", "key": "country", "defaultValue": "DE"}]},
              {"type": "expression", "key": "total", "expression": "=net * 1.19"}
            ]}
            """;

        var data = new FormValidator(FormDefinition.Parse(json)).InitialData(new Dictionary<string, object?> { ["net"] = 100m });

        Assert.Equal("Hansestadt Rostock", data["creditor"]!.GetValue<string>());
        Assert.Equal("DE", data["payer"]!["country"]!.GetValue<string>());
        Assert.Equal(119m, data["total"]!.GetValue<decimal>());
    }

    [Fact]
    public void Validate_ExpressionField_IsComputedFromTheSubmittedData()
    {
        const string json = """
            {"type": "default", "components": [
              {"type": "number", "key": "net"},
              {"type": "expression", "key": "gross", "expression": "=net * 1.19"}
            ]}
            """;

        var result = new FormValidator(FormDefinition.Parse(json)).Validate(JsonNode.Parse("""{"net": "200", "gross": 1}""")!.AsObject());

        Assert.Equal(238m, result.Data["gross"]!.GetValue<decimal>());
    }
}
