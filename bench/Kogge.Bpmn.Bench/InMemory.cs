using System.Diagnostics;
using Kogge.Bpmn.Engine;
using Kogge.Bpmn.Storage;

namespace Kogge.Bpmn.Bench;

/// <summary>
/// The engine on <see cref="InMemoryEngineStore"/> on one thread: batches of instances are started, their user task
/// is found by instance and completed, and the due notify jobs run, until every instance has ended.
/// </summary>
internal static class InMemory
{
    public const int Batch = 100;

    public sealed record Result(long Instances, double Seconds, double CpuSeconds, long AllocatedBytes, long Gen0, long Gen2, double GcPauseSeconds)
    {
        public double PerSecond => Instances / Seconds;

        public double CpuMicrosPerInstance => CpuSeconds * 1e6 / Instances;

        public double BytesPerInstance => (double)AllocatedBytes / Instances;
    }

    public static async Task<Result> RunAsync(long instances, long warmup)
    {
        var handler = new NotifyHandler();
        var engine = ApplicationProcess.Engine(new InMemoryEngineStore(), handler);
        await engine.Repository.DeployAsync("application.bpmn", ApplicationProcess.Xml);
        await RunInstancesAsync(engine, warmup, 0);

        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var bytesBefore = GC.GetAllocatedBytesForCurrentThread();
        var gen0 = GC.CollectionCount(0);
        var gen2 = GC.CollectionCount(2);
        var paused = GC.GetTotalPauseDuration();
        var clock = Stopwatch.StartNew();
        var ids = await RunInstancesAsync(engine, instances, warmup);
        clock.Stop();
        process.Refresh();
        var result = new Result(
            instances,
            clock.Elapsed.TotalSeconds,
            (process.TotalProcessorTime - cpuBefore).TotalSeconds,
            GC.GetAllocatedBytesForCurrentThread() - bytesBefore,
            GC.CollectionCount(0) - gen0,
            GC.CollectionCount(2) - gen2,
            (GC.GetTotalPauseDuration() - paused).TotalSeconds);

        // Checked outside the clock: every instance ended, and every one ran exactly one service task.
        if (handler.Runs != warmup + instances)
        {
            throw new InvalidOperationException($"The notify handler ran {handler.Runs} times for {warmup + instances} instances.");
        }

        foreach (var id in ids.Where((_, i) => i % 97 == 0))
        {
            var info = await engine.Runtime.GetProcessInstanceAsync(id) ?? throw new InvalidOperationException($"Instance {id} is gone.");
            if (info.State != ProcessInstanceState.Completed)
            {
                throw new InvalidOperationException($"Instance {id} is {info.State}, not completed.");
            }
        }

        return result;
    }

    private static async Task<List<string>> RunInstancesAsync(ProcessEngine engine, long count, long offset)
    {
        var ids = new List<string>((int)count);
        var batch = new List<string>(Batch);
        for (long i = 0; i < count; i += Batch)
        {
            batch.Clear();
            for (var j = i; j < Math.Min(count, i + Batch); j++)
            {
                var started = await engine.Runtime.StartProcessInstanceAsync(ApplicationProcess.ProcessId, ApplicationProcess.Variables(offset + j));
                batch.Add(started.Id);
            }

            foreach (var id in batch)
            {
                var tasks = await engine.Tasks.QueryAsync(new TaskQuery { ProcessInstanceId = id });
                await engine.Tasks.CompleteAsync(tasks[0].Id, ApplicationProcess.Approval, "clerk");
            }

            await engine.Jobs.RunDueJobsAsync();
            ids.AddRange(batch);
        }

        return ids;
    }
}
