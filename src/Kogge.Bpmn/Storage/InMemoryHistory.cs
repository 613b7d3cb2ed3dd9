using System.Buffers;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Kogge.Bpmn.Storage;

/// <summary>
/// The history events of an <see cref="InMemoryEngineStore"/>. History only grows, and a store that has run many
/// instances holds far more of it than live rows, so it is kept where the garbage collector has little to trace
/// and nothing to move: one row per event in large arrays, each row pointing back to its instance's previous
/// event, and the engine's 32-digit ids as two numbers instead of a string each. Readers get new records.
/// Not thread-safe: the store calls it under its lock.
/// </summary>
internal sealed class InMemoryHistory
{
    // 1,024 rows of about 140 bytes: each chunk lands on the large object heap, which is not compacted.
    private const int ChunkSize = 1024;
    private static readonly SearchValues<char> LowerHex = SearchValues.Create("0123456789abcdef");

    private readonly List<Row[]> _chunks = [];
    private readonly Dictionary<string, int> _lastByInstance = new(StringComparer.Ordinal);
    private int _lastWithoutInstance = -1;
    private int _count;

    /// <summary>Appends an event; returns its sequence number (1 for the first event of the store).</summary>
    public long Add(HistoryEventRecord record)
    {
        if (_count % ChunkSize == 0)
        {
            _chunks.Add(new Row[ChunkSize]);
        }

        var index = _count++;
        ref var previous = ref _lastWithoutInstance;
        if (record.ProcessInstanceId is { } instanceId)
        {
            previous = ref CollectionsMarshal.GetValueRefOrAddDefault(_lastByInstance, instanceId, out var exists);
            if (!exists)
            {
                previous = -1;
            }
        }

        ref var row = ref At(index);
        if (record.Id.Length == 32 && !record.Id.AsSpan().ContainsAnyExcept(LowerHex))
        {
            row.IdHigh = ulong.Parse(record.Id.AsSpan(0, 16), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
            row.IdLow = ulong.Parse(record.Id.AsSpan(16), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
        }
        else
        {
            row.IdText = record.Id;
        }

        row.Timestamp = record.Timestamp;
        row.Kind = record.Kind;
        row.ProcessInstanceId = record.ProcessInstanceId;
        row.DefinitionId = record.DefinitionId;
        row.ElementId = record.ElementId;
        row.ElementType = record.ElementType;
        row.ElementName = record.ElementName;
        row.ElementInstanceId = record.ElementInstanceId;
        row.Actor = record.Actor;
        row.Details = record.Details;
        row.TenantId = record.TenantId;
        row.Previous = previous;
        previous = index;
        return index + 1;
    }

    /// <summary>Every event in the order it was written.</summary>
    public IEnumerable<HistoryEventRecord> All()
    {
        for (var i = 0; i < _count; i++)
        {
            yield return Record(i);
        }
    }

    /// <summary>The events of one instance in the order they were written.</summary>
    public List<HistoryEventRecord> ByInstance(string processInstanceId)
    {
        var result = new List<HistoryEventRecord>();
        for (var i = _lastByInstance.GetValueOrDefault(processInstanceId, -1); i >= 0; i = At(i).Previous)
        {
            result.Add(Record(i));
        }

        result.Reverse();
        return result;
    }

    private ref Row At(int index) => ref _chunks[index / ChunkSize][index % ChunkSize];

    private HistoryEventRecord Record(int index)
    {
        ref var row = ref At(index);
        return new HistoryEventRecord
        {
            Id = row.IdText ?? string.Create(32, (row.IdHigh, row.IdLow), static (span, id) =>
            {
                id.IdHigh.TryFormat(span[..16], out _, "x16", CultureInfo.InvariantCulture);
                id.IdLow.TryFormat(span[16..], out _, "x16", CultureInfo.InvariantCulture);
            }),
            Revision = 1,
            Sequence = index + 1,
            Timestamp = row.Timestamp,
            Kind = row.Kind,
            ProcessInstanceId = row.ProcessInstanceId,
            DefinitionId = row.DefinitionId,
            ElementId = row.ElementId,
            ElementType = row.ElementType,
            ElementName = row.ElementName,
            ElementInstanceId = row.ElementInstanceId,
            Actor = row.Actor,
            Details = row.Details,
            TenantId = row.TenantId,
        };
    }

    private struct Row
    {
        public ulong IdHigh;
        public ulong IdLow;
        public string? IdText;
        public DateTimeOffset Timestamp;
        public string Kind;
        public string? ProcessInstanceId;
        public string? DefinitionId;
        public string? ElementId;
        public string? ElementType;
        public string? ElementName;
        public string? ElementInstanceId;
        public string? Actor;
        public string? Details;
        public string? TenantId;
        public int Previous;
    }
}
