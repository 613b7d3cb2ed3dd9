using System.Globalization;

namespace Kogge.Feel.Evaluation;

/// <summary>A FEEL <c>date</c>: a calendar day without time or zone.</summary>
public sealed record FeelDate(DateOnly Value)
{
    /// <inheritdoc />
    public override string ToString() => Temporal.FormatDate(Value);
}

/// <summary>A FEEL <c>time</c>: a time of day, optionally with a UTC offset or an IANA zone.</summary>
public sealed record FeelTime(TimeSpan TimeOfDay, TimeSpan? Offset, string? Zone)
{
    /// <summary>Seconds since midnight UTC when an offset is known, otherwise local seconds.</summary>
    internal decimal Normalized => (decimal)(TimeOfDay - (Offset ?? TimeSpan.Zero)).Ticks / TimeSpan.TicksPerSecond;

    /// <inheritdoc />
    public override string ToString() => Temporal.FormatTime(TimeOfDay) + Temporal.FormatZone(Offset, Zone);
}

/// <summary>A FEEL <c>date and time</c>, optionally with a UTC offset or an IANA zone.</summary>
public sealed record FeelDateTime(DateTime Local, TimeSpan? Offset, string? Zone)
{
    /// <summary>The instant in UTC when the value carries an offset or zone; the local value otherwise.</summary>
    internal DateTime Instant => Offset is { } o ? Local - o : Local;

    /// <inheritdoc />
    public override string ToString() =>
        Temporal.FormatDate(DateOnly.FromDateTime(Local)) + "T" + Temporal.FormatTime(Local.TimeOfDay) + Temporal.FormatZone(Offset, Zone);
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
        var text = new System.Text.StringBuilder(Seconds < 0 ? "-P" : "P");
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
    public static string FormatDate(DateOnly d) =>
        d.Year.ToString("0000", CultureInfo.InvariantCulture) + "-" + d.Month.ToString("00", CultureInfo.InvariantCulture) + "-" + d.Day.ToString("00", CultureInfo.InvariantCulture);

    public static string FormatTime(TimeSpan t)
    {
        var text = t.Hours.ToString("00", CultureInfo.InvariantCulture) + ":" + t.Minutes.ToString("00", CultureInfo.InvariantCulture) + ":" + t.Seconds.ToString("00", CultureInfo.InvariantCulture);
        var fraction = t.Ticks % TimeSpan.TicksPerSecond;
        if (fraction != 0)
        {
            text += "." + fraction.ToString("0000000", CultureInfo.InvariantCulture).TrimEnd('0');
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
        // FEEL dates allow a sign and more than four year digits; DateOnly covers years 1..9999.
        var parts = text.Split('-');
        if (parts.Length != 3 || parts[0].Length != 4 || parts[1].Length != 2 || parts[2].Length != 2)
        {
            return null;
        }

        if (!int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var y)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var m)
            || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var d))
        {
            return null;
        }

        return MakeDate(y, m, d);
    }

    public static FeelDate? MakeDate(long y, long m, long d)
    {
        if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > DateTime.DaysInMonth((int)y, (int)m))
        {
            return null;
        }

        return new FeelDate(new DateOnly((int)y, (int)m, (int)d));
    }

    public static FeelTime? ParseTime(string text)
    {
        var (time, rest) = SplitZone(text);
        if (!TryParseTimeOfDay(time, out var t, out var endOfDay) || endOfDay)
        {
            return null;
        }

        return TryParseZone(rest, out var offset, out var zone) ? new FeelTime(t, offset, zone) : null;
    }

    public static FeelDateTime? ParseDateTime(string text)
    {
        var tIndex = text.IndexOf('T', StringComparison.Ordinal);
        if (tIndex < 0)
        {
            var d = ParseDate(text);
            return d is null ? null : new FeelDateTime(d.Value.ToDateTime(TimeOnly.MinValue), null, null);
        }

        var date = ParseDate(text[..tIndex]);
        if (date is null)
        {
            return null;
        }

        var (time, rest) = SplitZone(text[(tIndex + 1)..]);
        if (!TryParseTimeOfDay(time, out var t, out var endOfDay) || !TryParseZone(rest, out var offset, out var zone))
        {
            return null;
        }

        var local = date.Value.ToDateTime(TimeOnly.MinValue) + t;
        if (endOfDay)
        {
            local = date.Value.ToDateTime(TimeOnly.MinValue).AddDays(1);
        }

        return WithZone(local, offset, zone);
    }

    public static FeelDateTime? WithZone(DateTime local, TimeSpan? offset, string? zone)
    {
        if (zone is null)
        {
            return new FeelDateTime(local, offset, null);
        }

        var tz = FindZone(zone);
        return tz is null ? null : new FeelDateTime(local, tz.GetUtcOffset(local), zone);
    }

    public static TimeZoneInfo? FindZone(string zone)
    {
        if (zone is "Z" or "UTC" or "Etc/UTC")
        {
            return TimeZoneInfo.Utc;
        }

        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(zone);
        }
        catch (TimeZoneNotFoundException)
        {
            return null;
        }
        catch (InvalidTimeZoneException)
        {
            return null;
        }
    }

    private static (string Time, string Zone) SplitZone(string text)
    {
        var i = 0;
        while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] is ':' or '.'))
        {
            i++;
        }

        return (text[..i], text[i..]);
    }

    private static bool TryParseTimeOfDay(string text, out TimeSpan time, out bool endOfDay)
    {
        time = default;
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

        long ticks = 0;
        if (text.Length > 8)
        {
            if (text[8] != '.' || text.Length == 9)
            {
                return false;
            }

            var frac = text[9..];
            if (!frac.All(char.IsAsciiDigit))
            {
                return false;
            }

            frac = frac.Length > 7 ? frac[..7] : frac.PadRight(7, '0');
            ticks = long.Parse(frac, CultureInfo.InvariantCulture);
        }

        if (h == 24 && m == 0 && s == 0 && ticks == 0)
        {
            endOfDay = true;
            return true;
        }

        if (h > 23 || m > 59 || s > 59)
        {
            return false;
        }

        time = new TimeSpan(h, m, s) + TimeSpan.FromTicks(ticks);
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
        long years = 0, months = 0, days = 0;
        decimal hours = 0, minutes = 0, seconds = 0;
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
                case 1: years = (long)n; anyYm = true; break;
                case 2: months = (long)n; anyYm = true; break;
                case 3: days = (long)n; anyDt = true; break;
                case 4: hours = n; anyDt = true; break;
                case 5: minutes = n; anyDt = true; break;
                default: seconds = n; anyDt = true; break;
            }
        }

        if (!any)
        {
            return null;
        }

        var sign = negative ? -1 : 1;
        if (anyYm && !anyDt)
        {
            return new YearsMonthsDuration(sign * (years * 12 + months));
        }

        // A mixed duration like P1Y2DT3H has no FEEL type; keep the days-time part only when no years/months are given.
        if (anyYm)
        {
            return null;
        }

        return new DaysTimeDuration(sign * (days * 86400m + hours * 3600m + minutes * 60m + seconds));
    }
}
