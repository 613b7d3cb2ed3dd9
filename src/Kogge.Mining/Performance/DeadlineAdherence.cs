using Kogge.Mining.EventLogs;

namespace Kogge.Mining.Performance;

/// <summary>How many cases met their deadline.</summary>
/// <param name="Cases">Cases with a measurable duration (and a deadline, where it comes from an attribute).</param>
/// <param name="WithinDeadline">Cases that finished in time.</param>
/// <param name="Overrun">How late the late cases were (elapsed time past the deadline).</param>
/// <param name="LateCaseIds">The identifiers of the late cases.</param>
public sealed record DeadlineReport(int Cases, int WithinDeadline, DurationStatistics Overrun, IReadOnlyList<string> LateCaseIds)
{
    /// <summary>The share of cases finished in time.</summary>
    public double AdherenceRate => Cases == 0 ? 0 : (double)WithinDeadline / Cases;
}

/// <summary>Deadline adherence of cases against a target duration, a number of working days, or a per-case deadline attribute.</summary>
public static class DeadlineAdherence
{
    /// <summary>Cases whose throughput time is at most <paramref name="target"/> (elapsed time).</summary>
    public static DeadlineReport AgainstDuration(EventLog log, TimeSpan target)
    {
        ArgumentNullException.ThrowIfNull(log);
        return Evaluate(log, (first, _, _) => first + target);
    }

    /// <summary>
    /// Cases finished within <paramref name="workingDays"/> working days after the day they started,
    /// counted as an authority counts a deadline in Arbeitstage (weekends and holidays do not count).
    /// </summary>
    public static DeadlineReport AgainstWorkingDays(EventLog log, int workingDays, BusinessCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(calendar);
        return Evaluate(log, (first, _, _) =>
        {
            var day = calendar.LocalDate(first);
            for (var left = workingDays; left > 0;)
            {
                day = day.AddDays(1);
                if (calendar.IsWorkingDay(day))
                {
                    left--;
                }
            }

            // The deadline ends at the end of its last day.
            var endLocal = day.AddDays(1).ToDateTime(TimeOnly.MinValue);
            return new DateTimeOffset(endLocal, calendar.TimeZone.GetUtcOffset(endLocal)).AddTicks(-1);
        });
    }

    /// <summary>Cases finished by the date in a case attribute (for example <c>deadline</c>); cases without it are not counted.</summary>
    public static DeadlineReport AgainstCaseAttribute(EventLog log, string attributeKey)
    {
        ArgumentNullException.ThrowIfNull(log);
        var column = log.CaseAttributes.Column(attributeKey);
        return Evaluate(log, (_, _, c) => column?[c]?.AsDate());
    }

    private static DeadlineReport Evaluate(EventLog log, Func<DateTimeOffset, DateTimeOffset, int, DateTimeOffset?> deadlineOf)
    {
        var inst = log.Instances;
        var cases = 0;
        var within = 0;
        var overruns = new List<long>();
        var late = new List<string>();
        for (var c = 0; c < log.CaseCount; c++)
        {
            long first = long.MaxValue, last = long.MinValue;
            for (var i = inst.CaseOffsetArray[c]; i < inst.CaseOffsetArray[c + 1]; i++)
            {
                if (inst.StartArray[i] != EventLog.NoTimestamp)
                {
                    first = Math.Min(first, inst.StartArray[i]);
                    last = Math.Max(last, inst.EndArray[i]);
                }
            }

            if (first == long.MaxValue)
            {
                continue;
            }

            var start = new DateTimeOffset(first, TimeSpan.Zero);
            var end = new DateTimeOffset(last, TimeSpan.Zero);
            if (deadlineOf(start, end, c) is not { } deadline)
            {
                continue;
            }

            cases++;
            if (end <= deadline)
            {
                within++;
            }
            else
            {
                overruns.Add((end - deadline).Ticks);
                late.Add(log.CaseIds[c]);
            }
        }

        return new DeadlineReport(cases, within, DurationStatistics.FromTicks(overruns.ToArray()), late);
    }
}
