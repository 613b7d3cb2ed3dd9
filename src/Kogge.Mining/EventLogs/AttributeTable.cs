namespace Kogge.Mining.EventLogs;

/// <summary>One attribute key over all rows (cases or events): each row points into a pool of distinct values.</summary>
public sealed class AttributeColumn
{
    private readonly List<AttributeValue> distinct;
    private Dictionary<AttributeValue, int>? ids;
    private int[] rows;

    internal AttributeColumn(string key, int capacity)
    {
        Key = key;
        rows = new int[Math.Max(16, capacity)];
        rows.AsSpan().Fill(-1);
        distinct = [];
        ids = [];
    }

    private AttributeColumn(string key, int[] rows, List<AttributeValue> distinct)
    {
        Key = key;
        this.rows = rows;
        this.distinct = distinct;
    }

    /// <summary>The attribute key, for example <c>org:group</c>.</summary>
    public string Key { get; }

    /// <summary>The distinct values seen in this column.</summary>
    public IReadOnlyList<AttributeValue> DistinctValues => distinct;

    /// <summary>The value of a row, or null when the row has none.</summary>
    public AttributeValue? this[int row]
    {
        get
        {
            var id = row < rows.Length ? rows[row] : -1;
            return id < 0 ? null : distinct[id];
        }
    }

    /// <summary>The index into <see cref="DistinctValues"/> of a row's value, or -1.</summary>
    public int ValueId(int row) => row < rows.Length ? rows[row] : -1;

    internal void Set(int row, AttributeValue value)
    {
        // A column made by Select has no value index until it is written to.
        if (ids is null)
        {
            ids = new Dictionary<AttributeValue, int>(distinct.Count);
            for (var i = 0; i < distinct.Count; i++)
            {
                ids.Add(distinct[i], i);
            }
        }

        if (!ids.TryGetValue(value, out var id))
        {
            id = distinct.Count;
            ids.Add(value, id);
            distinct.Add(value);
        }

        if (row >= rows.Length)
        {
            var old = rows.Length;
            Array.Resize(ref rows, Math.Max(row + 1, old * 2));
            rows.AsSpan(old).Fill(-1);
        }

        rows[row] = id;
    }

    /// <summary>The rows <paramref name="sourceRows"/> of this column; only values that occur in them are kept, in order of first occurrence.</summary>
    internal AttributeColumn Select(ReadOnlySpan<int> sourceRows)
    {
        // Works on value ids alone: no value is hashed, so filtering a million-event log copies int arrays only.
        var remap = new int[distinct.Count];
        remap.AsSpan().Fill(-1);
        var kept = new List<AttributeValue>();
        var copy = new int[Math.Max(16, sourceRows.Length)];
        copy.AsSpan(sourceRows.Length).Fill(-1);
        var source = rows;
        for (var i = 0; i < sourceRows.Length; i++)
        {
            var r = sourceRows[i];
            var id = (uint)r < (uint)source.Length ? source[r] : -1;
            if (id >= 0)
            {
                ref var mapped = ref remap[id];
                if (mapped < 0)
                {
                    mapped = kept.Count;
                    kept.Add(distinct[id]);
                }

                id = mapped;
            }

            copy[i] = id;
        }

        return new AttributeColumn(Key, copy, kept);
    }
}

/// <summary>The attributes of cases or of events, stored column by column.</summary>
public sealed class AttributeTable
{
    private readonly Dictionary<string, AttributeColumn> columns = new(StringComparer.Ordinal);
    private readonly List<AttributeColumn> ordered = [];

    /// <summary>The columns in the order their keys first appeared.</summary>
    public IReadOnlyList<AttributeColumn> Columns => ordered;

    /// <summary>The column of a key, or null when no row has that key.</summary>
    public AttributeColumn? Column(string key) => columns.GetValueOrDefault(key);

    /// <summary>The value of <paramref name="key"/> on a row, or null.</summary>
    public AttributeValue? Get(int row, string key) => Column(key)?[row];

    internal void Set(int row, string key, AttributeValue value, int capacity)
    {
        if (!columns.TryGetValue(key, out var column))
        {
            column = new AttributeColumn(key, capacity);
            columns.Add(key, column);
            ordered.Add(column);
        }

        column.Set(row, value);
    }

    internal AttributeTable Select(ReadOnlySpan<int> sourceRows)
    {
        var table = new AttributeTable();
        foreach (var column in ordered)
        {
            var copy = column.Select(sourceRows);
            if (copy.DistinctValues.Count > 0)
            {
                table.columns.Add(copy.Key, copy);
                table.ordered.Add(copy);
            }
        }

        return table;
    }
}
