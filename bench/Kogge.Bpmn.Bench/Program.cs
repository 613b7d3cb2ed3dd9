using System.Globalization;
using Kogge.Bpmn.Bench;

// Kogge BPMN engine benchmark; bench/bpmn.sh runs every part and writes the report.
//   Kogge.Bpmn.Bench memory <instances> <warm-up>      in memory, one thread; prints one JSON line
//   Kogge.Bpmn.Bench allocations                       what the in-memory run allocates, by type (sampled)
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

var mode = args.Length > 0 ? args[0] : "memory";
switch (mode)
{
    case "memory":
    {
        var instances = args.Length > 1 ? long.Parse(args[1], CultureInfo.InvariantCulture) : 100_000;
        var warmup = args.Length > 2 ? long.Parse(args[2], CultureInfo.InvariantCulture) : 5_000;
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

    default:
        Console.Error.WriteLine($"Unknown mode '{mode}'.");
        return 2;
}

return 0;
