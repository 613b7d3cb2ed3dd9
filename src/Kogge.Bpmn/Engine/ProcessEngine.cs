using Kogge.Bpmn.Engine.Commands;
using Kogge.Bpmn.Engine.Jobs;

namespace Kogge.Bpmn.Engine;

/// <summary>
/// The BPMN engine: deploy processes, start and steer instances, work user tasks, run jobs, read history.
/// Every operation is a command in one transaction of the configured store.
/// </summary>
public sealed class ProcessEngine
{
    /// <summary>Creates an engine over the given store, expression language and clock.</summary>
    public ProcessEngine(ProcessEngineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var parts = new EngineParts(options);
        var commands = new CommandExecutor(parts);
        var reader = new StoreReader(parts);
        Repository = new RepositoryService(commands, reader);
        Runtime = new RuntimeService(commands, reader);
        Tasks = new TaskService(commands, reader);
        Jobs = new JobService(commands, reader, new JobExecutor(parts, commands), options);
        History = new HistoryService(reader);
    }

    /// <summary>Deployments and process definitions.</summary>
    public RepositoryService Repository { get; }

    /// <summary>Process instances, messages, signals and variables.</summary>
    public RuntimeService Runtime { get; }

    /// <summary>User tasks (work items).</summary>
    public TaskService Tasks { get; }

    /// <summary>Jobs and incidents.</summary>
    public JobService Jobs { get; }

    /// <summary>The event log of instances.</summary>
    public HistoryService History { get; }
}
