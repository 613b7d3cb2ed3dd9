using System.Globalization;
using System.Text;
using Kogge.Feel.Dmn;

namespace Kogge.Feel.Tests.Dmn;

/// <summary>
/// Decision table cells with constant tests are compiled to direct tests and a string column is indexed. The same
/// table written with computed operands (<c>{v: "A"}.v</c> instead of <c>"A"</c>) takes the general path; both must
/// give the same results and warnings for every input, including null and values of the wrong type.
/// </summary>
public sealed class DecisionTableCompilationTests
{
    private const string Ns = "https://www.omg.org/spec/DMN/20191111/MODEL/";

    // (cell as written, the same test with computed operands)
    private static readonly (string Constant, string Computed)[] Cells =
    [
        ("-", "-"),
        ("\"A\"", "{v: \"A\"}.v"),
        ("\"A\", \"B\"", "{v: \"A\"}.v, {v: \"B\"}.v"),
        ("= \"B\"", "= {v: \"B\"}.v"),
        ("!= \"B\"", "!= {v: \"B\"}.v"),
        ("not(\"A\")", "not({v: \"A\"}.v)"),
        ("not(\"A\", \"C\")", "not({v: \"A\"}.v, {v: \"C\"}.v)"),
        ("&lt; 5", "&lt; {v: 5}.v"),
        ("&lt;= 5", "&lt;= {v: 5}.v"),
        ("&gt; -2", "&gt; {v: -2}.v"),
        ("&gt;= 12", "&gt;= {v: 12}.v"),
        ("not(&lt; 5)", "not(&lt; {v: 5}.v)"),
        ("[5..20)", "[{v: 5}.v..20)"),
        ("(5..12]", "({v: 5}.v..12]"),
        ("12", "{v: 12}.v"),
        ("5, [20..30]", "{v: 5}.v, [{v: 20}.v..30]"),
        ("\"A\", &lt; 5", "{v: \"A\"}.v, &lt; {v: 5}.v"),
        ("true", "{v: true}.v"),
        ("false", "{v: false}.v"),
        ("null", "{v: null}.v"),
        ("&lt; @\"2026-01-01\"", "&lt; {v: @\"2026-01-01\"}.v"),
    ];

    private static readonly object?[] InputValues =
    [
        null, "A", "B", "C", "", 3m, 5m, 12m, 25m, -3m, true, false, new DateOnly(2025, 6, 1), new DateOnly(2026, 6, 1),
    ];

