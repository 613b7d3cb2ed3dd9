using Kogge.Mining.EventLogs;
using Kogge.Mining.Synthesis;

namespace Kogge.Mining.Tests.EventLogs;

public sealed class ActivityInstanceTableTests
{
    [Fact]
    public void Instances_SyntheticLogWithStartEvents_EqualFirstInFirstOutPairing()
    {
        var log = SyntheticLog.Generate(new SyntheticLogOptions { Events = 30_000, Seed = 7 }, TestContext.Current.CancellationToken);

        var instances = log.Instances;

        Assert.True(instances.HasStartEvents);
        var expected = Reference(log);
        Assert.Equal(expected.Count, instances.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i], (instances.Activities[i], instances.Starts[i], instances.Ends[i], instances.Resources[i]));
        }
    }

    [Fact]
    public void Instances_FilteredAfterPairing_EqualPairingTheFilteredLog()
    {
        var log = SyntheticLog.Generate(new SyntheticLogOptions { Events = 20_000, Seed = 3 }, TestContext.Current.CancellationToken);
        _ = log.Instances;
        int[] cases = [.. Enumerable.Range(0, log.CaseCount).Where(c => c % 3 != 1).Reverse()];

        var carried = log.SelectCases(cases);
        var rebuilt = log.SelectCases(cases).SelectEvents(_ => true);

        Assert.Equal(rebuilt.Instances.CaseOffsets.ToArray(), carried.Instances.CaseOffsets.ToArray());
        Assert.Equal(rebuilt.Instances.Activities.ToArray(), carried.Instances.Activities.ToArray());
        Assert.Equal(rebuilt.Instances.Starts.ToArray(), carried.Instances.Starts.ToArray());
        Assert.Equal(rebuilt.Instances.Ends.ToArray(), carried.Instances.Ends.ToArray());
        Assert.Equal(rebuilt.Instances.Resources.ToArray(), carried.Instances.Resources.ToArray());
        Assert.Equal(rebuilt.Instances.EventArray, carried.Instances.EventArray);
    }

    [Fact]
    public void Instances_UnfinishedAndUnstartedActivities_ZeroDurationInstances()
    {
        var builder = new EventLogBuilder();
        builder.BeginCase("c");
        var t = TestLogs.Monday;
        builder.AddEvent("a", t, "r", "start");
        builder.AddEvent("a", t.AddHours(1), "r", "start");
        builder.AddEvent("b", t.AddHours(2), "r", "complete");
        builder.AddEvent("a", t.AddHours(3), "r", "complete");
        var log = builder.Build();

        var instances = log.Instances;

        // a: the first start pairs with the complete (FIFO), the second stays open; b has no start.
        Assert.Equal([0, 0, 1], instances.Activities.ToArray());
        Assert.Equal([TimeSpan.FromHours(3), TimeSpan.Zero, TimeSpan.Zero], Enumerable.Range(0, 3).Select(i => TimeSpan.FromTicks(instances.Ends[i] - instances.Starts[i])));
    }

    /// <summary>The pairing written the plain way: a queue of open starts per activity, instances sorted per case.</summary>
    private static List<(int, long, long, int)> Reference(EventLog log)
    {
        var result = new List<(int, long, long, int)>();
        var startId = log.LifecycleNames.ToList().IndexOf("start");
        var completeId = log.LifecycleNames.ToList().IndexOf("complete");
        for (var c = 0; c < log.CaseCount; c++)
        {
            var open = new Dictionary<int, Queue<int>>();
            var found = new List<(long Start, long End, int Order, int Activity, int Resource)>();
            for (var e = log.CaseOffsets[c]; e < log.CaseOffsets[c + 1]; e++)
            {
                var a = log.Activities[e];
                if (log.Lifecycles[e] == startId)
                {
                    if (!open.TryGetValue(a, out var q))
                    {
                        open[a] = q = new Queue<int>();
                    }

                    q.Enqueue(e);
                }
                else if (log.Lifecycles[e] == completeId || log.Lifecycles[e] < 0)
                {
                    var s = open.TryGetValue(a, out var q) && q.Count > 0 ? q.Dequeue() : e;
                    found.Add((log.Timestamps[s], log.Timestamps[e], s, a, log.Resources[e] >= 0 ? log.Resources[e] : log.Resources[s]));
                }
            }

            found.AddRange(open.Values.SelectMany(q => q).Select(s => (log.Timestamps[s], log.Timestamps[s], s, log.Activities[s], log.Resources[s])));
            result.AddRange(found.Order().Select(i => (i.Activity, i.Start, i.End, i.Resource)));
        }

        return result;
    }
}
