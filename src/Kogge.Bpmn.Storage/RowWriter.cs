using System.Data.Common;
using System.Text;
using Kogge.Bpmn.Storage.EntityFramework;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Kogge.Bpmn.Storage;

/// <summary>
/// Writes sessions' changes in one transaction: a multi-row <c>INSERT</c> per table, an
/// <c>UPDATE ... WHERE "Id" = @id AND "Revision" = @read</c> per changed row and a <c>DELETE</c> with the same check
/// per removed row. The rows the command affected must be exactly as many as it names; fewer means a row was
/// changed or removed by someone else since it was read, and the transaction is rolled back as a conflict.
/// </summary>
internal static class RowWriter
{
    /// <summary>Rows per INSERT statement, well below the parameter limits of SQLite and PostgreSQL.</summary>
    private const int RowsPerInsert = 200;

    /// <summary>
    /// Writes <paramref name="changes"/> on PostgreSQL in <paramref name="transaction"/> (a session's; the session
    /// commits it), or without one as one command in PostgreSQL's implicit transaction: one round trip, and each
    /// revision check fails its statement, so that a conflict rolls all of it back.
    /// </summary>
    /// <exception cref="ConcurrencyConflictException">A row was changed meanwhile, an id exists already, or the write lost a race.</exception>
    public static async Task WriteAsync(BpmnStoreDbContext context, IDbContextTransaction? transaction, IEnumerable<RowChange> changes, CancellationToken cancellationToken)
    {
        await context.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await ExecuteAsync(context, context.Database.GetDbConnection(), transaction?.GetDbTransaction(), changes, guarded: transaction is null, cancellationToken);
        }
        catch (Exception exception) when (Conflict(exception) is { } conflict)
        {
            throw conflict;
        }
        finally
        {
            await context.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// Writes several sessions' changes with one command in one implicit transaction (PostgreSQL, one round trip),
    /// each session's statements as it would send them alone. Any conflict aborts the whole command: it throws, and
    /// nothing of any session is written.
    /// </summary>
    public static async Task WriteTogetherAsync(BpmnStoreDbContext context, IReadOnlyList<IReadOnlyList<RowChange>> sessions, CancellationToken cancellationToken)
    {
        await context.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await ExecuteAllAsync(context, context.Database.GetDbConnection(), null, sessions, guarded: true, cancellationToken);
        }
        finally
        {
            await context.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// Runs the changes' command in <paramref name="transaction"/> and checks the rows it affected. Guarded (PostgreSQL
    /// only), each <c>UPDATE</c> and <c>DELETE</c> fails its statement when it matches no row, so that the conflict
    /// aborts the command's implicit transaction.
    /// </summary>
    private static Task ExecuteAsync(DbContext context, DbConnection connection, DbTransaction? transaction, IEnumerable<RowChange> changes, bool guarded, CancellationToken cancellationToken) =>
        ExecuteAllAsync(context, connection, transaction, [changes], guarded, cancellationToken);

    private static async Task ExecuteAllAsync(DbContext context, DbConnection connection, DbTransaction? transaction, IReadOnlyList<IEnumerable<RowChange>> sessions, bool guarded, CancellationToken cancellationToken)
    {
        var statements = new Statements(numbered: true);
        var generated = new Dictionary<string, HistoryEventRecord>(StringComparer.Ordinal);
        var expected = 0;
        foreach (var changes in sessions)
        {
            expected += Build(context, statements, generated, changes, guarded);
        }

        if (statements.Count == 0)
        {
            return;
        }

        // RETURNING "Id", "Sequence" of history events: the database numbers them.
        var affected = await statements.ExecuteAsync(connection, transaction, row => generated[row.GetString(0)].Sequence = row.GetInt64(1), cancellationToken);

        // Guarded, each UPDATE and DELETE checked itself, and an INSERT writes all its rows or fails.
        if (!guarded && affected != expected)
        {
            throw new ConcurrencyConflictException("A row was changed or removed by someone else since it was read.");
        }
    }

    /// <summary>The conflict a failed write means, or null when it is another failure.</summary>
    internal static ConcurrencyConflictException? Conflict(Exception exception) => exception switch
    {
        ConcurrencyConflictException conflict => conflict,
        Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.DivisionByZero } => new ConcurrencyConflictException("A row was changed or removed by someone else since it was read.", exception),
        _ when EfEngineStore.IsDuplicateKey(exception) => new ConcurrencyConflictException("A row with the same id already exists.", exception),
        _ when EfEngineStore.IsTransientConflict(exception) => new ConcurrencyConflictException("The commit lost a race with another writer.", exception),
        _ => null,
    };

    /// <summary>
    /// Appends the changes' statements with their parameters to <paramref name="sql"/>, and the history events the
    /// database numbers to <paramref name="generated"/>; returns how many rows the statements must affect (checks
    /// of the newest definition write no row and do not count).
    /// </summary>
    internal static int Build(DbContext context, Statements sql, Dictionary<string, HistoryEventRecord> generated, IEnumerable<RowChange> changes, bool guarded)
    {
        // Guarded: WITH c AS (UPDATE ... RETURNING 1) SELECT 1 / count(*) FROM c — division by zero when no row matched.
        var open = guarded ? "WITH c AS (" : string.Empty;
        var close = guarded ? " RETURNING 1) SELECT 1 / count(*) FROM c" : string.Empty;
        var expected = 0;
        var inserts = new Dictionary<Type, List<StoreRecord>>();
        foreach (var change in changes)
        {
            if (change.State == EntityState.Unchanged && change.Row is ProcessDefinitionRecord newest)
            {
                // A check, no row: division by zero (a conflict) when a newer version of the process exists.
                sql.Append("SELECT 1 / (CASE WHEN EXISTS (SELECT 1 FROM \"").Append(TableShape.For(context, typeof(ProcessDefinitionRecord)).Table)
                    .Append("\" WHERE \"ProcessId\" = ").Append(sql.Parameter(newest.ProcessId))
                    .Append(" AND \"TenantId\" IS NOT DISTINCT FROM ").Append(sql.Parameter((object?)newest.TenantId ?? DBNull.Value))
                    .Append(" AND \"Version\" > ").Append(sql.Parameter(newest.Version)).Append(") THEN 0 ELSE 1 END)").End();
                continue;
            }

            expected++;
            switch (change.State)
            {
                case EntityState.Added:
                    if (!inserts.TryGetValue(change.Row.GetType(), out var rows))
                    {
                        rows = [];
                        inserts[change.Row.GetType()] = rows;
                    }

                    rows.Add(change.Row);
                    break;
                case EntityState.Modified:
                {
                    var shape = TableShape.For(context, change.Row.GetType());
                    sql.Append(open).Append("UPDATE \"").Append(shape.Table).Append("\" SET ");
                    var first = true;
                    foreach (var column in shape.Columns)
                    {
                        if (column.Generated || column.Name == "\"Id\"")
                        {
                            continue;
                        }

                        sql.Append(first ? string.Empty : ", ").Append(column.Name).Append(" = ").Append(sql.Parameter(column.Value(change.Row)));
                        first = false;
                    }

                    sql.Append(" WHERE \"Id\" = ").Append(sql.Parameter(change.Row.Id))
                        .Append(" AND \"Revision\" = ").Append(sql.Parameter(change.ReadRevision)).Append(close).End();
                    break;
                }

                case EntityState.Deleted:
                {
                    var shape = TableShape.For(context, change.Row.GetType());
                    sql.Append(open).Append("DELETE FROM \"").Append(shape.Table).Append("\" WHERE \"Id\" = ").Append(sql.Parameter(change.Row.Id))
                        .Append(" AND \"Revision\" = ").Append(sql.Parameter(change.ReadRevision)).Append(close).End();
                    break;
                }
            }
        }

        foreach (var (type, rows) in inserts)
        {
            var shape = TableShape.For(context, type);
            var columns = shape.Columns.Where(c => !c.Generated).ToArray();
            var header = $"INSERT INTO \"{shape.Table}\" ({string.Join(", ", columns.Select(c => c.Name))}) VALUES ";
            for (var start = 0; start < rows.Count; start += RowsPerInsert)
            {
                sql.Append(header);
                for (var i = start; i < Math.Min(rows.Count, start + RowsPerInsert); i++)
                {
                    sql.Append(i == start ? "(" : ", (");
                    for (var c = 0; c < columns.Length; c++)
                    {
                        sql.Append(c == 0 ? string.Empty : ", ").Append(sql.Parameter(columns[c].Value(rows[i])));
                    }

                    sql.Append(')');
                    if (rows[i] is HistoryEventRecord history)
                    {
                        generated[history.Id] = history;
                    }
                }

                sql.Append(type == typeof(HistoryEventRecord) ? " RETURNING \"Id\", \"Sequence\"" : string.Empty).End();
            }
        }

        return expected;
    }

    /// <summary>
    /// The statements of a write and their parameters, by position: numbered ($1, $2, ...) for PostgreSQL, which gets
    /// them as one batch that Npgsql sends without parsing the SQL; <c>?</c> for SQLite (<see cref="SqliteWriter"/>).
    /// </summary>
    internal sealed class Statements(bool numbered)
    {
        private readonly List<(string Sql, List<object> Values)> _done = [];
        private readonly StringBuilder _sql = new();
        private List<object> _values = [];

        public int Count => _done.Count;

        /// <summary>The ended statements with their parameter values, in order.</summary>
        public IReadOnlyList<(string Sql, List<object> Values)> All => _done;

        public Statements Append(string text)
        {
            _sql.Append(text);
            return this;
        }

        public Statements Append(char text)
        {
            _sql.Append(text);
            return this;
        }

        /// <summary>Adds a parameter with <paramref name="value"/> to the current statement and returns its placeholder.</summary>
        public string Parameter(object value)
        {
            _values.Add(value);
            return numbered ? $"${_values.Count}" : "?";
        }

        /// <summary>Ends the current statement.</summary>
        public void End()
        {
            _done.Add((_sql.ToString(), _values));
            _sql.Clear();
            _values = [];
        }

        /// <summary>
        /// Runs the statements in order; <paramref name="returned"/> gets each row of two columns they return (the
        /// numbered history events). Returns the rows they affected.
        /// </summary>
        public async Task<int> ExecuteAsync(DbConnection connection, DbTransaction? transaction, Action<DbDataReader> returned, CancellationToken cancellationToken)
        {
            // PostgreSQL: one batch, one round trip. (SQLite's statements run in SqliteWriter.)
            await using var batch = new NpgsqlBatch((NpgsqlConnection)connection, (NpgsqlTransaction?)transaction);
            foreach (var (sql, values) in _done)
            {
                var command = new NpgsqlBatchCommand(sql);
                foreach (var value in values)
                {
                    command.Parameters.Add(new NpgsqlParameter { Value = value });
                }

                batch.BatchCommands.Add(command);
            }

            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            return await ReadAsync(reader, returned, cancellationToken);
        }

        private static async Task<int> ReadAsync(DbDataReader reader, Action<DbDataReader> returned, CancellationToken cancellationToken)
        {
            do
            {
                while (reader.FieldCount == 2 && await reader.ReadAsync(cancellationToken))
                {
                    returned(reader);
                }
            }
            while (await reader.NextResultAsync(cancellationToken));
            return reader.RecordsAffected;
        }
    }
}
