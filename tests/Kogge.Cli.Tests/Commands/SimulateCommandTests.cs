using Kogge.Bpmn.Engine;
using Kogge.Cli.Tests.Infrastructure;
using Kogge.Mining.EventLogs;
using Kogge.Mining.History;
using Kogge.Web.Platform.Demo;
using Kogge.Web.Platform.Persistence;
using Microsoft.Extensions.DependencyInjection;

namespace Kogge.Cli.Tests.Commands;

/// <summary>
/// <c>kogge simulate</c> on the demo installation: twenty applications per service run through the real case
/// submission and engine, and the engine's history, read as an event log by Kogge.Mining, holds those cases with the
/// paths their processes allow. The same seed on a second database gives the same history.
/// </summary>
public sealed class SimulateCommandTests
{
    private const string From = "2026-03-02";

    [Theory]
    [InlineData("sondernutzung-strasse", "sondernutzung")]
    [InlineData("gewerbe-anmelden", "gewerbe")]
    [InlineData("bewohnerparkausweis", "bewohnerparken")]
    [InlineData("hundesteuer-anmeldung", "hundesteuer")]
    public async Task Simulate_TwentyCases_HistoryMinesToTwentyCasesOnTheModelsPaths(string service, string process)
    {
        await using var database = await DemoDatabaseAsync();

        var run = await database.RunAsync("simulate", "--tenant", "rostock", "--service", service, "--cases", "20", "--from", From, "--seed", "7");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("Cases: 20 submitted, 20 closed, 0 still open.", run.Output, StringComparison.Ordinal);
        var log = await HistoryAsync(database, process);
        Assert.Equal(20, log.CaseCount);
        var variants = Variants.Compute(log);
        foreach (var variant in variants)
        {
            var steps = variant.Activities.Distinct().ToList();
            switch (process)
            {
                case "sondernutzung":
                    Assert.Equal(["Sondernutzungsgebühr berechnen", "Straßenverkehrsbehörde nimmt Stellung", "Tiefbauamt nimmt Stellung", "Über die Erlaubnis entscheiden"], steps.Order(StringComparer.Ordinal));
                    Assert.Equal("Über die Erlaubnis entscheiden", variant.Activities[^1]);
                    break;
                case "gewerbe":
                    Assert.Equal("Angaben auf Plausibilität prüfen", variant.Activities[0]);
                    Assert.Contains("Empfang der Anzeige bescheinigen", steps);
                    Assert.Contains("Finanzamt unterrichten", steps);
                    Assert.Contains("Berufsgenossenschaft unterrichten", steps);
                    Assert.Single(steps, s => s is "Industrie- und Handelskammer unterrichten" or "Handwerkskammer unterrichten");
                    break;
                case "hundesteuer":
                    Assert.Equal("Jahresbetrag ermitteln", variant.Activities[0]);
                    break;
                default:
                    // Paid (now and then after a reminder), checked, fee fixed, notice; an approved permit's holder is reminded before it runs out.
                    Assert.Equal("Auf die Gebühr warten", variant.Activities[0]);
                    Assert.Equal(["Antrag prüfen", "Gebühr festsetzen", "Bescheid erstellen und zustellen"],
                        steps.Where(s => s is not ("Auf die Gebühr warten" or "Nach 7 Tagen noch nicht bezahlt" or "An die Gebühr erinnern"
                            or "Sechs Wochen vor Ablauf des Ausweises" or "An die Verlängerung erinnern")));
                    Assert.Contains(variant.Activities[^1], new[] { "Bescheid erstellen und zustellen", "An die Verlängerung erinnern" });
                    break;
            }
        }

        if (process is "gewerbe" or "hundesteuer")
        {
            // Most go straight through; the plausibility check or a dangerous dog sends a few to a clerk.
            Assert.Contains(variants, v => !v.Activities.Any(a => a is "Angaben klären" or "Gefährlichen Hund prüfen"));
        }

        Assert.Equal(20L, await CountAsync(database, "SELECT COUNT(*) FROM \"Cases\" WHERE \"Status\" = 'Closed' AND \"ClosedAt\" IS NOT NULL"));
        if (process == "gewerbe")
        {
            // The service tasks' handlers wrote the timeline: one receipt and three bodies told per case.
            Assert.Equal(20L, await CountAsync(database, "SELECT COUNT(*) FROM \"CaseEvents\" WHERE \"Kind\" = 'empfang-bestaetigt'"));
            Assert.Equal(60L, await CountAsync(database, "SELECT COUNT(*) FROM \"CaseEvents\" WHERE \"Kind\" = 'stelle-unterrichtet'"));
            Assert.Equal(20L, await CountAsync(database, "SELECT COUNT(*) FROM \"CaseEvents\" WHERE \"Kind\" = 'stelle-unterrichtet' AND \"Detail\" = 'Finanzamt Rostock'"));
        }
    }

