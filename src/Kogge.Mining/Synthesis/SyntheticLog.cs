using System.Globalization;
using Kogge.Mining.EventLogs;
using Kogge.Mining.Performance;

namespace Kogge.Mining.Synthesis;

/// <summary>What <see cref="SyntheticLog"/> generates.</summary>
public sealed class SyntheticLogOptions
{
    /// <summary>The largest number of events a synthetic log may have.</summary>
    public const int MaximumEvents = 50_000_000;

    /// <summary>The least number of events: whole cases are generated until the log has at least this many.</summary>
    public int Events { get; init; } = 10_000;

    /// <summary>The seed; the same seed and options give the same log, event for event.</summary>
    public long Seed { get; init; } = 1;

    /// <summary>The day from which applications arrive.</summary>
    public DateOnly FirstDay { get; init; } = new(2024, 1, 2);

    /// <summary>Over how many months applications arrive (later steps of the last cases run beyond).</summary>
    public int Months { get; init; } = 12;

    /// <summary>The state whose public holidays close the office.</summary>
    public GermanState State { get; init; } = GermanState.MecklenburgVorpommern;
}

/// <summary>
/// Generates a reproducible event log of a municipal building-permit procedure (Baugenehmigung):
/// 20 activities with choices (simplified or full procedure, approval or refusal, withdrawal),
/// rework loops (missing documents, revised plans, a notice sent back before signing), parallel
/// statements of other departments, staff in groups of different sizes, start and complete events
/// during opening hours and the applicant's events at any day time, spread over months.
/// For benchmarks and demonstrations; the figures mean nothing beyond the model below.
/// </summary>
public static class SyntheticLog
{
    /// <summary>The activities the generator uses.</summary>
    public static IReadOnlyList<string> Activities { get; } =
    [
        "Antrag eingegangen", "Eingang bestätigen", "Vollständigkeit prüfen", "Unterlagen nachfordern",
        "Unterlagen nachgereicht", "Antrag zurückgezogen", "Bauplanungsrecht prüfen", "Stellungnahme Brandschutz",
        "Stellungnahme Umweltamt", "Stellungnahme Denkmalschutz", "Fachliche Prüfung", "Nachbesserung anfordern",
        "Genehmigung entwerfen", "Ablehnung entwerfen", "Bescheid zeichnen", "Gebühr festsetzen",
        "Bescheid versenden", "Zahlungserinnerung versenden", "Gebühr bezahlt", "Vorgang abschließen",
    ];

    // Events per case on average with the probabilities below; spreads the arrivals over the months asked for.
    private const int MeanEventsPerCase = 26;

