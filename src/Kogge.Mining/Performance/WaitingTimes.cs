using System.Runtime.InteropServices;
using Kogge.Mining.EventLogs;

namespace Kogge.Mining.Performance;

/// <summary>How a log's throughput time splits into work and waiting.</summary>
/// <param name="HasStartEvents">False when the log records only completions: all time then counts as waiting, processing is unknown.</param>
/// <param name="Processing">Per case, the time during which at least one activity instance was in progress.</param>
/// <param name="Waiting">Per case, the rest of its throughput time.</param>
/// <param name="ProcessingShare">Total processing time over total throughput time.</param>
public sealed record WaitingReport(bool HasStartEvents, DurationStatistics Processing, DurationStatistics Waiting, double ProcessingShare);

/// <summary>Splits throughput time into processing (an instance in progress) and waiting (nothing in progress).</summary>
public static class WaitingTimes
{
    /// <summary>Computes the split; overlapping instances of one case count once.</summary>
    public static WaitingReport Compute(EventLog log)
    {
        ArgumentNullException.ThrowIfNull(log);
        var inst = log.Instances;
        var processing = new List<long>(log.CaseCount);
        var waiting = new List<long>(log.CaseCount);
        Int128 totalProcessing = 0, totalThroughput = 0;
        var intervals = new List<(long Start, long End)>();
        for (var c = 0; c < log.CaseCount; c++)
        {
            if (Variants.CaseDuration(inst, c) is not { } throughput)
            {
                continue;
            }

            intervals.Clear();
            for (var i = inst.CaseOffsetArray[c]; i < inst.CaseOffsetArray[c + 1]; i++)
            {
                if (inst.StartArray[i] != EventLog.NoTimestamp && inst.EndArray[i] > inst.StartArray[i])
                {
                    intervals.Add((inst.StartArray[i], inst.EndArray[i]));
                }
            }

            intervals.Sort();
            long busy = 0, coveredTo = long.MinValue;
            foreach (var (start, end) in intervals)
            {
                var from = Math.Max(start, coveredTo);
                if (end > from)
                {
                    busy += end - from;
                    coveredTo = end;
                }
            }

            processing.Add(busy);
            waiting.Add(throughput - busy);
            totalProcessing += busy;
            totalThroughput += throughput;
        }

        return new WaitingReport(
            inst.HasStartEvents,
            DurationStatistics.Summarize(CollectionsMarshal.AsSpan(processing)),
            DurationStatistics.Summarize(CollectionsMarshal.AsSpan(waiting)),
            totalThroughput == 0 ? 0 : (double)totalProcessing / (double)totalThroughput);
    }
}
