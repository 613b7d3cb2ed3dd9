using Kogge.Mining.Discovery;
using Kogge.Mining.EventLogs;
using Kogge.Mining.Io.Xes;
using Kogge.Testing;

namespace Kogge.Mining.Tests.Io;

public sealed class RealLogTests
{
    public static TheoryData<string, int, int, int, int> Logs => new()
    {
        { "receipt.xes.gz", 1434, 8577, 27, 116 },
        { "BPIC15_1.xes.gz", 1199, 52217, 398, 1170 },
        { "BPIC20_permit_1t_per_variant.xes.gz", 1478, 26028, 51, 1478 },
        { "roadtraffic_1t_per_variant.xes.gz", 231, 1891, 11, 231 },
    };

    [Theory]
    [MemberData(nameof(Logs))]
    public void XesReader_RealLog_CountsEqualReadme(string file, int cases, int events, int activities, int variants)
    {
        var result = RealLogs.Xes(file);
        var log = result.Log;

        Assert.Equal(0, result.Report.SkippedCount);
        Assert.Equal(cases, log.CaseCount);
        Assert.Equal(events, log.EventCount);
        Assert.Equal(activities, DirectlyFollowsGraph.Compute(log, withTimes: false).ActivityFrequencies.Count);
        Assert.Equal(variants, Variants.Compute(log).Count);
    }

    [Theory]
    [InlineData("receipt.xes.gz", 99)]
    [InlineData("BPIC15_1.xes.gz", 4699)]
    public void DirectlyFollowsGraph_RealLog_EdgeCountEqualsPm4Py(string file, int edges)
    {
        var dfg = DirectlyFollowsGraph.Compute(RealLogs.Xes(file).Log);

        Assert.Equal(edges, dfg.Edges.Count);
    }
}

/// <summary>Caches parsed shared logs: several tests read the same files, and parsing is the slow part.</summary>
internal static class RealLogs
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<Kogge.Mining.Io.ImportResult>> Cache = new();

    public static Kogge.Mining.Io.ImportResult Xes(string file)
    {
        var path = SharedData.Path("eventlogs/" + file);
        return Cache.GetOrAdd(path, p => new Lazy<Kogge.Mining.Io.ImportResult>(() => XesReader.Read(p, cancellationToken: TestContext.Current.CancellationToken))).Value;
    }
}
