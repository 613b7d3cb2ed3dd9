using System.Text.Json.Nodes;
using Kogge.Forms.Rendering;
using Kogge.Forms.Schema;
using Kogge.Forms.Validation;

namespace Kogge.Forms.Tests;

/// <summary>What conditions and rules see while a post is validated, and checks prepared once per form.</summary>
public sealed class FormValidatorScopeTests
{
    private const string Permit = """
        {"type": "default", "components": [
          {"type": "textfield", "key": "reason", "validate": {"required": true}, "conditional": {"hide": "=kind != \"other\""}},
          {"type": "select", "key": "kind", "values": [{"label": "Markt", "value": "market"}, {"label": "Andere", "value": "other"}]},
          {"type": "number", "key": "fee"},
          {"type": "dynamiclist", "path": "stands", "components": [
            {"type": "textfield", "key": "name", "validate": {"required": true}},
            {"type": "checkbox", "key": "electric"},
            {"type": "textfield", "key": "power", "validate": {"required": true}, "conditional": {"hide": "=electric != true or fee < 10"}}
          ]},
          {"type": "textfield", "key": "house", "validate": {"pattern": "[0-9"}},
          {"type": "datetime", "key": "day", "subtype": "date"}
        ]}
        """;

    private static readonly FormDefinition Form = FormDefinition.Parse(Permit);

    private static FormValidationResult Validate(string json) => new FormValidator(Form).Validate(JsonNode.Parse(json)!.AsObject());

    [Fact]
    public void Validate_ConditionOnALaterField_SeesItsPostedValue()
    {
        Assert.DoesNotContain(Validate("""{"kind": "market"}""").Errors, e => e.Path == "reason");
        Assert.Contains(Validate("""{"kind": "other"}""").Errors, e => e.Path == "reason" && e.Code == "required");
    }

    [Fact]
    public void Validate_ListEntryCondition_SeesTheEntryAndTheTypedOuterValues()
    {
        // fee and electric are posted as text; the condition compares their typed values ("5" < 10 would be null).
        var result = Validate("""
            {"fee": "12", "stands": [
              {"name": "Obst", "electric": "on"},
              {"name": "Brot"},
              {"name": "Kaffee", "electric": "on", "power": "16 A"}
            ]}
            """);

        Assert.Equal(["stands[0].power"], result.Errors.Select(e => e.Path));
        Assert.Equal("16 A", result.Data["stands"]![2]!["power"]!.GetValue<string>());
        Assert.Null(result.Data["stands"]![1]!["power"]);
        Assert.Empty(Validate("""{"fee": "5", "stands": [{"name": "Obst", "electric": "on"}]}""").Errors);
    }

    [Fact]
    public void Validate_InvalidPattern_RejectsTheValueWithoutThrowing()
    {
        var result = Validate("""{"house": "12"}""");

        Assert.Contains(result.Errors, e => e.Path == "house" && e.Code == "pattern");
    }

    [Theory]
    [InlineData("2024-02-29", true)]
    [InlineData("2025-02-29", false)]
    [InlineData("2025-13-01", false)]
    [InlineData("0000-01-01", false)]
    [InlineData("2025-06-1x", false)]
    [InlineData("2025-06-01T10:00", false)]
    public void Validate_Date_AcceptsOnlyRealCalendarDays(string day, bool valid)
    {
        var result = Validate($$"""{"day": "{{day}}"}""");

        Assert.Equal(valid, !result.Errors.Any(e => e.Path == "day"));
    }

    [Fact]
    public void Validate_StringOptions_AcceptOnlyTheirStrings()
    {
        Assert.DoesNotContain(Validate("""{"kind": "market"}""").Errors, e => e.Path == "kind");
        Assert.Contains(Validate("""{"kind": "Markt"}""").Errors, e => e.Path == "kind" && e.Code == "option");
        Assert.Contains(Validate("""{"kind": 3}""").Errors, e => e.Path == "kind" && e.Code == "option");
    }

    [Fact]
    public void Validate_PostBuiltFromHtmlFields_GivesTheSameResultAsParsedJson()
    {
        var fields = new Dictionary<string, IReadOnlyList<string?>>
        {
            ["kind"] = ["other"],
            ["fee"] = ["12"],
            ["stands[0].name"] = ["Obst"],
            ["stands[0].electric"] = ["on"],
            ["day"] = ["2025-02-29"],
        };

        var fromFields = new FormValidator(Form).Validate(FormPost.ToJson(fields));
        var fromJson = Validate("""{"kind": "other", "fee": "12", "stands": [{"name": "Obst", "electric": "on"}], "day": "2025-02-29"}""");

        Assert.Equal(fromJson.Errors, fromFields.Errors);
        Assert.Equal(fromJson.Data.ToJsonString(), fromFields.Data.ToJsonString());
        Assert.Equal(["reason", "stands[0].power", "day"], fromFields.Errors.Select(e => e.Path));
    }
}
