namespace Kogge.Mining.EventLogs;

/// <summary>
/// An event log stored column by column: one array per event field, activity and resource names
/// interned, timestamps as UTC ticks, and cases as offsets into the event arrays. Events of a case
/// are contiguous and ordered by time. Instances are immutable; filters return new logs.
/// </summary>
public sealed class EventLog
{
    /// <summary>The tick value of an event that has no timestamp.</summary>
    public const long NoTimestamp = long.MinValue;

    private readonly int[] caseOffsets;
    private readonly string[] caseIds;
    private readonly int[] activities;
    private readonly long[] timestamps;
    private readonly short[] offsetMinutes;
    private readonly int[] resources;
    private readonly int[] lifecycles;
    private readonly StringPool activityNames;
    private readonly StringPool resourceNames;
    private readonly StringPool lifecycleNames;
    private ActivityInstanceTable? instances;

    internal EventLog(
        int[] caseOffsets,
        string[] caseIds,
        int[] activities,
        long[] timestamps,
        short[] offsetMinutes,
        int[] resources,
        int[] lifecycles,
        StringPool activityNames,
        StringPool resourceNames,
        StringPool lifecycleNames,
        AttributeTable caseAttributes,
        AttributeTable eventAttributes,
        IReadOnlyDictionary<string, AttributeValue> logAttributes)
    {
        this.caseOffsets = caseOffsets;
        this.caseIds = caseIds;
        this.activities = activities;
        this.timestamps = timestamps;
        this.offsetMinutes = offsetMinutes;
        this.resources = resources;
        this.lifecycles = lifecycles;
        this.activityNames = activityNames;
        this.resourceNames = resourceNames;
        this.lifecycleNames = lifecycleNames;
        CaseAttributes = caseAttributes;
        EventAttributes = eventAttributes;
        LogAttributes = logAttributes;
        StartLifecycle = lifecycleNames.Find("start");
        CompleteLifecycle = lifecycleNames.Find("complete");
    }

    /// <summary>The number of cases (traces).</summary>
    public int CaseCount => caseIds.Length;

    /// <summary>The number of events.</summary>
    public int EventCount => activities.Length;

    /// <summary>Event index ranges of the cases: case <c>c</c> holds events <c>[CaseOffsets[c], CaseOffsets[c + 1])</c>.</summary>
    public ReadOnlySpan<int> CaseOffsets => caseOffsets;

    /// <summary>The activity id of each event, an index into <see cref="ActivityNames"/>.</summary>
    public ReadOnlySpan<int> Activities => activities;

    /// <summary>The timestamp of each event as UTC ticks, or <see cref="NoTimestamp"/>.</summary>
    public ReadOnlySpan<long> Timestamps => timestamps;

    /// <summary>The resource id of each event, an index into <see cref="ResourceNames"/>, or -1.</summary>
    public ReadOnlySpan<int> Resources => resources;

    /// <summary>The lifecycle transition id of each event, an index into <see cref="LifecycleNames"/>, or -1.</summary>
    public ReadOnlySpan<int> Lifecycles => lifecycles;

    /// <summary>The distinct activity names; an activity id indexes this list.</summary>
    public IReadOnlyList<string> ActivityNames => activityNames.Values;

    /// <summary>The distinct resource names; a resource id indexes this list.</summary>
    public IReadOnlyList<string> ResourceNames => resourceNames.Values;

    /// <summary>The distinct lifecycle transitions (for example <c>start</c>, <c>complete</c>).</summary>
    public IReadOnlyList<string> LifecycleNames => lifecycleNames.Values;

    /// <summary>The case identifiers (XES trace <c>concept:name</c>).</summary>
    public IReadOnlyList<string> CaseIds => caseIds;

    /// <summary>Case attributes other than the case identifier.</summary>
    public AttributeTable CaseAttributes { get; }

    /// <summary>Event attributes other than activity, timestamp, resource and lifecycle.</summary>
    public AttributeTable EventAttributes { get; }

    /// <summary>Attributes of the log itself.</summary>
    public IReadOnlyDictionary<string, AttributeValue> LogAttributes { get; }

    /// <summary>Events paired into activity instances (start + complete), computed on first use.</summary>
    public ActivityInstanceTable Instances => instances ??= ActivityInstanceTable.Build(this);

    internal int StartLifecycle { get; }

    internal int CompleteLifecycle { get; }

    internal StringPool ActivityPool => activityNames;

    internal int[] CaseOffsetArray => caseOffsets;

