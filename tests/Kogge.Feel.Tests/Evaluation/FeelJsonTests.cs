using System.Text.Json.Nodes;

namespace Kogge.Feel.Tests.Evaluation;

/// <summary>
/// JSON nodes a host builds from .NET values (not parsed from text) read as FEEL values exactly as the same JSON
/// parsed from its text: storing a variable as JSON and reading it back must not change what FEEL sees.
/// </summary>
public sealed class FeelJsonTests
{
    public static TheoryData<string, JsonNode, object?> BuiltValues() => new()
    {
        { "int", JsonValue.Create(3), 3m },
        { "negative int", JsonValue.Create(-42), -42m },
        { "long", JsonValue.Create(9_007_199_254_740_993L), 9_007_199_254_740_993m },
        { "short", JsonValue.Create((short)7), 7m },
        { "byte", JsonValue.Create((byte)255), 255m },
        { "sbyte", JsonValue.Create((sbyte)-8), -8m },
        { "ushort", JsonValue.Create((ushort)65535), 65535m },
        { "uint", JsonValue.Create(4_000_000_000u), 4_000_000_000m },
        { "ulong", JsonValue.Create(ulong.MaxValue), 18_446_744_073_709_551_615m },
        { "decimal", JsonValue.Create(12.50m), 12.50m },
        { "double", JsonValue.Create(0.1), 0.1m },
        { "double, whole", JsonValue.Create(2.0), 2m },
        { "float", JsonValue.Create(0.1f), 0.1m },
        { "bool true", JsonValue.Create(true), true },
        { "bool false", JsonValue.Create(false), false },
        { "nullable int", JsonValue.Create((int?)5)!, 5m },
        { "char", JsonValue.Create('x'), "x" },
        { "string", JsonValue.Create("Ada"), "Ada" },
        { "Guid", JsonValue.Create(new Guid("0f8fad5b-d9cb-469f-a165-70867728950e")), "0f8fad5b-d9cb-469f-a165-70867728950e" },
        { "DateTime", JsonValue.Create(new DateTime(2026, 11, 27, 8, 30, 0, DateTimeKind.Unspecified)), "2026-11-27T08:30:00" },
        { "DateTime UTC", JsonValue.Create(new DateTime(2026, 11, 27, 8, 30, 0, DateTimeKind.Utc)), "2026-11-27T08:30:00Z" },
        { "DateTimeOffset", JsonValue.Create(new DateTimeOffset(2026, 11, 27, 8, 30, 0, TimeSpan.FromHours(1))), "2026-11-27T08:30:00+01:00" },
        { "DateOnly", JsonValue.Create(new DateOnly(2026, 11, 27))!, "2026-11-27" },
        { "TimeOnly", JsonValue.Create(new TimeOnly(8, 30))!, "08:30:00" },
        { "TimeSpan", JsonValue.Create(TimeSpan.FromMinutes(90))!, "01:30:00" },
        { "JsonElement", JsonValue.Create(System.Text.Json.JsonDocument.Parse("17").RootElement)!, 17m },
    };

    [Theory]
    [MemberData(nameof(BuiltValues))]
    public void ToFeel_ValueBuiltFromDotNet_IsTheFeelValueOfItsJson(string kind, JsonNode node, object? expected)
    {
        var value = FeelJson.ToFeel(node);

        Assert.True(Equals(expected, value), $"{kind}: expected {expected} ({expected?.GetType().Name}), got {value} ({value?.GetType().Name})");
        Assert.Equal(expected, FeelJson.ToFeel(JsonNode.Parse(node.ToJsonString())));
    }

    [Fact]
    public void Evaluate_ObjectBuiltWithDotNetValues_ComputesWithThem()
    {
        var variables = new Dictionary<string, object?>
        {
            ["antrag"] = new JsonObject { ["n"] = 3, ["gebuehr"] = 12.5, ["eilig"] = true, ["eingang"] = new DateTime(2026, 11, 27) },
            ["anzahl"] = JsonValue.Create(4L),
        };

        var result = FeelExpression.Parse("antrag.n * antrag.gebuehr + anzahl = 41.5 and antrag.eilig and date(substring(antrag.eingang, 1, 10)) = date(\"2026-11-27\")").Evaluate(variables);

        Assert.Equal(true, result.Value);
    }

    [Fact]
    public void ToFeel_NumberThatJsonCannotWrite_IsNull()
    {
        Assert.Null(FeelJson.ToFeel(JsonValue.Create(double.NaN)));
        Assert.Null(FeelJson.ToFeel(JsonValue.Create(double.PositiveInfinity)));
    }

    [Fact]
    public void ToFeel_NumberBeyondDecimalBuiltFromDouble_StaysItsJsonTextAsWhenParsed()
    {
        var built = JsonValue.Create(1e300);

        Assert.Equal(FeelJson.ToFeel(JsonNode.Parse(built.ToJsonString())), FeelJson.ToFeel(built));
    }
}
