using Kogge.Bpmn.Engine.Commands;
using Kogge.Bpmn.Engine.Execution;
using Kogge.Bpmn.Storage;

namespace Kogge.Bpmn.Engine;

/// <summary>Read-only access to the store for queries, outside of commands.</summary>
internal sealed class StoreReader(EngineParts engine)
{
    public async Task<T> ReadAsync<T>(Func<IEngineSession, Task<T>> read, CancellationToken cancellationToken)
    {
        await using var session = await engine.Options.Store.OpenSessionAsync(cancellationToken);
        return await read(session);
    }

    public async Task<T> ReadInstanceAsync<T>(string instanceId, Func<InstanceState, T> read, CancellationToken cancellationToken)
    {
        await using var session = await engine.Options.Store.OpenSessionAsync(cancellationToken);
        var context = new CommandContext(session, engine);
        return read(await context.InstanceAsync(instanceId, cancellationToken));
    }
}
