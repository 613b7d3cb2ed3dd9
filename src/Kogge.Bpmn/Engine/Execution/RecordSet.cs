using Kogge.Bpmn.Storage;

namespace Kogge.Bpmn.Engine.Execution;

/// <summary>The rows of one kind that a command loaded or created, with what changed.</summary>
/// <remarks>Most sets of an instance stay untouched in a command, so the change sets are made on first use.</remarks>
internal sealed class RecordSet<T>
    where T : StoreRecord
{
    private readonly Dictionary<string, T> _items = new(StringComparer.Ordinal);
    private HashSet<string>? _added;
    private HashSet<string>? _dirty;
    private List<T>? _removed;

    public IEnumerable<T> All => _items.Values;

    public int Count => _items.Count;

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
        (_added ??= new HashSet<string>(StringComparer.Ordinal)).Add(row.Id);
    }

    public void Changed(T row)
    {
        if (_added is null || !_added.Contains(row.Id))
        {
            (_dirty ??= new HashSet<string>(StringComparer.Ordinal)).Add(row.Id);
        }
    }

    public void Remove(T row)
    {
        if (!_items.Remove(row.Id))
        {
            return;
        }

        _dirty?.Remove(row.Id);
        if (_added is null || !_added.Remove(row.Id))
        {
            (_removed ??= []).Add(row);
        }
    }

    /// <summary>The first row that matches, without a closure per call.</summary>
    public T? Find<TArg>(Func<T, TArg, bool> match, TArg arg)
    {
        foreach (var row in _items.Values)
        {
            if (match(row, arg))
            {
                return row;
            }
        }

        return null;
    }

    /// <summary>Removes every row that matches.</summary>
    public void RemoveWhere<TArg>(Func<T, TArg, bool> match, TArg arg)
    {
        List<T>? matches = null;
        foreach (var row in _items.Values)
        {
            if (match(row, arg))
            {
                (matches ??= []).Add(row);
            }
        }

        if (matches is not null)
        {
            foreach (var row in matches)
            {
                Remove(row);
            }
        }
    }

    public void Flush(IEngineSession session)
    {
        if (_added is { Count: > 0 })
        {
            foreach (var id in _added)
            {
                session.Add(_items[id]);
            }

            _added.Clear();
        }

        if (_dirty is { Count: > 0 })
        {
            foreach (var id in _dirty)
            {
                session.Update(_items[id]);
            }

            _dirty.Clear();
        }

        if (_removed is { Count: > 0 })
        {
            foreach (var row in _removed)
            {
                session.Remove(row);
            }

            _removed.Clear();
        }
    }
}
