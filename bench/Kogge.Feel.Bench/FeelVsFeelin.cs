using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Kogge.Feel.Evaluation;

namespace Kogge.Feel.Bench;

/// <summary>One expression with its inputs, as in cases.json.</summary>
internal sealed record FeelCase(string Id, string Kind, string Expression, Dictionary<string, object?> Inputs, JsonElement RawInputs);

/// <summary>The row of one expression: both results, and the timings when they agree.</summary>
internal sealed record FeelRow(FeelCase Case, string Kogge, string Feelin, Measurement? Compiled, Measurement? ParseAndEvaluate, double? FeelinPerSecond)
{
    public bool Same => Kogge == Feelin;
}

/// <summary>Kogge.Feel against feelin on Node: the same expressions, the same inputs, checked before timed.</summary>
internal static class FeelVsFeelin
{
    public static List<FeelCase> LoadCases(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var list = new List<FeelCase>();
        foreach (var c in doc.RootElement.GetProperty("cases").EnumerateArray())
        {
            var inputs = (Dictionary<string, object?>)FromJson(c.GetProperty("inputs"))!;
            list.Add(new FeelCase(
                c.GetProperty("id").GetString()!,
                c.GetProperty("kind").GetString()!,
                c.GetProperty("expression").GetString()!,
                inputs,
                c.GetProperty("inputs").Clone()));
        }

        return list;
    }

    /// <summary>JSON as a host passes process variables: decimal, string, bool, lists and dictionaries.</summary>
    public static object? FromJson(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Null => null,
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Number => e.GetDecimal(),
        JsonValueKind.String => e.GetString(),
        JsonValueKind.Array => e.EnumerateArray().Select(FromJson).ToList(),
        JsonValueKind.Object => e.EnumerateObject().ToDictionary(p => p.Name, p => FromJson(p.Value), StringComparer.Ordinal),
        _ => throw new InvalidOperationException("Unexpected JSON: " + e.ValueKind),
    };

    /// <summary>The same canonical text as canonical() in feelin-bench.mjs.</summary>
    public static string Canonical(object? v) => v switch
    {
        null => "null",
        bool b => b ? "true" : "false",
        decimal d => "number:" + d.ToString("G29", CultureInfo.InvariantCulture),
        string s => "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"",
        FeelDateTime dt => "date and time:" + dt,
        FeelDate d => "date:" + d,
        FeelTime t => "time:" + t,
        DaysTimeDuration d => "duration:" + d,
        YearsMonthsDuration d => "duration:" + d,
        List<object?> l => "[" + string.Join(", ", l.Select(Canonical)) + "]",
        FeelContext c => "{" + string.Join(", ", c.Keys.Select(k => k + ": " + Canonical(c[k]))) + "}",
        _ => "other:" + v,
    };

    public static string KoggeResult(FeelCase c)
    {
        try
        {
            var r = FeelExpression.Parse(c.Expression, c.Inputs.Keys).Evaluate(c.Inputs);
            return Canonical(r.Value) + (r.Warnings.Count > 0 ? " (warnings: " + string.Join("; ", r.Warnings) + ")" : string.Empty);
        }
        catch (Exception e)
        {
            return "error: " + e.Message;
        }
    }

    public static List<FeelRow> Run(List<FeelCase> cases, string casesPath, string node, string script, TextWriter log)
    {
        // 1. Results of both engines; a case is timed only when they agree.
        var feelin = JsonSerializer.Deserialize<Dictionary<string, string>>(Node(node, script, ["check", casesPath]))!;
        var rows = new List<FeelRow>();
        var agreed = new List<FeelCase>();
        foreach (var c in cases)
        {
            var k = KoggeResult(c);
            var f = feelin.GetValueOrDefault(c.Id) ?? "missing";
            if (k != f)
            {
                log.WriteLine($"MISMATCH {c.Id}: Kogge {k} / feelin {f} — not timed");
            }
            else
            {
                agreed.Add(c);
            }

            rows.Add(new FeelRow(c, k, f, null, null, null));
        }

        log.WriteLine($"FEEL: {agreed.Count} of {cases.Count} expressions give the same result in both engines.");

        // 2. feelin first (its own process; this one waits), then Kogge in this process.
        log.WriteLine("Timing feelin …");
        var timed = Node(node, script, ["time", casesPath, Harness.Rounds.ToString(CultureInfo.InvariantCulture), Harness.RoundMilliseconds.ToString(CultureInfo.InvariantCulture), Harness.WarmupMilliseconds.ToString(CultureInfo.InvariantCulture), .. agreed.Select(c => c.Id)]);
        using var feelinTimes = JsonDocument.Parse(timed);

        for (var i = 0; i < rows.Count; i++)
        {
            var c = rows[i].Case;
            if (!rows[i].Same)
            {
                continue;
            }

            log.WriteLine($"Timing Kogge {c.Id} …");
            var names = c.Inputs.Keys.ToArray();
            var compiled = FeelExpression.Parse(c.Expression, names);
            var inputs = c.Inputs;
            var mCompiled = Harness.Measure(() => compiled.Evaluate(inputs).Value);
            var mParse = Harness.Measure(() => FeelExpression.Parse(c.Expression, names).Evaluate(inputs).Value);
            var perSecond = feelinTimes.RootElement.GetProperty(c.Id).GetProperty("perSecond").GetDouble();
            rows[i] = rows[i] with { Compiled = mCompiled, ParseAndEvaluate = mParse, FeelinPerSecond = perSecond };
        }

        return rows;
    }

    private static string Node(string node, string script, IEnumerable<string> args)
    {
        var psi = new ProcessStartInfo(node) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(script);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"node {script} failed ({p.ExitCode}): {stderr.Result}");
        }

        return stdout;
    }

    public static string Table(List<FeelRow> rows)
    {
        var sb = new StringBuilder();
        sb.AppendLine("| expression | kind | result (both) | feelin evals/s | Kogge evals/s (compiled) | ratio | Kogge µs/eval | B/eval | Kogge parse+eval/s | ratio |");
        sb.AppendLine("|---|---|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in rows)
        {
            if (!r.Same)
            {
                sb.AppendLine($"| `{r.Case.Id}` | {r.Case.Kind} | MISMATCH Kogge `{r.Kogge}` / feelin `{r.Feelin}` | – | – | – | – | – | – | – |");
                continue;
            }

            var f = r.FeelinPerSecond!.Value;
            sb.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| `{r.Case.Id}` | {r.Case.Kind} | `{r.Kogge}` | {f:N0} | {r.Compiled!.PerSecond:N0} | **{r.Compiled.PerSecond / f:N1}×** | {r.Compiled.MicrosecondsPerOp:N2} | {r.Compiled.BytesPerOp:N0} | {r.ParseAndEvaluate!.PerSecond:N0} | {r.ParseAndEvaluate.PerSecond / f:N1}× |"));
        }

        var same = rows.Where(r => r.Same).ToList();
        if (same.Count > 0)
        {
            var geo = Math.Exp(same.Average(r => Math.Log(r.Compiled!.PerSecond / r.FeelinPerSecond!.Value)));
            var geoParse = Math.Exp(same.Average(r => Math.Log(r.ParseAndEvaluate!.PerSecond / r.FeelinPerSecond!.Value)));
            var min = same.Min(r => r.Compiled!.PerSecond / r.FeelinPerSecond!.Value);
            sb.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| **all {same.Count}** | geometric mean | | | | **{geo:N1}×** (lowest {min:N1}×) | | | | {geoParse:N1}× |"));
        }

        return sb.ToString();
    }
}
