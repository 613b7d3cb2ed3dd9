using Kogge.Bpmn.Storage;

namespace Kogge.Bpmn.Engine;

/// <summary>Reads the event log of instances: every element start and end, task, variable change, job failure and incident.</summary>
public sealed class HistoryService
{
    private readonly StoreReader _reader;

    internal HistoryService(StoreReader reader) => _reader = reader;

    /// <summary>The events of an instance (or all) in the order they happened.</summary>
    public Task<IReadOnlyList<HistoryEventRecord>> ListEventsAsync(string? instanceId = null, CancellationToken cancellationToken = default) =>
        _reader.ReadAsync(s => s.ListHistoryAsync(instanceId, cancellationToken), cancellationToken);
}
