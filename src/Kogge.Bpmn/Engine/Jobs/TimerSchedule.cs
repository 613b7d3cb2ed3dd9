using System.Globalization;
using System.Text.RegularExpressions;

namespace Kogge.Bpmn.Engine.Jobs;

/// <summary>An ISO 8601 duration with calendar parts (years, months, days) kept apart from clock time.</summary>
/// <param name="Years">Calendar years.</param>
/// <param name="Months">Calendar months.</param>
/// <param name="Days">Calendar days (weeks count as seven).</param>
/// <param name="Time">Hours, minutes and seconds.</param>
public readonly record struct IsoDuration(int Years, int Months, int Days, TimeSpan Time)
{
    /// <summary>The moment this duration after <paramref name="start"/>.</summary>
    public DateTimeOffset AddTo(DateTimeOffset start) => start.AddYears(Years).AddMonths(Months).AddDays(Days).Add(Time);

    /// <summary>Whether the duration is zero.</summary>
    public bool IsZero => Years == 0 && Months == 0 && Days == 0 && Time == TimeSpan.Zero;
}

/// <summary>An ISO 8601 repeating interval such as <c>R3/PT24H</c>.</summary>
/// <param name="Repetitions">How often the timer fires; -1 for unbounded.</param>
/// <param name="Start">The first time, when given; otherwise one interval from now.</param>
/// <param name="Interval">The interval.</param>
/// <param name="IntervalText">The interval as written, for storing the remaining cycle.</param>
public sealed record TimerCycle(int Repetitions, DateTimeOffset? Start, IsoDuration Interval, string IntervalText);

/// <summary>Parses ISO 8601 dates, durations and repeating intervals of BPMN timers.</summary>
public static partial class TimerSchedule
{
    /// <summary>Parses an ISO 8601 duration such as <c>P3D</c>, <c>PT15M</c> or <c>P1Y2M</c>.</summary>
    public static bool TryParseDuration(string text, out IsoDuration duration)
    {
        duration = default;
        var match = DurationPattern().Match(text?.Trim() ?? string.Empty);
        if (!match.Success || text!.Trim() is "P" or "PT" || text.Trim().EndsWith('T'))
        {
            return false;
        }

        int Part(string name) => match.Groups[name].Success ? int.Parse(match.Groups[name].Value, CultureInfo.InvariantCulture) : 0;
        var seconds = match.Groups["s"].Success ? decimal.Parse(match.Groups["s"].Value.Replace(',', '.'), CultureInfo.InvariantCulture) : 0m;
        var time = TimeSpan.FromHours(Part("h")) + TimeSpan.FromMinutes(Part("min")) + TimeSpan.FromMilliseconds((double)(seconds * 1000));
        duration = new IsoDuration(Part("y"), Part("mon"), (Part("w") * 7) + Part("d"), time);
        return true;
    }

    /// <summary>Parses an ISO 8601 date-time; one without offset is taken as UTC.</summary>
    public static bool TryParseDate(string text, out DateTimeOffset date) =>
        DateTimeOffset.TryParse(text?.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out date)
        && (text!.Contains('T', StringComparison.Ordinal) || text.Trim().Length == 10);

    /// <summary>Parses an ISO 8601 repeating interval: <c>R[n]/duration</c> or <c>R[n]/start/duration</c>.</summary>
    public static bool TryParseCycle(string text, out TimerCycle cycle)
    {
        cycle = null!;
        var parts = (text ?? string.Empty).Trim().Split('/');
        if (parts.Length is < 2 or > 3 || !parts[0].StartsWith('R'))
        {
            return false;
        }

        var repetitions = -1;
        if (parts[0].Length > 1 && (!int.TryParse(parts[0].AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out repetitions) || repetitions < 0))
        {
            return false;
        }

        DateTimeOffset? start = null;
        if (parts.Length == 3)
        {
            if (!TryParseDate(parts[1], out var first))
            {
                return false;
            }

            start = first;
        }

        if (!TryParseDuration(parts[^1], out var interval) || interval.IsZero)
        {
            return false;
        }

        cycle = new TimerCycle(repetitions, start, interval, parts[^1]);
        return true;
    }

    [GeneratedRegex(@"^P(?:(?<y>\d+)Y)?(?:(?<mon>\d+)M)?(?:(?<w>\d+)W)?(?:(?<d>\d+)D)?(?:T(?:(?<h>\d+)H)?(?:(?<min>\d+)M)?(?:(?<s>\d+(?:[.,]\d+)?)S)?)?$", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex DurationPattern();
}
