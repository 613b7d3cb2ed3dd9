using Kogge.Bpmn.Engine.Commands;
using Kogge.Bpmn.Engine.Jobs;

namespace Kogge.Bpmn.Engine;

/// <summary>Runs and inspects jobs; lists and resolves incidents.</summary>
public sealed class JobService
{
    private readonly CommandExecutor _commands;
    private readonly StoreReader _reader;
    private readonly JobExecutor _executor;
    private readonly ProcessEngineOptions _options;

    internal JobService(CommandExecutor commands, StoreReader reader, JobExecutor executor, ProcessEngineOptions options)
    {
        _commands = commands;
        _reader = reader;
        _executor = executor;
        _options = options;
    }

    /// <summary>Runs every job due now on this node (timers and jobs with a registered handler), until none is left; returns how many ran.</summary>
    public Task<int> RunDueJobsAsync(CancellationToken cancellationToken = default) => _executor.RunDueJobsAsync(cancellationToken);

    /// <summary>
    /// Waits until a job was added or released in this process's store since <see cref="RunDueJobsAsync"/> last
    /// looked, or until <paramref name="timeout"/> has passed; a job executor calls it between passes instead of
    /// polling. Timers falling due and jobs written by other processes are found when the timeout is up.
    /// </summary>
    public Task WaitForJobsAsync(TimeSpan timeout, CancellationToken cancellationToken = default) => _executor.WaitForJobsAsync(timeout, cancellationToken);

    /// <summary>Locks up to <paramref name="max"/> due jobs of a type for an external worker and hands them over with their variables.</summary>
    public async Task<IReadOnlyList<JobContext>> ActivateJobsAsync(string jobType, string worker, int max, TimeSpan? lockDuration = null, CancellationToken cancellationToken = default)
    {
        var jobs = await _executor.AcquireAsync(timers: false, [jobType], max, worker, lockDuration ?? _options.JobLockDuration, cancellationToken);
        var result = new List<JobContext>(jobs.Count);
        foreach (var job in jobs)
        {
            result.Add(await _executor.ReadJobContextAsync(job, cancellationToken));
        }

        return result;
    }

    /// <summary>Completes a job with the worker's variables.</summary>
    public Task CompleteAsync(string jobId, IReadOnlyDictionary<string, object?>? variables = null, string? worker = null, CancellationToken cancellationToken = default) =>
        _commands.ExecuteAsync(new CompleteJobCommand(jobId, variables, worker), cancellationToken);

    /// <summary>Reports a failed attempt; at zero retries an incident is raised.</summary>
    public Task FailAsync(string jobId, string message, TimeSpan? backoff = null, string? worker = null, CancellationToken cancellationToken = default) =>
        _commands.ExecuteAsync(new FailJobCommand(jobId, message, backoff, worker), cancellationToken);

    /// <summary>Reports a business error, thrown as a BPMN error from the job's element.</summary>
    public Task ThrowErrorAsync(string jobId, string errorCode, string? message = null, string? worker = null, CancellationToken cancellationToken = default) =>
        _commands.ExecuteAsync(new ThrowJobErrorCommand(jobId, errorCode, message, worker), cancellationToken);

    /// <summary>The jobs of an instance.</summary>
    public Task<IReadOnlyList<JobInfo>> ListJobsAsync(string instanceId, CancellationToken cancellationToken = default) =>
        _reader.ReadAsync<IReadOnlyList<JobInfo>>(async s => [.. (await s.ListByInstanceAsync<Storage.JobRecord>(instanceId, cancellationToken)).OrderBy(j => j.DueDate).Select(JobInfo.From)], cancellationToken);

    /// <summary>Unresolved incidents, of one instance or all.</summary>
    public Task<IReadOnlyList<IncidentInfo>> ListIncidentsAsync(string? instanceId = null, CancellationToken cancellationToken = default) =>
        _reader.ReadAsync<IReadOnlyList<IncidentInfo>>(async s => [.. (await s.ListIncidentsAsync(instanceId, cancellationToken)).Select(IncidentInfo.From)], cancellationToken);

    /// <summary>Resolves an incident: a job gets <paramref name="retries"/> new retries, any other element is entered again.</summary>
    public Task ResolveIncidentAsync(string incidentId, int retries = 1, string? userId = null, CancellationToken cancellationToken = default) =>
        _commands.ExecuteAsync(new ResolveIncidentCommand(incidentId, retries, userId), cancellationToken);
}
