using Kogge.Bpmn.Engine.Commands;

namespace Kogge.Bpmn.Engine;

/// <summary>Deploys BPMN resources and lists process definitions.</summary>
public sealed class RepositoryService
{
    private readonly CommandExecutor _commands;
    private readonly StoreReader _reader;

    internal RepositoryService(CommandExecutor commands, StoreReader reader)
    {
        _commands = commands;
        _reader = reader;
    }

    /// <summary>Validates and deploys resources; a changed process gets version n+1, running instances stay on theirs.</summary>
    /// <exception cref="DeploymentValidationException">Something cannot be executed; each problem names its element.</exception>
    public Task<Deployment> DeployAsync(string name, IReadOnlyList<DeploymentResource> resources, string? tenantId = null, CancellationToken cancellationToken = default) =>
        _commands.ExecuteAsync(new DeployCommand(name, resources, tenantId), cancellationToken);

    /// <summary>Deploys one resource.</summary>
    public Task<Deployment> DeployAsync(string resourceName, string xml, string? tenantId = null, CancellationToken cancellationToken = default) =>
        DeployAsync(resourceName, [new DeploymentResource(resourceName, xml)], tenantId, cancellationToken);

    /// <summary>All versions of a process, or of all processes when <paramref name="processId"/> is null.</summary>
    public Task<IReadOnlyList<ProcessDefinitionInfo>> ListDefinitionsAsync(string? processId = null, string? tenantId = null, CancellationToken cancellationToken = default) =>
        _reader.ReadAsync<IReadOnlyList<ProcessDefinitionInfo>>(
            async s => [.. (await s.ListDefinitionsAsync(processId, tenantId, cancellationToken)).Select(ProcessDefinitionInfo.From)],
            cancellationToken);
}
