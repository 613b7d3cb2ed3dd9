using System.Diagnostics;
using Kogge.Bpmn.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kogge.Bpmn.Storage.Tests;

/// <summary>
/// The engine is killed with SIGKILL at random points under load and restarted, 20 times (KOGGE_CRASH_KILLS sets
/// another count; bench/bpmn.sh runs a longer version). Afterwards every acknowledged instance must be complete or
/// rest in a consistent wait state, and a side effect may repeat only where a kill explains it.
/// </summary>
public abstract class CrashTests(TestStoreDatabase database)
{
    private static readonly int Kills = Environment.GetEnvironmentVariable("KOGGE_CRASH_KILLS") is { Length: > 0 } k ? int.Parse(k, System.Globalization.CultureInfo.InvariantCulture) : 20;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task KilledUnderLoad_RestartedAndDrained_NothingAcknowledgedIsLostAndSideEffectsRepeatOnlyAfterKills()
    {
        Assert.SkipUnless(database.Available, "KOGGE_TEST_POSTGRES is not set.");
        var store = await database.EmptyStoreAsync();
        var log = Path.Combine(Path.GetTempPath(), $"kogge-crash-{Guid.NewGuid():N}.log");
        var acknowledged = new HashSet<string>(StringComparer.Ordinal);
        var random = new Random(4711);
        try
        {
            for (var kill = 0; kill < Kills; kill++)
            {
                using var host = Host("run", log);
                var firstAck = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                var lines = ReadLinesAsync(host, line =>
                {
                    if (line.StartsWith("ACK ", StringComparison.Ordinal))
                    {
                        lock (acknowledged)
                        {
                            acknowledged.Add(line[4..]);
                        }

                        firstAck.TrySetResult();
                    }
                });
                var exited = host.WaitForExitAsync(Ct);
                var ready = await Task.WhenAny(firstAck.Task, exited, Task.Delay(TimeSpan.FromSeconds(60), Ct));
                if (ready != firstAck.Task)
                {
                    host.Kill(entireProcessTree: true);
                    Assert.Fail($"The host did not acknowledge an instance: {await host.StandardError.ReadToEndAsync(Ct)}");
                }

                await Task.Delay(random.Next(50, 900), Ct);
                if (host.HasExited)
                {
                    Assert.Fail($"The host stopped by itself: {await host.StandardError.ReadToEndAsync(Ct)}");
                }

                host.Kill(entireProcessTree: true);
                await host.WaitForExitAsync(Ct);
                await lines;
            }

            // Before draining: every active instance waits where its model says, with what it waits on.
            await AssertConsistentAsync(store, acknowledged);

            using (var drain = Host("drain", log))
            {
                var errors = drain.StandardError.ReadToEndAsync(Ct);
                var output = await drain.StandardOutput.ReadToEndAsync(Ct);
                await drain.WaitForExitAsync(Ct);
                Assert.True(drain.ExitCode == 0, $"Draining failed: {output} {await errors}");
            }

            await using var context = store.CreateDbContext();
            var instances = await context.Set<ProcessInstanceRecord>().AsNoTracking().ToDictionaryAsync(i => i.Id, Ct);
            Assert.All(acknowledged, id => Assert.Equal(ProcessInstanceState.Completed, Assert.Contains(id, instances).State));
            Assert.Empty(await context.Set<ElementInstanceRecord>().AsNoTracking().ToListAsync(Ct));
            Assert.Empty(await context.Set<JobRecord>().AsNoTracking().Where(j => j.ProcessInstanceId != null).ToListAsync(Ct));
            Assert.Empty(await context.Set<UserTaskRecord>().AsNoTracking().ToListAsync(Ct));
            Assert.Empty(await context.Set<IncidentRecord>().AsNoTracking().ToListAsync(Ct));

            // Side effects: every completed instance charged, each job's effect repeated only after a kill that cut
            // between the handler and the commit of its completion (one job runs at a time, so one per kill at most).
            var runs = (await File.ReadAllLinesAsync(log, Ct)).Select(l => l.Split(' ')).ToList();
            Assert.All(runs, r => Assert.Equal(2, r.Length));
            var charged = runs.Select(r => r[1]).ToHashSet(StringComparer.Ordinal);
            Assert.All(instances.Keys, id => Assert.Contains(id, charged));
            var perJob = runs.GroupBy(r => r[0], StringComparer.Ordinal).ToList();
            Assert.All(perJob, g => Assert.Single(g.Select(r => r[1]).Distinct(StringComparer.Ordinal)));
            var repeats = perJob.Sum(g => g.Count() - 1);
            TestContext.Current.TestOutputHelper?.WriteLine(
                $"{Kills} kills: {acknowledged.Count} instances acknowledged, {instances.Count} in the store, {runs.Count} side effects of {perJob.Count} jobs, {repeats} repeated.");
            Assert.True(repeats <= Kills, $"{repeats} repeated side effects for {Kills} kills.");
            Assert.Equal(instances.Count, perJob.Count);
            Assert.True(acknowledged.Count >= Kills, $"Only {acknowledged.Count} instances were acknowledged.");
        }
        finally
        {
            File.Delete(log);
        }
    }

