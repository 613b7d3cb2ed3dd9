using System.Globalization;
using System.Text;

namespace Kogge.Feel.Evaluation;

/// <summary>A FEEL <c>date</c>: a day of the proleptic Gregorian calendar; years may be negative or exceed 9999.</summary>
public sealed record FeelDate(long Year, int Month, int Day)
{
    /// <summary>Creates a date from a .NET date.</summary>
    public FeelDate(DateOnly date)
        : this(date.Year, date.Month, date.Day)
    {
    }

    /// <summary>Days since 1970-01-01 (negative before).</summary>
    internal long DayNumber => Temporal.DaysFromCivil(Year, Month, Day);

    /// <summary>The .NET date, when the year is between 1 and 9999.</summary>
    public DateOnly? ToDateOnly() => Year is >= 1 and <= 9999 ? new DateOnly((int)Year, Month, Day) : null;

    /// <inheritdoc />
    public override string ToString() => Temporal.FormatDate(this);
}

/// <summary>A FEEL <c>time</c>: a time of day in nanoseconds, optionally with a UTC offset or an IANA zone.</summary>
public sealed record FeelTime(long NanosOfDay, TimeSpan? Offset, string? Zone)
{
    /// <summary>The time of day (to 100 ns).</summary>
    public TimeSpan TimeOfDay => TimeSpan.FromTicks(NanosOfDay / 100);

    /// <summary>Seconds since midnight UTC when an offset is known, otherwise local seconds.</summary>
    internal decimal Normalized => (NanosOfDay / 1_000_000_000m) - (decimal)(Offset ?? TimeSpan.Zero).TotalSeconds;

    /// <inheritdoc />
    public override string ToString() => Temporal.FormatTime(NanosOfDay) + Temporal.FormatZone(Offset, Zone);
}

/// <summary>A FEEL <c>date and time</c>, optionally with a UTC offset or an IANA zone.</summary>
public sealed record FeelDateTime(FeelDate Date, long NanosOfDay, TimeSpan? Offset, string? Zone)
{
    /// <summary>Nanoseconds since 1970-01-01T00:00 local time.</summary>
    internal decimal LocalNanos => ((decimal)Date.DayNumber * Temporal.NanosPerDay) + NanosOfDay;

    /// <summary>Nanoseconds since the epoch in UTC when the value has an offset; local otherwise.</summary>
    internal decimal Instant => LocalNanos - (Offset is { } o ? o.Ticks * 100m : 0m);

    /// <summary>The .NET local date and time, when the year is between 1 and 9999.</summary>
    public DateTime? ToDateTime() => Date.ToDateOnly() is { } d ? d.ToDateTime(TimeOnly.MinValue).AddTicks(NanosOfDay / 100) : null;

    /// <inheritdoc />
    public override string ToString() => Temporal.FormatDate(Date) + "T" + Temporal.FormatTime(NanosOfDay) + Temporal.FormatZone(Offset, Zone);
}

/// <summary>A FEEL <c>days and time duration</c>, held as exact seconds.</summary>
public sealed record DaysTimeDuration(decimal Seconds)
{
    internal TimeSpan ToTimeSpan() => TimeSpan.FromTicks((long)(Seconds * TimeSpan.TicksPerSecond));

    /// <inheritdoc />
    public override string ToString()
    {
        if (Seconds == 0)
        {
            return "PT0S";
        }

        var s = Math.Abs(Seconds);
        var days = Math.Floor(s / 86400m);
        s -= days * 86400m;
        var hours = Math.Floor(s / 3600m);
        s -= hours * 3600m;
        var minutes = Math.Floor(s / 60m);
        s -= minutes * 60m;
        var text = new StringBuilder(Seconds < 0 ? "-P" : "P");
        if (days > 0)
        {
            text.Append(days.ToString(CultureInfo.InvariantCulture)).Append('D');
        }

        if (hours > 0 || minutes > 0 || s > 0)
        {
            text.Append('T');
            if (hours > 0)
            {
                text.Append(hours.ToString(CultureInfo.InvariantCulture)).Append('H');
            }

            if (minutes > 0)
            {
                text.Append(minutes.ToString(CultureInfo.InvariantCulture)).Append('M');
            }

            if (s > 0)
            {
                text.Append(Numbers.Format(s)).Append('S');
            }
        }

        return text.ToString();
    }
}

