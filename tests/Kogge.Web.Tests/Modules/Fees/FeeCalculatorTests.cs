using System.Text.Json.Nodes;
using Kogge.Web.Modules.Catalog;
using Kogge.Web.Modules.Fees;
using Kogge.Web.Platform.Demo;
using Kogge.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Kogge.Web.Tests.Modules.Fees;

/// <summary>Rostock's fees, computed as the application's review page will show them.</summary>
public class FeeCalculatorTests(KoggeApp app) : IClassFixture<KoggeApp>
{
    /// <summary>Sondernutzung: area × days (both included) × tariff, plus a fixed processing fee, as a breakdown.</summary>
    private const string StreetUseFee = """
        [
          { bezeichnung: "Sondernutzung " + string(flaeche) + " m² an " + string((date(bis) - date(von)).days + 1) + " Tagen",
            betrag: flaeche * ((date(bis) - date(von)).days + 1) * tarif },
          { bezeichnung: "Verwaltungsgebühr", betrag: 25 }
        ]
        """;

    [Theory]
    [InlineData(1, 30.70)]
    [InlineData(2, 61.40)]
    public void FromExpression_ResidentParking_ThirtySeventyPerYear(int years, double expected)
    {
        var result = FeeCalculator.FromExpression("""{ bezeichnung: "Bewohnerparkausweis, " + string(laufzeitJahre) + " Jahr(e)", betrag: 30.70 * laufzeitJahre }""",
            new JsonObject { ["kennzeichen"] = "HRO-KÜ 2026", ["laufzeitJahre"] = years });

        Assert.True(result.Ok, string.Join("; ", result.Errors));
        Assert.Equal((decimal)expected, result.Amount);
        Assert.Equal($"Bewohnerparkausweis, {years} Jahr(e)", Assert.Single(result.Lines).Label);
    }

    [Theory]
    [InlineData(1, false, 108)]
    [InlineData(2, false, 144)]
    [InlineData(3, false, 168)]
    [InlineData(5, false, 168)]
    [InlineData(1, true, 1000)]
    [InlineData(3, true, 1000)]
    public async Task FromDecision_DemoDogTax_RostockRates(int dogNumber, bool dangerous, int expected)
    {
        var dmn = await app.InTenantAsync("rostock", (_, db) => db.ServiceArtifacts.AsNoTracking()
            .Where(a => a.Kind == ArtifactKind.Decision
                && db.ServiceVersions.Any(v => v.Id == a.VersionId && v.State == VersionState.Published && v.Service.LeikaKey == DemoCatalog.DogTaxKey))
            .Select(a => a.Content).ToListAsync());

        var byId = FeeCalculator.FromDecision(dmn, "hundesteuer-jahresbetrag", new JsonObject { ["nummerDesHundes"] = dogNumber, ["gefaehrlich"] = dangerous, ["rasse"] = "Mischling" });
        var byName = FeeCalculator.FromDecision(dmn, "Jahresbetrag der Hundesteuer", new JsonObject { ["nummerDesHundes"] = dogNumber, ["gefaehrlich"] = dangerous });

        Assert.Equal(expected, byId.Amount);
        Assert.Equal(expected, byName.Amount);
        Assert.Equal("Jahresbetrag der Hundesteuer", Assert.Single(byId.Lines).Label);
    }

    [Theory]
    [InlineData("container", 12, "2026-03-02", "2026-03-15", 168, 193)]
    [InlineData("geruest", 30.5, "2026-04-01", "2026-04-30", 457.50, 482.50)]
    [InlineData("gastronomie", 4, "2026-05-01", "2026-05-10", 10, 35)]
    public async Task FromDecision_DemoStreetUse_AreaTimesDaysTimesTariffPlusAdministrativeFee(string kind, double area, string from, string to, double use, double total)
    {
        var dmn = await app.InTenantAsync("rostock", (_, db) => db.ServiceArtifacts.AsNoTracking()
            .Where(a => a.Kind == ArtifactKind.Decision
                && db.ServiceVersions.Any(v => v.Id == a.VersionId && v.State == VersionState.Published && v.Service.LeikaKey == DemoCatalog.StreetUseKey))
            .Select(a => a.Content).ToListAsync());

        var result = FeeCalculator.FromDecision(dmn, "gebuehr", new JsonObject { ["art"] = kind, ["flaeche"] = area, ["von"] = from, ["bis"] = to });

        Assert.True(result.Ok, string.Join("; ", result.Errors));
        Assert.Equal((decimal)total, result.Amount);
        Assert.Equal((decimal)use, result.Lines[0].Amount);
        Assert.Equal(new FeeLine("Verwaltungsgebühr für die Erlaubnis", 25m), result.Lines[1]);
    }

