using Kogge.Mining.Performance;

namespace Kogge.Mining.Synthesis;

/// <summary>
/// Opening hours of a German authority in local wall-clock time: Monday to Thursday 07:30–16:00,
/// Friday 07:30–13:00, closed on weekends and the state's public holidays. Converts local times to
/// German time with the EU summer-time rule computed here, so that the result does not depend on the
/// time-zone database of the machine.
/// </summary>
internal sealed class OfficeHours(GermanState state)
{
    private static readonly TimeSpan Opens = new(7, 30, 0);
    private static readonly TimeSpan ClosesMondayToThursday = new(16, 0, 0);
    private static readonly TimeSpan ClosesFriday = new(13, 0, 0);
    private readonly Dictionary<int, HashSet<DateOnly>> holidays = [];

    /// <summary>Working seconds of an average day, to express waits in working days.</summary>
    public const long WorkingDaySeconds = 30_600;

    public bool IsWorkingDay(DateOnly date)
    {
        if (date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
        {
            return false;
        }

        if (!holidays.TryGetValue(date.Year, out var set))
        {
            set = [.. PublicHolidays.For(state, date.Year).Select(h => h.Date)];
            holidays.Add(date.Year, set);
        }

        return !set.Contains(date);
    }

    /// <summary>The first moment at or after <paramref name="time"/> when the office is open.</summary>
    public DateTime NextOpen(DateTime time)
    {
        while (true)
        {
            var day = time.Date;
            if (IsWorkingDay(DateOnly.FromDateTime(day)))
            {
                var open = day + Opens;
                if (time < open)
                {
                    return open;
                }

                if (time < day + Closes(day))
                {
                    return time;
                }
            }

            time = day.AddDays(1);
        }
    }

    /// <summary>The moment after <paramref name="seconds"/> of opening hours have passed from <paramref name="time"/>.</summary>
    public DateTime AddWorkingSeconds(DateTime time, long seconds)
    {
        time = NextOpen(time);
        while (true)
        {
            var close = time.Date + Closes(time.Date);
            var left = (long)(close - time).TotalSeconds;
            if (seconds < left)
            {
                return time.AddSeconds(seconds);
            }

            seconds -= left;
            time = NextOpen(close);
        }
    }

    /// <summary>
    /// The UTC offset of German time at a local time. Kogge's synthetic events never fall between
    /// 00:00 and 06:00, so the hour that is skipped or repeated at a change of summer time never occurs.
    /// </summary>
    public static TimeSpan GermanOffset(DateTime local)
    {
        var summerBegins = LastSunday(local.Year, 3).AddHours(3);
        var summerEnds = LastSunday(local.Year, 10).AddHours(2);
        return local >= summerBegins && local < summerEnds ? TimeSpan.FromHours(2) : TimeSpan.FromHours(1);
    }

    private static TimeSpan Closes(DateTime day) => day.DayOfWeek == DayOfWeek.Friday ? ClosesFriday : ClosesMondayToThursday;

    private static DateTime LastSunday(int year, int month)
    {
        var last = new DateTime(year, month, DateTime.DaysInMonth(year, month), 0, 0, 0, DateTimeKind.Unspecified);
        return last.AddDays(-(int)last.DayOfWeek);
    }
}
