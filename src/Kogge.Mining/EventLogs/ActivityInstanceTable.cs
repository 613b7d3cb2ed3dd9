namespace Kogge.Mining.EventLogs;

/// <summary>
/// Activity instances: a start event paired with the next complete event of the same activity in
/// the same case (first in, first out). A complete event without a start, or a start without a
/// complete, is an instance of zero duration. Logs with only complete events get one instance per
/// event, so every analysis can work on instances alone.
/// </summary>
public sealed class ActivityInstanceTable
{
    private int[]? events;

    private ActivityInstanceTable(int[] caseOffsets, int[] activities, long[] starts, long[] ends, int[] resources, int[]? events, bool hasLifecycle)
    {
        this.events = events;
        CaseOffsetArray = caseOffsets;
        ActivityArray = activities;
        StartArray = starts;
        EndArray = ends;
        ResourceArray = resources;
        HasStartEvents = hasLifecycle;
    }

    /// <summary>The number of instances.</summary>
    public int Count => ActivityArray.Length;

    /// <summary>Whether the log had start events, so that instances have real durations.</summary>
    public bool HasStartEvents { get; }

    /// <summary>Instance ranges per case, like <see cref="EventLog.CaseOffsets"/>.</summary>
    public ReadOnlySpan<int> CaseOffsets => CaseOffsetArray;

    /// <summary>The activity id of each instance.</summary>
    public ReadOnlySpan<int> Activities => ActivityArray;

    /// <summary>The start of each instance (UTC ticks); equal to the end when no start was recorded.</summary>
    public ReadOnlySpan<long> Starts => StartArray;

    /// <summary>The end of each instance (UTC ticks).</summary>
    public ReadOnlySpan<long> Ends => EndArray;

    /// <summary>The resource id of each instance, or -1.</summary>
    public ReadOnlySpan<int> Resources => ResourceArray;

    internal int[] CaseOffsetArray { get; }

    internal int[] ActivityArray { get; }

    internal long[] StartArray { get; }

    internal long[] EndArray { get; }

    internal int[] ResourceArray { get; }

    /// <summary>The event that ends each instance (its complete event, or its start when none followed), for event attributes.</summary>
    internal int[] EventArray => events ??= Identity(ActivityArray.Length);

    internal static ActivityInstanceTable Build(EventLog log)
    {
        var startId = log.StartLifecycle;
        var hasStarts = false;
        if (startId >= 0)
        {
            foreach (var l in log.Lifecycles)
            {
                if (l == startId)
                {
                    hasStarts = true;
                    break;
                }
            }
        }

        if (!hasStarts)
        {
            // One instance per event: the log's columns are immutable, so the table shares them instead of copying.
            return new ActivityInstanceTable(
                log.CaseOffsetArray, log.ActivityArray, log.TimestampArray, log.TimestampArray, log.ResourceArray,
                events: null, hasLifecycle: false);
        }

        return Pair(log, startId, log.CompleteLifecycle);
    }

    private static int[] Identity(int count)
    {
        var result = new int[count];
        for (var i = 0; i < count; i++)
        {
            result[i] = i;
        }

        return result;
    }

    private static ActivityInstanceTable Pair(EventLog log, int startId, int completeId)
    {
        var offsets = new int[log.CaseCount + 1];
        var act = new List<int>(log.EventCount);
        var st = new List<long>(log.EventCount);
        var en = new List<long>(log.EventCount);
        var res = new List<int>(log.EventCount);
        var ev = new List<int>(log.EventCount);
        var open = new Dictionary<int, Queue<int>>();
        var caseInstances = new List<(long Start, long End, int Order, int Activity, int Resource, int Event)>();
        var activities = log.Activities;
        var ts = log.Timestamps;
        var resources = log.Resources;
        var lifecycles = log.Lifecycles;
        for (var c = 0; c < log.CaseCount; c++)
        {
            open.Clear();
            caseInstances.Clear();
            for (var e = log.CaseOffsets[c]; e < log.CaseOffsets[c + 1]; e++)
            {
                var a = activities[e];
                var l = lifecycles[e];
                if (l == startId)
                {
                    if (!open.TryGetValue(a, out var q))
                    {
                        q = new Queue<int>();
                        open.Add(a, q);
                    }

                    q.Enqueue(e);
                }
                else if (l == completeId || l < 0)
                {
                    var hasStart = open.TryGetValue(a, out var q) && q.Count > 0;
                    var s = hasStart ? q!.Dequeue() : e;
                    var r = resources[e] >= 0 ? resources[e] : resources[s];
                    caseInstances.Add((ts[s], ts[e], s, a, r, e));
                }
            }

            foreach (var q in open.Values)
            {
                foreach (var s in q)
                {
                    caseInstances.Add((ts[s], ts[s], s, activities[s], resources[s], s));
                }
            }

            caseInstances.Sort();
            foreach (var i in caseInstances)
            {
                act.Add(i.Activity);
                st.Add(i.Start);
                en.Add(i.End);
                res.Add(i.Resource);
                ev.Add(i.Event);
            }

            offsets[c + 1] = act.Count;
        }

        return new ActivityInstanceTable(offsets, [.. act], [.. st], [.. en], [.. res], [.. ev], hasLifecycle: true);
    }
}