    [Fact]
    public void FromDecision_TableNamedGebuehrWithCollect_LinesAreSummed()
    {
        const string dmn = """
            <definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="d" name="Gebühren" namespace="https://kogge.example/test">
              <inputData id="in-entscheidung" name="entscheidung"><variable id="v-entscheidung" name="entscheidung" typeRef="string" /></inputData>
              <decision id="gebuehr" name="gebuehr">
                <informationRequirement id="ir"><requiredInput href="#in-entscheidung" /></informationRequirement>
                <decisionTable id="t" hitPolicy="COLLECT">
                  <input id="i1"><inputExpression id="e1" typeRef="string"><text>entscheidung</text></inputExpression></input>
                  <output id="o1" name="bezeichnung" typeRef="string" />
                  <output id="o2" name="betrag" typeRef="number" />
                  <rule id="r1"><inputEntry id="a1"><text>-</text></inputEntry><outputEntry id="b1"><text>"Bewohnerparkausweis, 1 Jahr"</text></outputEntry><outputEntry id="c1"><text>30.70</text></outputEntry></rule>
                  <rule id="r2"><inputEntry id="a2"><text>"abgelehnt"</text></inputEntry><outputEntry id="b2"><text>"Ablehnung"</text></outputEntry><outputEntry id="c2"><text>-10.70</text></outputEntry></rule>
                </decisionTable>
              </decision>
            </definitions>
            """;

        var granted = FeeCalculator.FromDecision([dmn], "gebuehr", new JsonObject { ["entscheidung"] = "bewilligt" });
        Assert.Equal(30.70m, granted.Amount);
        Assert.Equal([new FeeLine("Bewohnerparkausweis, 1 Jahr", 30.70m)], granted.Lines);

        var refused = FeeCalculator.FromDecision([dmn], "gebuehr", new JsonObject { ["entscheidung"] = "abgelehnt" });
        Assert.False(refused.Ok, $"{refused.Amount} {string.Join(" | ", refused.Lines)}");
        Assert.Contains("negativen Betrag", Assert.Single(refused.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void FromExpression_StreetUse_AreaTimesDaysTimesTariffPlusProcessingFee()
    {
        var result = FeeCalculator.FromExpression(StreetUseFee,
            new JsonObject { ["flaeche"] = 12, ["von"] = "2026-12-01", ["bis"] = "2026-12-10", ["tarif"] = 0.5m });

        Assert.True(result.Ok, string.Join("; ", result.Errors));
        Assert.Equal([new FeeLine("Sondernutzung 12 m² an 10 Tagen", 60.00m), new FeeLine("Verwaltungsgebühr", 25m)], result.Lines);
        Assert.Equal(85.00m, result.Amount);
    }

    [Fact]
    public void FromExpression_RoundsToCents()
    {
        var result = FeeCalculator.FromExpression("flaeche * tarif", new JsonObject { ["flaeche"] = 3, ["tarif"] = 0.335m });
        Assert.Equal(1.01m, result.Amount);
    }

    [Theory]
    [InlineData("flaeche * ", "Die Gebührenformel ist fehlerhaft")]
    [InlineData("flaeche * tarif", "nicht berechnen")]
    [InlineData("\"dreißig\"", "kein Betrag")]
    public void FromExpression_BadFormulaOrMissingData_GermanErrorNoAmount(string feel, string message)
    {
        var result = FeeCalculator.FromExpression(feel, new JsonObject { ["flaeche"] = 12 });
        Assert.Null(result.Amount);
        Assert.Contains(message, Assert.Single(result.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void FromDecision_UnknownDecision_SaysSo()
    {
        var result = FeeCalculator.FromDecision([], "gebuehr", []);
        Assert.Equal("Es gibt keine Gebührenregel „gebuehr“ in dieser Version.", Assert.Single(result.Errors));
    }
}
