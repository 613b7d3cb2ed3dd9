using Kogge.Bpmn.Engine.Commands;
using Kogge.Bpmn.Engine.Execution;
using Kogge.Bpmn.Storage;

namespace Kogge.Bpmn.Engine.Jobs;

/// <summary>
/// Runs due jobs on this node: acquires them with a lock, fires timers and calls the registered job
/// handlers outside of any transaction, then records the outcome in a command of its own.
/// </summary>
internal sealed class JobExecutor(EngineParts engine, CommandExecutor commands)
{
    private const int BatchSize = 32;

    // The store's job signal as it was when the last pass of RunDueJobsAsync began looking for jobs.
    private long _seenVersion;

    public async Task<int> RunDueJobsAsync(CancellationToken cancellationToken)
    {
        var options = engine.Options;
        var signal = options.Store.JobSignal;
        var total = 0;
        for (var pass = 0; pass < 10_000; pass++)
        {
            var ran = 0;
            var full = false;
            var version = signal?.Version ?? 0;
            Volatile.Write(ref _seenVersion, version);
            var jobs = await AcquireAsync(timers: true, [.. options.JobHandlers.Keys], BatchSize, options.NodeId, options.JobLockDuration, cancellationToken);
            full |= jobs.Count == BatchSize;
            foreach (var job in jobs)
            {
                var done = job.Kind == JobKind.Timer
                    ? await RunTimerJobAsync(job, cancellationToken)
                    : await RunTaskJobAsync(job, options.JobHandlers[job.JobType!], cancellationToken);
                ran += done ? 1 : 0;
            }

            total += ran;

            // Without a signal, one more pass tells whether the jobs that ran made new ones due. With one, only if
            // a batch was full or the signal was raised since this pass began looking (new or released jobs).
            if (ran == 0 || (signal is not null && !full && signal.Version == version))
            {
                return total;
            }
        }

        return total;
    }

    /// <summary>Locks up to <paramref name="max"/> due jobs for <paramref name="lockOwner"/>; cached instances get the locked rows.</summary>
    public async Task<IReadOnlyList<JobRecord>> AcquireAsync(bool timers, IReadOnlyCollection<string> jobTypes, int max, string lockOwner, TimeSpan lockDuration, CancellationToken cancellationToken)
    {
        var jobs = await commands.ExecuteAsync(new AcquireJobsCommand(timers, jobTypes, max, lockOwner, lockDuration), cancellationToken);
        engine.Instances?.JobsLocked(jobs);
        return jobs;
    }

    /// <summary>
    /// Waits until the store signals a new or released job after the last pass of <see cref="RunDueJobsAsync"/>
    /// began looking, or until <paramref name="timeout"/> has passed (timers falling due, jobs of other processes).
    /// Without a signal in the store, it waits the whole timeout.
    /// </summary>
    public Task WaitForJobsAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        engine.Options.Store.JobSignal is { } signal
            ? signal.WaitAsync(Volatile.Read(ref _seenVersion), timeout, engine.Options.Time, cancellationToken)
            : Task.Delay(timeout, engine.Options.Time, cancellationToken);

    private async Task<bool> RunTimerJobAsync(JobRecord timer, CancellationToken cancellationToken)
    {
        try
        {
            return await commands.ExecuteAsync(new ExecuteTimerJobCommand(timer.Id, engine.Options.NodeId), cancellationToken);
        }
        catch (ProcessEngineException e)
        {
            await FailQuietlyAsync(timer.Id, e.Message, cancellationToken);
        }
        catch (ConcurrencyConflictException)
        {
            // Still contended after every retry: the lock expires and the timer fires then.
        }

        return false;
    }

    private async Task<bool> RunTaskJobAsync(JobRecord job, IJobHandler handler, CancellationToken cancellationToken)
    {
        JobOutcome outcome;
        try
        {
            var context = await ReadJobContextAsync(job, cancellationToken);
            outcome = await handler.HandleAsync(context, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A handler that throws is a failed attempt like any other; the retries decide what follows.
            outcome = JobOutcome.Fail(e.Message);
        }

        try
        {
            ICommand<bool> command = outcome switch
            {
                JobOutcome.Completed c => new CompleteJobCommand(job.Id, c.Variables, engine.Options.NodeId),
                JobOutcome.BusinessError b => new ThrowJobErrorCommand(job.Id, b.ErrorCode, b.Message, engine.Options.NodeId),
                JobOutcome.Failed f => new FailJobCommand(job.Id, f.Message, f.Backoff, engine.Options.NodeId),
                _ => throw new InvalidOperationException("Unknown job outcome."),
            };
            await commands.ExecuteAsync(command, cancellationToken);
        }
        catch (NotFoundException)
        {
            // The element was ended meanwhile (boundary event, cancellation): the result has no one to go to.
        }
        catch (ConcurrencyConflictException)
        {
            // Still contended after every retry: the lock expires and the job runs again (at least once).
        }

        return true;
    }

    private async Task FailQuietlyAsync(string jobId, string message, CancellationToken cancellationToken)
    {
        try
        {
            await commands.ExecuteAsync(new FailJobCommand(jobId, message, null, engine.Options.NodeId), cancellationToken);
        }
        catch (NotFoundException)
        {
            // Already gone.
        }
    }

    public async Task<JobContext> ReadJobContextAsync(JobRecord job, CancellationToken cancellationToken)
    {
        await using var session = await engine.Options.Store.OpenSessionAsync(cancellationToken);
        var context = new CommandContext(session, engine, cached: true);
        var instance = await context.InstanceAsync(job.ProcessInstanceId!, cancellationToken);
        var variables = new ScopeVariables(instance, job.ElementInstanceId ?? instance.Id).All();
        var headers = job.HeadersJson is null
            ? new Dictionary<string, string>(StringComparer.Ordinal)
            : System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(job.HeadersJson) ?? [];
        return new JobContext(job.Id, job.JobType ?? string.Empty, job.ProcessInstanceId!, job.ElementId, variables, headers, job.Retries);
    }
}