    internal int[] ActivityArray => activities;

    internal long[] TimestampArray => timestamps;

    internal int[] ResourceArray => resources;

    internal StringPool ResourcePool => resourceNames;

    internal StringPool LifecyclePool => lifecycleNames;

    /// <summary>The UTC offset in minutes the timestamp of an event was recorded with.</summary>
    public int OffsetMinutes(int eventIndex) => offsetMinutes[eventIndex];

    /// <summary>The timestamp of an event in the offset it was recorded with, or null.</summary>
    public DateTimeOffset? Timestamp(int eventIndex)
    {
        var ticks = timestamps[eventIndex];
        if (ticks == NoTimestamp)
        {
            return null;
        }

        var offset = TimeSpan.FromMinutes(offsetMinutes[eventIndex]);
        return new DateTimeOffset(ticks + offset.Ticks, offset);
    }

    /// <summary>The number of events in a case.</summary>
    public int CaseLength(int caseIndex) => caseOffsets[caseIndex + 1] - caseOffsets[caseIndex];

    /// <summary>A new log with the given cases, in the given order.</summary>
    public EventLog SelectCases(IEnumerable<int> caseIndexes)
    {
        ArgumentNullException.ThrowIfNull(caseIndexes);
        var selected = caseIndexes as int[] ?? [.. caseIndexes];
        var offsets = new int[selected.Length + 1];
        for (var i = 0; i < selected.Length; i++)
        {
            var c = selected[i];
            offsets[i + 1] = offsets[i] + caseOffsets[c + 1] - caseOffsets[c];
        }

        var rows = new int[offsets[^1]];
        var ids = new string[selected.Length];
        for (var i = 0; i < selected.Length; i++)
        {
            var c = selected[i];
            ids[i] = caseIds[c];
            var first = caseOffsets[c];
            var target = rows.AsSpan(offsets[i], offsets[i + 1] - offsets[i]);
            for (var j = 0; j < target.Length; j++)
            {
                target[j] = first + j;
            }
        }

        var result = Project(offsets, ids, rows, CaseAttributes.Select(selected));
        if (instances is { HasStartEvents: true } && ActivityInstanceTable.HasStarts(result))
        {
            // Instances are paired within each case, so the selected cases keep theirs: no pairing again.
            result.instances = instances.SelectCases(selected, caseOffsets, offsets);
        }

        return result;
    }

    /// <summary>A new log keeping only the events for which <paramref name="keep"/> is true; cases left empty are dropped.</summary>
    public EventLog SelectEvents(Func<int, bool> keep)
    {
        ArgumentNullException.ThrowIfNull(keep);
        var rows = new int[EventCount];
        var kept = 0;
        var offsets = new List<int>(CaseCount + 1) { 0 };
        var keptCases = new List<int>(CaseCount);
        for (var c = 0; c < CaseCount; c++)
        {
            var before = kept;
            for (var e = caseOffsets[c]; e < caseOffsets[c + 1]; e++)
            {
                if (keep(e))
                {
                    rows[kept++] = e;
                }
            }

            if (kept > before)
            {
                keptCases.Add(c);
                offsets.Add(kept);
            }
        }

        var ids = new string[keptCases.Count];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = caseIds[keptCases[i]];
        }

        return Project([.. offsets], ids, rows.AsSpan(0, kept).ToArray(), CaseAttributes.Select(keptCases.ToArray()));
    }

    /// <summary>The same log with other activity ids and names; every other column is shared.</summary>
    internal EventLog WithActivities(int[] newActivities, StringPool newNames) =>
        new(caseOffsets, caseIds, newActivities, timestamps, offsetMinutes, resources, lifecycles,
            newNames, resourceNames, lifecycleNames, CaseAttributes, EventAttributes, LogAttributes);

    private EventLog Project(int[] offsets, string[] ids, int[] rows, AttributeTable caseTable)
    {
        var act = new int[rows.Length];
        var ts = new long[rows.Length];
        var off = new short[rows.Length];
        var res = new int[rows.Length];
        var life = new int[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            var r = rows[i];
            act[i] = activities[r];
            ts[i] = timestamps[r];
            off[i] = offsetMinutes[r];
            res[i] = resources[r];
            life[i] = lifecycles[r];
        }

        return new EventLog(
            offsets, ids, act, ts, off, res, life,
            activityNames, resourceNames, lifecycleNames,
            caseTable, EventAttributes.Select(rows), LogAttributes);
    }
}
