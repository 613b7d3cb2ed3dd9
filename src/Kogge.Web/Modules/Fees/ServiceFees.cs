using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kogge.Web.Modules.Catalog;

namespace Kogge.Web.Modules.Fees;

/// <summary>
/// The fee of an application under a service version: the version's rule is the DMN decision named (or with the id)
/// <see cref="DecisionName"/> in one of its decision files — a decision table or a literal FEEL expression. A version
/// without one charges nothing up front.
/// </summary>
public static class ServiceFees
{
    public const string DecisionName = "gebuehr";

    private static readonly CultureInfo German = CultureInfo.GetCultureInfo("de-DE");

    /// <summary>The fee for <paramref name="data"/>, or null when the version has no fee rule.</summary>
    public static FeeResult? For(ServiceVersion version, JsonObject data)
    {
        var rules = version.Artifacts.Where(a => a.Kind == ArtifactKind.Decision).Select(a => a.Content).ToList();
        return FeeCalculator.HasDecision(rules, DecisionName) ? FeeCalculator.FromDecision(rules, DecisionName, data) : null;
    }

    /// <summary>The breakdown as stored on the case: <c>[{"bezeichnung": …, "betrag": …}]</c>.</summary>
    public static string Breakdown(IEnumerable<FeeLine> lines) =>
        new JsonArray([.. lines.Select(l => new JsonObject { ["bezeichnung"] = l.Label, ["betrag"] = l.Amount })]).ToJsonString();

    /// <summary>The lines of a stored breakdown; an empty list for none.</summary>
    public static IReadOnlyList<FeeLine> Lines(string? breakdown)
    {
        if (string.IsNullOrEmpty(breakdown))
        {
            return [];
        }

        try
        {
            return [.. (JsonNode.Parse(breakdown) as JsonArray ?? []).OfType<JsonObject>()
                .Select(o => new FeeLine(o["bezeichnung"]?.GetValue<string>() ?? "", o["betrag"]?.GetValue<decimal>() ?? 0))];
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            return [];
        }
    }

    /// <summary>An amount the way a German reader expects it: <c>30,70 €</c>, <c>1.000,00 €</c>.</summary>
    public static string Money(decimal amount) => amount.ToString("#,##0.00", German) + " €";
}
