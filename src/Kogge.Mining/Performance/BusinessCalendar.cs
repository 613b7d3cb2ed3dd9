namespace Kogge.Mining.Performance;

/// <summary>
/// Working days of a German authority: Monday to Friday except the public holidays of its state,
/// in the local time zone. Measures durations the way administrative deadlines are counted.
/// </summary>
public sealed class BusinessCalendar
{
    private readonly Dictionary<int, HashSet<DateOnly>> holidaysByYear = [];

    /// <summary>Creates a calendar for a state in a time zone.</summary>
    public BusinessCalendar(GermanState state, TimeZoneInfo timeZone)
    {
        ArgumentNullException.ThrowIfNull(timeZone);
        State = state;
        TimeZone = timeZone;
    }

    /// <summary>The state whose holidays apply.</summary>
    public GermanState State { get; }

    /// <summary>The time zone in which days begin and end.</summary>
    public TimeZoneInfo TimeZone { get; }

    /// <summary>A calendar for a state in German time (Europe/Berlin).</summary>
    public static BusinessCalendar For(GermanState state) => new(state, TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"));

    /// <summary>Whether a date is a working day (not a weekend, not a public holiday).</summary>
    public bool IsWorkingDay(DateOnly date)
    {
        if (date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
        {
            return false;
        }

        lock (holidaysByYear)
        {
            if (!holidaysByYear.TryGetValue(date.Year, out var set))
            {
                set = [.. PublicHolidays.For(State, date.Year).Select(h => h.Date)];
                holidaysByYear.Add(date.Year, set);
            }

            return !set.Contains(date);
        }
    }

    /// <summary>The number of working days after <paramref name="from"/> up to and including <paramref name="to"/>.</summary>
    public int WorkingDaysBetween(DateOnly from, DateOnly to)
    {
        if (to <= from)
        {
            return 0;
        }

        var count = 0;
        for (var d = from.AddDays(1); d <= to; d = d.AddDays(1))
        {
            if (IsWorkingDay(d))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>The part of the interval that falls on working days in local time.</summary>
    public TimeSpan WorkingTime(DateTimeOffset from, DateTimeOffset to)
    {
        if (to <= from)
        {
            return TimeSpan.Zero;
        }

        var total = TimeSpan.Zero;
        var cursor = from;
        while (cursor < to)
        {
            var local = TimeZoneInfo.ConvertTime(cursor, TimeZone);
            var day = DateOnly.FromDateTime(local.DateTime);
            var nextMidnightLocal = day.AddDays(1).ToDateTime(TimeOnly.MinValue);
            var nextMidnight = new DateTimeOffset(nextMidnightLocal, TimeZone.GetUtcOffset(nextMidnightLocal));
            var segmentEnd = nextMidnight < to ? nextMidnight : to;
            if (IsWorkingDay(day))
            {
                total += segmentEnd - cursor;
            }

            cursor = segmentEnd;
        }

        return total;
    }

    /// <summary>The local calendar date of a point in time.</summary>
    public DateOnly LocalDate(DateTimeOffset time) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time, TimeZone).DateTime);
}