    /// <summary>Generates the log.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Events outside 1 to <see cref="SyntheticLogOptions.MaximumEvents"/>, or months outside 1 to 120.</exception>
    public static EventLog Generate(SyntheticLogOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Events, 1, nameof(options.Events));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Events, SyntheticLogOptions.MaximumEvents, nameof(options.Events));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Months, 1, nameof(options.Months));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Months, 120, nameof(options.Months));

        var builder = new EventLogBuilder(options.Events + 64);
        builder.SetLogAttribute("concept:name", AttributeValue.FromString("Baugenehmigung (synthetisch)"));
        builder.SetLogAttribute("kogge:seed", new AttributeValue(AttributeKind.WholeNumber, options.Seed.ToString(CultureInfo.InvariantCulture)));
        var simulation = new Simulation(builder, new SeededRandom(options.Seed), new OfficeHours(options.State));
        var first = options.FirstDay.ToDateTime(TimeOnly.MinValue);
        var span = first.AddMonths(options.Months) - first;
        var expectedCases = Math.Max(1, options.Events / MeanEventsPerCase);
        for (var i = 0; builder.EventCount < options.Events; i++)
        {
            if ((i & 0xff) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var arrivalDay = first.AddTicks((long)(span.Ticks * ((i + simulation.Random.NextDouble()) / expectedCases))).Date;
            simulation.Case(i, arrivalDay);
        }

        return builder.Build();
    }

    private sealed class Team(string group, string prefix, int size)
    {
        public string Group { get; } = group;

        public string[] Members { get; } = [.. Enumerable.Range(1, size).Select(n => $"{prefix}-{n:00}")];
    }

    private sealed class Simulation(EventLogBuilder builder, SeededRandom random, OfficeHours hours)
    {
        private static readonly string[] Projects = ["Einfamilienhaus", "Mehrfamilienhaus", "Anbau/Umbau", "Garage/Carport", "Gewerbebau"];
        private static readonly int[] ProjectWeights = [40, 15, 25, 12, 8];

        // Probability of the simplified procedure (§ 63 LBauO: no statements of other departments) per project type.
        private static readonly double[] Simplified = [0.6, 0.1, 0.5, 0.9, 0.0];
        private static readonly double[] Refused = [0.06, 0.1, 0.08, 0.04, 0.15];

        // Probability that a listed building or monument area is concerned.
        private static readonly double[] Monument = [0.15, 0.3, 0.35, 0.1, 0.2];

        private readonly Team clerks = new("Bauaufsicht", "SB", 12);
        private readonly Team leads = new("Sachgebietsleitung", "SGL", 3);
        private readonly Team fire = new("Brandschutz", "BS", 5);
        private readonly Team environment = new("Umweltamt", "UA", 6);
        private readonly Team monuments = new("Denkmalschutz", "DS", 2);
        private readonly Team cashiers = new("Stadtkasse", "KA", 5);
        private string owner = "";

        public SeededRandom Random { get; } = random;

        public void Case(int index, DateTime arrivalDay)
        {
            var project = Random.Pick(ProjectWeights);
            var online = Random.Chance(0.65);
            builder.BeginCase(string.Create(CultureInfo.InvariantCulture, $"BA-{arrivalDay.Year}-{index + 1:000000}"));
            builder.SetCaseAttribute("Vorhaben", AttributeValue.FromString(Projects[project]));
            builder.SetCaseAttribute("Eingangskanal", AttributeValue.FromString(online ? "online" : "Post"));
            owner = clerks.Members[Random.Next(clerks.Members.Length)];

            // Online applications arrive at any day time, letters when the mail room opens.
            var t = online ? Applicant("Antrag eingegangen", arrivalDay, 0) : Post("Antrag eingegangen", arrivalDay);
            t = Staff("Eingang bestätigen", t, clerks, 0, 3, 3, 12);
            for (var round = 0; ; round++)
            {
                t = Staff("Vollständigkeit prüfen", t, clerks, 1, 12, 15, 60);
                if (round >= 3 || !Random.Chance(round == 0 ? 0.35 : 0.15))
                {
                    break;
                }

                t = Staff("Unterlagen nachfordern", t, clerks, 0, 1, 10, 25);
                if (Random.Chance(0.07))
                {
                    t = Applicant("Antrag zurückgezogen", t, Random.Skewed(5, 45));
                    Staff("Vorgang abschließen", t, clerks, 1, 10, 5, 20);
                    return;
                }

                t = Applicant("Unterlagen nachgereicht", t, Random.Skewed(2, 35));
            }

            var ready = t;
            t = Staff("Bauplanungsrecht prüfen", ready, clerks, 2, 15, 30, 120);
            if (!Random.Chance(Simplified[project]))
            {
                // The departments are asked at once and answer in any order.
                t = Max(t, Staff("Stellungnahme Brandschutz", ready, fire, 3, 25, 30, 180));
                t = Max(t, Staff("Stellungnahme Umweltamt", ready, environment, 5, 30, 20, 120));
                if (Random.Chance(Monument[project]))
                {
                    t = Max(t, Staff("Stellungnahme Denkmalschutz", ready, monuments, 5, 40, 30, 240));
                }
            }

            for (var round = 0; ; round++)
            {
                t = Staff("Fachliche Prüfung", t, clerks, 1, 10, 60, 300);
                if (round >= 2 || !Random.Chance(round == 0 ? 0.2 : 0.08))
                {
                    break;
                }

                t = Staff("Nachbesserung anfordern", t, clerks, 0, 1, 10, 30);
                t = Applicant("Unterlagen nachgereicht", t, Random.Skewed(7, 40));
            }

            var draft = Random.Chance(Refused[project]) ? "Ablehnung entwerfen" : "Genehmigung entwerfen";
            for (var round = 0; ; round++)
            {
                t = Staff(draft, t, clerks, 1, 8, 45, 180);
                t = Staff("Bescheid zeichnen", t, leads, 1, 6, 10, 40);
                if (round >= 1 || !Random.Chance(0.12))
                {
                    break;
                }
            }

            t = Staff("Gebühr festsetzen", t, clerks, 0, 2, 10, 30);
            t = Staff("Bescheid versenden", t, clerks, 0, 2, 5, 15);
            var payDays = Random.Skewed(2, 45);
            if (payDays > 30)
            {
                t = Staff("Zahlungserinnerung versenden", t.AddDays(31), cashiers, 0, 3, 5, 10);
                payDays = Random.Skewed(2, 20);
            }

            t = Applicant("Gebühr bezahlt", t, payDays);
            Staff("Vorgang abschließen", t, clerks, 1, 10, 5, 20);
        }

        private static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;

        /// <summary>A start and a complete event by a member of <paramref name="team"/>; returns the completion.</summary>
        private DateTime Staff(string activity, DateTime ready, Team team, double waitLowDays, double waitHighDays, double workLowMinutes, double workHighMinutes)
        {
            // The case's own clerk, unless a colleague stands in.
            var resource = team == clerks && !Random.Chance(0.1) ? owner : team.Members[Random.Next(team.Members.Length)];
            var wait = (long)(Random.Skewed(waitLowDays, waitHighDays) * OfficeHours.WorkingDaySeconds);
            var start = hours.AddWorkingSeconds(ready, wait + 1);
            var end = hours.AddWorkingSeconds(start, (long)(Random.Skewed(workLowMinutes, workHighMinutes) * 60));
            Add(activity, start, resource, team.Group, "start");
            Add(activity, end, resource, team.Group, "complete");
            return end;
        }

        /// <summary>An event of the applicant <paramref name="days"/> after <paramref name="after"/>, between 06:00 and 23:00.</summary>
        private DateTime Applicant(string activity, DateTime after, double days)
        {
            var day = after.AddTicks((long)(days * TimeSpan.TicksPerDay)).Date;
            var time = day.AddSeconds(21_600 + Random.Next(61_200));
            if (time <= after)
            {
                time = day.AddDays(1).AddSeconds(21_600 + Random.Next(61_200));
            }

            Add(activity, time, null, null, "complete");
            return time;
        }

        private DateTime Post(string activity, DateTime day)
        {
            var time = hours.AddWorkingSeconds(day, Random.Next(7_200));
            Add(activity, time, null, null, "complete");
            return time;
        }

        private void Add(string activity, DateTime local, string? resource, string? group, string lifecycle)
        {
            builder.AddEvent(activity, new DateTimeOffset(local, OfficeHours.GermanOffset(local)), resource, lifecycle);
            if (group is not null)
            {
                builder.SetEventAttribute("org:group", AttributeValue.FromString(group));
            }
        }
    }
}
