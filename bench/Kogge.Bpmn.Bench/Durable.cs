using System.Data.Common;
using System.Diagnostics;
using Kogge.Bpmn.Engine;
using Kogge.Bpmn.Storage;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Kogge.Bpmn.Bench;

/// <summary>
/// The engine on a database with N concurrent clients, next to the raw commit ceiling of the same database: each
/// client starts an instance, finds its task and completes it (two engine commands, each one transaction); one job
/// worker per eight clients runs the notify jobs on the same engine, as the host runs its job executor on the engine
/// that serves requests (per job one completion; jobs are locked in batches); between passes it waits for the store's
/// job signal, as the host's job executor does. The ceiling is the same
/// number of clients each committing a one-row INSERT in its own transaction on the same database, same durability.
/// </summary>
internal static class Durable
{
    /// <summary>What a run did; <paramref name="CpuSeconds"/> is this process's CPU time in the timed window (the database server's is not in it).</summary>
    public sealed record Figures(long Commands, double Seconds, double P50Ms, double P99Ms, long Errors, double CpuSeconds, long Jobs = 0)
    {
        public double PerSecond => Commands / Seconds;

        public double CpuMicrosPerCommand => CpuSeconds * 1e6 / Commands;
    }

    private static TimeSpan Cpu() => Process.GetCurrentProcess().TotalProcessorTime;

    public static async Task<Figures> EngineAsync(EfEngineStore store, int clients, TimeSpan duration)
    {
        var handler = new NotifyHandler();
        var engine = ApplicationProcess.Engine(store, handler);
        await engine.Repository.DeployAsync("application.bpmn", ApplicationProcess.Xml);
        var workers = Enumerable.Range(0, Math.Max(1, clients / 8)).Select(_ => engine).ToList();

        using var stop = new CancellationTokenSource();
        var latencies = new List<double>[clients];
        long commands = 0;
        long errors = 0;
        long jobCommands = 0;
        var cpu = Cpu();
        var clock = Stopwatch.StartNew();
        var deadline = clock.Elapsed + duration;
        var clientTasks = Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
        {
            var mine = latencies[c] = new List<double>(4096);
            for (long i = c; clock.Elapsed < deadline; i += clients)
            {
                try
                {
                    var t0 = Stopwatch.GetTimestamp();
                    var started = await engine.Runtime.StartProcessInstanceAsync(ApplicationProcess.ProcessId, ApplicationProcess.Variables(i));
                    mine.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
                    var tasks = await engine.Tasks.QueryAsync(new TaskQuery { ProcessInstanceId = started.Id });
                    t0 = Stopwatch.GetTimestamp();
                    await engine.Tasks.CompleteAsync(tasks[0].Id, ApplicationProcess.Approval, "clerk");
                    mine.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
                    Interlocked.Add(ref commands, 2);
                }
                catch (Exception e) when (e is ConcurrencyConflictException or ProcessEngineException)
                {
                    Interlocked.Increment(ref errors);
                }
            }
        })).ToList();
        var workerTasks = workers.Select(w => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var ran = await w.Jobs.RunDueJobsAsync();
                Interlocked.Add(ref jobCommands, ran);
                try
                {
                    await w.Jobs.WaitForJobsAsync(TimeSpan.FromSeconds(1), stop.Token);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        })).ToList();
        await Task.WhenAll(clientTasks);
        var clientSeconds = clock.Elapsed.TotalSeconds;
        var cpuSeconds = (Cpu() - cpu).TotalSeconds;
        await stop.CancelAsync();
        await Task.WhenAll(workerTasks);

        // Jobs completed while the clients ran count, each as its completion command; the rest is drained unmeasured.
        var jobsInTime = Interlocked.Read(ref jobCommands);
        await engine.Jobs.RunDueJobsAsync();
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return new Figures(commands + jobsInTime, clientSeconds, Percentile(all, 0.50), Percentile(all, 0.99), errors, cpuSeconds, jobsInTime);
    }

    public static async Task<Figures> CeilingAsync(EngineStoreProvider provider, string connectionString, int clients, TimeSpan duration)
    {
        await using (var setup = await OpenAsync(provider, connectionString))
        {
            await ExecuteAsync(setup, "CREATE TABLE IF NOT EXISTS bench_commits (id varchar(32) PRIMARY KEY, payload text NOT NULL)");
            await ExecuteAsync(setup, "DELETE FROM bench_commits");
        }

        var latencies = new List<double>[clients];
        long commits = 0;
        var cpu = Cpu();
        var clock = Stopwatch.StartNew();
        var deadline = clock.Elapsed + duration;
        await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
        {
            var mine = latencies[c] = new List<double>(4096);
            await using var connection = await OpenAsync(provider, connectionString);
            for (long i = 0; clock.Elapsed < deadline; i++)
            {
                var t0 = Stopwatch.GetTimestamp();
                await using var transaction = await connection.BeginTransactionAsync();
                await using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = "INSERT INTO bench_commits (id, payload) VALUES (@id, @payload)";
                Parameter(command, "@id", $"{c:x4}{i:x28}");
                Parameter(command, "@payload", "{\"amount\":1500}");
                await command.ExecuteNonQueryAsync();
                await transaction.CommitAsync();
                mine.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
                Interlocked.Increment(ref commits);
            }
        })));
        var seconds = clock.Elapsed.TotalSeconds;
        var cpuSeconds = (Cpu() - cpu).TotalSeconds;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return new Figures(commits, seconds, Percentile(all, 0.50), Percentile(all, 0.99), 0, cpuSeconds);
    }

    /// <summary>
    /// Runs <paramref name="pass"/> until a pass ends with the runtime compiling fewer than 20 methods (at most 15
    /// passes): tiered compilation recompiles hot methods in the background, on two cores for several seconds, and a
    /// measurement in that window measures the JIT and unoptimised code instead of the steady state.
    /// </summary>
    public static async Task WarmUpAsync(Func<Task<Figures>> pass)
    {
        for (var i = 0; i < 15; i++)
        {
            var compiled = System.Runtime.JitInfo.GetCompiledMethodCount();
            await pass();
            var more = System.Runtime.JitInfo.GetCompiledMethodCount() - compiled;
            Console.Error.WriteLine($"warm-up pass {i + 1}: {more} methods compiled");
            if (more < 20)
            {
                return;
            }
        }
    }

    public static EfEngineStore Store(EngineStoreProvider provider, string connectionString) =>
        provider == EngineStoreProvider.Sqlite ? EfEngineStore.ForSqlite(connectionString) : EfEngineStore.ForPostgres(connectionString);

    /// <summary>A connection with the durability the engine store uses: WAL and synchronous=FULL on SQLite, PostgreSQL's default (fsync, synchronous_commit on).</summary>
    private static async Task<DbConnection> OpenAsync(EngineStoreProvider provider, string connectionString)
    {
        DbConnection connection = provider == EngineStoreProvider.Sqlite ? new SqliteConnection(connectionString) : new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        if (provider == EngineStoreProvider.Sqlite)
        {
            await ExecuteAsync(connection, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=10000;");
        }

        return connection;
    }

    private static async Task ExecuteAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static void Parameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    public static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}
