using Kogge.Mining.Discovery;
using Kogge.Mining.EventLogs;
using Kogge.Mining.Io;
using Kogge.Mining.Performance;

namespace Kogge.Cli.Mine;

/// <summary>What the deadline was and how many cases kept it.</summary>
/// <param name="Target">The target as given, ISO 8601 (e.g. P10D).</param>
/// <param name="WorkingDays">Whole days counted as working days of <paramref name="Calendar"/>; else elapsed time.</param>
internal sealed record DeadlineOutcome(string Target, bool WorkingDays, CalendarChoice? Calendar, DeadlineReport Report);

/// <summary>The discovered model and what was done to the log before discovery.</summary>
/// <param name="Abstraction">How activities were grouped or left out before discovery, in German; null when the log was mined as it is.</param>
internal sealed record DiscoveryOutcome(
    ProcessTree Tree, bool Complete, TimeSpan Elapsed, TimeSpan Budget, double Noise, int ActivitiesInLog, int ActivitiesMined, string? Abstraction, string Bpmn);

/// <summary>Everything <c>kogge mine</c> computes about one log; the summary, the JSON and the HTML report read it.</summary>
internal sealed record LogAnalysis(
    string Path,
    string Format,
    ImportReport Import,
    EventLog Log,
    IReadOnlyList<Variant> Variants,
    DirectlyFollowsGraph Graph,
    ThroughputReport Throughput,
    IReadOnlyList<ActivityFigures> Activities,
    WaitingReport Waiting,
    WorkloadReport Workload,
    DeadlineOutcome? Deadline,
    DiscoveryOutcome? Discovery)
{
    /// <summary>Above this many activities the log is grouped or reduced before discovery; a model of hundreds of tasks is read by nobody.</summary>
    public const int MaxModelActivities = 40;

    public sealed record Settings(TimeSpan? Target, string? TargetText, CalendarChoice? Calendar, bool Discover, double Noise, TimeSpan DiscoveryBudget);

    public static LogAnalysis Run(string path, string format, ImportResult import, Settings settings, MineProgress progress, CancellationToken cancellationToken)
    {
        var log = import.Log;
        progress.Plan(6 + (settings.Target is null ? 0 : 1) + (settings.Discover ? 1 : 0));
        var variants = progress.Step("Variants", () => Kogge.Mining.EventLogs.Variants.Compute(log));
        var graph = progress.Step("Directly-follows graph", () => DirectlyFollowsGraph.Compute(log));
        var throughput = progress.Step("Throughput times", () => ThroughputTimes.Compute(log));
        var activities = progress.Step("Activity statistics", () => ActivityStatistics.Compute(log));
        var waiting = progress.Step("Waiting and processing time", () => WaitingTimes.Compute(log));
        var workload = progress.Step("Workload of groups", () => Kogge.Mining.Performance.Workload.Compute(log));
        DeadlineOutcome? deadline = null;
        if (settings.Target is { } target)
        {
            deadline = progress.Step("Deadline adherence", () => MeasureDeadline(log, target, settings.TargetText!, settings.Calendar));
        }

        DiscoveryOutcome? discovery = null;
        if (settings.Discover)
        {
            discovery = progress.Step("Process model (inductive miner, IMf)", () => Discover(log, settings.Noise, settings.DiscoveryBudget, cancellationToken));
        }

        cancellationToken.ThrowIfCancellationRequested();
        return new LogAnalysis(path, format, import.Report, log, variants, graph, throughput, activities, waiting, workload, deadline, discovery);
    }

    private static DeadlineOutcome MeasureDeadline(EventLog log, TimeSpan target, string text, CalendarChoice? calendar)
    {
        if (calendar is { } choice)
        {
            var days = (int)target.TotalDays;
            var report = DeadlineAdherence.AgainstWorkingDays(log, days, BusinessCalendar.For(MineOptions.State(choice)));
            return new DeadlineOutcome(text, true, choice, report);
        }

        return new DeadlineOutcome(text, false, null, DeadlineAdherence.AgainstDuration(log, target));
    }

    private static DiscoveryOutcome Discover(EventLog log, double noise, TimeSpan budget, CancellationToken cancellationToken)
    {
        var mined = log;
        var steps = new List<string>();
        if (mined.ActivityNames.Count > MaxModelActivities)
        {
            var grouped = ActivityAbstraction.ByCodePrefix(mined, 2);
            if (grouped.ActivityNames.Count < mined.ActivityNames.Count)
            {
                mined = ActivityAbstraction.CollapseRepeats(grouped);
                steps.Add($"Aktivitätscodes zu Gruppen zusammengefasst (die ersten zwei Teile des Codes, z. B. {Example(log)}) und direkte Wiederholungen zusammengelegt: {mined.ActivityNames.Count} statt {log.ActivityNames.Count} Aktivitäten");
            }
        }

        var present = Present(mined);
        if (present.Count > MaxModelActivities)
        {
            var keep = new bool[mined.ActivityNames.Count];
            foreach (var a in present.Take(MaxModelActivities))
            {
                keep[a.Id] = true;
            }

            var activityColumn = mined.Activities.ToArray();
            mined = mined.SelectEvents(e => keep[activityColumn[e]]);
            steps.Add($"nur die {MaxModelActivities} häufigsten von {present.Count} Aktivitäten berücksichtigt");
        }

        var result = InductiveMiner.Discover(mined, new InductiveMinerOptions
        {
            Variant = InductiveMinerVariant.InfrequentFiltering,
            NoiseThreshold = noise,
            TimeBudget = budget,
        }, cancellationToken);
        var name = System.IO.Path.GetFileName(log.LogAttributes.TryGetValue("concept:name", out var n) ? n.Text : "Entdeckter Prozess");
        return new DiscoveryOutcome(
            result.Tree, result.Complete, result.Elapsed, budget, noise, log.ActivityNames.Count, Present(mined).Count,
            steps.Count == 0 ? null : string.Join("; ", steps), BpmnWriter.ToXml(result.Tree, name));
    }

    private static string Example(EventLog log)
    {
        var sample = log.ActivityNames.FirstOrDefault(a => a.Count(c => c == '_') >= 2);
        return sample is null ? "A_B_C → A_B" : $"{sample} → {sample[..sample.IndexOf('_', sample.IndexOf('_') + 1)]}";
    }

    private static List<(int Id, int Count)> Present(EventLog log)
    {
        var counts = new int[log.ActivityNames.Count];
        foreach (var a in log.Activities)
        {
            counts[a]++;
        }

        return [.. counts.Select((count, id) => (id, count)).Where(x => x.count > 0).OrderByDescending(x => x.count).ThenBy(x => x.id)];
    }
}