    private static async Task<long> CountAsync(CliDatabase database, string sql) =>
        Convert.ToInt64((await database.QueryAsync(sql))[0][0], System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task Simulate_SameSeedOnTwoDatabases_SameHistory_AgainOnTheSameServiceRefused()
    {
        await using var first = await DemoDatabaseAsync();
        await using var second = await DemoDatabaseAsync();

        foreach (var database in new[] { first, second })
        {
            var run = await database.RunAsync("simulate", "--tenant", "rostock", "--service", "gewerbe-anmelden", "--cases", "15", "--from", From, "--seed", "42");
            Assert.True(run.ExitCode == 0, run.ToString());
        }

        Assert.Equal(Trace(await HistoryAsync(first, "gewerbe")), Trace(await HistoryAsync(second, "gewerbe")));

        // The same seed again on the same service would only find its own applications: refused, nothing added.
        var again = await first.RunAsync("simulate", "--tenant", "rostock", "--service", "gewerbe-anmelden", "--cases", "15", "--from", From, "--seed", "42");
        var other = await first.RunAsync("simulate", "--tenant", "rostock", "--service", "hundesteuer-anmeldung", "--cases", "5", "--from", From, "--seed", "42");
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("choose another seed", again.Error, StringComparison.Ordinal);
        Assert.True(other.ExitCode == 0, other.ToString());
        Assert.Equal(20L, await CountAsync(first, "SELECT COUNT(*) FROM \"Cases\""));
    }

    [Fact]
    public async Task Simulate_UnknownServiceOrNoCases_UsageError()
    {
        await using var database = await DemoDatabaseAsync();

        var unknown = await database.RunAsync("simulate", "--tenant", "rostock", "--service", "gibt-es-nicht", "--cases", "5", "--from", From);
        var none = await database.RunAsync("simulate", "--tenant", "rostock", "--service", "gewerbe-anmelden", "--cases", "0", "--from", From);

        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("no published service", unknown.Error, StringComparison.Ordinal);
        Assert.Equal(2, none.ExitCode);
        Assert.Empty(await database.QueryAsync("SELECT 1 FROM \"Cases\""));
    }

    /// <summary>Every event as activity, resource and time, case by case in the order of their first event.</summary>
    private static List<string> Trace(EventLog log)
    {
        var cases = new List<string>();
        for (var c = 0; c < log.CaseCount; c++)
        {
            var events = new List<string>();
            for (var e = log.CaseOffsets[c]; e < log.CaseOffsets[c + 1]; e++)
            {
                events.Add($"{log.ActivityNames[log.Activities[e]]}@{log.Timestamp(e):O}/{log.ResourceNames[log.Resources[e]]}");
            }

            cases.Add(string.Join(" ", events));
        }

        return [.. cases.Order(StringComparer.Ordinal)];
    }

    private static async Task<MigratedDatabase> DemoDatabaseAsync()
    {
        var database = new MigratedDatabase();
        await database.InitializeAsync();
        await using var host = CliHost.Build(new GlobalSettings(Enum.Parse<DatabaseProvider>(CliDatabase.Provider), database.ConnectionString, false), withProcesses: true);
        await DemoData.SeedAsync(host.Services, TestContext.Current.CancellationToken);
        return database;
    }

    private static async Task<EventLog> HistoryAsync(CliDatabase database, string process)
    {
        await using var host = CliHost.Build(new GlobalSettings(Enum.Parse<DatabaseProvider>(CliDatabase.Provider), database.ConnectionString, false), withProcesses: true);
        var log = await EngineHistoryLog.ReadAsync(host.Services.GetRequiredService<ProcessEngine>().History, new EngineHistoryOptions { FinishedCasesOnly = true }, TestContext.Current.CancellationToken);
        var keep = Enumerable.Range(0, log.CaseCount).Where(c => log.CaseAttributes.Get(c, EngineHistoryLog.DefinitionAttribute)?.Text.Contains(process, StringComparison.Ordinal) == true);
        return log.SelectCases(keep);
    }
}
