namespace Kogge.Mining.EventLogs;

/// <summary>
/// Builds an <see cref="EventLog"/> case by case, for importers and for the engine's history.
/// Events of a case are sorted by timestamp (stably) when <see cref="Build"/> is called.
/// </summary>
public sealed class EventLogBuilder
{
    private readonly List<int> caseOffsets = [0];
    private readonly List<string> caseIds = [];
    private readonly StringPool activityNames = new();
    private readonly StringPool resourceNames = new();
    private readonly StringPool lifecycleNames = new();
    private readonly AttributeTable caseAttributes = new();
    private readonly AttributeTable eventAttributes = new();
    private readonly Dictionary<string, AttributeValue> logAttributes = new(StringComparer.Ordinal);
    private int[] activities;
    private long[] timestamps;
    private short[] offsets;
    private int[] resources;
    private int[] lifecycles;
    private int eventCount;

    /// <summary>Creates a builder; <paramref name="expectedEvents"/> sizes the columns up front.</summary>
    public EventLogBuilder(int expectedEvents = 1024)
    {
        var n = Math.Max(16, expectedEvents);
        activities = new int[n];
        timestamps = new long[n];
        offsets = new short[n];
        resources = new int[n];
        lifecycles = new int[n];
    }

    /// <summary>The number of cases begun so far.</summary>
    public int CaseCount => caseIds.Count;

    /// <summary>The number of events added so far.</summary>
    public int EventCount => eventCount;

    /// <summary>Starts a new case; following events belong to it.</summary>
    public void BeginCase(string caseId)
    {
        ArgumentNullException.ThrowIfNull(caseId);
        CloseCase();
        caseIds.Add(caseId);
    }

    /// <summary>Replaces the identifier of the current case (XES names a trace after its attributes are read).</summary>
    public void SetCaseId(string caseId)
    {
        ArgumentNullException.ThrowIfNull(caseId);
        RequireCase();
        caseIds[^1] = caseId;
    }

    /// <summary>Sets an attribute on the current case.</summary>
    public void SetCaseAttribute(string key, AttributeValue value)
    {
        RequireCase();
        caseAttributes.Set(caseIds.Count - 1, key, value, 1024);
    }

    /// <summary>Sets an attribute on the log.</summary>
    public void SetLogAttribute(string key, AttributeValue value) => logAttributes[key] = value;

    /// <summary>Adds an event to the current case.</summary>
    public void AddEvent(string activity, DateTimeOffset? timestamp, string? resource = null, string? lifecycle = null)
    {
        ArgumentNullException.ThrowIfNull(activity);
        AddEvent(
            activityNames.Intern(activity),
            timestamp?.UtcTicks ?? EventLog.NoTimestamp,
            (short)(timestamp?.Offset.TotalMinutes ?? 0),
            resource is null ? -1 : resourceNames.Intern(resource),
            lifecycle is null ? -1 : lifecycleNames.Intern(lifecycle));
    }

    /// <summary>Sets an attribute on the event added last.</summary>
    public void SetEventAttribute(string key, AttributeValue value)
    {
        if (eventCount == 0)
        {
            throw new InvalidOperationException("Add an event before setting its attributes.");
        }

        eventAttributes.Set(eventCount - 1, key, value, activities.Length);
    }

    internal int InternActivity(ReadOnlySpan<char> name) => activityNames.Intern(name);

    internal int InternResource(ReadOnlySpan<char> name) => resourceNames.Intern(name);

    internal int InternLifecycle(ReadOnlySpan<char> name) => lifecycleNames.Intern(name);

    internal void AddEvent(int activity, long utcTicks, short offsetMinutes, int resource, int lifecycle)
    {
        RequireCase();
        if (eventCount == activities.Length)
        {
            var n = activities.Length * 2;
            Array.Resize(ref activities, n);
            Array.Resize(ref timestamps, n);
            Array.Resize(ref offsets, n);
            Array.Resize(ref resources, n);
            Array.Resize(ref lifecycles, n);
        }

        activities[eventCount] = activity;
        timestamps[eventCount] = utcTicks;
        offsets[eventCount] = offsetMinutes;
        resources[eventCount] = resource;
        lifecycles[eventCount] = lifecycle;
        eventCount++;
    }

    /// <summary>Finishes the log. Events within each case are ordered by timestamp, keeping file order on ties.</summary>
    public EventLog Build()
    {
        CloseCase();
        var offsetArray = caseOffsets.ToArray();
        var permutation = TimeOrder(offsetArray);
        var act = activities.AsSpan(0, eventCount).ToArray();
        var ts = timestamps.AsSpan(0, eventCount).ToArray();
        var off = offsets.AsSpan(0, eventCount).ToArray();
        var res = resources.AsSpan(0, eventCount).ToArray();
        var life = lifecycles.AsSpan(0, eventCount).ToArray();
        var events = eventAttributes;
        if (permutation is not null)
        {
            for (var i = 0; i < permutation.Length; i++)
            {
                var r = permutation[i];
                act[i] = activities[r];
                ts[i] = timestamps[r];
                off[i] = offsets[r];
                res[i] = resources[r];
                life[i] = lifecycles[r];
            }

            events = eventAttributes.Select(permutation);
        }

        return new EventLog(
            offsetArray, [.. caseIds], act, ts, off, res, life,
            activityNames, resourceNames, lifecycleNames,
            caseAttributes, events, new Dictionary<string, AttributeValue>(logAttributes, StringComparer.Ordinal));
    }

    private int[]? TimeOrder(int[] caseOffsetArray)
    {
        int[]? permutation = null;
        for (var c = 0; c + 1 < caseOffsetArray.Length; c++)
        {
            int from = caseOffsetArray[c], to = caseOffsetArray[c + 1];
            var sorted = true;
            for (var e = from + 1; e < to && sorted; e++)
            {
                sorted = timestamps[e] >= timestamps[e - 1];
            }

            if (sorted)
            {
                continue;
            }

            if (permutation is null)
            {
                permutation = new int[eventCount];
                for (var i = 0; i < eventCount; i++)
                {
                    permutation[i] = i;
                }
            }

            // Array.Sort is not stable; sorting by (timestamp, original index) keeps file order on ties.
            var keys = new (long, int)[to - from];
            for (var e = from; e < to; e++)
            {
                keys[e - from] = (timestamps[e], e);
            }

            Array.Sort(keys);
            for (var i = 0; i < keys.Length; i++)
            {
                permutation[from + i] = keys[i].Item2;
            }
        }

        return permutation;
    }

    private void CloseCase()
    {
        if (caseIds.Count == caseOffsets.Count)
        {
            caseOffsets.Add(eventCount);
        }
    }

    private void RequireCase()
    {
        if (caseIds.Count == 0)
        {
            throw new InvalidOperationException("Begin a case before adding events or attributes.");
        }
    }
}