/// <summary>A FEEL <c>years and months duration</c>, held as whole months.</summary>
public sealed record YearsMonthsDuration(long Months)
{
    /// <inheritdoc />
    public override string ToString()
    {
        var m = Math.Abs(Months);
        var sign = Months < 0 ? "-" : string.Empty;
        if (m == 0)
        {
            return "P0M";
        }

        var years = m / 12;
        var months = m % 12;
        return sign + "P" + (years > 0 ? years.ToString(CultureInfo.InvariantCulture) + "Y" : string.Empty)
            + (months > 0 ? months.ToString(CultureInfo.InvariantCulture) + "M" : string.Empty);
    }
}

internal static class Temporal
{
    public const long NanosPerDay = 86_400_000_000_000L;
    public const long MaxYear = 999_999_999;

    // Days between 1970-01-01 and a civil date, for any year (H. Hinnant's algorithm for the proleptic Gregorian calendar).
    public static long DaysFromCivil(long y, int m, int d)
    {
        y -= m <= 2 ? 1 : 0;
        var era = (y >= 0 ? y : y - 399) / 400;
        var yoe = y - (era * 400);
        var doy = ((153 * (m + (m > 2 ? -3 : 9))) + 2) / 5 + d - 1;
        var doe = (yoe * 365) + (yoe / 4) - (yoe / 100) + doy;
        return (era * 146097) + doe - 719468;
    }

    public static FeelDate CivilFromDays(long z)
    {
        z += 719468;
        var era = (z >= 0 ? z : z - 146096) / 146097;
        var doe = z - (era * 146097);
        var yoe = (doe - (doe / 1460) + (doe / 36524) - (doe / 146096)) / 365;
        var y = yoe + (era * 400);
        var doy = doe - ((365 * yoe) + (yoe / 4) - (yoe / 100));
        var mp = ((5 * doy) + 2) / 153;
        var d = (int)(doy - (((153 * mp) + 2) / 5) + 1);
        var m = (int)(mp < 10 ? mp + 3 : mp - 9);
        return new FeelDate(m <= 2 ? y + 1 : y, m, d);
    }

