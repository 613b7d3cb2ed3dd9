using Kogge.Bpmn.Storage.EntityFramework;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using SQLitePCL;

namespace Kogge.Bpmn.Storage;

/// <summary>
/// The one writer of an SQLite database in this process (<see cref="GroupCommitter"/> calls it for one batch at a
/// time): a connection of its own that keeps the statements it ran prepared, so that a write of the usual shape
/// binds values and steps instead of parsing SQL again, and binds them by position. The statements are the row
/// writer's (<see cref="RowWriter.Build"/>), built on each session's thread (<see cref="SessionWrite"/>). After a minute without writes the connection and its statements are
/// closed; the next write opens them again.
/// </summary>
internal sealed class SqliteWriter
{
    /// <summary>Statements kept prepared; a write of another shape beyond them is prepared for its one use.</summary>
    private const int MaxPrepared = 256;

    private static readonly TimeSpan IdleTime = TimeSpan.FromMinutes(1);

    private readonly string _connectionString;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, sqlite3_stmt> _prepared = new(StringComparer.Ordinal);
    private readonly ITimer _idle;
    private SqliteConnection? _connection;

    public SqliteWriter(string connectionString)
    {
        // Its own connection, outside the pool: the prepared statements belong to it.
        _connectionString = new SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ToString();
        _idle = TimeProvider.System.CreateTimer(_ => Close(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>
    /// Writes <paramref name="sessions"/> in one transaction and returns each session's error (null when written).
    /// Several sessions are each written between a savepoint and its release, so that one that conflicts is rolled
    /// back alone; a single session that fails rolls the transaction back. Throws when the transaction as a whole
    /// fails (it could not begin or commit), and then nothing is written.
    /// </summary>
    public Exception?[] Write(IReadOnlyList<SessionWrite> sessions)
    {
        lock (_gate)
        {
            var db = Open();
            var turn = SqliteWriteTurns.Take(_connection!);
            var errors = new Exception?[sessions.Count];
            var savepoints = sessions.Count > 1;
            try
            {
                Run(db, "BEGIN IMMEDIATE");
                for (var i = 0; i < sessions.Count; i++)
                {
                    if (savepoints)
                    {
                        Run(db, "SAVEPOINT session");
                    }

                    try
                    {
                        WriteSession(db, sessions[i]);
                        if (savepoints)
                        {
                            Run(db, "RELEASE SAVEPOINT session");
                        }
                    }
                    catch (Exception exception) when (exception is not OperationCanceledException)
                    {
                        errors[i] = RowWriter.Conflict(exception) ?? exception;
                        if (!savepoints)
                        {
                            Run(db, "ROLLBACK");
                            return errors;
                        }

                        Run(db, "ROLLBACK TO SAVEPOINT session");
                        Run(db, "RELEASE SAVEPOINT session");
                    }
                }

                Run(db, "COMMIT");
                return errors;
            }
            catch (Exception)
            {
                if (raw.sqlite3_get_autocommit(db) == 0)
                {
                    raw.sqlite3_exec(db, "ROLLBACK");
                }

                throw;
            }
            finally
            {
                turn?.End();
                _idle.Change(IdleTime, Timeout.InfiniteTimeSpan);
            }
        }
    }

    private void WriteSession(sqlite3 db, SessionWrite session)
    {
        var affected = 0;
        foreach (var (sql, values) in session.Statements.All)
        {
            affected += Execute(db, sql, values, session.Generated);
        }

        if (affected != session.Expected)
        {
            throw new ConcurrencyConflictException("A row was changed or removed by someone else since it was read.");
        }
    }

    /// <summary>A session's statements with their values, built before the session queues for the writer.</summary>
    internal sealed class SessionWrite
    {
        public SessionWrite(DbContext model, IReadOnlyList<RowChange> changes) =>
            Expected = RowWriter.Build(model, Statements, Generated, changes, guarded: false);

        public RowWriter.Statements Statements { get; } = new(numbered: false);

        /// <summary>The history events the statements insert, by id: the database numbers them.</summary>
        public Dictionary<string, HistoryEventRecord> Generated { get; } = new(StringComparer.Ordinal);

        /// <summary>The rows the statements must affect.</summary>
        public int Expected { get; }
    }

    private static int Bind(sqlite3_stmt statement, int index, object value) => value switch
    {
        DBNull => raw.sqlite3_bind_null(statement, index),
        string text => raw.sqlite3_bind_text(statement, index, text),
        long number => raw.sqlite3_bind_int64(statement, index, number),
        int number => raw.sqlite3_bind_int64(statement, index, number),
        bool flag => raw.sqlite3_bind_int64(statement, index, flag ? 1 : 0),
        _ => throw new NotSupportedException($"The engine store writes no values of type {value.GetType().Name}."),
    };

    private void Run(sqlite3 db, string sql) => Execute(db, sql, [], []);

    /// <summary>
    /// Runs one statement with its values and returns the rows it changed; the rows it returns (history events with
    /// the sequence the database gave them) number the events of <paramref name="generated"/>.
    /// </summary>
    private int Execute(sqlite3 db, string sql, List<object> values, Dictionary<string, HistoryEventRecord> generated)
    {
        var statement = Prepare(db, sql, out var kept);
        try
        {
            for (var i = 0; i < values.Count; i++)
            {
                Check(db, Bind(statement, i + 1, values[i]));
            }

            int result;
            while ((result = raw.sqlite3_step(statement)) == raw.SQLITE_ROW)
            {
                // RETURNING "Id", "Sequence" of history events: the database numbers them.
                generated[raw.sqlite3_column_text(statement, 0).utf8_to_string()].Sequence = raw.sqlite3_column_int64(statement, 1);
            }

            Check(db, result);
            return raw.sqlite3_changes(db);
        }
        finally
        {
            if (kept)
            {
                raw.sqlite3_reset(statement);
            }
            else
            {
                statement.Dispose();
            }
        }
    }

    private sqlite3_stmt Prepare(sqlite3 db, string sql, out bool kept)
    {
        if (_prepared.TryGetValue(sql, out var statement))
        {
            kept = true;
            return statement;
        }

        Check(db, raw.sqlite3_prepare_v2(db, sql, out statement));
        kept = _prepared.Count < MaxPrepared;
        if (kept)
        {
            _prepared[sql] = statement;
        }

        return statement;
    }

    private static void Check(sqlite3 db, int result)
    {
        if (result is not (raw.SQLITE_OK or raw.SQLITE_DONE or raw.SQLITE_ROW))
        {
            SqliteException.ThrowExceptionForRC(result, db);
        }
    }

    private sqlite3 Open()
    {
        if (_connection is null)
        {
            var connection = new SqliteConnection(_connectionString);
            connection.Open();
            using (var command = connection.CreateCommand())
            {
                command.CommandText = EfEngineStore.SqliteSettings;
                command.ExecuteNonQuery();
            }

            _connection = connection;
        }

        return _connection.Handle!;
    }

    private void Close()
    {
        lock (_gate)
        {
            foreach (var statement in _prepared.Values)
            {
                statement.Dispose();
            }

            _prepared.Clear();
            _connection?.Dispose();
            _connection = null;
        }
    }
}
