using System.Collections.Concurrent;
using Kogge.Bpmn.Storage;

namespace Kogge.Bpmn.Engine.Jobs;

/// <summary>
/// Jobs that the command creating them has already locked for this node, so that its job executor runs them without
/// acquiring them in a transaction of their own. A command hands a job over only while a job executor of this engine
/// runs (from its first <see cref="JobService.WaitForJobsAsync"/> until one is cancelled), when the engine has a
/// handler for the job's type, and while fewer than <see cref="MaxQueued"/> wait here. A job that is not run before
/// its lock expires, because the node stopped or fell behind, is acquired again by any node, as after a crash
/// between acquiring and running a job.
/// </summary>
internal sealed class JobHandOver
{
    public const int MaxQueued = 256;

    private readonly ConcurrentQueue<JobRecord> _queue = new();
    private volatile bool _active;

    /// <summary>Raised when jobs were handed over; only this engine's executors wait for it.</summary>
    public JobSignal Ready { get; } = new();

    /// <summary>Whether a command may lock a new job for this node now.</summary>
    public bool Accepts => _active && _queue.Count < MaxQueued;

    /// <summary>Set while a job executor of this engine runs.</summary>
    public bool Active
    {
        get => _active;
        set => _active = value;
    }

    /// <summary>After the commit that wrote them: queues the jobs and wakes an executor.</summary>
    public void Add(IReadOnlyList<JobRecord> jobs)
    {
        foreach (var job in jobs)
        {
            _queue.Enqueue(job);
        }

        Ready.Raise();
    }

    /// <summary>Up to <paramref name="max"/> queued jobs whose lock has not expired at <paramref name="now"/>.</summary>
    public List<JobRecord> Take(int max, DateTimeOffset now)
    {
        var jobs = new List<JobRecord>();
        while (jobs.Count < max && _queue.TryDequeue(out var job))
        {
            if (job.LockExpiresAt > now)
            {
                jobs.Add(job);
            }
        }

        return jobs;
    }
}
