namespace Kogge.Mining.EventLogs;

/// <summary>Interns strings so a column stores small integer ids instead of repeated text.</summary>
internal sealed class StringPool
{
    private readonly Dictionary<string, int> ids = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> spans;
    private readonly List<string> values = [];

    public StringPool() => spans = ids.GetAlternateLookup<ReadOnlySpan<char>>();

    public int Count => values.Count;

    public IReadOnlyList<string> Values => values;

    public int Intern(string value)
    {
        if (!ids.TryGetValue(value, out var id))
        {
            id = values.Count;
            ids.Add(value, id);
            values.Add(value);
        }

        return id;
    }

    /// <summary>Interns text given as characters; a string is made only the first time the text is seen.</summary>
    public int Intern(ReadOnlySpan<char> value)
    {
        if (!spans.TryGetValue(value, out var id))
        {
            var text = value.ToString();
            id = values.Count;
            ids.Add(text, id);
            values.Add(text);
        }

        return id;
    }

    public int Find(string value) => ids.TryGetValue(value, out var id) ? id : -1;

    public string this[int id] => values[id];
}
