using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Text;
using Kogge.Mining.Bench;

// Kogge.Mining benchmark. Usage (see bench/mining.sh):
//   Kogge.Mining.Bench [--repeat 3] [--work /tmp/kogge-mining-bench] [--data /work/shared/data/eventlogs] [--only substring]
//   Kogge.Mining.Bench step <kind> <file>        one measurement in this process (used by the driver)
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
if (args.Length == 3 && args[0] == "step")
{
    return Step.Run(args[1], args[2]);
}

var opts = new Dictionary<string, string>(StringComparer.Ordinal);
for (var i = 0; i + 1 < args.Length; i += 2)
{
    opts[args[i].TrimStart('-')] = args[i + 1];
}

var repeat = int.Parse(opts.GetValueOrDefault("repeat", "3"), CultureInfo.InvariantCulture);
var work = opts.GetValueOrDefault("work", Path.Combine(Path.GetTempPath(), "kogge-mining-bench"));
var data = opts.GetValueOrDefault("data", "/work/shared/data/eventlogs");
var only = opts.GetValueOrDefault("only", string.Empty);
var log = Console.Error;
Directory.CreateDirectory(work);

// The inputs: the shared real logs (as shipped, .xes.gz, and decompressed) and synthetic logs of the sizes PM4Py was measured on.
var files = new Dictionary<string, string>(StringComparer.Ordinal);
foreach (var name in new[] { "receipt", "BPIC15_1" })
{
    var gz = Path.Combine(data, name + ".xes.gz");
    files[name + ".xes.gz"] = gz;
    files[name + ".xes"] = Decompressed(gz, Path.Combine(work, name + ".xes"));
}

foreach (var events in new[] { 561_470, 1_000_000 })
{
    var (plain, gz) = Synthetic.Ensure(work, events, log);
    files[$"synthetic {events:N0}.xes"] = plain;
    files[$"synthetic {events:N0}.xes.gz"] = gz;
}

var rows = Rows.All.Where(r => only.Length == 0 || r.Label.Contains(only, StringComparison.OrdinalIgnoreCase) || r.Input.Contains(only, StringComparison.OrdinalIgnoreCase)).ToList();
var report = new StringBuilder();
report.AppendLine(CultureInfo.InvariantCulture, $"Process: {Environment.ProcessorCount} CPU(s), {Cpu()}, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, workstation GC, non-concurrent");
report.AppendLine(CultureInfo.InvariantCulture, $"Each step in a fresh process, {repeat} runs, median (min–max); CPU s = CPU time of all the process' threads during the step; peak memory = the process' peak resident set (VmHWM), runtime and input log included.");
report.AppendLine(CultureInfo.InvariantCulture, $"Started: {DateTime.UtcNow:yyyy-MM-dd HH:mm:ss} UTC");
report.AppendLine();
report.AppendLine("| step | input | events | Kogge s | Kogge CPU s | Kogge peak MiB | PM4Py s | PM4Py peak MiB | time ratio (PM4Py / Kogge) | memory ratio | goal | check |");
report.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|");
var failed = false;
foreach (var row in rows)
{
    if (row.Kind is null)
    {
        report.AppendLine($"| {row.Label} | {row.Input} | – | not yet measured | – | – | {Seconds(row.Pm4PySeconds)} | – | – | – | {row.Goal} | {row.Note} |");
        continue;
    }

    var seconds = new List<double>();
    var cpus = new List<double>();
    var peaks = new List<long>();
    var check = string.Empty;
    string? error = null;
    for (var r = 0; r < repeat && error is null; r++)
    {
        log.WriteLine($"{row.Label} on {row.Input}, run {r + 1}/{repeat} …");
        var (ok, output) = RunChild(row.Kind, files[row.Input]);
        var parts = output.Trim().Split('\t');
        if (!ok || parts.Length != 4)
        {
            error = output.Trim().Split('\n')[^1];
            break;
        }

        seconds.Add(double.Parse(parts[0], CultureInfo.InvariantCulture));
        cpus.Add(double.Parse(parts[1], CultureInfo.InvariantCulture));
        peaks.Add(long.Parse(parts[2], CultureInfo.InvariantCulture));
        check = parts[3];
    }

    if (error is not null)
    {
        failed = true;
        report.AppendLine($"| {row.Label} | {row.Input} | – | FAILED | – | – | – | – | – | – | {row.Goal} | {error.Replace('|', '/')} |");
        continue;
    }

    var s = Median(seconds);
    var mib = Median(peaks.Select(p => (double)p).ToList()) / (1 << 20);
    var timeRatio = row.Pm4PySeconds is { } ps ? ps / s : (double?)null;
    var memRatio = row.Pm4PyMiB is { } pm ? pm / mib : (double?)null;
    var goal = row.Verdict(s, mib, timeRatio, memRatio);
    var spread = seconds.Count > 1 ? $" ({seconds.Min():0.###}–{seconds.Max():0.###})" : string.Empty;
    report.AppendLine(string.Create(CultureInfo.InvariantCulture,
        $"| {row.Label} | {row.Input} | {row.Events} | {s:0.###}{spread} | {Median(cpus):0.###} | {mib:0} | {Seconds(row.Pm4PySeconds)} | {(row.Pm4PyMiB is { } m ? m.ToString("0", CultureInfo.InvariantCulture) + row.Pm4PyMemoryNote : "–")} | {Ratio(timeRatio, row.Pm4PyLowerBound)} | {Ratio(memRatio, false)} | {(row.Goal == "–" ? "–" : row.Goal + ": " + goal)} | {check}{(row.Note.Length > 0 ? "; " + row.Note : string.Empty)} |"));
}

report.AppendLine();
report.AppendLine(CultureInfo.InvariantCulture, $"Finished: {DateTime.UtcNow:yyyy-MM-dd HH:mm:ss} UTC");
Console.Out.Write(report.ToString());
return failed ? 1 : 0;

static string Seconds(double? s) => s is { } v ? (v >= 720 ? "> 720" : v.ToString("0.##", CultureInfo.InvariantCulture)) : "–";

static string Ratio(double? r, bool lowerBound) => r is { } v ? (lowerBound ? "> " : string.Empty) + v.ToString(v >= 100 ? "0" : "0.0", CultureInfo.InvariantCulture) : "–";

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
}

static (bool Ok, string Output) RunChild(string kind, string file)
{
    var info = new ProcessStartInfo(Environment.ProcessPath!)
    {
        RedirectStandardOutput = true,
        RedirectStandardError = true,
        UseShellExecute = false,
    };
    if (!Path.GetFileNameWithoutExtension(Environment.ProcessPath!).Equals("Kogge.Mining.Bench", StringComparison.Ordinal))
    {
        // Started as `dotnet Kogge.Mining.Bench.dll`: the host needs the assembly again.
        info.ArgumentList.Add(typeof(Step).Assembly.Location);
    }

    info.ArgumentList.Add("step");
    info.ArgumentList.Add(kind);
    info.ArgumentList.Add(file);
    using var child = Process.Start(info)!;
    var stderr = child.StandardError.ReadToEndAsync();
    var stdout = child.StandardOutput.ReadToEnd();
    child.WaitForExit();
    return child.ExitCode == 0 ? (true, stdout) : (false, stdout + stderr.Result);
}

static string Decompressed(string gz, string target)
{
    if (!File.Exists(target))
    {
        using var input = new GZipStream(File.OpenRead(gz), CompressionMode.Decompress);
        using var output = File.Create(target);
        input.CopyTo(output);
    }

    return target;
}

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
