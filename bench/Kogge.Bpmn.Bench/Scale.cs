using System.Data.Common;
using System.Diagnostics;
using Kogge.Bpmn.Engine;
using Kogge.Bpmn.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kogge.Bpmn.Bench;

/// <summary>
/// Latency with many instances waiting in the store. The waiting instances are seeded in bulk: one instance is started
/// through the engine and rests at the user task "check"; its rows (instance, element instances, variable, task, history)
/// are copied by one INSERT ... SELECT per table with new ids, so that every copy has exactly the shape the engine writes.
/// The copies share the template's timestamps. Then operations are timed one after the other: start, the inbox
/// query of group "registry" (oldest 50), and completing a task (which also runs its notify job).
/// </summary>
internal static class Scale
{
    private static readonly string[] Tables = ["BpmnProcessInstances", "BpmnElementInstances", "BpmnVariables", "BpmnUserTasks", "BpmnHistoryEvents"];

    // Columns that hold ids of the template instance's rows; every copy gets its own.
    private static readonly HashSet<string> IdColumns = new(StringComparer.Ordinal) { "Id", "ProcessInstanceId", "ParentId", "ScopeId", "ElementInstanceId" };

    public sealed record Level(long Waiting, double SeedSeconds, Durable.Figures Start, Durable.Figures Inbox, Durable.Figures Complete);

    public static async Task<Level> MeasureAsync(EngineStoreProvider provider, string connectionString, ProcessEngine engine, long waiting, long alreadyWaiting, int operations)
    {
        var seed = Stopwatch.StartNew();
        if (waiting > alreadyWaiting)
        {
            var template = await engine.Runtime.StartProcessInstanceAsync(ApplicationProcess.ProcessId, ApplicationProcess.Variables(0));
            await CopyAsync(provider, connectionString, template.Id, alreadyWaiting + 1, waiting - 1);
        }

        seed.Stop();
        var starts = new List<double>();
        var inbox = new List<double>();
        var completes = new List<double>();
        var started = new List<string>();
        for (var i = 0; i < operations; i++)
        {
            var t0 = Stopwatch.GetTimestamp();
            var instance = await engine.Runtime.StartProcessInstanceAsync(ApplicationProcess.ProcessId, ApplicationProcess.Variables(i));
            starts.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
            started.Add(instance.Id);

            t0 = Stopwatch.GetTimestamp();
            var page = await engine.Tasks.QueryAsync(new TaskQuery { CandidateGroup = "registry", MaxResults = 50 });
            inbox.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
            if (page.Count != 50)
            {
                throw new InvalidOperationException($"The inbox query found {page.Count} tasks, not 50.");
            }
        }

        foreach (var id in started)
        {
            var task = (await engine.Tasks.QueryAsync(new TaskQuery { ProcessInstanceId = id }))[0];
            var t0 = Stopwatch.GetTimestamp();
            await engine.Tasks.CompleteAsync(task.Id, ApplicationProcess.Approval, "clerk");
            completes.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
        }

        await engine.Jobs.RunDueJobsAsync();
        return new Level(waiting, seed.Elapsed.TotalSeconds, Figures(starts), Figures(inbox), Figures(completes));
    }

    /// <summary>Heap after processing instances end to end on the store, after a full collection.</summary>
    public static async Task<long> HeapAfterAsync(ProcessEngine engine, int instances)
    {
        for (var i = 0; i < instances; i++)
        {
            var instance = await engine.Runtime.StartProcessInstanceAsync(ApplicationProcess.ProcessId, ApplicationProcess.Variables(i));
            var task = (await engine.Tasks.QueryAsync(new TaskQuery { ProcessInstanceId = instance.Id }))[0];
            await engine.Tasks.CompleteAsync(task.Id, ApplicationProcess.Approval, "clerk");
            if (i % 32 == 31)
            {
                await engine.Jobs.RunDueJobsAsync();
            }
        }

        await engine.Jobs.RunDueJobsAsync();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static Durable.Figures Figures(List<double> milliseconds)
    {
        var sorted = milliseconds.Order().ToArray();
        return new Durable.Figures(sorted.Length, sorted.Sum() / 1000, Durable.Percentile(sorted, 0.5), Durable.Percentile(sorted, 0.99), 0, 0);
    }

    /// <summary>Copies the template instance's rows as instances number <paramref name="first"/> … first + count - 1.</summary>
    private static async Task CopyAsync(EngineStoreProvider provider, string connectionString, string templateId, long first, long count)
    {
        var store = Durable.Store(provider, connectionString);
        await using var context = store.CreateDbContext();
        var connection = context.Database.GetDbConnection();
        await connection.OpenAsync();
        const long chunk = 100_000;
        for (var from = first; from < first + count; from += chunk)
        {
            var to = Math.Min(first + count, from + chunk) - 1;
            await using var transaction = await connection.BeginTransactionAsync();
            foreach (var table in Tables)
            {
                var columns = await ColumnsAsync(connection, provider, table);
                var insert = string.Join(", ", columns.Select(c => $"\"{c}\""));
                var select = string.Join(", ", columns.Select(c => IdColumns.Contains(c) ? NewId(provider, $"t.\"{c}\"") : $"t.\"{c}\""));
                var owner = table == "BpmnProcessInstances" ? "Id" : "ProcessInstanceId";
                var sql = provider == EngineStoreProvider.Postgres
                    ? $"INSERT INTO \"{table}\" ({insert}) SELECT {select} FROM \"{table}\" t, generate_series({from}, {to}) AS g(n) WHERE t.\"{owner}\" = @template"
                    : $"WITH RECURSIVE g(n) AS (SELECT {from} UNION ALL SELECT n + 1 FROM g WHERE n < {to}) INSERT INTO \"{table}\" ({insert}) SELECT {select} FROM \"{table}\" t, g WHERE t.\"{owner}\" = @template";
                await using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandTimeout = 0;
                command.CommandText = sql;
                var parameter = command.CreateParameter();
                parameter.ParameterName = "@template";
                parameter.Value = templateId;
                command.Parameters.Add(parameter);
                await command.ExecuteNonQueryAsync();
            }

            await transaction.CommitAsync();
        }

        await using (var analyze = connection.CreateCommand())
        {
            analyze.CommandTimeout = 0;
            analyze.CommandText = "ANALYZE";
            await analyze.ExecuteNonQueryAsync();
        }
    }

    private static string NewId(EngineStoreProvider provider, string column) => provider == EngineStoreProvider.Postgres
        ? $"'s' || lpad(g.n::text, 9, '0') || right({column}, 22)"
        : $"'s' || printf('%09d', g.n) || substr({column}, -22)";

    private static async Task<List<string>> ColumnsAsync(DbConnection connection, EngineStoreProvider provider, string table)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = provider == EngineStoreProvider.Postgres
            ? $"SELECT column_name FROM information_schema.columns WHERE table_name = '{table}' AND column_name <> 'Sequence' ORDER BY ordinal_position"
            : $"SELECT name FROM pragma_table_info('{table}') WHERE name <> 'Sequence'";
        var columns = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            columns.Add(reader.GetString(0));
        }

        return columns;
    }
}
