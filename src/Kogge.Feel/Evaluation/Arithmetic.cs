namespace Kogge.Feel.Evaluation;

internal static class Arithmetic
{
    public static object? Negate(object? v, EvalContext run) => v switch
    {
        null => null,
        decimal d => -d,
        DaysTimeDuration d => new DaysTimeDuration(-d.Seconds),
        YearsMonthsDuration d => new YearsMonthsDuration(-d.Months),
        _ => run.Warn($"Cannot negate a {Values.TypeName(v)}"),
    };

    public static object? Binary(string op, object? a, object? b, EvalContext run)
    {
        if (a is null || b is null)
        {
            return null;
        }

        try
        {
            var result = op switch
            {
                "+" => Add(a, b),
                "-" => Subtract(a, b),
                "*" => Multiply(a, b),
                "/" => Divide(a, b),
                "**" => a is decimal x && b is decimal y ? Numbers.Pow(x, y) : null,
                _ => null,
            };
            return result ?? run.Warn($"'{op}' is not defined for {Values.TypeName(a)} and {Values.TypeName(b)}");
        }
        catch (OverflowException)
        {
            return run.Warn($"The result of '{op}' is too large");
        }
        catch (ArgumentOutOfRangeException)
        {
            return run.Warn($"The result of '{op}' is outside the supported date range");
        }
    }

    private static object? Add(object a, object b)
    {
        switch (a)
        {
            case decimal x when b is decimal y: return x + y;
            case string x when b is string y: return x + y;
            case DaysTimeDuration x when b is DaysTimeDuration y: return new DaysTimeDuration(x.Seconds + y.Seconds);
            case YearsMonthsDuration x when b is YearsMonthsDuration y: return new YearsMonthsDuration(x.Months + y.Months);
            case DaysTimeDuration or YearsMonthsDuration when b is FeelDate or FeelDateTime or FeelTime: return Add(b, a);
            case FeelDate d when b is YearsMonthsDuration y: return Temporal.AddMonths(d, y.Months);
            case FeelDate d when b is DaysTimeDuration y: return Temporal.AddDays(d, (long)Math.Floor(y.Seconds / 86400m));
            case FeelDateTime d when b is YearsMonthsDuration y:
                return Temporal.AddMonths(d.Date, y.Months) is { } moved ? Temporal.WithZone(moved, d.NanosOfDay, d.Offset, d.Zone) : null;
            case FeelDateTime d when b is DaysTimeDuration y:
                {
                    var nanos = y.Seconds * 1_000_000_000m;
                    if (d.Zone is not null)
                    {
                        // Move the instant, then read the local time in the zone's rules at the new instant.
                        var (utcDate, utcNanos) = Temporal.FromLocalNanos(d.Instant + nanos);
                        var tz = Temporal.FindZone(d.Zone)!;
                        var offset = utcDate.ToDateOnly() is { } u ? tz.GetUtcOffset(DateTime.SpecifyKind(u.ToDateTime(TimeOnly.MinValue).AddTicks(utcNanos / 100), DateTimeKind.Utc)) : tz.BaseUtcOffset;
                        var (localDate, localNanos) = Temporal.FromLocalNanos(d.Instant + nanos + (offset.Ticks * 100m));
                        return new FeelDateTime(localDate, localNanos, offset, d.Zone);
                    }

                    var (date, time) = Temporal.FromLocalNanos(d.LocalNanos + nanos);
                    return Math.Abs(date.Year) > Temporal.MaxYear ? null : new FeelDateTime(date, time, d.Offset, null);
                }

            case FeelTime t when b is DaysTimeDuration y:
                {
                    var delta = (long)(y.Seconds * 1_000_000_000m % Temporal.NanosPerDay);
                    var nanos = ((t.NanosOfDay + delta) % Temporal.NanosPerDay + Temporal.NanosPerDay) % Temporal.NanosPerDay;
                    return new FeelTime(nanos, t.Offset, t.Zone);
                }

            default: return null;
        }
    }

    private static object? Subtract(object a, object b)
    {
        switch (a)
        {
            case decimal x when b is decimal y: return x - y;
            case DaysTimeDuration x when b is DaysTimeDuration y: return new DaysTimeDuration(x.Seconds - y.Seconds);
            case YearsMonthsDuration x when b is YearsMonthsDuration y: return new YearsMonthsDuration(x.Months - y.Months);
            case FeelDate or FeelDateTime or FeelTime when b is DaysTimeDuration y: return Add(a, new DaysTimeDuration(-y.Seconds));
            case FeelDate or FeelDateTime when b is YearsMonthsDuration y: return Add(a, new YearsMonthsDuration(-y.Months));
            case FeelDate x when b is FeelDate y: return new DaysTimeDuration((x.DayNumber - y.DayNumber) * 86400m);
            case FeelDate x when b is FeelDateTime { Offset: not null } y: return Subtract(new FeelDateTime(x, 0, TimeSpan.Zero, null), y);
            case FeelDateTime { Offset: not null } x when b is FeelDate y: return Subtract(x, new FeelDateTime(y, 0, TimeSpan.Zero, null));
            case FeelDateTime x when b is FeelDateTime y:
                if (x.Offset.HasValue != y.Offset.HasValue)
                {
                    return null;
                }

                return new DaysTimeDuration((x.Instant - y.Instant) / 1_000_000_000m);
            case FeelTime x when b is FeelTime y:
                if (x.Offset.HasValue != y.Offset.HasValue)
                {
                    return null;
                }

                return new DaysTimeDuration(x.Normalized - y.Normalized);
            default: return null;
        }
    }

    private static object? Multiply(object a, object b)
    {
        switch (a)
        {
            case decimal x when b is decimal y: return x * y;
            case DaysTimeDuration x when b is decimal y: return new DaysTimeDuration(x.Seconds * y);
            case YearsMonthsDuration x when b is decimal y: return new YearsMonthsDuration((long)decimal.Truncate(x.Months * y));
            case decimal when b is DaysTimeDuration or YearsMonthsDuration: return Multiply(b, a);
            default: return null;
        }
    }

    private static object? Divide(object a, object b)
    {
        switch (a)
        {
            case decimal x when b is decimal y: return y == 0 ? null : x / y;
            case DaysTimeDuration x when b is decimal y: return y == 0 ? null : new DaysTimeDuration(x.Seconds / y);
            case YearsMonthsDuration x when b is decimal y: return y == 0 ? null : new YearsMonthsDuration((long)decimal.Truncate(x.Months / y));
            case DaysTimeDuration x when b is DaysTimeDuration y: return y.Seconds == 0 ? null : x.Seconds / y.Seconds;
            case YearsMonthsDuration x when b is YearsMonthsDuration y: return y.Months == 0 ? null : (decimal)x.Months / y.Months;
            default: return null;
        }
    }
}
