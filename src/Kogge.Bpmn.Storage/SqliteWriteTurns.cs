using System.Collections.Concurrent;
using System.Data;
using System.Data.Common;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;
using SQLitePCL;

namespace Kogge.Bpmn.Storage;

/// <summary>
/// Turns for the writers of one SQLite file within this process: the engine's writer and the host's transactions.
/// SQLite lets one writer in at a time; the others poll with growing sleeps (1, 2, 5, 10, 15 ms …), so a writer that
/// finds the file locked by a commit of half a millisecond often sleeps for several. Writers of this process instead
/// queue here, and each is let in the moment the one before it ends. A turn is only an order, not the lock: SQLite's
/// lock still guards the file against other processes and writes outside a transaction, and a writer that has not
/// got its turn within <see cref="Patience"/> (the busy timeout) goes on without one, as it would without turns.
/// </summary>
public static class SqliteWriteTurns
{
    /// <summary>How long a writer waits for its turn: as long as SQLite's busy timeout.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    /// <summary>
    /// While it waits, how often a writer looks whether the turn before it was left behind: EF Core tells nobody when
    /// a transaction is disposed unfinished (SQLite rolls it back), so such a turn ends when the next writer sees its
    /// connection outside a transaction.
    /// </summary>
    private static readonly TimeSpan Look = TimeSpan.FromMilliseconds(20);

    private static readonly ConcurrentDictionary<string, File> Files = new(StringComparer.Ordinal);

    /// <summary>
    /// Waits for the turn of <paramref name="connection"/>'s file; null for a database without a file, or when the
    /// wait ran out. <paramref name="owner"/>: the connection whose transaction the turn is for, when it may end
    /// without saying so.
    /// </summary>
    internal static Turn? Take(SqliteConnection connection, SqliteConnection? owner = null)
    {
        if (For(connection) is not { } file)
        {
            return null;
        }

        var started = Stopwatch.GetTimestamp();
        while (!file.Gate.Wait(Look))
        {
            if (Stopwatch.GetElapsedTime(started) >= Patience)
            {
                return null;
            }

            file.EndLeftBehind();
        }

        return file.Give(owner);
    }

    /// <inheritdoc cref="Take"/>
    internal static async Task<Turn?> TakeAsync(SqliteConnection connection, SqliteConnection? owner, CancellationToken cancellationToken)
    {
        if (For(connection) is not { } file)
        {
            return null;
        }

        var started = Stopwatch.GetTimestamp();
        while (!await file.Gate.WaitAsync(Look, cancellationToken))
        {
            if (Stopwatch.GetElapsedTime(started) >= Patience)
            {
                return null;
            }

            file.EndLeftBehind();
        }

        return file.Give(owner);
    }

    /// <summary>Whether no writer of this process holds the turn of <paramref name="connection"/>'s file.</summary>
    internal static bool IsFree(SqliteConnection connection) => For(connection) is not { Gate.CurrentCount: 0 };

    // An open connection names its main database's full path, so relative and absolute connection strings meet.
    private static File? For(SqliteConnection connection) =>
        connection.DataSource is { Length: > 0 } path ? Files.GetOrAdd(path, _ => new File()) : null;

    internal sealed class File
    {
        private Turn? _holder;

        public SemaphoreSlim Gate { get; } = new(1, 1);

        public Turn Give(SqliteConnection? owner)
        {
            var turn = new Turn(this, owner);
            Volatile.Write(ref _holder, turn);
            return turn;
        }

        public void EndLeftBehind()
        {
            if (Volatile.Read(ref _holder) is { LeftBehind: true } turn)
            {
                turn.End();
            }
        }

        public void Ended(Turn turn)
        {
            Interlocked.CompareExchange(ref _holder, null, turn);
            Gate.Release();
        }
    }

    /// <summary>A turn taken; ends once, by whoever sees first that its transaction is over.</summary>
    internal sealed class Turn(File file, SqliteConnection? owner)
    {
        private File? _file = file;
        private volatile bool _begun;

        /// <summary>Its transaction has begun; from now on a connection outside a transaction means it is over.</summary>
        public void Begun() => _begun = true;

        public bool LeftBehind
        {
            get
            {
                if (!_begun || owner is null)
                {
                    return false;
                }

                try
                {
                    return owner.State != ConnectionState.Open || owner.Handle is not { } handle || raw.sqlite3_get_autocommit(handle) != 0;
                }
                catch (ObjectDisposedException)
                {
                    return true;
                }
            }
        }

        public void End() => Interlocked.Exchange(ref _file, null)?.Ended(this);
    }

    /// <summary>
    /// Gives the host's EF Core transactions on SQLite a turn: taken before <c>BEGIN</c> (which it then runs itself, so
    /// that a <c>BEGIN</c> that fails ends the turn) and ended by commit or rollback; a transaction disposed unfinished
    /// is ended by the next writer that waits (see <see cref="Look"/>).
    /// </summary>
    public sealed class Interceptor : DbTransactionInterceptor
    {
        private static readonly ConditionalWeakTable<DbTransaction, Turn> Held = new();

        public override InterceptionResult<DbTransaction> TransactionStarting(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result) =>
            connection is SqliteConnection sqlite && !result.HasResult ? Begin(sqlite, eventData.IsolationLevel, Take(sqlite, sqlite), result) : result;

        public override async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(DbConnection connection, TransactionStartingEventData eventData,
            InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default) =>
            connection is SqliteConnection sqlite && !result.HasResult
                ? Begin(sqlite, eventData.IsolationLevel, await TakeAsync(sqlite, sqlite, cancellationToken), result)
                : result;

        public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => End(transaction);

        public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            End(transaction);
            return Task.CompletedTask;
        }

        public override void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => End(transaction);

        public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            End(transaction);
            return Task.CompletedTask;
        }

        private static InterceptionResult<DbTransaction> Begin(SqliteConnection connection, IsolationLevel isolationLevel, Turn? turn, InterceptionResult<DbTransaction> result)
        {
            if (turn is null)
            {
                return result;
            }

            try
            {
                // What EF Core would run: IMMEDIATE unless read uncommitted is asked for.
                var transaction = connection.BeginTransaction(isolationLevel);
                turn.Begun();
                Held.AddOrUpdate(transaction, turn);
                return InterceptionResult<DbTransaction>.SuppressWithResult(transaction);
            }
            catch
            {
                turn.End();
                throw;
            }
        }

        private static void End(DbTransaction transaction)
        {
            if (Held.TryGetValue(transaction, out var turn))
            {
                Held.Remove(transaction);
                turn.End();
            }
        }
    }
}
