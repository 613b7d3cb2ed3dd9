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

    // The store's job signal and the hand-over's as they were when the last pass of RunDueJobsAsync began looking.
    private long _seenVersion;
    private long _seenHandedVersion;

    // The store's job signal as it was when the last acquiring pass began, when that was, and the executor's
    // longest wait (as it last called WaitForJobsAsync): a pass that has handed-over jobs acquires only if a job was
    // added or released since, or a wait has passed (timers falling due, jobs of other processes).
    private long _acquiredAtVersion = -1;
    private long _acquiredAtTicks;
    private long _pollTicks = TimeSpan.TicksPerSecond;

    public async Task<int> RunDueJobsAsync(CancellationToken cancellationToken)
    {
        var options = engine.Options;
        var signal = options.Store.JobSignal;
        var handOver = engine.HandOver;
        var total = 0;
        for (var pass = 0; pass < 10_000; pass++)
        {
            var ran = 0;
            var version = signal?.Version ?? 0;
            var handedVersion = handOver.Ready.Version;
            Volatile.Write(ref _seenVersion, version);
            Volatile.Write(ref _seenHandedVersion, handedVersion);
            var now = options.Time.GetUtcNow();
            var jobs = handOver.Take(BatchSize, now);
            if (jobs.Count < BatchSize && (jobs.Count == 0 || AcquireDue(version, now)))
            {
                Volatile.Write(ref _acquiredAtVersion, version);
                Volatile.Write(ref _acquiredAtTicks, now.UtcTicks);
                jobs.AddRange(await AcquireAsync(timers: true, [.. options.JobHandlers.Keys], BatchSize - jobs.Count, options.NodeId, options.JobLockDuration, cancellationToken));
            }

            var full = jobs.Count == BatchSize;
            foreach (var job in jobs)
            {
                var done = job.Kind == JobKind.Timer
                    ? await RunTimerJobAsync(job, cancellationToken)
                    : await RunTaskJobAsync(job, options.JobHandlers[job.JobType!], cancellationToken);
                ran += done ? 1 : 0;
            }

            total += ran;

            // Without a signal, one more pass tells whether the jobs that ran made new ones due. With one, only if
            // a batch was full or a signal was raised since this pass began looking (new, released or handed-over jobs).
            if (ran == 0 || (signal is not null && !full && signal.Version == version && handOver.Ready.Version == handedVersion))
            {
                return total;
            }
        }

        return total;
    }

    private bool AcquireDue(long version, DateTimeOffset now) =>
        version != Volatile.Read(ref _acquiredAtVersion)
        || now.UtcTicks - Volatile.Read(ref _acquiredAtTicks) >= Volatile.Read(ref _pollTicks);

    /// <summary>Locks up to <paramref name="max"/> due jobs for <paramref name="lockOwner"/>; cached instances get the locked rows.</summary>
    public async Task<IReadOnlyList<JobRecord>> AcquireAsync(bool timers, IReadOnlyCollection<string> jobTypes, int max, string lockOwner, TimeSpan lockDuration, CancellationToken cancellationToken)
    {
        var jobs = await commands.ExecuteAsync(new AcquireJobsCommand(timers, jobTypes, max, lockOwner, lockDuration), cancellationToken);
        engine.Instances?.JobsLocked(jobs);
        return jobs;
    }

    /// <summary>
    /// Waits until the store signals a new or released job, or a command of this engine hands a job over, after the
    /// last pass of <see cref="RunDueJobsAsync"/> began looking, or until <paramref name="timeout"/> has passed
    /// (timers falling due, jobs of other processes). Without a signal in the store, it waits the whole timeout.
    /// From the first call until one is cancelled, commands hand new jobs with a handler over to this engine.
    /// </summary>
    public async Task WaitForJobsAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var time = engine.Options.Time;
        if (engine.Options.Store.JobSignal is not { } signal)
        {
            await Task.Delay(timeout, time, cancellationToken);
            return;
        }

        Volatile.Write(ref _pollTicks, timeout.Ticks);
        var handOver = engine.HandOver;
        handOver.Active = true;
        using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var stored = signal.WaitAsync(Volatile.Read(ref _seenVersion), timeout, time, either.Token);
        var handed = handOver.Ready.WaitAsync(Volatile.Read(ref _seenHandedVersion), timeout, time, either.Token);
        await Task.WhenAny(stored, handed);
        await either.CancelAsync();
        try
        {
            await Task.WhenAll(stored, handed);
        }
        catch (OperationCanceledException)
        {
            // The wait that did not end first, or both when the caller cancelled.
        }

        if (cancellationToken.IsCancellationRequested)
        {
            handOver.Active = false;
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

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
