using System.Runtime.ExceptionServices;
using Kogge.Bpmn.Storage.EntityFramework;
using Microsoft.EntityFrameworkCore;

namespace Kogge.Bpmn.Storage;

/// <summary>
/// Group commit: sessions that commit while every writer for the same database is busy with a batch wait, and then
/// the first of them writes all waiting sessions together (SQLite: one writer; PostgreSQL: up to four batches in
/// flight), so that one durable flush (fsync) and, on
/// PostgreSQL, one round trip serve many commands. One committer per database and process, shared by every
/// <see cref="EfEngineStore"/> on it; on SQLite, which has one writer at a time anyway, this also keeps the process's
/// writers from waiting for each other in SQLite's busy handler.
/// Each session stays atomic. On SQLite the batch is one transaction in which each session is written between a
/// savepoint and its release (<see cref="SqliteWriter"/>); a session that conflicts is rolled back to its savepoint
/// alone while the others commit.
/// On PostgreSQL the batch is one command, one implicit transaction (<see cref="RowWriter.WriteTogetherAsync"/>);
/// a conflict in any session aborts all of it. Whenever a batch fails as a whole, every session of it is written
/// again in a transaction of its own, which tells each session whether it conflicts.
/// <see cref="CommitAsync"/> returns only after the transaction holding the session's rows has committed.
/// </summary>
/// <remarks>
/// No timer and no background thread: a session that finds a writer free writes at once (with one client nothing
/// ever waits). Two sessions that change the same row never share a batch; the later one waits for the next.
/// </remarks>
internal sealed class GroupCommitter(Func<BpmnStoreDbContext> createContext, EngineStoreProvider provider, string connectionString)
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(EngineStoreProvider, string), GroupCommitter> Databases = new();

    /// <summary>At most this many sessions share a transaction.</summary>
    private const int MaxBatch = 64;

    private readonly Lock _gate = new();
    private readonly List<Pending> _queue = [];
    // SQLite has one writer at a time anyway. PostgreSQL takes several concurrent transactions and flushes their WAL
    // together, so a few batches may be on their way at once: sessions of batches in flight at the same time never
    // wait for each other, and two that change the same row meet the revision check (one conflicts).
    private readonly int _maxWriters = provider == EngineStoreProvider.Postgres ? 4 : 1;
    private readonly SqliteWriter? _sqlite = provider == EngineStoreProvider.Sqlite ? new SqliteWriter(connectionString) : null;
    private int _writers;
    private long _transactions;
    private long _sessions;

    /// <summary>The committer of a database (one per provider, connection string and process).</summary>
    public static GroupCommitter For(EngineStoreProvider provider, string connectionString, Func<BpmnStoreDbContext> createContext) =>
        Databases.GetOrAdd((provider, connectionString), _ => new GroupCommitter(createContext, provider, connectionString));

    /// <summary>Transactions committed and sessions written so far.</summary>
    public (long Transactions, long Sessions) Counts
    {
        get
        {
            lock (_gate)
            {
                return (_transactions, _sessions);
            }
        }
    }

    /// <summary>
    /// Writes <paramref name="changes"/> (of a session of <paramref name="model"/>'s model) and returns once their
    /// transaction has committed.
    /// </summary>
    public async Task CommitAsync(DbContext model, IReadOnlyList<RowChange> changes, CancellationToken cancellationToken)
    {
        if (changes.Count == 0)
        {
            return;
        }

        cancellationToken.ThrowIfCancellationRequested();
        // SQLite's statements are built here, on the session's thread, so that the one writer only runs them.
        var mine = new Pending(changes, _sqlite is null ? null : new SqliteWriter.SessionWrite(model, changes));
        List<Pending>? batch = null;
        lock (_gate)
        {
            _queue.Add(mine);
            if (_writers < _maxWriters)
            {
                // With a writer free the queue was empty: the batch is this session alone.
                _writers++;
                batch = TakeBatch();
            }
        }

        // Waiting is not cancelled: once queued, the rows may be written by another session's batch at any moment.
        // The turn is either a batch for this session to write (it is the batch's first) or null: written by another.
        batch ??= await mine.Turn.Task;
        if (batch is null)
        {
            return;
        }

        await WriteAsync(batch, mine);
        lock (_gate)
        {
            if (_queue.Count == 0)
            {
                _writers--;
            }
            else
            {
                var next = TakeBatch();
                next[0].Turn.TrySetResult(next);
            }
        }

        if (mine.Error is not null)
        {
            ExceptionDispatchInfo.Throw(mine.Error);
        }
    }

    private List<Pending> TakeBatch()
    {
        if (_queue.Count == 1)
        {
            var single = new List<Pending> { _queue[0] };
            _queue.Clear();
            return single;
        }

        var batch = new List<Pending>();
        var rows = new HashSet<(Type, string)>();
        for (var i = 0; i < _queue.Count && batch.Count < MaxBatch; i++)
        {
            var pending = _queue[i];
            // Checks (EntityState.Unchanged) write no row: sessions with the same check may share a batch.
            if (pending.Changes.Any(c => c.State != EntityState.Unchanged && rows.Contains(c.Key)))
            {
                continue;
            }

            foreach (var change in pending.Changes)
            {
                if (change.State != EntityState.Unchanged)
                {
                    rows.Add(change.Key);
                }
            }

            batch.Add(pending);
        }

        _queue.RemoveAll(batch.Contains);
        return batch;
    }

    private async Task WriteAsync(List<Pending> batch, Pending writer)
    {
        if (batch.Count > 1)
        {
            try
            {
                Exception?[] errors;
                if (_sqlite is not null)
                {
                    errors = _sqlite.Write([.. batch.Select(p => p.Sqlite!)]);
                }
                else
                {
                    // One command: it writes every session or, throwing, none of them.
                    await using var context = createContext();
                    await RowWriter.WriteTogetherAsync(context, [.. batch.Select(p => p.Changes)], CancellationToken.None);
                    errors = new Exception?[batch.Count];
                }

                Count(errors.Count(e => e is null));
                for (var i = 0; i < batch.Count; i++)
                {
                    Finish(batch[i], writer, errors[i]);
                }

                return;
            }
            catch (Exception)
            {
                // The batch failed as a whole (nothing of it is written): each session on its own tells why.
            }
        }

        foreach (var pending in batch)
        {
            try
            {
                Exception? error = null;
                if (_sqlite is not null)
                {
                    error = _sqlite.Write([pending.Sqlite!])[0];
                }
                else
                {
                    await using var context = createContext();
                    await RowWriter.WriteAsync(context, null, pending.Changes, CancellationToken.None);
                }

                if (error is null)
                {
                    Count(1);
                }

                Finish(pending, writer, error);
            }
            catch (Exception exception)
            {
                Finish(pending, writer, exception);
            }
        }
    }

    private void Count(int sessions)
    {
        lock (_gate)
        {
            _transactions++;
            _sessions += sessions;
        }
    }

    private static void Finish(Pending pending, Pending writer, Exception? error)
    {
        if (error is null)
        {
            RowChange.Acknowledge(pending.Changes);
        }

        pending.Error = error;
        if (pending == writer)
        {
            return;
        }

        if (error is null)
        {
            pending.Turn.TrySetResult(null);
        }
        else
        {
            pending.Turn.TrySetException(error);
        }
    }

    private sealed class Pending(IReadOnlyList<RowChange> changes, SqliteWriter.SessionWrite? sqlite)
    {
        public IReadOnlyList<RowChange> Changes { get; } = changes;

        /// <summary>The session's SQLite statements (SQLite only).</summary>
        public SqliteWriter.SessionWrite? Sqlite { get; } = sqlite;

        /// <summary>True: this session writes the next batch; false: its rows are committed; an exception: they are not.</summary>
        public TaskCompletionSource<List<Pending>?> Turn { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Exception? Error { get; set; }
    }
}
