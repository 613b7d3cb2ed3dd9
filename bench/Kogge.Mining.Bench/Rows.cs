namespace Kogge.Mining.Bench;

/// <summary>
/// One row of the report: a step on an input, with the PM4Py 2.7.14 reference figure where one exists.
/// The PM4Py figures were measured on this kind of machine (2 cores, quiet) and are stated here, not measured
/// in the run: PM4Py cannot be installed on the benchmark machine.
/// </summary>
/// <param name="Label">The step as shown.</param>
/// <param name="Input">The input file key (see Program.cs).</param>
/// <param name="Events">The events of the input, as shown.</param>
/// <param name="Kind">The step kind run by <see cref="Step"/>; null for a step that cannot be measured yet.</param>
/// <param name="Pm4PySeconds">PM4Py's time for the same step on a log of the same size, or null.</param>
/// <param name="Pm4PyMiB">PM4Py's peak memory, or null.</param>
/// <param name="Pm4PyMemoryNote">A footnote mark on PM4Py's memory figure.</param>
/// <param name="Pm4PyLowerBound">True when PM4Py's time is a lower bound (it did not finish).</param>
/// <param name="Goal">The goal of the row in words.</param>
/// <param name="Note">What the row's input or method needs said.</param>
/// <param name="Verdict">Whether the goal is met, from seconds, MiB, time ratio and memory ratio.</param>
internal sealed record Row(
    string Label,
    string Input,
    string Events,
    string? Kind,
    double? Pm4PySeconds,
    double? Pm4PyMiB,
    string Pm4PyMemoryNote,
    bool Pm4PyLowerBound,
    string Goal,
    string Note,
    Func<double, double, double?, double?, string> Verdict);

internal static class Rows
{
    private const double RoadTrafficImportMiB = 1.24 * 1024;
    private const double MillionImportMiB = 1.39 * 1024;
    private const string Synthetic561 = "synthetic 561,470";
    private const string Synthetic1M = "synthetic 1,000,000";

    private static readonly Func<double, double, double?, double?, string> TenFold =
        (_, _, time, memory) => time is null ? "–" : (time >= 10 && (memory is null || memory >= 5)) ? "met" : "MISSED";

    private static readonly Func<double, double, double?, double?, string> None = (_, _, _, _) => "–";

    public static IReadOnlyList<Row> All { get; } =
    [
        Import("receipt.xes.gz", "8,577"),
        Import("receipt.xes", "8,577"),
        Import("BPIC15_1.xes.gz", "52,217"),
        Import("BPIC15_1.xes", "52,217"),
        Import(Synthetic561 + ".xes", "561,494", 17.0, RoadTrafficImportMiB, "road-traffic-fines, 561,470 events"),
        Import(Synthetic561 + ".xes.gz", "561,494", 17.0, RoadTrafficImportMiB, "road-traffic-fines, 561,470 events"),
        Import(Synthetic1M + ".xes", "1,000,002", 19.3, MillionImportMiB, "its synthetic 1M-event XES, 105,440 cases"),
        Import(Synthetic1M + ".xes.gz", "1,000,002", 19.3, MillionImportMiB, "its synthetic 1M-event XES, 105,440 cases"),
        Analysis("DFG (frequencies)", "dfg", 1.1),
        Analysis("performance DFG (frequencies and times)", "perf-dfg", 1.05),
        Analysis("variants (with throughput per variant)", "variants", 0.42),
        Analysis("throughput, waiting and activity KPIs", "kpis", null),
        Analysis("inductive miner (IM)", "im", 0.77),
        Analysis("token replay of the IM model", "replay", 3.3),
        new("DFG (frequencies)", "BPIC15_1.xes.gz", "52,217", "dfg", null, null, string.Empty, false, "–", "PM4Py: 4,699 edges", None),
        new("variants", "BPIC15_1.xes.gz", "52,217", "variants", null, null, string.Empty, false, "–", "PM4Py: 1,170 variants", None),
        new("IMf (noise 0.2), 398 activities", "BPIC15_1.xes.gz", "52,217", "imf", 720, null, string.Empty, true, "< 30 s", "PM4Py did not finish in 12 min", Under(30)),
        new("IMf (noise 0.2) after abstraction to code prefixes (ByCodePrefix 2)", "BPIC15_1.xes.gz", "52,217", "imf-abstracted", null, null, string.Empty, false, "< 30 s", string.Empty, Under(30)),
        new("IM", "receipt.xes.gz", "8,577", "im", null, null, string.Empty, false, "–", string.Empty, None),
        new("token replay of the IM model", "receipt.xes.gz", "8,577", "replay", null, null, string.Empty, false, "–", "PM4Py: 0.99969", None),
        new("alignments of the IM model", "receipt.xes.gz", "8,577", "align", 13.5, null, string.Empty, false, "≥ 10×", "PM4Py: receipt", TenFold),
        new("import + DFG + variants", Synthetic1M + ".xes.gz", "1,000,002", "import-dfg-variants", null, null, string.Empty, false, "< 2 s, < 300 MiB", string.Empty, (s, mib, _, _) => s < 2 && mib < 300 ? "met" : "MISSED"),
        new("import + DFG + variants", Synthetic1M + ".xes", "1,000,002", "import-dfg-variants", null, null, string.Empty, false, "< 2 s, < 300 MiB", string.Empty, (s, mib, _, _) => s < 2 && mib < 300 ? "met" : "MISSED"),
        .. Filter("time window (middle half, intersecting)", "filter-time"),
        .. Filter("cases with an activity", "filter-activity"),
        .. Filter("top 5 variants", "filter-top-variants"),
        .. Filter("throughput ≤ 30 days", "filter-throughput"),
    ];

    private static Func<double, double, double?, double?, string> Under(double seconds) => (s, _, _, _) => s < seconds ? "met" : "MISSED";

    private static Row Import(string input, string events, double? pm4py = null, double? pm4pyMiB = null, string note = "") =>
        new("XES import", input, events, "import", pm4py, pm4pyMiB, string.Empty, false, pm4py is null ? "–" : "≥ 10×, ≤ ⅕ memory", note.Length > 0 ? "PM4Py: " + note : note, pm4py is null ? None : TenFold);

    private static Row Analysis(string label, string kind, double? pm4py) =>
        new(label, Synthetic561 + ".xes.gz", "561,494", kind, pm4py, pm4py is null ? null : RoadTrafficImportMiB, "¹", false, pm4py is null ? "–" : "≥ 10×, ≤ ⅕ memory", pm4py is null ? string.Empty : "PM4Py: road-traffic-fines", pm4py is null ? None : TenFold);

    private static IEnumerable<Row> Filter(string filter, string kind) =>
    [
        new($"filter: {filter} → performance DFG, variants, throughput (first use in the process)", Synthetic1M + ".xes.gz", "1,000,002", kind, null, null, string.Empty, false, "< 0.1 s", "includes compiling the code", Under(0.1)),
        new($"filter: {filter} → performance DFG, variants, throughput (warm: after 3 untimed runs, as in a running Kogge)", Synthetic1M + ".xes.gz", "1,000,002", "warm:" + kind, null, null, string.Empty, false, "< 0.1 s", string.Empty, Under(0.1)),
    ];
}
