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

/// <summary>
/// What a command works with: the session, the engine's parts, a fixed "now" and the instances it touched. With
/// <paramref name="cached"/>, instances this engine committed last come from its <see cref="InstanceCache"/>
/// instead of the store.
/// </summary>
internal sealed class CommandContext(IEngineSession session, EngineParts engine, bool cached = false)
{
    private readonly Dictionary<string, InstanceState> _instances = new(StringComparer.Ordinal);
    private (string ProcessId, string? TenantId)? _newestUsed;
    private List<JobRecord>? _handedOver;

    public IEngineSession Session { get; } = session;

    public EngineParts Engine { get; } = engine;

    public DateTimeOffset Now { get; } = engine.Options.Time.GetUtcNow();

    public string? Actor { get; set; }

    /// <summary>Whether an instance of this command came from the cache rather than the store.</summary>
    public bool ReadFromCache { get; private set; }

    public IEnumerable<InstanceState> Instances => _instances.Values;

    public static string NewId() => RowIds.Next();

    public Task<DeployedProcess> ProcessAsync(string definitionId, CancellationToken cancellationToken) =>
        Engine.Processes.GetAsync(Session, definitionId, cancellationToken);

    /// <summary>
    /// The id of the newest version of a process, or null when none is deployed. When the store can check it in the
    /// commit, the engine keeps the answer: the next start uses it without reading, and its commit fails (and the
    /// command runs again) if a newer version was deployed meanwhile.
    /// </summary>
    public async Task<string?> NewestDefinitionIdAsync(string processId, string? tenantId, CancellationToken cancellationToken)
    {
        if (!Session.ChecksNewestDefinition)
        {
            return await Session.FindLatestDefinitionIdAsync(processId, tenantId, cancellationToken);
        }

        var key = (processId, tenantId);
        _newestUsed = key;
        if (Engine.NewestDefinitions.TryGetValue(key, out var known))
        {
            Session.RequireNewestDefinition(processId, tenantId, known.Version);
            return known.Id;
        }

        if (await Session.FindLatestDefinitionIdAsync(processId, tenantId, cancellationToken) is not { } id)
        {
            return null;
        }

        Engine.NewestDefinitions[key] = (id, (await ProcessAsync(id, cancellationToken)).Record.Version);
        return id;
    }

    public async Task<InstanceState> InstanceAsync(string instanceId, CancellationToken cancellationToken)
    {
        if (_instances.TryGetValue(instanceId, out var loaded))
        {
            return loaded;
        }

        var rows = Cached(Engine.Instances?.Get(instanceId))
            ?? await Session.LoadInstanceAsync(instanceId, cancellationToken)
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
        if ((Cached(Engine.Instances?.GetOf(rowId)) ?? await Session.LoadInstanceOfAsync<T>(rowId, cancellationToken)) is not { } rows)
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

    /// <summary>
    /// Locks a new task job for this node when its job executor runs and has a handler for the job's type; after the
    /// commit, <see cref="Cache"/> hands it to the executor, which then runs it without acquiring it first.
    /// </summary>
    public void HandOver(JobRecord job)
    {
        var options = Engine.Options;
        if (job.JobType is null || !Engine.HandOver.Accepts || !options.JobHandlers.ContainsKey(job.JobType))
        {
            return;
        }

        job.LockOwner = options.NodeId;
        job.LockExpiresAt = Now + options.JobLockDuration;
        (_handedOver ??= []).Add(job);
    }

    /// <summary>Set by a deployment: after its commit the engine forgets the newest definitions it kept.</summary>
    public bool Deployed { get; set; }

    /// <summary>
    /// After the commit: the instances as this command left them go into the cache, and the jobs it locked for this
    /// node and wrote (not ended in the same command) go to the job executor.
    /// </summary>
    public void Cache()
    {
        if (Deployed)
        {
            Engine.NewestDefinitions.Clear();
        }

        foreach (var instance in _instances.Values)
        {
            Engine.Instances?.Put(instance);
        }

        if (_handedOver is not null)
        {
            var written = _handedOver.Where(j => _instances[j.ProcessInstanceId!].Jobs.Get(j.Id) is not null).Select(j => (JobRecord)j.Copy()).ToList();
            if (written.Count > 0)
            {
                Engine.HandOver.Add(written);
            }
        }
    }

    /// <summary>After a failed command: its instances and the newest definition it used leave the caches, which may be behind the store.</summary>
    public void Evict()
    {
        if (_newestUsed is { } key)
        {
            Engine.NewestDefinitions.TryRemove(key, out _);
        }

        foreach (var id in _instances.Keys)
        {
            Engine.Instances?.Remove(id);
        }
    }

    private InstanceRows? Cached(InstanceRows? rows)
    {
        if (!cached || rows is null)
        {
            return null;
        }

        ReadFromCache = true;
        return rows;
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
        Instances = options.InstanceCacheSize > 0 && options.Store is not InMemoryEngineStore
            ? new InstanceCache(options.InstanceCacheSize, options.InstanceCacheTimeToLive)
            : null;
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

    /// <summary>Jobs locked for this node by the commands that created them, waiting for its job executor.</summary>
    public Jobs.JobHandOver HandOver { get; } = new();

    /// <summary>The instances this engine committed last; null for an in-memory store, which reads as fast itself.</summary>
    public InstanceCache? Instances { get; }

    /// <summary>The newest definition id and version of each process (and tenant) this engine started, when the store checks them in the commit.</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<(string ProcessId, string? TenantId), (string Id, int Version)> NewestDefinitions { get; } = new();
}

/// <summary>Runs commands: one session each, committed atomically, retried on optimistic-lock conflicts.</summary>
internal sealed class CommandExecutor(EngineParts engine)
{
    public async Task<T> ExecuteAsync<T>(ICommand<T> command, CancellationToken cancellationToken)
    {
        var cached = true;
        for (var attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await using var session = await engine.Options.Store.OpenSessionAsync(cancellationToken);
            var context = new CommandContext(session, engine, cached);
            var committing = false;
            T result;
            try
            {
                result = await command.ExecuteAsync(context, cancellationToken);
                context.Flush();
                committing = true;
                await session.CommitAsync(cancellationToken);
            }
            catch (ConcurrencyConflictException) when (command.RetryOnConflict && attempt < engine.Options.MaxConflictRetries)
            {
                // Another command changed the same rows first; its outcome may change ours, so start over.
                context.Evict();
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 5 * attempt)), cancellationToken);
                continue;
            }
            catch (Exception e) when (context.ReadFromCache && (!committing || e is ConcurrencyConflictException) && e is not OperationCanceledException)
            {
                // The cached instance may be behind the store (another node moved it on): what the command decided
                // on it does not count; it runs again on the instance as the store has it.
                context.Evict();
                cached = false;
                continue;
            }
            catch
            {
                context.Evict();
                throw;
            }

            context.Cache();
            return result;
        }
    }
}
