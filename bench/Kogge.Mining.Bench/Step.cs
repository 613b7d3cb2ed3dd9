using System.Diagnostics;
using System.Globalization;
using Kogge.Mining.Conformance;
using Kogge.Mining.Discovery;
using Kogge.Mining.EventLogs;
using Kogge.Mining.Io.Xes;
using Kogge.Mining.Performance;

namespace Kogge.Mining.Bench;

/// <summary>
/// One measured step in a process of its own: the untimed preparation (usually the import), then the timed
/// operation. Prints one line: seconds, peak resident set size of the process in bytes (VmHWM) and a check figure
/// that shows the step computed what it should (events, edges, variants, fitness …).
/// </summary>
internal static class Step
{
    /// <summary>
    /// Whether the timed operation runs three times untimed before, followed by a full garbage collection (as
    /// BenchmarkDotNet does between iterations): a running Kogge that has filtered before, its code compiled.
    /// </summary>
    private static bool warm;

    public static int Run(string kind, string file)
    {
        if (kind.StartsWith("warm:", StringComparison.Ordinal))
        {
            warm = true;
            kind = kind["warm:".Length..];
        }

        var (seconds, cpu, check) = kind switch
        {
            "import" => Timed(() => XesReader.Read(file).Log.EventCount.ToString(CultureInfo.InvariantCulture)),
            "import-dfg-variants" => Timed(() =>
            {
                var log = XesReader.Read(file).Log;
                var dfg = DirectlyFollowsGraph.Compute(log, withTimes: false);
                var variants = Variants.Compute(log);
                return $"{log.EventCount} events, {dfg.Edges.Count} edges, {variants.Count} variants";
            }),
            "dfg" => Prepared(file, log => DirectlyFollowsGraph.Compute(log, withTimes: false).Edges.Count + " edges"),
            "perf-dfg" => Prepared(file, log => DirectlyFollowsGraph.Compute(log, withTimes: true).Edges.Count + " edges"),
            "variants" => Prepared(file, log => Variants.Compute(log).Count + " variants"),
            "kpis" => Prepared(file, Kpis),
            "im" => Prepared(file, log => Discover(log, InductiveMinerVariant.Basic)),
            "imf" => Prepared(file, log => Discover(log, InductiveMinerVariant.InfrequentFiltering)),
            "imf-abstracted" => Prepared(file, log => Discover(ActivityAbstraction.ByCodePrefix(log, 2), InductiveMinerVariant.InfrequentFiltering)),
            "replay" => Replay(file),
            "align" => Align(file),
            _ when kind.StartsWith("filter-", StringComparison.Ordinal) => Filtered(file, kind["filter-".Length..]),
            _ => throw new ArgumentException($"unknown step '{kind}'"),
        };
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{seconds:R}\t{cpu:R}\t{PeakResidentBytes()}\t{check}"));
        return 0;
    }

