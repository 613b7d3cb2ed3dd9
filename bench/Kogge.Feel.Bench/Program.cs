using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Kogge.Feel;
using Kogge.Feel.Bench;

// Kogge FEEL/DMN/Forms benchmark. Usage (see bench/feel.sh):
//   Kogge.Feel.Bench --node node --feelin bench/feelin/feelin-bench.mjs [--rounds 5] [--ms 300] [--warmup 500] [--only feel,dmn,forms]
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var opts = new Dictionary<string, string>(StringComparer.Ordinal);
for (var i = 0; i + 1 < args.Length; i += 2)
{
    opts[args[i].TrimStart('-')] = args[i + 1];
}

Harness.Rounds = int.Parse(opts.GetValueOrDefault("rounds", "5"), CultureInfo.InvariantCulture);
Harness.RoundMilliseconds = int.Parse(opts.GetValueOrDefault("ms", "300"), CultureInfo.InvariantCulture);
Harness.WarmupMilliseconds = int.Parse(opts.GetValueOrDefault("warmup", "500"), CultureInfo.InvariantCulture);
var only = opts.GetValueOrDefault("only", "feel,dmn,forms").Split(',');
var dir = AppContext.BaseDirectory;
var log = Console.Error;
var report = new StringBuilder();

report.AppendLine(CultureInfo.InvariantCulture, $"Process: {Environment.ProcessorCount} CPU(s) available to it, {Cpu()}, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, GC {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")}");
report.AppendLine(CultureInfo.InvariantCulture, $"Harness: warm-up of {Harness.WarmupMilliseconds} ms and at least 50,000 calls, then {Harness.Rounds} rounds of {Harness.RoundMilliseconds} ms on one thread; median round; bytes allocated per operation on that thread.");
report.AppendLine(CultureInfo.InvariantCulture, $"Started: {DateTime.UtcNow:yyyy-MM-dd HH:mm:ss} UTC");
report.AppendLine();

var ok = true;
if (only.Contains("feel"))
{
    var casesPath = Path.Combine(dir, "cases.json");
    var cases = FeelVsFeelin.LoadCases(casesPath);
    var rows = FeelVsFeelin.Run(cases, casesPath, opts.GetValueOrDefault("node", "node"), opts.GetValueOrDefault("feelin", "bench/feelin/feelin-bench.mjs"), log);
    report.AppendLine("### FEEL: Kogge.Feel against feelin 8.2.0");
    report.AppendLine();
    report.AppendLine(FeelVsFeelin.Table(rows));
    ok &= rows.All(r => r.Same);
}

if (only.Contains("dmn"))
{
    var model = DmnFeeTable.Model();
    var (first, sum, matching) = DmnFeeTable.Expected();
    var inputs = DmnFeeTable.Inputs();
    report.AppendLine(CultureInfo.InvariantCulture, $"### DMN: {DmnFeeTable.RuleCount}-rule fee table, 4 inputs, rules {string.Join(", ", matching.Select(i => i + 1))} (of 1–50) match");
    report.AppendLine();
    report.AppendLine("| decision | result (checked) | evaluations/s (one thread) | µs/eval | bytes/eval | evaluations per CPU-second | goal ≥ 1,000,000/s |");
    report.AppendLine("|---|---|---:|---:|---:|---:|---|");
    foreach (var (name, expected) in new[] { ("Gebühr first", (object?)first), ("Gebühr sum", sum) })
    {
        var r = model.Evaluate(name, inputs);
        if (!Equals(r.Value, expected) || r.Warnings.Count > 0)
        {
            log.WriteLine($"MISMATCH DMN {name}: Kogge {FeelVsFeelin.Canonical(r.Value)} ({string.Join("; ", r.Warnings)}) / expected {expected} — not timed");
            report.AppendLine($"| {name} | MISMATCH: {FeelVsFeelin.Canonical(r.Value)}, expected {expected} | – | – | – | – | – |");
            ok = false;
            continue;
        }

        log.WriteLine($"Timing DMN {name} …");
        var m = Harness.Measure(() => model.Evaluate(name, inputs).Value);
        report.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"| {(name.EndsWith("first", StringComparison.Ordinal) ? "FIRST" : "COLLECT SUM")} | {expected} | {m.PerSecond:N0} | {m.MicrosecondsPerOp:N2} | {m.BytesPerOp:N0} | {m.PerCpuSecond:N0} | {(m.PerSecond >= 1_000_000 ? "met" : "not met")} |"));
    }

    report.AppendLine();
}

if (only.Contains("forms"))
{
    var (validate, validateFields, render, renderErrors, result, page, errorsShown) = FormsApplication.Run(dir, log);
    report.AppendLine("### Forms: Gewerbeanzeige, 40 fields (5 conditional), dynamic list of 3 × 3 fields");
    report.AppendLine();
    report.AppendLine("| operation | per second (one thread) | µs each | bytes each | per CPU-second | goal |");
    report.AppendLine("|---|---:|---:|---:|---:|---|");
    report.AppendLine(string.Create(CultureInfo.InvariantCulture,
        $"| validate (valid post parsed from JSON, {result.Data.Count} top-level values kept) | {validate.PerSecond:N0} | {validate.MicrosecondsPerOp:N1} | {validate.BytesPerOp:N0} | {validate.PerCpuSecond:N0} | ≥ 100,000/s: {(validate.PerSecond >= 100_000 ? "met" : "not met")} |"));
    report.AppendLine(string.Create(CultureInfo.InvariantCulture,
        $"| validate (the same post as `FormPost.ToJson` builds it from the HTML form's fields) | {validateFields.PerSecond:N0} | {validateFields.MicrosecondsPerOp:N1} | {validateFields.BytesPerOp:N0} | {validateFields.PerCpuSecond:N0} | ≥ 100,000/s: {(validateFields.PerSecond >= 100_000 ? "met" : "not met")} |"));
    report.AppendLine(string.Create(CultureInfo.InvariantCulture,
        $"| render (no errors, {page.Html.Length:N0} chars of HTML) | {render.PerSecond:N0} | {render.MicrosecondsPerOp:N1} | {render.BytesPerOp:N0} | {render.PerCpuSecond:N0} | – |"));
    report.AppendLine(string.Create(CultureInfo.InvariantCulture,
        $"| render with {errorsShown} errors and summary | {renderErrors.PerSecond:N0} | {renderErrors.MicrosecondsPerOp:N1} | {renderErrors.BytesPerOp:N0} | {renderErrors.PerCpuSecond:N0} | – |"));
    report.AppendLine();
}

report.AppendLine(CultureInfo.InvariantCulture, $"Finished: {DateTime.UtcNow:yyyy-MM-dd HH:mm:ss} UTC");
Console.Out.Write(report.ToString());
return ok ? 0 : 1;

static string Cpu()
{
    try
    {
        return File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";
    }
    catch (IOException)
    {
        return "unknown CPU";
    }
}
