using System.Runtime.InteropServices;
using Kogge.Mining.EventLogs;

namespace Kogge.Mining.Performance;

/// <summary>Figures for one activity.</summary>
/// <param name="Activity">The activity name.</param>
/// <param name="Occurrences">How many activity instances.</param>
/// <param name="Cases">In how many cases it occurs.</param>
/// <param name="CasesWithRework">In how many cases it occurs more than once.</param>
/// <param name="ProcessingTime">Start to complete of its instances (zero without start events).</param>
/// <param name="WaitingTime">From the end of the preceding instance in the case to the start of this one.</param>
public sealed record ActivityFigures(string Activity, int Occurrences, int Cases, int CasesWithRework, DurationStatistics ProcessingTime, DurationStatistics WaitingTime)
{
    /// <summary>Share of the cases containing the activity in which it is repeated (rework or loop).</summary>
    public double ReworkRate => Cases == 0 ? 0 : (double)CasesWithRework / Cases;
}

/// <summary>Per-activity occurrences, case coverage, rework rate, processing and waiting times.</summary>
public static class ActivityStatistics
{
    /// <summary>The figures of every activity occurring in the log, most frequent first.</summary>
    public static IReadOnlyList<ActivityFigures> Compute(EventLog log)
    {
        ArgumentNullException.ThrowIfNull(log);
        var inst = log.Instances;
        var n = log.ActivityNames.Count;
        var occurrences = new int[n];
        var cases = new int[n];
        var rework = new int[n];
        var seen = new int[n];
        var seenInCase = new int[n];
        Array.Fill(seen, -1);
        var processing = new List<long>[n];
        var waiting = new List<long>[n];
        for (var a = 0; a < n; a++)
        {
            processing[a] = [];
            waiting[a] = [];
        }

        for (var c = 0; c + 1 < inst.CaseOffsetArray.Length; c++)
        {
            for (var i = inst.CaseOffsetArray[c]; i < inst.CaseOffsetArray[c + 1]; i++)
            {
                var a = inst.ActivityArray[i];
                occurrences[a]++;
                if (seen[a] != c)
                {
                    seen[a] = c;
                    seenInCase[a] = 1;
                    cases[a]++;
                }
                else if (++seenInCase[a] == 2)
                {
                    rework[a]++;
                }

                if (inst.StartArray[i] != EventLog.NoTimestamp && inst.EndArray[i] != EventLog.NoTimestamp)
                {
                    processing[a].Add(inst.EndArray[i] - inst.StartArray[i]);
                }

                if (i > inst.CaseOffsetArray[c] && inst.EndArray[i - 1] != EventLog.NoTimestamp && inst.StartArray[i] != EventLog.NoTimestamp)
                {
                    waiting[a].Add(Math.Max(0, inst.StartArray[i] - inst.EndArray[i - 1]));
                }
            }
        }

        var result = new List<ActivityFigures>();
        for (var a = 0; a < n; a++)
        {
            if (occurrences[a] > 0)
            {
                result.Add(new ActivityFigures(
                    log.ActivityNames[a], occurrences[a], cases[a], rework[a],
                    DurationStatistics.Summarize(CollectionsMarshal.AsSpan(processing[a])),
                    DurationStatistics.Summarize(CollectionsMarshal.AsSpan(waiting[a]))));
            }
        }

        result.Sort((x, y) => y.Occurrences != x.Occurrences ? y.Occurrences.CompareTo(x.Occurrences) : string.CompareOrdinal(x.Activity, y.Activity));
        return result;
    }
}