    /// <summary>Wall-clock seconds, CPU seconds of the whole process (all its threads: gzip, JIT, GC) and the check figure.</summary>
    private static (double Seconds, double Cpu, string Check) Timed(Func<string> op)
    {
        if (warm)
        {
            for (var i = 0; i < 3; i++)
            {
                op();
            }

            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        using var self = Process.GetCurrentProcess();
        var cpu = self.TotalProcessorTime;
        var start = Stopwatch.GetTimestamp();
        var check = op();
        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        self.Refresh();
        return (seconds, (self.TotalProcessorTime - cpu).TotalSeconds, check);
    }

    private static (double Seconds, double Cpu, string Check) Prepared(string file, Func<EventLog, string> op)
    {
        var log = XesReader.Read(file).Log;
        return Timed(() => op(log));
    }

    private static string Kpis(EventLog log)
    {
        var throughput = ThroughputTimes.Compute(log);
        var waiting = WaitingTimes.Compute(log);
        var activities = ActivityStatistics.Compute(log);
        return string.Create(CultureInfo.InvariantCulture, $"median {throughput.Statistics.Median.TotalDays:0.#} d, {activities.Count} activities, processing share {waiting.ProcessingShare:0.###}");
    }

    private static string Discover(EventLog log, InductiveMinerVariant variant)
    {
        var result = InductiveMiner.Discover(log, new InductiveMinerOptions { Variant = variant, TimeBudget = TimeSpan.FromMinutes(10) });
        return $"{result.Tree.Activities().Count()} activities in the tree{(result.Complete ? string.Empty : ", INCOMPLETE (budget)")}";
    }

    private static (double Seconds, double Cpu, string Check) Replay(string file)
    {
        var (log, net) = ImModel(file);
        return Timed(() => string.Create(CultureInfo.InvariantCulture, $"fitness {TokenReplay.Replay(log, net).Fitness:0.#####}"));
    }

    /// <summary>The optimal alignments of every case (each variant aligned once) with the IM model, discovered untimed.</summary>
    private static (double Seconds, double Cpu, string Check) Align(string file)
    {
        var (log, net) = ImModel(file);
        return Timed(() =>
        {
            var result = Alignments.Align(log, net);
            var optimalVariants = result.Variants.Count(v => v.Alignment.Status == AlignmentStatus.Optimal);
            return string.Create(CultureInfo.InvariantCulture, $"log fitness {result.LogFitness:0.#####}, {log.CaseCount - result.NotOptimalCases}/{log.CaseCount} cases and {optimalVariants}/{result.Variants.Count} variants aligned optimal");
        });
    }

    /// <summary>The imported log and the Petri net of its basic inductive miner model (both untimed).</summary>
    private static (EventLog Log, PetriNet Net) ImModel(string file)
    {
        var log = XesReader.Read(file).Log;
        return (log, PetriNet.FromProcessTree(InductiveMiner.Discover(log, new InductiveMinerOptions { Variant = InductiveMinerVariant.Basic }).Tree));
    }

    /// <summary>A filter followed by what a process map page shows next: DFG with times, variants and throughput KPIs.</summary>
    private static (double Seconds, double Cpu, string Check) Filtered(string file, string filter)
    {
        var log = XesReader.Read(file).Log;
        Func<EventLog, EventLog> apply = filter switch
        {
            "time" => l => l.TimeWindow(Middle(l, 0.25), Middle(l, 0.75), TimeWindowMode.Intersecting),
            "activity" => l => l.WithActivity(Rare(l)),
            "top-variants" => l => l.TopVariants(5),
            "throughput" => l => l.WithThroughputTime(TimeSpan.Zero, TimeSpan.FromDays(30)),
            _ => throw new ArgumentException($"unknown filter '{filter}'"),
        };
        return Timed(() =>
        {
            var filtered = apply(log);
            var dfg = DirectlyFollowsGraph.Compute(filtered, withTimes: true);
            var variants = Variants.Compute(filtered);
            var throughput = ThroughputTimes.Compute(filtered);
            return string.Create(CultureInfo.InvariantCulture, $"{filtered.CaseCount} cases, {dfg.Edges.Count} edges, {variants.Count} variants, median {throughput.Statistics.Median.TotalDays:0.#} d");
        });
    }

    /// <summary>The point in time at <paramref name="share"/> between the log's first and last timestamp (computed untimed before the filter).</summary>
    private static DateTimeOffset Middle(EventLog log, double share)
    {
        long min = long.MaxValue, max = long.MinValue;
        foreach (var t in log.Timestamps)
        {
            if (t != EventLog.NoTimestamp)
            {
                min = Math.Min(min, t);
                max = Math.Max(max, t);
            }
        }

        return new DateTimeOffset(min + (long)((max - min) * share), TimeSpan.Zero);
    }

    /// <summary>The activity in the fewest cases but at least a tenth of the most frequent one, so the filter keeps a real sublog.</summary>
    private static string Rare(EventLog log)
    {
        var counts = new int[log.ActivityNames.Count];
        foreach (var a in log.Activities)
        {
            counts[a]++;
        }

        var limit = counts.Max() / 10;
        var best = Enumerable.Range(0, counts.Length).Where(a => counts[a] >= limit).MinBy(a => counts[a]);
        return log.ActivityNames[best];
    }

    /// <summary>The peak resident set size of this process (Linux VmHWM), or the GC's peak committed bytes elsewhere.</summary>
    public static long PeakResidentBytes()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    var kb = line["VmHWM:".Length..].Trim().Split(' ')[0];
                    return long.Parse(kb, CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (IOException)
        {
        }

        return GC.GetGCMemoryInfo().TotalCommittedBytes;
    }
}
