using Kogge.Bpmn.Storage;

namespace Kogge.Bpmn.Engine.Execution;

/// <summary>
/// The process instances this engine committed last, as they were committed, so that the next command on an
/// instance (the clerk's completion after the start, the job after the completion) starts without reading it from
/// the store again. Safe because every command that changes an instance writes its instance row with a revision
/// check: a command that started from an entry another node has outdated fails its commit with a conflict, and the
/// executor runs it again from the store (<see cref="Commands.CommandExecutor"/>). Entries live a short time and their number
/// is bounded; an instance that ended leaves at once. Reads outside commands never use it.
/// </summary>
internal sealed class InstanceCache(int capacity, TimeSpan timeToLive)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    // The instance of each cached user task, job and incident.
    private readonly Dictionary<string, string> _instanceOfRow = new(StringComparer.Ordinal);

    // Instance ids in the order they were put, for removing the oldest when full (ids already gone are skipped).
    private readonly Queue<string> _order = new();

    /// <summary>A copy of the cached instance and its rows, or null.</summary>
    public InstanceRows? Get(string instanceId)
    {
        lock (_lock)
        {
            return _entries.TryGetValue(instanceId, out var entry) && Fresh(entry) ? Copy(entry.Rows) : null;
        }
    }

    /// <summary>A copy of the cached instance that holds the user task, job or incident <paramref name="rowId"/>, or null.</summary>
    public InstanceRows? GetOf(string rowId)
    {
        lock (_lock)
        {
            return _instanceOfRow.TryGetValue(rowId, out var instanceId) && _entries.TryGetValue(instanceId, out var entry) && Fresh(entry)
                ? Copy(entry.Rows)
                : null;
        }
    }

    /// <summary>
    /// After a commit: the instance as the command left it (its records carry the revisions written). The cache
    /// takes the records over; the command must not use them any more. An instance that ended is removed.
    /// </summary>
    public void Put(InstanceState state)
    {
        if (!state.IsActive)
        {
            Remove(state.Id);
            return;
        }

        var rows = new InstanceRows(
            state.Instance,
            state.Elements.All.ToList(),
            state.Variables.All.ToList(),
            state.Tasks.All.ToList(),
            state.Jobs.All.ToList(),
            state.Subscriptions.All.ToList(),
            state.Incidents.All.ToList());
        lock (_lock)
        {
            if (_entries.TryGetValue(state.Id, out var known))
            {
                if (known.Rows.Instance.Revision > rows.Instance.Revision)
                {
                    // A later commit of the same instance was put first.
                    return;
                }

                Unindex(known.Rows);
            }
            else
            {
                _order.Enqueue(state.Id);
            }

            _entries[state.Id] = new Entry(rows, Environment.TickCount64);
            Index(rows);
            while (_entries.Count > capacity && _order.TryDequeue(out var oldest))
            {
                RemoveLocked(oldest);
            }

            // Ids of removed entries pile up in the queue when instances end; drop them once they outnumber the entries.
            if (_order.Count > 2 * capacity)
            {
                var live = _order.Where(_entries.ContainsKey).Distinct(StringComparer.Ordinal).ToList();
                _order.Clear();
                live.ForEach(_order.Enqueue);
            }
        }
    }

    /// <summary>
    /// After jobs were locked: their rows in cached instances get the new lock and revision. An entry whose job row
    /// is not the one the lock was taken on (changed meanwhile) is removed.
    /// </summary>
    public void JobsLocked(IEnumerable<JobRecord> jobs)
    {
        lock (_lock)
        {
            foreach (var job in jobs)
            {
                if (job.ProcessInstanceId is not { } instanceId || !_entries.TryGetValue(instanceId, out var entry))
                {
                    continue;
                }

                var list = (List<JobRecord>)entry.Rows.Jobs;
                var at = list.FindIndex(j => j.Id == job.Id);
                if (at >= 0 && list[at].Revision == job.Revision - 1)
                {
                    list[at] = (JobRecord)job.Copy();
                }
                else
                {
                    RemoveLocked(instanceId);
                }
            }
        }
    }

    public void Remove(string instanceId)
    {
        lock (_lock)
        {
            RemoveLocked(instanceId);
        }
    }

    private void RemoveLocked(string instanceId)
    {
        if (_entries.Remove(instanceId, out var entry))
        {
            Unindex(entry.Rows);
        }
    }

    private bool Fresh(Entry entry) => Environment.TickCount64 - entry.Stamp <= (long)timeToLive.TotalMilliseconds;

    private void Index(InstanceRows rows)
    {
        foreach (var id in RowIds(rows))
        {
            _instanceOfRow[id] = rows.Instance.Id;
        }
    }

    private void Unindex(InstanceRows rows)
    {
        foreach (var id in RowIds(rows))
        {
            _instanceOfRow.Remove(id);
        }
    }

    /// <summary>The ids of the rows a command may name to find their instance: user tasks, jobs, incidents.</summary>
    private static IEnumerable<string> RowIds(InstanceRows rows) =>
        rows.Tasks.Select(t => t.Id).Concat(rows.Jobs.Select(j => j.Id)).Concat(rows.Incidents.Select(i => i.Id));

    private static InstanceRows Copy(InstanceRows rows) => new(
        (ProcessInstanceRecord)rows.Instance.Copy(),
        CopyAll(rows.Elements),
        CopyAll(rows.Variables),
        CopyAll(rows.Tasks),
        CopyAll(rows.Jobs),
        CopyAll(rows.Subscriptions),
        CopyAll(rows.Incidents));

    private static List<T> CopyAll<T>(IReadOnlyList<T> rows)
        where T : StoreRecord
    {
        var copies = new List<T>(rows.Count);
        foreach (var row in rows)
        {
            copies.Add((T)row.Copy());
        }

        return copies;
    }

    private sealed record Entry(InstanceRows Rows, long Stamp);
}
