namespace Kogge.Mining.EventLogs;

/// <summary>How a time window selects cases.</summary>
public enum TimeWindowMode
{
    /// <summary>Cases that started and ended inside the window.</summary>
    Contained,
    /// <summary>Cases with any event inside the window.</summary>
    Intersecting,
    /// <summary>Cases that started inside the window.</summary>
    StartedIn,
    /// <summary>All cases, keeping only their events inside the window.</summary>
    TrimEvents,
}

/// <summary>Filters that return a new log: by time, variant, attribute, activity, throughput time, start and end activity.</summary>
public static class LogFilters
{
    /// <summary>Cases (or events) within <c>[from, to)</c>, selected by <paramref name="mode"/>.</summary>
    public static EventLog TimeWindow(this EventLog log, DateTimeOffset from, DateTimeOffset to, TimeWindowMode mode = TimeWindowMode.Contained)
    {
        ArgumentNullException.ThrowIfNull(log);
        long lo = from.UtcTicks, hi = to.UtcTicks;
        var ts = log.TimestampArray;
        if (mode == TimeWindowMode.TrimEvents)
        {
            return log.SelectEvents(e => ts[e] >= lo && ts[e] < hi);
        }

        return log.WhereCase(c =>
        {
            long first = long.MaxValue, last = long.MinValue;
            var any = false;
            for (var e = log.CaseOffsets[c]; e < log.CaseOffsets[c + 1]; e++)
            {
                if (ts[e] == EventLog.NoTimestamp)
                {
                    continue;
                }

                first = Math.Min(first, ts[e]);
                last = Math.Max(last, ts[e]);
                any |= ts[e] >= lo && ts[e] < hi;
            }

            if (first == long.MaxValue)
            {
                // A case without timestamps lies in no window.
                return false;
            }

            return mode switch
            {
                TimeWindowMode.Contained => first >= lo && last < hi,
                TimeWindowMode.StartedIn => first >= lo && first < hi,
                _ => any,
            };
        });
    }

    /// <summary>Cases following one of the given variants (keys as in <see cref="Variant.Key"/>), or all others when <paramref name="keep"/> is false.</summary>
    public static EventLog WithVariants(this EventLog log, IEnumerable<string> variantKeys, bool keep = true)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(variantKeys);
        var keys = variantKeys.ToHashSet(StringComparer.Ordinal);
        var groups = Variants.VariantIndex(log.Instances, out var caseVariant);
        var selected = new bool[groups.Count];
        for (var v = 0; v < groups.Count; v++)
        {
            selected[v] = keys.Contains(Variants.KeyOf(groups[v], log.ActivityNames)) == keep;
        }

        return log.WhereCase(c => selected[caseVariant[c]]);
    }

    /// <summary>The cases of the <paramref name="count"/> most frequent variants (ties by first occurrence, as in <see cref="Variants.Compute"/>).</summary>
    public static EventLog TopVariants(this EventLog log, int count)
    {
        ArgumentNullException.ThrowIfNull(log);
        var groups = Variants.VariantIndex(log.Instances, out var caseVariant);
        var frequency = new int[groups.Count];
        foreach (var v in caseVariant)
        {
            frequency[v]++;
        }

        var order = new int[groups.Count];
        for (var v = 0; v < order.Length; v++)
        {
            order[v] = v;
        }

        // Sorting by (frequency descending, first occurrence) is a total order, so an unstable sort is fine.
        Array.Sort(order, (a, b) => frequency[a] != frequency[b] ? frequency[b].CompareTo(frequency[a]) : a.CompareTo(b));
        var selected = new bool[groups.Count];
        foreach (var v in order.AsSpan(0, Math.Clamp(count, 0, order.Length)))
        {
            selected[v] = true;
        }

        return log.WhereCase(c => selected[caseVariant[c]]);
    }

    /// <summary>
    /// Cases whose case attribute <paramref name="key"/> has one of <paramref name="values"/>, or
    /// which have an event with such a value when <paramref name="key"/> is an event attribute
    /// (<c>org:resource</c> included). With <paramref name="keep"/> false, the other cases.
    /// </summary>
    public static EventLog WithAttribute(this EventLog log, string key, IEnumerable<string> values, bool keep = true)
    {
        ArgumentNullException.ThrowIfNull(log);
        var wanted = values.ToHashSet(StringComparer.Ordinal);
        var caseColumn = log.CaseAttributes.Column(key);
        if (caseColumn is not null)
        {
            return log.WhereCase(c => (caseColumn[c] is { } v && wanted.Contains(v.Text)) == keep);
        }

        Func<int, bool> matches;
        if (key == "org:resource")
        {
            var res = log.ResourceArray;
            matches = e => res[e] >= 0 && wanted.Contains(log.ResourceNames[res[e]]);
        }
        else
        {
            var column = log.EventAttributes.Column(key);
            matches = e => column?[e] is { } v && wanted.Contains(v.Text);
        }

        return log.WhereCase(c =>
        {
            for (var e = log.CaseOffsets[c]; e < log.CaseOffsets[c + 1]; e++)
            {
                if (matches(e))
                {
                    return keep;
                }
            }

            return !keep;
        });
    }

    /// <summary>Cases containing (or, with <paramref name="present"/> false, not containing) an activity.</summary>
    public static EventLog WithActivity(this EventLog log, string activity, bool present = true)
    {
        ArgumentNullException.ThrowIfNull(log);
        var id = log.ActivityPool.Find(activity);
        var acts = log.ActivityArray;
        return log.WhereCase(c => Array.IndexOf(acts, id, log.CaseOffsets[c], log.CaseLength(c)) >= 0 == present);
    }

    /// <summary>Cases whose throughput time lies in <c>[min, max]</c>.</summary>
    public static EventLog WithThroughputTime(this EventLog log, TimeSpan min, TimeSpan max)
    {
        ArgumentNullException.ThrowIfNull(log);
        var inst = log.Instances;
        return log.WhereCase(c => Variants.CaseDuration(inst, c) is { } d && d >= min.Ticks && d <= max.Ticks);
    }

    /// <summary>Cases that start with one of the given activities.</summary>
    public static EventLog StartingWith(this EventLog log, params IEnumerable<string> activities)
    {
        ArgumentNullException.ThrowIfNull(log);
        var set = activities.ToHashSet(StringComparer.Ordinal);
        var inst = log.Instances;
        return log.WhereCase(c => inst.CaseOffsetArray[c + 1] > inst.CaseOffsetArray[c] && set.Contains(log.ActivityNames[inst.ActivityArray[inst.CaseOffsetArray[c]]]));
    }

    /// <summary>Cases that end with one of the given activities.</summary>
    public static EventLog EndingWith(this EventLog log, params IEnumerable<string> activities)
    {
        ArgumentNullException.ThrowIfNull(log);
        var set = activities.ToHashSet(StringComparer.Ordinal);
        var inst = log.Instances;
        return log.WhereCase(c => inst.CaseOffsetArray[c + 1] > inst.CaseOffsetArray[c] && set.Contains(log.ActivityNames[inst.ActivityArray[inst.CaseOffsetArray[c + 1] - 1]]));
    }

    /// <summary>The cases for which <paramref name="predicate"/> (given a case index) is true.</summary>
    public static EventLog WhereCase(this EventLog log, Func<int, bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(predicate);
        var selected = new List<int>(log.CaseCount);
        for (var c = 0; c < log.CaseCount; c++)
        {
            if (predicate(c))
            {
                selected.Add(c);
            }
        }

        return log.SelectCases(selected.ToArray());
    }
}
