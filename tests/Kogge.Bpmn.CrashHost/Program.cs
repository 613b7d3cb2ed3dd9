using System.Text;
using Kogge.Bpmn.Engine;
using Kogge.Bpmn.Expressions.Feel;
using Kogge.Bpmn.Storage;

// Runs the payment process on the EF Core store until it is killed, or drains it.
//   Kogge.Bpmn.CrashHost run   <sqlite|postgres> <connection string> <side-effect log>
//   Kogge.Bpmn.CrashHost drain <sqlite|postgres> <connection string> <side-effect log>
// "run" starts instances and prints "ACK <instance id>" once the engine returned (the start is committed), runs
// the job executor and completes some of the clerk's tasks, until it is killed. "drain" runs every job and completes
// every task until no instance is active any more, then prints "DRAINED".
// The charge handler appends "<job id> <instance id>" to the side-effect log and flushes it to disk before it returns.
if (args.Length != 4 || args[0] is not ("run" or "drain") || args[1] is not ("sqlite" or "postgres"))
{
    await Console.Error.WriteLineAsync("usage: Kogge.Bpmn.CrashHost run|drain sqlite|postgres <connection string> <side-effect log>");
    return 2;
}

var store = args[1] == "sqlite" ? EfEngineStore.ForSqlite(args[2]) : EfEngineStore.ForPostgres(args[2]);
await store.MigrateAsync(CancellationToken.None);
var options = new ProcessEngineOptions
{
    Store = store,
    Expressions = new FeelExpressionLanguage(),
    NodeId = $"crash-host-{Environment.ProcessId}",
    JobLockDuration = TimeSpan.FromSeconds(1),
    MaxConflictRetries = 50,
};
using var sideEffects = new SideEffectLog(args[3]);
options.JobHandlers["charge"] = sideEffects;
var engine = new ProcessEngine(options);
await engine.Repository.DeployAsync("Payment.bpmn", File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Payment.bpmn")));
var stdout = Console.Out;

if (args[0] == "drain")
{
    var deadline = DateTime.UtcNow.AddMinutes(2);
    while (DateTime.UtcNow < deadline)
    {
        await engine.Jobs.RunDueJobsAsync();
        foreach (var task in await engine.Tasks.QueryAsync(new TaskQuery { CandidateGroup = "cashier" }))
        {
            await engine.Tasks.CompleteAsync(task.Id, null, "cashier-1");
        }

        await using var context = store.CreateDbContext();
        if (!context.Set<ProcessInstanceRecord>().Any(i => i.State == ProcessInstanceState.Active))
        {
            await stdout.WriteLineAsync("DRAINED");
            return 0;
        }

        await Task.Delay(20);
    }

    await Console.Error.WriteLineAsync("instances still active after two minutes of draining");
    return 1;
}

// The job executor as the host runs it: new jobs are handed over by the commands that create them, so a kill also
// finds jobs that are locked to this node and waiting in its memory.
var jobs = Task.Run(async () =>
{
    while (true)
    {
        await engine.Jobs.RunDueJobsAsync();
        await engine.Jobs.WaitForJobsAsync(TimeSpan.FromMilliseconds(20));
    }
});
var clerk = Task.Run(async () =>
{
    while (true)
    {
        foreach (var task in await engine.Tasks.QueryAsync(new TaskQuery { CandidateGroup = "cashier", MaxResults = 5 }))
        {
            await engine.Tasks.CompleteAsync(task.Id, null, "cashier-1");
        }

        await Task.Delay(50);
    }
});
for (var i = 0; ; i++)
{
    var started = await engine.Runtime.StartProcessInstanceAsync("payment", new Dictionary<string, object?> { ["fee"] = 25 + (i % 7) });
    await stdout.WriteLineAsync($"ACK {started.Id}");
    await stdout.FlushAsync();

    // Steady load rather than a flood, so that jobs and the clerk keep up and a kill finds every kind of step.
    await Task.Delay(Random.Shared.Next(0, 20));
    if (jobs.IsFaulted || clerk.IsFaulted)
    {
        await Console.Error.WriteLineAsync((jobs.Exception ?? clerk.Exception)!.ToString());
        return 1;
    }
}

/// <summary>The charge handler: its side effect is a line in a file, on disk before the handler returns.</summary>
internal sealed class SideEffectLog(string path) : IJobHandler, IDisposable
{
    private readonly FileStream _file = new(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite, 1, FileOptions.WriteThrough);
    private readonly Lock _gate = new();

    public Task<JobOutcome> HandleAsync(JobContext job, CancellationToken cancellationToken)
    {
        var line = Encoding.UTF8.GetBytes($"{job.JobId} {job.ProcessInstanceId}\n");
        lock (_gate)
        {
            _file.Write(line);
            _file.Flush(flushToDisk: true);
        }

        return Task.FromResult(JobOutcome.Complete());
    }

    public void Dispose() => _file.Dispose();
}
