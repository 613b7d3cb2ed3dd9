using Microsoft.EntityFrameworkCore;

namespace Kogge.Bpmn.Storage;

/// <summary>
/// A row a session adds, updates or removes: the engine's record (<see cref="Caller"/>), the copy that is written
/// (<see cref="Row"/>, with the new revision) and the revision read, which the UPDATE or DELETE checks.
/// </summary>
internal sealed record RowChange(StoreRecord Caller, StoreRecord Row, EntityState State, int ReadRevision)
{
    public (Type Type, string Id) Key => (Row.GetType(), Row.Id);

    /// <summary>After the commit: the engine's records get the revision written and history events their sequence.</summary>
    public static void Acknowledge(IEnumerable<RowChange> changes)
    {
        foreach (var change in changes)
        {
            if (change.State == EntityState.Deleted)
            {
                continue;
            }

            change.Caller.Revision = change.Row.Revision;
            if (change.Caller is HistoryEventRecord history && change.Row is HistoryEventRecord written)
            {
                history.Sequence = written.Sequence;
            }
        }
    }
}