    /// <summary>No orphan token, no lost job: each active element instance has the task, job or timer it waits for.</summary>
    private static async Task AssertConsistentAsync(EfEngineStore store, HashSet<string> acknowledged)
    {
        await using var context = store.CreateDbContext();
        var instances = await context.Set<ProcessInstanceRecord>().AsNoTracking().ToDictionaryAsync(i => i.Id, Ct);
        Assert.All(acknowledged, id => Assert.Contains(id, instances));
        var elements = await context.Set<ElementInstanceRecord>().AsNoTracking().ToListAsync(Ct);
        var jobs = (await context.Set<JobRecord>().AsNoTracking().ToListAsync(Ct)).ToLookup(j => j.ElementInstanceId ?? string.Empty, StringComparer.Ordinal);
        var tasks = (await context.Set<UserTaskRecord>().AsNoTracking().ToListAsync(Ct)).ToLookup(t => t.ElementInstanceId, StringComparer.Ordinal);
        Assert.Empty(await context.Set<IncidentRecord>().AsNoTracking().ToListAsync(Ct));
        foreach (var instance in instances.Values)
        {
            var mine = elements.Where(e => e.ProcessInstanceId == instance.Id).ToList();
            if (instance.State == ProcessInstanceState.Completed)
            {
                Assert.Empty(mine);
                continue;
            }

            Assert.Equal(ProcessInstanceState.Active, instance.State);
            var token = Assert.Single(mine, e => e.ParentId is not null);
            Assert.Single(mine, e => e.ParentId is null && e.Id == instance.Id);
            switch (token.ElementId)
            {
                case "charge":
                    Assert.Equal(JobKind.Task, Assert.Single(jobs[token.Id]).Kind);
                    break;
                case "settle":
                    Assert.Equal(JobKind.Timer, Assert.Single(jobs[token.Id]).Kind);
                    break;
                case "confirm":
                    Assert.Single(tasks[token.Id]);
                    break;
                default:
                    Assert.Fail($"Instance {instance.Id} rests at {token.ElementId}, which is no wait state.");
                    break;
            }
        }
    }

    private Process Host(string mode, string log)
    {
        // The host is built next to this test project in the same configuration (see the project reference).
        var configurationFolder = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, ".."));
        var dll = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "Kogge.Bpmn.CrashHost", "bin", Path.GetFileName(configurationFolder), "net10.0", "Kogge.Bpmn.CrashHost.dll");
        Assert.True(File.Exists(dll), $"{dll} is missing; build tests/Kogge.Bpmn.CrashHost.");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { Path.GetFullPath(dll), mode, database.Provider == EngineStoreProvider.Sqlite ? "sqlite" : "postgres", database.ConnectionStringForHosts, log })
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
    }

    private static async Task ReadLinesAsync(Process host, Action<string> onLine)
    {
        while (await host.StandardOutput.ReadLineAsync(Ct) is { } line)
        {
            onLine(line);
        }
    }
}

public sealed class SqliteCrashTests(SqliteTestDatabase database) : CrashTests(database), IClassFixture<SqliteTestDatabase>;

public sealed class PostgresCrashTests(PostgresTestDatabase database) : CrashTests(database), IClassFixture<PostgresTestDatabase>;
