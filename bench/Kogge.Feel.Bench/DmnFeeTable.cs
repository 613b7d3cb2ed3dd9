using System.Globalization;
using System.Text;
using Kogge.Feel.Dmn;

namespace Kogge.Feel.Bench;

/// <summary>
/// A 50-rule fee table of a citizens' office (service, applicant, count, urgent → fee), once with hit policy FIRST
/// and once COLLECT SUM. The expected results come from a plain C# reading of the same rules.
/// </summary>
internal static class DmnFeeTable
{
    public const int RuleCount = 50;

    private static readonly string[] Services =
    [
        "Gewerbeanmeldung", "Gewerbeummeldung", "Gewerbeabmeldung", "Meldebescheinigung", "Führungszeugnis",
        "Parkausweis", "Sondernutzung", "Baumfällung", "Hundesteuer", "Fischereischein",
    ];

    private sealed record Rule(string Service, string Applicant, string Count, string Urgent, decimal Fee,
        Func<string, string, decimal, bool, bool> Matches);

    private static List<Rule> Rules()
    {
        var rules = new List<Rule>();
        for (var i = 0; i < RuleCount; i++)
        {
            // Every tenth rule applies to any service (a surcharge row); the others name one service.
            var anyService = i % 10 == 9;
            var service = Services[i % 10];
            var serviceText = anyService ? "-" : $"\"{service}\"";
            var (applicantText, applicantTest) = (i / 10) switch
            {
                0 => ("\"privat\"", (Func<string, bool>)(a => a == "privat")),
                1 => ("\"gewerblich\"", a => a == "gewerblich"),
                2 => ("\"privat\", \"verein\"", a => a is "privat" or "verein"),
                3 => ("-", _ => true),
                _ => ("not(\"gewerblich\")", a => a != "gewerblich"),
            };
            var (countText, countTest) = (((i / 10) + i) % 5) switch
            {
                0 => ("-", (Func<decimal, bool>)(_ => true)),
                1 => ("&lt; 5", n => n < 5),
                2 => ("[5..20)", n => n >= 5 && n < 20),
                3 => ("&gt;= 20", n => n >= 20),
                _ => ("[1..100]", n => n >= 1 && n <= 100),
            };
            var (urgentText, urgentTest) = i % 3 == 0 ? ("true", (Func<bool, bool>)(u => u)) : ("-", _ => true);
            var fee = 5m + (i * 1.5m);
            rules.Add(new Rule(serviceText, applicantText, countText, urgentText, fee,
                (s, a, n, u) => (anyService || s == service) && applicantTest(a) && countTest(n) && urgentTest(u)));
        }

        return rules;
    }

    public static string Xml()
    {
        var rules = Rules();
        var sb = new StringBuilder();
        sb.AppendLine("""
            <?xml version="1.0" encoding="UTF-8"?>
            <definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="gebuehren" name="Gebühren" namespace="http://kogge.example/bench/gebuehren">
            """);
        foreach (var (id, policy) in new[] { ("first", "hitPolicy=\"FIRST\""), ("sum", "hitPolicy=\"COLLECT\" aggregation=\"SUM\"") })
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"""
                  <decision id="{id}" name="Gebühr {id}">
                    <informationRequirement id="{id}-r1"><requiredInput href="#leistung" /></informationRequirement>
                    <informationRequirement id="{id}-r2"><requiredInput href="#antragsteller" /></informationRequirement>
                    <informationRequirement id="{id}-r3"><requiredInput href="#anzahl" /></informationRequirement>
                    <informationRequirement id="{id}-r4"><requiredInput href="#eilantrag" /></informationRequirement>
                    <decisionTable id="{id}-table" {policy}>
                      <input id="{id}-i1" label="Leistung"><inputExpression id="{id}-e1" typeRef="string"><text>Leistung</text></inputExpression></input>
                      <input id="{id}-i2" label="Antragsteller"><inputExpression id="{id}-e2" typeRef="string"><text>Antragsteller</text></inputExpression></input>
                      <input id="{id}-i3" label="Anzahl"><inputExpression id="{id}-e3" typeRef="number"><text>Anzahl</text></inputExpression></input>
                      <input id="{id}-i4" label="Eilantrag"><inputExpression id="{id}-e4" typeRef="boolean"><text>Eilantrag</text></inputExpression></input>
                      <output id="{id}-o1" name="gebuehr" typeRef="number" />
                """);
            for (var i = 0; i < rules.Count; i++)
            {
                var r = rules[i];
                sb.AppendLine(CultureInfo.InvariantCulture,
                    $"""        <rule id="{id}-rule{i}"><inputEntry id="{id}-r{i}a"><text>{r.Service}</text></inputEntry><inputEntry id="{id}-r{i}b"><text>{r.Applicant}</text></inputEntry><inputEntry id="{id}-r{i}c"><text>{r.Count}</text></inputEntry><inputEntry id="{id}-r{i}d"><text>{r.Urgent}</text></inputEntry><outputEntry id="{id}-r{i}o"><text>{r.Fee.ToString(CultureInfo.InvariantCulture)}</text></outputEntry></rule>""");
            }

            sb.AppendLine("""
                    </decisionTable>
                  </decision>
                """);
        }

        sb.AppendLine("""
              <inputData id="leistung" name="Leistung"><variable id="v1" name="Leistung" typeRef="string" /></inputData>
              <inputData id="antragsteller" name="Antragsteller"><variable id="v2" name="Antragsteller" typeRef="string" /></inputData>
              <inputData id="anzahl" name="Anzahl"><variable id="v3" name="Anzahl" typeRef="number" /></inputData>
              <inputData id="eilantrag" name="Eilantrag"><variable id="v4" name="Eilantrag" typeRef="boolean" /></inputData>
            </definitions>
            """);
        return sb.ToString();
    }

    /// <summary>The request evaluated: a club asking for a special use permit, 12 days, urgent.</summary>
    public static Dictionary<string, object?> Inputs() => new(StringComparer.Ordinal)
    {
        ["Leistung"] = "Sondernutzung",
        ["Antragsteller"] = "verein",
        ["Anzahl"] = 12m,
        ["Eilantrag"] = true,
    };

    /// <summary>(FIRST, COLLECT SUM, matching rule numbers) by the plain C# reading.</summary>
    public static (decimal? First, decimal Sum, List<int> Matching) Expected()
    {
        var inputs = Inputs();
        var rules = Rules();
        var matching = Enumerable.Range(0, rules.Count)
            .Where(i => rules[i].Matches((string)inputs["Leistung"]!, (string)inputs["Antragsteller"]!, (decimal)inputs["Anzahl"]!, (bool)inputs["Eilantrag"]!))
            .ToList();
        return (matching.Count > 0 ? rules[matching[0]].Fee : null, matching.Sum(i => rules[i].Fee), matching);
    }

    public static DmnModel Model() => DmnModel.Parse(Xml());
}
