namespace Kogge.Mining.Performance;

/// <summary>A German federal state whose public holidays the business calendar knows.</summary>
public enum GermanState
{
    /// <summary>Mecklenburg-Vorpommern (MV).</summary>
    MecklenburgVorpommern,
    /// <summary>Schleswig-Holstein (SH).</summary>
    SchleswigHolstein,
}

/// <summary>A public holiday on a date.</summary>
/// <param name="Date">The date.</param>
/// <param name="Name">The German name.</param>
public sealed record PublicHoliday(DateOnly Date, string Name);

/// <summary>
/// Public holidays by state and year, from one table of rules: fixed dates and days relative to
/// Easter Sunday, each valid in given states from a given year (for example the Frauentag in MV
/// since 2023, the Reformationstag in SH since 2018 and everywhere in 2017).
/// </summary>
public static class PublicHolidays
{
    private static readonly GermanState[] Both = [GermanState.MecklenburgVorpommern, GermanState.SchleswigHolstein];

    private static readonly HolidayRule[] Rules =
    [
        new("Neujahr", 1, 1, null, Both, 1, 9999),
        new("Internationaler Frauentag", 3, 8, null, [GermanState.MecklenburgVorpommern], 2023, 9999),
        new("Karfreitag", 0, 0, -2, Both, 1, 9999),
        new("Ostermontag", 0, 0, 1, Both, 1, 9999),
        new("Tag der Arbeit", 5, 1, null, Both, 1, 9999),
        new("Christi Himmelfahrt", 0, 0, 39, Both, 1, 9999),
        new("Pfingstmontag", 0, 0, 50, Both, 1, 9999),
        new("Tag der Deutschen Einheit", 10, 3, null, Both, 1990, 9999),
        new("Reformationstag", 10, 31, null, [GermanState.MecklenburgVorpommern], 1990, 9999),
        new("Reformationstag", 10, 31, null, [GermanState.SchleswigHolstein], 2017, 9999),
        new("1. Weihnachtstag", 12, 25, null, Both, 1, 9999),
        new("2. Weihnachtstag", 12, 26, null, Both, 1, 9999),
    ];

    /// <summary>The public holidays of a state in a year, by date.</summary>
    public static IReadOnlyList<PublicHoliday> For(GermanState state, int year)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(year, 1583);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(year, 9998);
        var easter = EasterSunday(year);
        var result = new List<PublicHoliday>();
        foreach (var rule in Rules)
        {
            if (year < rule.FromYear || year > rule.ToYear || Array.IndexOf(rule.States, state) < 0)
            {
                continue;
            }

            var date = rule.EasterOffset is { } offset ? easter.AddDays(offset) : new DateOnly(year, rule.Month, rule.Day);
            result.Add(new PublicHoliday(date, rule.Name));
        }

        result.Sort((a, b) => a.Date.CompareTo(b.Date));
        return result;
    }

    /// <summary>Easter Sunday in the Gregorian calendar (anonymous Gregorian algorithm, Meeus/Jones/Butcher).</summary>
    public static DateOnly EasterSunday(int year)
    {
        var a = year % 19;
        var b = year / 100;
        var c = year % 100;
        var d = b / 4;
        var e = b % 4;
        var f = (b + 8) / 25;
        var g = (b - f + 1) / 3;
        var h = ((19 * a) + b - d - g + 15) % 30;
        var i = c / 4;
        var k = c % 4;
        var l = (32 + (2 * e) + (2 * i) - h - k) % 7;
        var m = (a + (11 * h) + (22 * l)) / 451;
        var month = (h + l - (7 * m) + 114) / 31;
        var day = ((h + l - (7 * m) + 114) % 31) + 1;
        return new DateOnly(year, month, day);
    }

    private sealed record HolidayRule(string Name, int Month, int Day, int? EasterOffset, GermanState[] States, int FromYear, int ToYear);
}
