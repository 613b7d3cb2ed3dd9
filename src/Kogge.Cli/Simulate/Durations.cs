namespace Kogge.Cli.Simulate;

/// <summary>
/// How long people take, drawn from one seeded random source: clerks pick a task up after a skewed wait of about a
/// working day and work on it for about twenty minutes, inside office hours (Monday to Friday, 7 to 16 o'clock in
/// Germany); applicants pay a fee within hours, and send missing documents after two to ten days, at any hour they like.
/// </summary>
internal sealed class Durations(Random random)
{
    private static readonly TimeZoneInfo Germany = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    public Random Random { get; } = random;

    /// <summary>The wait between two applications when <paramref name="perDay"/> arrive a day on average.</summary>
    public TimeSpan BetweenApplications(double perDay) => TimeSpan.FromHours(-Math.Log(1 - Random.NextDouble()) * 24 / perDay);

    /// <summary>When a clerk picks up a task offered at <paramref name="offered"/>.</summary>
    public DateTimeOffset PickUp(DateTimeOffset offered) => InOfficeHours(offered + TimeSpan.FromHours(LogNormal(median: 18, sigma: 0.9)));

    /// <summary>How long a clerk works on a task once picked up.</summary>
    public TimeSpan Work() => TimeSpan.FromMinutes(Math.Min(LogNormal(median: 20, sigma: 0.6), 240));

    /// <summary>How long an applicant takes to send what was asked for.</summary>
    public TimeSpan Answer() => TimeSpan.FromHours(48 + (Random.NextDouble() * 8 * 24));

    /// <summary>How long an applicant takes to pay a fee online: mostly within hours, now and then after more than a week.</summary>
    public TimeSpan Pay() => TimeSpan.FromHours(Math.Min(LogNormal(median: 3, sigma: 1.8), 24 * 30));

    public bool Chance(double probability) => Random.NextDouble() < probability;

    private double LogNormal(double median, double sigma)
    {
        // Box–Muller: one standard normal value from two uniform ones.
        var u1 = 1 - Random.NextDouble();
        var u2 = Random.NextDouble();
        var normal = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        return median * Math.Exp(sigma * normal);
    }

    /// <summary>The time itself when it lies in office hours, else a moment in the first office hour after it.</summary>
    private DateTimeOffset InOfficeHours(DateTimeOffset at)
    {
        var local = TimeZoneInfo.ConvertTime(at, Germany);
        if (local.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && local.Hour is >= 7 and < 16)
        {
            return at;
        }

        var day = local.Hour >= 16 ? local.Date.AddDays(1) : local.Date;
        while (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
        {
            day = day.AddDays(1);
        }

        var start = day.AddHours(7).AddMinutes(Random.Next(0, 90));
        return new DateTimeOffset(start, Germany.GetUtcOffset(start)).ToUniversalTime();
    }
}
