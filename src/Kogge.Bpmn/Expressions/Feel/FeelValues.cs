using System.Globalization;
using Kogge.Feel.Evaluation;

namespace Kogge.Bpmn.Expressions.Feel;

/// <summary>
/// Converts between the engine's JSON-like values and FEEL values.
/// </summary>
/// <remarks>
/// Engine to FEEL: numbers become <see cref="decimal"/>, maps become contexts, lists stay lists,
/// <see cref="DateTimeOffset"/> becomes a date and time with offset, <see cref="TimeSpan"/> a days-time duration.
/// Dates stored by the engine are ISO strings; models convert them with <c>date(...)</c> or <c>date and time(...)</c>.
/// FEEL to engine: contexts become string-keyed dictionaries, lists lists, a date and time with offset a
/// <see cref="DateTimeOffset"/>, a days-time duration a <see cref="TimeSpan"/>; other temporal values (dates,
/// times, local date-times, years-months durations, zoned values) and ranges become their ISO/FEEL text,
/// which is what the engine stores and what its timers parse.
/// </remarks>
public static class FeelValues
{
    /// <summary>Converts an engine value to a FEEL value.</summary>
    public static object? ToFeel(object? value) => value switch
    {
        null => null,
        decimal or string or bool => value,
        int i => (decimal)i,
        long l => (decimal)l,
        double d => (decimal)d,
        float f => (decimal)f,
        DateTimeOffset d => new FeelDateTime(new FeelDate(DateOnly.FromDateTime(d.DateTime)), d.TimeOfDay.Ticks * 100, d.Offset, null),
        TimeSpan t => new DaysTimeDuration((decimal)t.Ticks / TimeSpan.TicksPerSecond),
        IReadOnlyDictionary<string, object?> map => ToContext(map),
        IDictionary<string, object?> map => ToContext(map),
        FeelContext or FeelDate or FeelTime or FeelDateTime or DaysTimeDuration or YearsMonthsDuration => value,
        System.Collections.IEnumerable items => items.Cast<object?>().Select(ToFeel).ToList(),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };

    /// <summary>Converts a FEEL value to an engine value.</summary>
    /// <remarks>
    /// A function value becomes null: a bare name such as <c>product</c> that is no variable resolves to FEEL's
    /// built-in function of that name, while Camunda 8 models expect a missing variable to be null.
    /// </remarks>
    public static object? FromFeel(object? value) => value switch
    {
        null => null,
        decimal or string or bool => value,
        List<object?> list => list.Select(FromFeel).ToList(),
        FeelContext context => context.Keys.ToDictionary(k => k, k => FromFeel(context[k]), StringComparer.Ordinal),
        FeelDateTime { Offset: { } offset, Zone: null } dt when dt.ToDateTime() is { } local => new DateTimeOffset(local, offset),
        DaysTimeDuration d when Math.Abs(d.Seconds) < (decimal)TimeSpan.MaxValue.TotalSeconds - 1 => TimeSpan.FromTicks((long)(d.Seconds * TimeSpan.TicksPerSecond)),
        FeelDate or FeelTime or FeelDateTime or DaysTimeDuration or YearsMonthsDuration or FeelRange => value.ToString(),
        FeelFunction => null,
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };

    private static FeelContext ToContext(IEnumerable<KeyValuePair<string, object?>> map)
    {
        var context = new FeelContext();
        foreach (var (key, item) in map)
        {
            context.Set(key, ToFeel(item));
        }

        return context;
    }
}
