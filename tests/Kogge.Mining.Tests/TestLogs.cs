using Kogge.Mining.EventLogs;

namespace Kogge.Mining.Tests;

/// <summary>Small hand-made logs whose figures can be checked by hand.</summary>
internal static class TestLogs
{
    public static readonly DateTimeOffset Monday = new(2024, 3, 4, 8, 0, 0, TimeSpan.FromHours(1));

    /// <summary>One case per trace; activities are space-separated; each event one hour after the previous one.</summary>
    public static EventLog FromTraces(params string[] traces) => FromTraces(traces, ' ');

    private static EventLog FromTraces(string[] traces, char separator)
    {
        var builder = new EventLogBuilder();
        for (var t = 0; t < traces.Length; t++)
        {
            builder.BeginCase("case-" + t);
            var time = Monday.AddDays(t);
            foreach (var activity in traces[t].Split(separator, StringSplitOptions.RemoveEmptyEntries))
            {
                builder.AddEvent(activity, time, "r" + (t % 2));
                time = time.AddHours(1);
            }
        }

        return builder.Build();
    }

    /// <summary>One case per trace, for activity names with spaces; each event one hour after the previous one.</summary>
    public static EventLog FromActivities(params string[][] traces) =>
        FromTraces([.. traces.Select(t => string.Join('\u001f', t))], '\u001f');

    /// <summary>Repeats each (count, trace) pair count times.</summary>
    public static EventLog FromCounts(params (int Count, string Trace)[] traces) =>
        FromTraces([.. traces.SelectMany(t => Enumerable.Repeat(t.Trace, t.Count))]);
}
