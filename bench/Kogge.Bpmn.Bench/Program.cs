using System.Globalization;
using Kogge.Bpmn.Bench;

// Kogge BPMN engine benchmark; bench/bpmn.sh runs every part and writes the report.
//   Kogge.Bpmn.Bench memory <instances> <warm-up>      in memory, one thread; prints one JSON line
//   Kogge.Bpmn.Bench durable <sqlite|postgres> <connection> <clients> <seconds>   commit ceiling, then the engine
//   Kogge.Bpmn.Bench scale <sqlite|postgres> <connection> <operations> <waiting>...   latency with many waiting instances
//   Kogge.Bpmn.Bench allocations                       what the in-memory run allocates, by type (sampled)
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

var mode = args.Length > 0 ? args[0] : "memory";
switch (mode)
{
    case "memory":
    {
        var instances = args.Length > 1 ? long.Parse(args[1], CultureInfo.InvariantCulture) : 100_000;
        var warmup = args.Length > 2 ? long.Parse(args[2], CultureInfo.InvariantCulture) : 20_000;
        var r = await InMemory.RunAsync(instances, warmup);
        Console.WriteLine(System.Text.Json.JsonSerializer.Serialize(new
        {
            instances = r.Instances,
            seconds = r.Seconds,
            perSecond = r.PerSecond,
            cpuMicrosPerInstance = r.CpuMicrosPerInstance,
            bytesPerInstance = r.BytesPerInstance,
            gen0 = r.Gen0,
            gen2 = r.Gen2,
            gcPauseSeconds = r.GcPauseSeconds,
        }));
        break;
    }

    case "allocations":
    {
        using var sampler = new AllocationSampler();
        await InMemory.RunAsync(20_000, 2_000);
        foreach (var (type, bytes) in sampler.Bytes.OrderByDescending(kv => kv.Value).Take(40))
        {
            Console.WriteLine($"{bytes / 22_000.0,10:F0} B/instance  {type}");
        }

        break;
    }

    case "durable":
    {
        // durable <sqlite|postgres> <connection string> <clients> <seconds>: engine and ceiling, one JSON line each
        var provider = args[1] == "sqlite" ? Kogge.Bpmn.Storage.EngineStoreProvider.Sqlite : Kogge.Bpmn.Storage.EngineStoreProvider.Postgres;
        var clients = int.Parse(args[3], CultureInfo.InvariantCulture);
        var duration = TimeSpan.FromSeconds(double.Parse(args[4], CultureInfo.InvariantCulture));
        var store = Durable.Store(provider, args[2]);
        await store.MigrateAsync(CancellationToken.None);
        // Discarded runs of each first, until the runtime has stopped compiling (JIT, EF Core's compiled queries,
        // connection pools).
        var warmup = TimeSpan.FromSeconds(Math.Min(2, duration.TotalSeconds / 3));
        await Durable.WarmUpAsync(() => Durable.CeilingAsync(provider, args[2], clients, warmup));
        var ceiling = await Durable.CeilingAsync(provider, args[2], clients, duration);
        await Durable.WarmUpAsync(() => Durable.EngineAsync(store, clients, warmup));
        var engine = await Durable.EngineAsync(store, clients, duration);
        foreach (var (what, f) in new[] { ("ceiling", ceiling), ("engine", engine) })
        {
            Console.WriteLine(System.Text.Json.JsonSerializer.Serialize(new { what, clients, commands = f.Commands, jobs = f.Jobs, seconds = f.Seconds, perSecond = f.PerSecond, p50 = f.P50Ms, p99 = f.P99Ms, errors = f.Errors, cpuSeconds = f.CpuSeconds, cpuMicrosPerCommand = f.CpuMicrosPerCommand, loadAverage = File.ReadAllText("/proc/loadavg").Split(' ')[0] }));
        }

        break;
    }

    case "scale":
    {
        // scale <sqlite|postgres> <connection string> <operations> <level>...: one JSON line per level, then the heap line
        var provider = args[1] == "sqlite" ? Kogge.Bpmn.Storage.EngineStoreProvider.Sqlite : Kogge.Bpmn.Storage.EngineStoreProvider.Postgres;
        var operations = int.Parse(args[3], CultureInfo.InvariantCulture);
        var store = Durable.Store(provider, args[2]);
        await store.MigrateAsync(CancellationToken.None);
        var engine = ApplicationProcess.Engine(store, new NotifyHandler());
        await engine.Repository.DeployAsync("application.bpmn", ApplicationProcess.Xml);
        await Scale.HeapAfterAsync(engine, 20); // warm-up: JIT, compiled queries, connection pool
        long waiting = 0;
        foreach (var level in args.Skip(4).Select(a => long.Parse(a, CultureInfo.InvariantCulture)))
        {
            var r = await Scale.MeasureAsync(provider, args[2], engine, level, waiting, operations);
            waiting = level;
            Console.WriteLine(System.Text.Json.JsonSerializer.Serialize(new
            {
                what = "level", waiting = r.Waiting, seedSeconds = r.SeedSeconds,
                startP50 = r.Start.P50Ms, startP99 = r.Start.P99Ms, inboxP50 = r.Inbox.P50Ms, inboxP99 = r.Inbox.P99Ms, completeP50 = r.Complete.P50Ms, completeP99 = r.Complete.P99Ms,
            }));
        }

        var heaps = new List<long>();
        foreach (var batch in new[] { operations * 2, operations * 8 })
        {
            heaps.Add(await Scale.HeapAfterAsync(engine, batch));
        }

        Console.WriteLine(System.Text.Json.JsonSerializer.Serialize(new { what = "heap", afterInstances = operations * 2, heapBytes = heaps[0], afterMoreInstances = operations * 10, heapBytesLater = heaps[1] }));
        break;
    }

    default:
        Console.Error.WriteLine($"Unknown mode '{mode}'.");
        return 2;
}

return 0;
