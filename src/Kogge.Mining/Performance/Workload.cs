using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Kogge.Mining.EventLogs;

namespace Kogge.Mining.Performance;

/// <summary>How to report workload. The defaults protect staff: pseudonyms, and no group smaller than five people.</summary>
public sealed class WorkloadOptions
{
    /// <summary>The event attribute that names the group (for example <c>org:group</c>); null reports per resource.</summary>
    public string? GroupAttribute { get; init; } = "org:group";

    /// <summary>Groups with fewer distinct resources are not reported (individual performance data is subject to staff-council co-determination).</summary>
    public int MinimumGroupSize { get; init; } = 5;

    /// <summary>Whether group (or resource) names are replaced by keyed pseudonyms.</summary>
    public bool Pseudonymize { get; init; } = true;

    /// <summary>The key of the pseudonyms; the same key gives the same pseudonyms across reports. A random key when null.</summary>
    public IReadOnlyList<byte>? PseudonymKey { get; init; }
}

/// <summary>The workload of one group of resources.</summary>
/// <param name="Group">The group name or its pseudonym.</param>
/// <param name="Resources">The number of distinct resources that worked in the group.</param>
/// <param name="ActivityInstances">Activity instances done.</param>
/// <param name="Cases">Cases touched.</param>
/// <param name="ProcessingTime">Total processing time (zero without start events).</param>
public sealed record GroupWorkload(string Group, int Resources, int ActivityInstances, int Cases, TimeSpan ProcessingTime)
{
    /// <summary>Activity instances per resource.</summary>
    public double InstancesPerResource => Resources == 0 ? 0 : (double)ActivityInstances / Resources;
}

/// <summary>The workload report: reported groups, and how much was withheld because groups were too small.</summary>
/// <param name="Groups">Groups of at least the minimum size, busiest first.</param>
/// <param name="SuppressedGroups">Groups withheld.</param>
/// <param name="SuppressedInstances">Activity instances in withheld groups.</param>
public sealed record WorkloadReport(IReadOnlyList<GroupWorkload> Groups, int SuppressedGroups, int SuppressedInstances);

/// <summary>Workload per group of resources (or per resource, each being a group of one, which the minimum size withholds by default).</summary>
public static class Workload
{
    /// <summary>Computes the workload report.</summary>
    public static WorkloadReport Compute(EventLog log, WorkloadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(log);
        options ??= new WorkloadOptions();
        var groupColumn = options.GroupAttribute is null ? null : log.EventAttributes.Column(options.GroupAttribute);
        var stats = new Dictionary<string, GroupTally>(StringComparer.Ordinal);
        var inst = log.Instances;
        for (var c = 0; c < log.CaseCount; c++)
        {
            for (var i = inst.CaseOffsetArray[c]; i < inst.CaseOffsetArray[c + 1]; i++)
            {
                var resource = inst.ResourceArray[i];
                var group = groupColumn is not null ? groupColumn[inst.EventArray[i]]?.Text : resource >= 0 ? log.ResourceNames[resource] : null;
                if (group is null)
                {
                    continue;
                }

                if (!stats.TryGetValue(group, out var tally))
                {
                    tally = new GroupTally();
                    stats.Add(group, tally);
                }

                if (resource >= 0)
                {
                    tally.Resources.Add(resource);
                }

                tally.Cases.Add(c);
                tally.Instances++;
                tally.Ticks += inst.EndArray[i] - inst.StartArray[i];
            }
        }

        var key = options.PseudonymKey?.ToArray() ?? RandomNumberGenerator.GetBytes(32);
        var groups = new List<GroupWorkload>();
        int suppressedGroups = 0, suppressedInstances = 0;
        foreach (var (name, s) in stats)
        {
            // Per-resource reporting: the group is one person, however many "resources" the column shows.
            var size = groupColumn is null ? 1 : s.Resources.Count;
            if (size < options.MinimumGroupSize)
            {
                suppressedGroups++;
                suppressedInstances += s.Instances;
                continue;
            }

            groups.Add(new GroupWorkload(options.Pseudonymize ? Pseudonym(name, key) : name, size, s.Instances, s.Cases.Count, TimeSpan.FromTicks(s.Ticks)));
        }

        groups.Sort((a, b) => b.ActivityInstances != a.ActivityInstances ? b.ActivityInstances.CompareTo(a.ActivityInstances) : string.CompareOrdinal(a.Group, b.Group));
        return new WorkloadReport(groups, suppressedGroups, suppressedInstances);
    }

    internal static string Pseudonym(string name, byte[] key, string prefix = "G-")
    {
        var hash = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(name));
        return prefix + Convert.ToHexString(hash, 0, 4).ToLower(CultureInfo.InvariantCulture);
    }

    private sealed class GroupTally
    {
        public HashSet<int> Resources { get; } = [];

        public HashSet<int> Cases { get; } = [];

        public int Instances { get; set; }

        public long Ticks { get; set; }
    }
}
