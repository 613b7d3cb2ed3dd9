using Kogge.Bpmn.Storage.EntityFramework;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Kogge.Bpmn.Storage;

/// <summary>
/// Job locking on PostgreSQL in one statement and one round trip: the due jobs are chosen with
/// <c>FOR UPDATE SKIP LOCKED</c> (rows another node is locking are passed over, not waited for), and lock owner,
/// expiry and revision are written by the same <c>UPDATE</c>, which commits on its own.
/// </summary>
internal static class PostgresJobLocks
{
    private static string? _sql;

    public static async Task<IReadOnlyList<JobRecord>> LockAsync(BpmnStoreDbContext context, DateTimeOffset now, bool timers, IReadOnlyCollection<string> jobTypes, int max, string lockOwner, DateTimeOffset lockExpiresAt, CancellationToken cancellationToken)
    {
        var shape = TableShape.For(context, typeof(JobRecord));
        _sql ??= $"""
            UPDATE "{shape.Table}" AS j SET "LockOwner" = $1, "LockExpiresAt" = $2, "Revision" = j."Revision" + 1
            FROM (
                SELECT "Id" FROM "{shape.Table}"
                WHERE "DueDate" <= $3 AND "Retries" > 0 AND ("LockExpiresAt" IS NULL OR "LockExpiresAt" <= $3)
                  AND (("Kind" = '{JobKind.Timer}' AND $4) OR ("Kind" = '{JobKind.Task}' AND "JobType" = ANY($5)))
                ORDER BY "DueDate", "CreatedAt"
                LIMIT $6
                FOR UPDATE SKIP LOCKED) AS due
            WHERE j."Id" = due."Id"
            RETURNING {string.Join(", ", shape.Columns.Select(c => "j." + c.Name))}
            """;
        await context.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand(_sql, (NpgsqlConnection)context.Database.GetDbConnection());
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = lockOwner });
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = lockExpiresAt.ToUniversalTime() });
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now.ToUniversalTime() });
            command.Parameters.Add(new NpgsqlParameter<bool> { TypedValue = timers });
            command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. jobTypes] });
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = max });
            var jobs = new List<JobRecord>();
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    jobs.Add(shape.ReadRow<JobRecord>(reader));
                }
            }

            // RETURNING keeps no order.
            return [.. jobs.OrderBy(j => j.DueDate).ThenBy(j => j.CreatedAt).ThenBy(j => j.Id, StringComparer.Ordinal)];
        }
        finally
        {
            await context.Database.CloseConnectionAsync();
        }
    }
}
