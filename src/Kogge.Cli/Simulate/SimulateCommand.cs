using System.CommandLine;
using System.Globalization;
using Kogge.Web.Modules.Cases.Apply;
using Kogge.Web.Platform.Audit;
using Kogge.Web.Platform.Persistence;
using Kogge.Web.Platform.Tenancy;

namespace Kogge.Cli.Simulate;

/// <summary><c>kogge simulate</c>: months of synthetic case work on one service, through the real engine and case submission.</summary>
internal static class SimulateCommand
{
    public static Command Create(KoggeCli cli)
    {
        var tenant = new Option<string>("--tenant") { Description = "Slug of the municipality", Required = true };
        var service = new Option<string>("--service") { Description = "The published service: its slug or id", Required = true };
        var cases = new Option<int>("--cases") { Description = "How many applications to submit", Required = true };
        var from = new Option<DateOnly>("--from") { Description = "The day of the first application (yyyy-MM-dd)", Required = true };
        var seed = new Option<int>("--seed") { Description = "Seed of the random source; the same seed gives the same history (default 1)", DefaultValueFactory = _ => 1 };
        var perDay = new Option<double>("--per-day") { Description = "Applications a day on average (default 8)", DefaultValueFactory = _ => 8 };
        var command = new Command("simulate", """
            Submit synthetic applications for a published service and let synthetic clerks work them on a simulated clock, so that the engine's history holds months of cases.
            Applications arrive at random (--per-day on average, from --from on); applicants pay a fee online within hours (now and then after the process's reminder); clerks of each task's candidate group pick tasks up after about a working day, in office hours, and work on them for about twenty minutes; for about one task in eight they first ask the applicant for a document, which arrives two to ten days later.
            Writes to the database like real use: cases, timeline entries, documents and the engine's instances, tasks and history. Use it on a demo or test database only.
            """)
        {
            Options = { tenant, service, cases, from, seed, perDay },
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var count = parsed.GetValue(cases);
            var rate = parsed.GetValue(perDay);
            if (count is < 1 or > 1_000_000)
            {
                throw CliException.Usage("--cases must be between 1 and 1,000,000.");
            }

            if (rate is <= 0 or > 100_000)
            {
                throw CliException.Usage("--per-day must be above 0 and at most 100,000.");
            }

            var day = parsed.GetValue(from);
            var clock = new SimulatedClock(new DateTimeOffset(day.ToDateTime(new TimeOnly(6, 0)), TimeSpan.Zero));
            await using var host = CliHost.Build(cli.Settings(parsed), clock, withProcesses: true);
            await using var scope = host.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<KoggeDbContext>();
            scope.ServiceProvider.GetRequiredService<AuditLog>().ActorOverride = "simulation";
            await host.EnsureReadyAsync(db, cancellationToken);

            var slug = parsed.GetRequiredValue(tenant);
            var municipality = await scope.ServiceProvider.GetRequiredService<TenantCatalog>().FindAsync(slug, cancellationToken)
                ?? throw CliException.Usage($"--tenant \"{slug}\": there is no such municipality. 'kogge tenant list' shows them.");
            scope.ServiceProvider.GetRequiredService<TenantContext>().Set(municipality);
            var wanted = parsed.GetRequiredValue(service);
            var start = await StartForm.LoadAsync(db, wanted, cancellationToken)
                ?? throw CliException.Usage($"--service \"{wanted}\": {municipality.Name} has no published service with this slug or id.");
            if (!SyntheticApplicants.Processes.Contains(start.Version.EngineProcessId!))
            {
                throw CliException.Usage($"--service \"{wanted}\": there are no synthetic applicants for its process \"{start.Version.EngineProcessId}\"; simulated are {string.Join(", ", SyntheticApplicants.Processes)}.");
            }

            var result = await new Simulation(host.Services, clock, municipality, start, parsed.GetValue(seed)).RunAsync(count, rate, cancellationToken);
            var invariant = CultureInfo.InvariantCulture;
            await cli.Output.WriteLineAsync(string.Create(invariant,
                $"Simulated {result.Cases} application(s) for \"{start.Service.Name}\" (version {start.Version.Number}) in {municipality.Slug}, seed {parsed.GetValue(seed)}."));
            await cli.Output.WriteLineAsync(string.Create(invariant,
                $"Simulated time: {result.FirstSubmission:yyyy-MM-dd HH:mm} to {result.LastEvent:yyyy-MM-dd HH:mm} UTC ({(result.LastEvent - result.FirstSubmission).TotalDays:0} days)."));
            await cli.Output.WriteLineAsync(string.Create(invariant, $"Cases: {result.Cases} submitted, {result.Closed} closed, {result.Cases - result.Closed} still open."));
            await cli.Output.WriteLineAsync(string.Create(invariant,
                $"Tasks completed by clerks: {result.TasksCompleted}; documents asked for: {result.DocumentRequests}; fees paid: {result.Payments}; engine jobs run: {result.JobsRun}."));
            await cli.Output.WriteLineAsync(string.Create(invariant,
                $"Wall time: {result.WallTime.TotalSeconds:0.0} s ({result.Cases / Math.Max(result.WallTime.TotalMinutes, 1e-9):0} cases per minute) on {host.Describe(db)}."));
            return ExitCodes.Success;
        });
        return command;
    }
}