    public static bool IsLeap(long y) => (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

    public static int DaysInMonth(long y, int m) => m == 2 ? (IsLeap(y) ? 29 : 28) : m is 4 or 6 or 9 or 11 ? 30 : 31;

    public static FeelDate? AddMonths(FeelDate date, long months)
    {
        var total = (date.Year * 12) + (date.Month - 1) + months;
        var year = (long)Math.Floor(total / 12m);
        var month = (int)(total - (year * 12)) + 1;
        return MakeDate(year, month, Math.Min(date.Day, DaysInMonth(year, month)));
    }

    public static FeelDate AddDays(FeelDate date, long days) => CivilFromDays(date.DayNumber + days);

    public static string FormatDate(FeelDate d)
    {
        var year = Math.Abs(d.Year).ToString("0000", CultureInfo.InvariantCulture);
        return (d.Year < 0 ? "-" : string.Empty) + year + "-" + d.Month.ToString("00", CultureInfo.InvariantCulture) + "-" + d.Day.ToString("00", CultureInfo.InvariantCulture);
    }

    public static string FormatTime(long nanos)
    {
        var seconds = nanos / 1_000_000_000L;
        var fraction = nanos % 1_000_000_000L;
        var text = (seconds / 3600).ToString("00", CultureInfo.InvariantCulture) + ":" + (seconds / 60 % 60).ToString("00", CultureInfo.InvariantCulture) + ":" + (seconds % 60).ToString("00", CultureInfo.InvariantCulture);
        if (fraction != 0)
        {
            text += "." + fraction.ToString("000000000", CultureInfo.InvariantCulture).TrimEnd('0');
        }

        return text;
    }

    public static string FormatZone(TimeSpan? offset, string? zone)
    {
        if (zone is not null)
        {
            return "@" + zone;
        }

        if (offset is not { } o)
        {
            return string.Empty;
        }

        if (o == TimeSpan.Zero)
        {
            return "Z";
        }

        var sign = o < TimeSpan.Zero ? "-" : "+";
        var a = o.Duration();
        var text = sign + a.Hours.ToString("00", CultureInfo.InvariantCulture) + ":" + a.Minutes.ToString("00", CultureInfo.InvariantCulture);
        if (a.Seconds != 0)
        {
            text += ":" + a.Seconds.ToString("00", CultureInfo.InvariantCulture);
        }

        return text;
    }

    public static FeelDate? ParseDate(string text)
    {
        var negative = text.StartsWith('-');
        var body = negative ? text[1..] : text;
        var parts = body.Split('-');
        if (parts.Length != 3 || parts[0].Length < 4 || parts[0].Length > 9 || (parts[0].Length > 4 && parts[0][0] == '0')
            || parts[1].Length != 2 || parts[2].Length != 2)
        {
            return null;
        }

        if (!long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var y)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var m)
            || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var d))
        {
            return null;
        }

        return MakeDate(negative ? -y : y, m, d);
    }

    public static FeelDate? MakeDate(long y, long m, long d)
    {
        if (Math.Abs(y) > MaxYear || m < 1 || m > 12 || d < 1 || d > DaysInMonth(y, (int)m))
        {
            return null;
        }

        return new FeelDate(y, (int)m, (int)d);
    }

    public static FeelTime? ParseTime(string text)
    {
        var (time, zoneText) = SplitZone(text);
        if (!TryParseTimeOfDay(time, out var nanos, out var endOfDay) || endOfDay)
        {
            return null;
        }

        return TryParseZone(zoneText, out var offset, out var zone) ? new FeelTime(nanos, offset, zone) : null;
    }

    public static FeelDateTime? ParseDateTime(string text)
    {
        var tIndex = text.IndexOf('T', StringComparison.Ordinal);
        if (tIndex < 0)
        {
            var d = ParseDate(text);
            return d is null ? null : new FeelDateTime(d, 0, null, null);
        }

        var date = ParseDate(text[..tIndex]);
        if (date is null)
        {
            return null;
        }

        var (time, zoneText) = SplitZone(text[(tIndex + 1)..]);
        if (!TryParseTimeOfDay(time, out var nanos, out var endOfDay) || !TryParseZone(zoneText, out var offset, out var zone))
        {
            return null;
        }

        if (endOfDay)
        {
            date = AddDays(date, 1);
            nanos = 0;
        }

        return WithZone(date, nanos, offset, zone);
    }

    /// <summary>A date and time whose offset follows from its zone rules at that local time.</summary>
    public static FeelDateTime? WithZone(FeelDate date, long nanos, TimeSpan? offset, string? zone)
    {
        if (zone is null)
        {
            return new FeelDateTime(date, nanos, offset, null);
        }

        var tz = FindZone(zone);
        if (tz is null)
        {
            return null;
        }

        var local = date.ToDateOnly() is { } d ? d.ToDateTime(TimeOnly.MinValue).AddTicks(nanos / 100) : (DateTime?)null;
        return new FeelDateTime(date, nanos, local is { } l ? tz.GetUtcOffset(l) : tz.BaseUtcOffset, zone);
    }

    /// <summary>Normalizes local nanoseconds since the epoch into a date and a time of day.</summary>
    public static (FeelDate Date, long Nanos) FromLocalNanos(decimal localNanos)
    {
        var days = (long)Math.Floor(localNanos / NanosPerDay);
        return (CivilFromDays(days), (long)(localNanos - (days * (decimal)NanosPerDay)));
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, TimeZoneInfo?> Zones = new(StringComparer.Ordinal);

    public static TimeZoneInfo? FindZone(string zone) => zone.Length > 64 ? null : Zones.GetOrAdd(zone, LoadZone);

    private static TimeZoneInfo? LoadZone(string zone)
    {
        if (zone is "Z" or "UTC" or "Etc/UTC")
        {
            return TimeZoneInfo.Utc;
        }

        // IANA names are letters, digits, '_', '+', '-' in '/'-separated parts; on Unix the id becomes a path below
        // /usr/share/zoneinfo, so anything else (a directory such as "Etc", "..") is not looked up at all.
        if (!IsZoneName(zone))
        {
            return null;
        }

        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(zone);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException or System.Security.SecurityException or IOException or UnauthorizedAccessException)
        {
            // "Etc" and other directories of the zone database end here as an unreadable or invalid file.
            return null;
        }
    }

    private static bool IsZoneName(string zone) =>
        zone.Split('/').All(part => part.Length > 0 && part != "." && part != ".." && part.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '+' or '-' or '.'));

    private static (string Time, string Zone) SplitZone(string text)
    {
        var i = 0;
        while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] is ':' or '.'))
        {
            i++;
        }

        return (text[..i], text[i..]);
    }

    private static bool TryParseTimeOfDay(string text, out long nanos, out bool endOfDay)
    {
        nanos = 0;
        endOfDay = false;
        if (text.Length < 8 || text[2] != ':' || text[5] != ':')
        {
            return false;
        }

        if (!int.TryParse(text.AsSpan(0, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var h)
            || !int.TryParse(text.AsSpan(3, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var m)
            || !int.TryParse(text.AsSpan(6, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var s))
        {
            return false;
        }

        long fraction = 0;
        if (text.Length > 8)
        {
            if (text[8] != '.' || text.Length == 9)
            {
                return false;
            }

            var digits = text[9..];
            if (!digits.All(char.IsAsciiDigit))
            {
                return false;
            }

            digits = digits.Length > 9 ? digits[..9] : digits.PadRight(9, '0');
            fraction = long.Parse(digits, CultureInfo.InvariantCulture);
        }

        if (h == 24 && m == 0 && s == 0 && fraction == 0)
        {
            endOfDay = true;
            return true;
        }

        if (h > 23 || m > 59 || s > 59)
        {
            return false;
        }

        nanos = (((h * 3600L) + (m * 60L) + s) * 1_000_000_000L) + fraction;
        return true;
    }

    private static bool TryParseZone(string text, out TimeSpan? offset, out string? zone)
    {
        offset = null;
        zone = null;
        if (text.Length == 0)
        {
            return true;
        }

        if (text == "Z")
        {
            offset = TimeSpan.Zero;
            return true;
        }

        if (text[0] == '@')
        {
            var name = text[1..];
            var tz = FindZone(name);
            if (tz is null)
            {
                return false;
            }

            zone = name;
            offset = tz.BaseUtcOffset;
            return true;
        }

        if (text[0] is '+' or '-' && text.Length >= 6 && text[3] == ':')
        {
            if (!int.TryParse(text.AsSpan(1, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var h)
                || !int.TryParse(text.AsSpan(4, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var m))
            {
                return false;
            }

            var s = 0;
            if (text.Length > 6 && (text.Length != 9 || text[6] != ':' || !int.TryParse(text.AsSpan(7, 2), NumberStyles.None, CultureInfo.InvariantCulture, out s)))
            {
                return false;
            }

            if (h > 14 || m > 59)
            {
                return false;
            }

            var o = new TimeSpan(h, m, s);
            offset = text[0] == '-' ? -o : o;
            return true;
        }

        return false;
    }

    public static object? ParseDuration(string text)
    {
        var i = 0;
        var negative = false;
        if (i < text.Length && text[i] == '-')
        {
            negative = true;
            i++;
        }

        if (i >= text.Length || text[i] != 'P')
        {
            return null;
        }

        i++;
        decimal years = 0, months = 0, days = 0, hours = 0, minutes = 0, seconds = 0;
        bool inTime = false, any = false, anyYm = false, anyDt = false;
        var order = 0;
        while (i < text.Length)
        {
            if (text[i] == 'T')
            {
                if (inTime)
                {
                    return null;
                }

                inTime = true;
                i++;
                if (i >= text.Length)
                {
                    return null;
                }

                continue;
            }

            var start = i;
            while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.'))
            {
                i++;
            }

            if (start == i || i >= text.Length)
            {
                return null;
            }

            var numText = text[start..i];
            if (!decimal.TryParse(numText, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n))
            {
                return null;
            }

            var unit = text[i++];
            var rank = (inTime, unit) switch
            {
                (false, 'Y') => 1,
                (false, 'M') => 2,
                (false, 'D') => 3,
                (true, 'H') => 4,
                (true, 'M') => 5,
                (true, 'S') => 6,
                _ => 0,
            };
            if (rank == 0 || rank <= order || (rank != 6 && numText.Contains('.', StringComparison.Ordinal)))
            {
                return null;
            }

            order = rank;
            any = true;
            switch (rank)
            {
                case 1: years = n; anyYm = true; break;
                case 2: months = n; anyYm = true; break;
                case 3: days = n; anyDt = true; break;
                case 4: hours = n; anyDt = true; break;
                case 5: minutes = n; anyDt = true; break;
                default: seconds = n; anyDt = true; break;
            }
        }

        if (!any)
        {
            return null;
        }

        // A mixed duration such as P1Y2DT3H has no FEEL type.
        if (anyYm && anyDt)
        {
            return null;
        }

        var sign = negative ? -1 : 1;
        try
        {
            // A duration too long to count (more months than a long holds, more seconds than a decimal) is no value.
            return anyYm
                ? new YearsMonthsDuration(decimal.ToInt64(sign * ((years * 12) + months)))
                : new DaysTimeDuration(sign * ((days * 86400m) + (hours * 3600m) + (minutes * 60m) + seconds));
        }
        catch (OverflowException)
        {
            return null;
        }
    }
}
