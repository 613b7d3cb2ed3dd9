using Kogge.Bpmn.Storage;

namespace Kogge.Bpmn.Engine.Execution;

/// <summary>The rows of one kind that a command loaded or created, with what changed.</summary>
internal sealed class RecordSet<T>
    where T : StoreRecord
{
    private readonly Dictionary<string, T> _items = new(StringComparer.Ordinal);
    private readonly HashSet<string> _added = new(StringComparer.Ordinal);
    private readonly HashSet<string> _dirty = new(StringComparer.Ordinal);
    private readonly List<T> _removed = [];

    public IEnumerable<T> All => _items.Values;

    public void Load(IEnumerable<T> rows)
    {
        foreach (var row in rows)
        {
            _items[row.Id] = row;
        }
    }

    public T? Get(string id) => _items.GetValueOrDefault(id);

    public void Add(T row)
    {
        _items[row.Id] = row;
        _added.Add(row.Id);
    }

    public void Changed(T row)
    {
        if (!_added.Contains(row.Id))
        {
            _dirty.Add(row.Id);
        }
    }

    public void Remove(T row)
    {
        if (!_items.Remove(row.Id))
        {
            return;
        }

        _dirty.Remove(row.Id);
        if (!_added.Remove(row.Id))
        {
            _removed.Add(row);
        }
    }

    public void Flush(IEngineSession session)
    {
        foreach (var id in _added)
        {
            session.Add(_items[id]);
        }

        foreach (var id in _dirty)
        {
            session.Update(_items[id]);
        }

        foreach (var row in _removed)
        {
            session.Remove(row);
        }

        _added.Clear();
        _dirty.Clear();
        _removed.Clear();
    }
}
