using System.Diagnostics;

namespace Kogge.Feel.Bench;

/// <summary>The figures of one timed operation.</summary>
/// <param name="PerSecond">Median operations per second over the rounds.</param>
/// <param name="Rounds">Operations per second of each round.</param>
/// <param name="BytesPerOp">Bytes allocated on the timing thread per operation.</param>
/// <param name="PerCpuSecond">Operations per second of CPU time the process used over all rounds: on a shared
/// machine, where the timing thread waits for a core, this is what one core does when it runs the benchmark.</param>
internal sealed record Measurement(double PerSecond, IReadOnlyList<double> Rounds, double BytesPerOp, double PerCpuSecond)
{
    public double MicrosecondsPerOp => 1e6 / PerSecond;

    /// <summary>Spread of the rounds: (max − min) / median.</summary>
    public double Spread => (Rounds.Max() - Rounds.Min()) / PerSecond;
}

/// <summary>
/// A Stopwatch harness on the calling thread (one core): a warm-up round that also lets tiered compilation
/// finish (see WarmupMilliseconds), then <c>rounds</c> rounds of about <c>ms</c> milliseconds each in batches of about 5 ms; the median
/// round is reported. The same method as bench/feelin/feelin-bench.mjs uses on Node.
/// </summary>
internal static class Harness
{
    public static int Rounds { get; set; } = 5;

    public static int RoundMilliseconds { get; set; } = 300;

    public static int WarmupMilliseconds { get; set; } = 500;

    private static object? _sink;

    public static Measurement Measure(Func<object?> op)
    {
        var batch = 1;
        // Warm-up: WarmupMilliseconds and at least 50,000 calls, so that tiered compilation reaches
        // optimised code with profile data before the first round.
        var warm = Stopwatch.StartNew();
        var warmCalls = 0L;
        while (warm.ElapsedMilliseconds < WarmupMilliseconds || warmCalls < 50_000)
        {
            var t0 = Stopwatch.GetTimestamp();
            Run(op, batch);
            warmCalls += batch;
            if (Stopwatch.GetElapsedTime(t0).TotalMilliseconds < 5)
            {
                batch *= 2;
            }

            if (warm.ElapsedMilliseconds > 5_000)
            {
                break;
            }
        }

        var rounds = new List<double>(Rounds);
        var process = Process.GetCurrentProcess();
        var cpuStart = process.TotalProcessorTime;
        long total = 0;
        for (var r = 0; r < Rounds; r++)
        {
            long n = 0;
            var start = Stopwatch.GetTimestamp();
            var limit = start + (long)(RoundMilliseconds / 1000.0 * Stopwatch.Frequency);
            long now;
            do
            {
                Run(op, batch);
                n += batch;
                now = Stopwatch.GetTimestamp();
            }
            while (now < limit);
            rounds.Add(n / ((now - start) / (double)Stopwatch.Frequency));
            total += n;
        }

        process.Refresh();
        var perCpuSecond = total / (process.TotalProcessorTime - cpuStart).TotalSeconds;

        // Allocation, measured apart from the timing.
        const int allocCalls = 2_000;
        var before = GC.GetAllocatedBytesForCurrentThread();
        Run(op, allocCalls);
        var bytes = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)allocCalls;

        var sorted = rounds.Order().ToList();
        return new Measurement(sorted[sorted.Count / 2], rounds, bytes, perCpuSecond);
    }

    private static void Run(Func<object?> op, int n)
    {
        object? last = null;
        for (var i = 0; i < n; i++)
        {
            last = op();
        }

        _sink = last;
    }

    public static object? Sink => _sink;
}
