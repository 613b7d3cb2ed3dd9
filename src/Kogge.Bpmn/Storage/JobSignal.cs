namespace Kogge.Bpmn.Storage;

/// <summary>
/// Tells waiting job executors in this process that a job may have become runnable: a store raises it after a
/// commit that added a job without a lock owner or released one. Each raise wakes one waiting executor, the one that has
/// waited longest, so that several executors do not all look for the same job. <see cref="Version"/> counts the
/// raises: an executor that read it before looking for jobs and finds it changed looks again instead of waiting,
/// so it misses none that were committed after it looked. Other processes on the same database do not hear it;
/// they find such jobs when their poll interval is up.
/// </summary>
public sealed class JobSignal
{
    private readonly Lock _gate = new();
    private readonly LinkedList<TaskCompletionSource> _waiters = [];
    private long _version;

    /// <summary>How often the signal was raised so far.</summary>
    public long Version
    {
        get
        {
            lock (_gate)
            {
                return _version;
            }
        }
    }

    /// <summary>
    /// Whether a written row is a job that an executor could acquire now or later: one without a lock owner. A job
    /// written with its lock was handed to the executor of the node that holds it.
    /// </summary>
    public static bool Concerns(StoreRecord row) => row is JobRecord { LockOwner: null };

    /// <summary>Wakes the executor that has waited longest, if one waits.</summary>
    public void Raise()
    {
        TaskCompletionSource? waiter = null;
        lock (_gate)
        {
            _version++;
            if (_waiters.First is { } first)
            {
                waiter = first.Value;
                _waiters.RemoveFirst();
            }
        }

        waiter?.TrySetResult();
    }

    /// <summary>
    /// Waits until a raise after <paramref name="seenVersion"/> wakes this waiter (at once if one happened
    /// already), or until <paramref name="timeout"/> on <paramref name="time"/> has passed.
    /// </summary>
    public async Task WaitAsync(long seenVersion, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        LinkedListNode<TaskCompletionSource> node;
        lock (_gate)
        {
            if (_version != seenVersion)
            {
                return;
            }

            node = _waiters.AddLast(waiter);
        }

        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            await Task.WhenAny(waiter.Task, Task.Delay(timeout, time, timer.Token));
        }
        finally
        {
            await timer.CancelAsync();
            lock (_gate)
            {
                if (node.List is not null)
                {
                    _waiters.Remove(node);
                }
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
    }
}
