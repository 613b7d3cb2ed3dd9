using Kogge.Bpmn.Engine.Execution;
using Kogge.Bpmn.Storage;

namespace Kogge.Bpmn.Engine.Commands;

/// <summary>One operation of the engine, run in one transaction.</summary>
internal interface ICommand<T>
{
    /// <summary>Whether the command is run again after an optimistic-lock conflict.</summary>
    bool RetryOnConflict => true;

    Task<T> ExecuteAsync(CommandContext context, CancellationToken cancellationToken);
}

/// <summary>What a command works with: the session, the engine's parts, a fixed "now" and the instances it touched.</summary>
internal sealed class CommandContext(IEngineSession session, EngineParts engine)
{
    private readonly Dictionary<string, InstanceState> _instances = new(StringComparer.Ordinal);

    public IEngineSession Session { get; } = session;

    public EngineParts Engine { get; } = engine;

    public DateTimeOffset Now { get; } = engine.Options.Time.GetUtcNow();

    public string? Actor { get; set; }

    public IEnumerable<InstanceState> Instances => _instances.Values;

    public static string NewId() => RowIds.Next();

    public Task<DeployedProcess> ProcessAsync(string definitionId, CancellationToken cancellationToken) =>
        Engine.Processes.GetAsync(Session, definitionId, cancellationToken);

    public async Task<InstanceState> InstanceAsync(string instanceId, CancellationToken cancellationToken)
    {
        if (_instances.TryGetValue(instanceId, out var loaded))
        {
            return loaded;
        }

        var rows = await Session.LoadInstanceAsync(instanceId, cancellationToken)
            ?? throw new NotFoundException($"Process instance '{instanceId}' does not exist.");
        var process = await ProcessAsync(rows.Instance.DefinitionId, cancellationToken);
        var state = InstanceState.Load(rows, process);
        _instances[instanceId] = state;
        return state;
    }

    /// <summary>The instance that holds a user task, job or incident, loaded in the same read as the row; null when the row does not exist.</summary>
    public async Task<InstanceState?> InstanceOfAsync<T>(string rowId, CancellationToken cancellationToken)
        where T : StoreRecord
    {
        if (await Session.LoadInstanceOfAsync<T>(rowId, cancellationToken) is not { } rows)
        {
            return null;
        }

        if (_instances.TryGetValue(rows.Instance.Id, out var loaded))
        {
            return loaded;
        }

        var process = await ProcessAsync(rows.Instance.DefinitionId, cancellationToken);
        var state = InstanceState.Load(rows, process);
        _instances[rows.Instance.Id] = state;
        return state;
    }

    public InstanceState NewInstance(DeployedProcess process, string? businessKey, string? parentInstanceId, string? parentElementInstanceId)
    {
        var record = new ProcessInstanceRecord
        {
            Id = NewId(),
            DefinitionId = process.Record.Id,
            ProcessId = process.Record.ProcessId,
            BusinessKey = businessKey,
            TenantId = process.Record.TenantId,
            State = ProcessInstanceState.Active,
            StartedAt = Now,
            ParentInstanceId = parentInstanceId,
            ParentElementInstanceId = parentElementInstanceId,
        };
        var state = new InstanceState(record, process, isNew: true);
        _instances[record.Id] = state;
        return state;
    }

    public void History(string kind, InstanceState? instance, string? elementId = null, string? elementInstanceId = null, string? details = null, string? definitionId = null)
    {
        string? elementType = null;
        string? elementName = null;
        if (instance is not null && elementId is not null)
        {
            if (elementId == instance.Process.Process.Id)
            {
                elementType = "process";
                elementName = instance.Process.Process.Name;
            }
            else
            {
                var element = instance.Process.Element(elementId);
                elementType = element.ElementName;
                elementName = element.Name;
            }
        }

        Session.Add(new HistoryEventRecord
        {
            Id = NewId(),
            Timestamp = Now,
            Kind = kind,
            ProcessInstanceId = instance?.Id,
            DefinitionId = instance?.Instance.DefinitionId ?? definitionId,
            ElementId = elementId,
            ElementType = elementType,
            ElementName = elementName,
            ElementInstanceId = elementInstanceId,
            Actor = Actor,
            Details = details,
            TenantId = instance?.Instance.TenantId,
        });
    }

    public void Flush()
    {
        foreach (var instance in _instances.Values)
        {
            instance.Flush(Session);
        }
    }
}

/// <summary>The shared parts of an engine that commands use.</summary>
internal sealed class EngineParts
{
    public EngineParts(ProcessEngineOptions options)
    {
        Options = options;
        Expressions = new ExpressionCache(options.Expressions);
        if (options.JobRetryCycle is { } text)
        {
            if (!Jobs.TimerSchedule.TryParseCycle(text, out var cycle) || cycle.Repetitions < 1)
            {
                throw new ArgumentException($"The job retry cycle '{text}' is not an ISO 8601 repeating interval with a count, such as R3/PT10S.", nameof(options));
            }

            DefaultRetries = cycle.Repetitions;
            RetryBackoff = cycle.Interval;
        }
        else
        {
            DefaultRetries = options.DefaultJobRetries;
            RetryBackoff = new Jobs.IsoDuration(0, 0, 0, options.JobRetryBackoff);
        }
    }

    public ProcessEngineOptions Options { get; }

    public int DefaultRetries { get; }

    public Jobs.IsoDuration RetryBackoff { get; }

    public DeployedProcessCache Processes { get; } = new();

    public ExpressionCache Expressions { get; }
}

/// <summary>Runs commands: one session each, committed atomically, retried on optimistic-lock conflicts.</summary>
internal sealed class CommandExecutor(EngineParts engine)
{
    public async Task<T> ExecuteAsync<T>(ICommand<T> command, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await using var session = await engine.Options.Store.OpenSessionAsync(cancellationToken);
            var context = new CommandContext(session, engine);
            try
            {
                var result = await command.ExecuteAsync(context, cancellationToken);
                context.Flush();
                await session.CommitAsync(cancellationToken);
                return result;
            }
            catch (ConcurrencyConflictException) when (command.RetryOnConflict && attempt < engine.Options.MaxConflictRetries)
            {
                // Another command changed the same rows first; its outcome may change ours, so start over.
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 5 * attempt)), cancellationToken);
            }
        }
    }
}
