using System.Text.Json.Nodes;
using System.Xml;
using System.Xml.Linq;
using Kogge.Feel;
using Kogge.Feel.Dmn;
using Kogge.Feel.Evaluation;
using Kogge.Feel.Parsing;

namespace Kogge.Web.Modules.Fees;

/// <summary>One line of a fee's breakdown.</summary>
public sealed record FeeLine(string Label, decimal Amount);

/// <summary>
/// A computed fee in euros (rounded to cents), with its breakdown, or the German reasons why it could not be
/// computed (then <see cref="Amount"/> is null). Bad data never throws.
/// </summary>
public sealed record FeeResult(decimal? Amount, IReadOnlyList<FeeLine> Lines, IReadOnlyList<string> Errors)
{
    public bool Ok => Amount is not null;

    internal static FeeResult Fail(string error) => new(null, [], [error]);
}

/// <summary>
/// Computes a fee from the submitted form data, by a DMN decision of the service version (e.g. a table named
/// <c>gebuehr</c>) or by a FEEL expression. The result of either may be
/// <list type="bullet">
/// <item>a number: the fee;</item>
/// <item>a context with <c>betrag</c> (and optionally <c>bezeichnung</c>);</item>
/// <item>a list of numbers or of such contexts (a COLLECT table): the lines of the breakdown, summed.</item>
/// </list>
/// The form's fields are the variables, by their keys.
/// </summary>
public static class FeeCalculator
{
    /// <summary>Evaluates the decision named (or with the id) <paramref name="decision"/> in one of the DMN files.</summary>
    public static FeeResult FromDecision(IEnumerable<string> dmnFiles, string decision, JsonObject form, TimeProvider? clock = null)
    {
        foreach (var xml in dmnFiles)
        {
            DmnModel model;
            string? name;
            try
            {
                model = DmnModel.Parse(xml);
                name = DecisionName(xml, decision);
            }
            catch (Exception e) when (e is DmnException or XmlException)
            {
                return FeeResult.Fail($"Die Gebührenregel (DMN) ist nicht lesbar: {e.Message}");
            }

            if (name is null)
            {
                continue;
            }

            var result = model.Evaluate(name, Variables(form), clock);
            return FromValue(result.Value, result.Warnings, name);
        }

        return FeeResult.Fail($"Es gibt keine Gebührenregel „{decision}“ in dieser Version.");
    }

    /// <summary>Evaluates a FEEL expression such as <c>flaeche * tage * 1.5</c>.</summary>
    public static FeeResult FromExpression(string feel, JsonObject form, string label = "Gebühr", TimeProvider? clock = null)
    {
        FeelExpression expression;
        try
        {
            expression = FeelExpression.Parse(feel, form.Select(p => p.Key));
        }
        catch (FeelSyntaxException e)
        {
            return FeeResult.Fail($"Die Gebührenformel ist fehlerhaft: {e.Message}");
        }

        var result = expression.Evaluate(Variables(form), clock);
        return FromValue(result.Value, result.Warnings, label);
    }

    /// <summary>Whether one of the DMN files has a decision with that name or id (an unreadable file has none).</summary>
    public static bool HasDecision(IEnumerable<string> dmnFiles, string decision) => dmnFiles.Any(xml =>
    {
        try
        {
            return DecisionName(xml, decision) is not null;
        }
        catch (XmlException)
        {
            return false;
        }
    });

    private static Dictionary<string, object?> Variables(JsonObject form)
    {
        // Read back from text, so that values set from .NET (an int in a JsonValue) arrive as JSON numbers.
        var parsed = JsonNode.Parse(form.ToJsonString())!.AsObject();
        return parsed.ToDictionary(p => p.Key, p => FeelJson.ToFeel(p.Value), StringComparer.Ordinal);
    }

    private static FeeResult FromValue(object? value, IReadOnlyList<string> warnings, string label)
    {
        var lines = new List<FeeLine>();
        var items = value is List<object?> list ? list : [value];
        foreach (var item in items)
        {
            switch (item)
            {
                case decimal amount:
                    lines.Add(new(label, amount));
                    break;
                case FeelContext { } context when context["betrag"] is decimal amount:
                    lines.Add(new(context["bezeichnung"] as string ?? label, amount));
                    break;
                case null when items.Count > 1:
                    // A COLLECT table's rule that adds nothing.
                    break;
                default:
                    var why = warnings.Count > 0 ? string.Join("; ", warnings) : $"Das Ergebnis ist kein Betrag, sondern {Describe(item)}.";
                    return FeeResult.Fail($"Die Gebühr lässt sich aus diesen Angaben nicht berechnen: {why}");
            }
        }

        if (lines.Any(l => l.Amount < 0))
        {
            return FeeResult.Fail("Die Gebührenregel ergibt einen negativen Betrag.");
        }

        var rounded = lines.Select(l => l with { Amount = decimal.Round(l.Amount, 2, MidpointRounding.AwayFromZero) }).ToList();
        return new(rounded.Sum(l => l.Amount), rounded, []);
    }

    private static string Describe(object? value) => value is null ? "leer" : $"„{value}“";

    /// <summary>The name of the decision with that name or id, or null when the file has none.</summary>
    private static string? DecisionName(string xml, string nameOrId)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
        using var reader = XmlReader.Create(new StringReader(xml), settings);
        var decision = XDocument.Load(reader).Root?.Elements()
            .Where(e => e.Name.LocalName == "decision")
            .FirstOrDefault(e => (string?)e.Attribute("name") == nameOrId || (string?)e.Attribute("id") == nameOrId);
        return decision is null ? null : (string?)decision.Attribute("name") ?? (string?)decision.Attribute("id");
    }
}
