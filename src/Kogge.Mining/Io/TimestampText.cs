using System.Globalization;

namespace Kogge.Mining.Io;

/// <summary>Fast parsing of ISO 8601 timestamps as they appear in XES and CSV exports.</summary>
internal static class TimestampText
{
    /// <summary>
    /// Parses <c>yyyy-MM-dd[(T| )HH:mm[:ss[.f+]]][Z|±hh[:]mm]</c>. Without an offset in the text,
    /// <paramref name="defaultOffset"/> applies; null means such text is rejected.
    /// </summary>
    public static bool TryParseIso(ReadOnlySpan<char> s, TimeSpan? defaultOffset, out DateTimeOffset value)
    {
        value = default;
        s = s.Trim();
        if (s.Length < 10 || s[4] != '-' || s[7] != '-')
        {
            return false;
        }

        if (!Digits(s, 0, 4, out var year) || !Digits(s, 5, 2, out var month) || !Digits(s, 8, 2, out var day))
        {
            return false;
        }

        int hour = 0, minute = 0, second = 0;
        long fractionTicks = 0;
        var i = 10;
        if (i < s.Length && (s[i] == 'T' || s[i] == ' '))
        {
            if (s.Length < i + 6 || !Digits(s, i + 1, 2, out hour) || s[i + 3] != ':' || !Digits(s, i + 4, 2, out minute))
            {
                return false;
            }

            i += 6;
            if (i < s.Length && s[i] == ':')
            {
                if (!Digits(s, i + 1, 2, out second))
                {
                    return false;
                }

                i += 3;
                if (i < s.Length && (s[i] == '.' || s[i] == ','))
                {
                    i++;
                    var digits = 0;
                    long scale = TimeSpan.TicksPerSecond;
                    while (i < s.Length && char.IsAsciiDigit(s[i]))
                    {
                        if (digits < 7)
                        {
                            scale /= 10;
                            fractionTicks += (s[i] - '0') * scale;
                        }

                        digits++;
                        i++;
                    }

                    if (digits == 0)
                    {
                        return false;
                    }
                }
            }
        }

        TimeSpan offset;
        if (i == s.Length)
        {
            if (defaultOffset is null)
            {
                return false;
            }

            offset = defaultOffset.Value;
        }
        else if (s[i] == 'Z' && i + 1 == s.Length)
        {
            offset = TimeSpan.Zero;
        }
        else if ((s[i] == '+' || s[i] == '-') && TryOffset(s[(i + 1)..], out var minutes))
        {
            offset = TimeSpan.FromMinutes(s[i] == '-' ? -minutes : minutes);
        }
        else
        {
            return false;
        }

        if (month is < 1 or > 12 || day < 1 || year < 1 || day > DateTime.DaysInMonth(year, month)
            || hour > 23 || minute > 59 || second > 59 || offset.Duration() > TimeSpan.FromHours(14))
        {
            return false;
        }

        var local = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified).AddTicks(fractionTicks);
        var utcTicks = local.Ticks - offset.Ticks;
        if (utcTicks < DateTime.MinValue.Ticks || utcTicks > DateTime.MaxValue.Ticks)
        {
            return false;
        }

        value = new DateTimeOffset(local, offset);
        return true;
    }

    /// <summary>Formats as XES expects: <c>yyyy-MM-ddTHH:mm:ss.fff±hh:mm</c>.</summary>
    public static string FormatIso(DateTimeOffset value) =>
        value.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture);

    private static bool TryOffset(ReadOnlySpan<char> s, out int minutes)
    {
        minutes = 0;
        if (s.Length == 5 && s[2] == ':' && Digits(s, 0, 2, out var h) && Digits(s, 3, 2, out var m))
        {
            minutes = (h * 60) + m;
            return true;
        }

        if (s.Length == 4 && Digits(s, 0, 2, out h) && Digits(s, 2, 2, out m))
        {
            minutes = (h * 60) + m;
            return true;
        }

        if (s.Length == 2 && Digits(s, 0, 2, out h))
        {
            minutes = h * 60;
            return true;
        }

        return false;
    }

    private static bool Digits(ReadOnlySpan<char> s, int start, int count, out int value)
    {
        value = 0;
        if (start + count > s.Length)
        {
            return false;
        }

        for (var i = start; i < start + count; i++)
        {
            var c = s[i];
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }
}
