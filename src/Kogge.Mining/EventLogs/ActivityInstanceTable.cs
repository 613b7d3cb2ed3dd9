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

    /// <summary>
    /// The instances of the given cases of the log this table was built for; <paramref name="newEventOffsets"/>
    /// are the case offsets of the events in the new log, whose events are those cases' events in order.
    /// </summary>
    internal ActivityInstanceTable SelectCases(int[] cases, int[] oldEventOffsets, int[] newEventOffsets)
    {
        var offsets = new int[cases.Length + 1];
        for (var i = 0; i < cases.Length; i++)
        {
            var c = cases[i];
            offsets[i + 1] = offsets[i] + CaseOffsetArray[c + 1] - CaseOffsetArray[c];
        }

        var n = offsets[^1];
        var act = new int[n];
        var st = new long[n];
        var en = new long[n];
        var res = new int[n];
        var ev = new int[n];
        var oldEvents = EventArray;
        for (var i = 0; i < cases.Length; i++)
        {
            var c = cases[i];
            var from = CaseOffsetArray[c];
            var length = offsets[i + 1] - offsets[i];
            Array.Copy(ActivityArray, from, act, offsets[i], length);
            Array.Copy(StartArray, from, st, offsets[i], length);
            Array.Copy(EndArray, from, en, offsets[i], length);
            Array.Copy(ResourceArray, from, res, offsets[i], length);
            var shift = newEventOffsets[i] - oldEventOffsets[c];
            for (var j = offsets[i]; j < offsets[i + 1]; j++)
            {
                ev[j] = oldEvents[from + j - offsets[i]] + shift;
            }
        }

        return new ActivityInstanceTable(offsets, act, st, en, res, ev, HasStartEvents);
    }

    /// <summary>Whether any event of the log is a start event.</summary>
    internal static bool HasStarts(EventLog log) => log.StartLifecycle >= 0 && log.Lifecycles.Contains(log.StartLifecycle);

    internal static ActivityInstanceTable Build(EventLog log)
    {
        var hasStarts = HasStarts(log);
        if (!hasStarts)
        {
            // One instance per event: the log's columns are immutable, so the table shares them instead of copying.
            return new ActivityInstanceTable(
                log.CaseOffsetArray, log.ActivityArray, log.TimestampArray, log.TimestampArray, log.ResourceArray,
                events: null, hasLifecycle: false);
        }

        return Pair(log, log.StartLifecycle, log.CompleteLifecycle);
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

    // One pass over the whole log, usually once per process (command line, report): compiled optimised at once, not through tiers.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static ActivityInstanceTable Pair(EventLog log, int startId, int completeId)
    {
        var offsets = new int[log.CaseCount + 1];
        var count = 0;
        var act = new int[log.EventCount];
        var st = new long[log.EventCount];
        var en = new long[log.EventCount];
        var res = new int[log.EventCount];
        var ev = new int[log.EventCount];

        // Open starts per activity as linked FIFO queues through one array: no allocation per case.
        var head = new int[log.ActivityNames.Count];
        var tail = new int[head.Length];
        Array.Fill(head, -1);
        var next = new int[log.EventCount];
        var touched = new List<int>();
        var caseInstances = new List<Instance>();
        var activities = log.Activities;
        var ts = log.Timestamps;
        var resources = log.Resources;
        var lifecycles = log.Lifecycles;
        for (var c = 0; c < log.CaseCount; c++)
        {
            caseInstances.Clear();
            for (var e = log.CaseOffsets[c]; e < log.CaseOffsets[c + 1]; e++)
            {
                var a = activities[e];
                var l = lifecycles[e];
                if (l == startId)
                {
                    next[e] = -1;
                    if (head[a] < 0)
                    {
                        head[a] = e;
                        touched.Add(a);
                    }
                    else
                    {
                        next[tail[a]] = e;
                    }

                    tail[a] = e;
                }
                else if (l == completeId || l < 0)
                {
                    var s = head[a];
                    if (s >= 0)
                    {
                        head[a] = next[s];
                    }
                    else
                    {
                        s = e;
                    }

                    var r = resources[e] >= 0 ? resources[e] : resources[s];
                    caseInstances.Add(new Instance(ts[s], ts[e], s, a, r, e));
                }
            }

            // Starts without a complete are instances of zero duration.
            foreach (var a in touched)
            {
                for (var s = head[a]; s >= 0; s = next[s])
                {
                    caseInstances.Add(new Instance(ts[s], ts[s], s, activities[s], resources[s], s));
                }

                head[a] = -1;
            }

            touched.Clear();
            var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(caseInstances);
            span.Sort();
            foreach (var i in span)
            {
                act[count] = i.Activity;
                st[count] = i.Start;
                en[count] = i.End;
                res[count] = i.Resource;
                ev[count] = i.Event;
                count++;
            }

            offsets[c + 1] = count;
        }

        return new ActivityInstanceTable(offsets, act[..count], st[..count], en[..count], res[..count], ev[..count], hasLifecycle: true);
    }

    /// <summary>One instance while pairing; ordered by start, end and the event that opened it, which is unique in the case.</summary>
    private readonly record struct Instance(long Start, long End, int Order, int Activity, int Resource, int Event) : IComparable<Instance>
    {
        public int CompareTo(Instance other)
        {
            var c = Start.CompareTo(other.Start);
            if (c == 0)
            {
                c = End.CompareTo(other.End);
            }

            return c != 0 ? c : Order.CompareTo(other.Order);
        }
    }
}
