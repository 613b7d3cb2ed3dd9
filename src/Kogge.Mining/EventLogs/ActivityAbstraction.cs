namespace Kogge.Mining.EventLogs;

/// <summary>
/// Groups fine-grained activities into coarser ones, for logs with hundreds of activity codes
/// (BPIC15 has 398, such as <c>01_HOOFD_010</c>) where a readable process map needs a few dozen.
/// </summary>
public static class ActivityAbstraction
{
    /// <summary>Renames activities by a mapping; activities not in the mapping keep their name.</summary>
    public static EventLog Map(EventLog log, IReadOnlyDictionary<string, string> mapping)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        return Map(log, name => mapping.TryGetValue(name, out var mapped) ? mapped : name);
    }

    /// <summary>Renames activities by a function of their name.</summary>
    public static EventLog Map(EventLog log, Func<string, string> map)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(map);
        var pool = new StringPool();
        var newIds = new int[log.ActivityNames.Count];
        for (var a = 0; a < newIds.Length; a++)
        {
            newIds[a] = pool.Intern(map(log.ActivityNames[a]));
        }

        var activities = new int[log.EventCount];
        var old = log.Activities;
        for (var e = 0; e < activities.Length; e++)
        {
            activities[e] = newIds[old[e]];
        }

        return log.WithActivities(activities, pool);
    }

    /// <summary>
    /// Keeps the first <paramref name="segments"/> parts of activity codes split at
    /// <paramref name="separator"/>: with 2 segments <c>01_HOOFD_010</c> becomes <c>01_HOOFD</c>.
    /// Names with fewer parts stay as they are.
    /// </summary>
    public static EventLog ByCodePrefix(EventLog log, int segments, char separator = '_')
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(segments, 1);
        return Map(log, name =>
        {
            var cut = -1;
            for (var i = 0; i < segments; i++)
            {
                cut = name.IndexOf(separator, cut + 1);
                if (cut < 0)
                {
                    return name;
                }
            }

            return name[..cut];
        });
    }

    /// <summary>Merges directly repeated activities within a case (after abstraction, <c>A A B</c> becomes <c>A B</c>), keeping the first event of each run.</summary>
    public static EventLog CollapseRepeats(EventLog log)
    {
        ArgumentNullException.ThrowIfNull(log);
        var activities = log.ActivityArray;
        var offsets = log.CaseOffsetArray;
        return log.SelectEvents(e =>
        {
            var c = Array.BinarySearch(offsets, e);
            var caseStart = c >= 0 ? e : offsets[~c - 1];
            return e == caseStart || activities[e] != activities[e - 1];
        });
    }
}
