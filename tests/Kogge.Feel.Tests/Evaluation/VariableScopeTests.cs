namespace Kogge.Feel.Tests.Evaluation;

/// <summary>How an evaluation sees the host's variables: read in place, converted on lookup, never changed.</summary>
public sealed class VariableScopeTests
{
    [Fact]
    public void Evaluate_HostListOfDictionaries_IsConvertedAndLeftUnchanged()
    {
        var people = new List<object?>
        {
            new Dictionary<string, object?> { ["name"] = "Ada", ["age"] = 36 },
            new Dictionary<string, object?> { ["name"] = "Bob", ["age"] = 17 },
        };
        var variables = new Dictionary<string, object?> { ["people"] = people };

        var result = FeelExpression.Parse("count(append(people, {name: \"Eve\", age: 50})[age >= 18]) + count(people)").Evaluate(variables);

        Assert.Equal(4m, result.Value);
        Assert.Equal(2, people.Count);
        Assert.Equal(36, ((Dictionary<string, object?>)people[0]!)["age"]);
    }

    [Fact]
    public void Evaluate_SameExpressionTwice_SeesTheChangedVariables()
    {
        var expression = FeelExpression.Parse("sum(amounts) + fee");
        var variables = new Dictionary<string, object?> { ["amounts"] = new List<object?> { 1, 2 }, ["fee"] = 10 };

        var first = expression.Evaluate(variables).Value;
        variables["amounts"] = new List<object?> { 5 };
        variables["fee"] = 0.5;

        Assert.Equal(13m, first);
        Assert.Equal(5.5m, expression.Evaluate(variables).Value);
    }

    [Fact]
    public void Evaluate_CaseInsensitiveHostDictionary_NamesStayCaseSensitive()
    {
        var variables = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase) { ["amount"] = 5 };

        var result = FeelExpression.Parse("Amount").Evaluate(variables);

        Assert.Null(result.Value);
        Assert.Contains(result.Warnings, w => w.Contains("Amount", StringComparison.Ordinal));
        Assert.Equal(5m, FeelExpression.Parse("amount").Evaluate(variables).Value);
    }

    [Fact]
    public void Evaluate_NowWithinOneEvaluation_IsOneInstant()
    {
        var result = FeelExpression.Parse("now() = now() and today() = date(now())").Evaluate();

        Assert.Equal(true, result.Value);
    }

    [Fact]
    public void Evaluate_JsonVariables_BecomeFeelValues()
    {
        var variables = new Dictionary<string, object?>
        {
            ["applicant"] = System.Text.Json.Nodes.JsonNode.Parse("""{"name": "Ada", "children": [{"age": 4}, {"age": 19}], "urgent": true, "note": null}"""),
            ["fee"] = System.Text.Json.Nodes.JsonValue.Create(12.5m),
        };

        var result = FeelExpression.Parse("""applicant.name + ": " + string(count(applicant.children[age < 18]) * fee) + string(applicant.urgent) + string(applicant.note = null)""").Evaluate(variables);

        Assert.Equal("Ada: 12.5truetrue", result.Value);
    }

    [Fact]
    public void FeelJson_NumberBeyondDecimal_StaysItsJsonText()
    {
        Assert.Equal("1e400", FeelJson.ToFeel(System.Text.Json.Nodes.JsonNode.Parse("1e400")));
        Assert.Equal(new List<object?> { 1m, "a", false, null }, FeelJson.ToFeel(System.Text.Json.Nodes.JsonNode.Parse("""[1, "a", false, null]""")));
    }
}