    private static string Table(string hitPolicy, List<int[]> rules, bool computed)
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"""
            <definitions xmlns="{Ns}" id="d" name="D" namespace="http://kogge.example/table">
              <decision id="t" name="T">
                <informationRequirement id="r1"><requiredInput href="#a" /></informationRequirement>
                <informationRequirement id="r2"><requiredInput href="#b" /></informationRequirement>
                <informationRequirement id="r3"><requiredInput href="#c" /></informationRequirement>
                <decisionTable id="table" {hitPolicy}>
                  <input id="i1"><inputExpression id="e1"><text>a</text></inputExpression></input>
                  <input id="i2"><inputExpression id="e2"><text>b</text></inputExpression></input>
                  <input id="i3"><inputExpression id="e3"><text>c</text></inputExpression></input>
                  <output id="o1" name="rule" typeRef="number" />
            """);
        for (var r = 0; r < rules.Count; r++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<rule id=\"rule{r}\">");
            for (var i = 0; i < 3; i++)
            {
                var cell = Cells[rules[r][i]];
                sb.Append(CultureInfo.InvariantCulture, $"<inputEntry id=\"r{r}i{i}\"><text>{(computed ? cell.Computed : cell.Constant)}</text></inputEntry>");
            }

            sb.AppendLine(CultureInfo.InvariantCulture, $"<outputEntry id=\"r{r}o\"><text>{r + 1}</text></outputEntry></rule>");
        }

        sb.AppendLine("""
                </decisionTable>
              </decision>
              <inputData id="a" name="a" />
              <inputData id="b" name="b" />
              <inputData id="c" name="c" />
            </definitions>
            """);
        return sb.ToString();
    }

    private static List<int[]> RandomRules(int seed, int count)
    {
        var random = new Random(seed);
        var rules = new List<int[]>();
        for (var r = 0; r < count; r++)
        {
            // The first column is mostly string literals, so that it is indexed.
            var first = random.Next(4) == 0 ? random.Next(Cells.Length) : 1 + random.Next(3);
            rules.Add([first, random.Next(Cells.Length), random.Next(Cells.Length)]);
        }

        return rules;
    }

    [Theory]
    [InlineData("hitPolicy=\"FIRST\"", 1)]
    [InlineData("hitPolicy=\"FIRST\"", 2)]
    [InlineData("hitPolicy=\"RULE ORDER\"", 3)]
    [InlineData("hitPolicy=\"COLLECT\" aggregation=\"SUM\"", 4)]
    [InlineData("hitPolicy=\"COLLECT\" aggregation=\"COUNT\"", 5)]
    [InlineData("hitPolicy=\"UNIQUE\"", 6)]
    [InlineData("hitPolicy=\"ANY\"", 7)]
    [InlineData("hitPolicy=\"PRIORITY\"", 8)]
    public void DecisionTable_ConstantCells_SameResultsAsComputedCells(string hitPolicy, int seed)
    {
        var rules = RandomRules(seed, 40);
        var constant = DmnModel.Parse(Table(hitPolicy, rules, computed: false));
        var general = DmnModel.Parse(Table(hitPolicy, rules, computed: true));
        var compared = 0;
        var matched = 0;
        foreach (var a in InputValues)
        {
            foreach (var b in InputValues)
            {
                foreach (var c in InputValues)
                {
                    var inputs = new Dictionary<string, object?> { ["a"] = a, ["b"] = b, ["c"] = c };
                    var expected = general.Evaluate("T", inputs);
                    var actual = constant.Evaluate("T", inputs);
                    Assert.True(
                        Equals(Feel(expected.Value), Feel(actual.Value)) && expected.Warnings.SequenceEqual(actual.Warnings),
                        $"a={a}, b={b}, c={c}: expected {Feel(expected.Value)} [{string.Join("; ", expected.Warnings)}], got {Feel(actual.Value)} [{string.Join("; ", actual.Warnings)}]");
                    compared++;
                    matched += expected.Value is null or List<object?> { Count: 0 } ? 0 : 1;
                }
            }
        }

        // The inputs reach matching rules often enough for the comparison to mean something.
        Assert.True(matched > compared / 20, $"only {matched} of {compared} inputs match a rule");
    }

    [Fact]
    public void DecisionTable_IndexedColumn_KeepsRulesThatAcceptAnyValueInRuleOrder()
    {
        // Rules 1–10 name one service each; rule 11 (any service) and rule 12 (not "S3") are found for any input.
        var rules = Enumerable.Range(0, 10).Select(i => new[] { 1, 0, 0 }).ToList();
        var xml = Table("hitPolicy=\"RULE ORDER\"", rules, computed: false);
        for (var i = 0; i < 10; i++)
        {
            xml = xml.Replace($"<inputEntry id=\"r{i}i0\"><text>\"A\"</text>", $"<inputEntry id=\"r{i}i0\"><text>\"S{i}\"</text>", StringComparison.Ordinal);
        }

        xml = xml.Replace("</decisionTable>", """
            <rule id="any"><inputEntry id="x1"><text>-</text></inputEntry><inputEntry id="x2"><text>-</text></inputEntry><inputEntry id="x3"><text>-</text></inputEntry><outputEntry id="x4"><text>11</text></outputEntry></rule>
            <rule id="not"><inputEntry id="y1"><text>not("S3")</text></inputEntry><inputEntry id="y2"><text>-</text></inputEntry><inputEntry id="y3"><text>-</text></inputEntry><outputEntry id="y4"><text>12</text></outputEntry></rule>
            </decisionTable>
            """, StringComparison.Ordinal);
        var model = DmnModel.Parse(xml);

        object? Rules(object? service) => model.Evaluate("T", new Dictionary<string, object?> { ["a"] = service }).Value;

        Assert.Equal([4m, 11m], Assert.IsType<List<object?>>(Rules("S3")));
        Assert.Equal([5m, 11m, 12m], Assert.IsType<List<object?>>(Rules("S4")));
        Assert.Equal([11m, 12m], Assert.IsType<List<object?>>(Rules("S99")));
        Assert.Equal([11m], Assert.IsType<List<object?>>(Rules(7))); // not("S3") cannot decide for a number: null, no match
        Assert.Equal([11m, 12m], Assert.IsType<List<object?>>(Rules(null)));
    }

    private static string Feel(object? value) => value switch
    {
        null => "null",
        List<object?> list => "[" + string.Join(", ", list.Select(Feel)) + "]",
        decimal d => d.ToString(CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
