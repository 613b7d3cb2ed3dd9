using System.Diagnostics;
using System.Globalization;
using System.Text;
using CsCheck;

namespace Kogge.Testing;

/// <summary>
/// Shared pieces of the fuzz tests: the number of cases (<c>KOGGE_FUZZ_ITERATIONS</c>, short in CI, long with
/// <c>bench/fuzz.sh</c>), text mutations, and a record of executions, outcomes and the slowest input.
/// </summary>
internal static class Fuzzing
{
    /// <summary>
    /// Cases per fuzz target: <paramref name="ci"/> in a normal run. <c>KOGGE_FUZZ_ITERATIONS=n</c> gives a target
    /// with the usual 2,000 cases n of them, and a costlier one (fewer cases in CI) the same share of n.
    /// </summary>
    public static long Iterations(long ci) =>
        long.TryParse(Environment.GetEnvironmentVariable("KOGGE_FUZZ_ITERATIONS"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? Math.Max(1, n * ci / 2000)
            : ci;

    private static readonly string[] Splices = ["<", ">", "\"", "'", "&", "&amp;", "]]>", "<!--", "/>", "=", "{", "}", "[", "]", ":", ",", "\\", "\0", "\uFFFF", "\uD800", "-", "..", "(", ")", "999999999999999999999999999999", "-0", "1e400", "null", "true", "\n"];

    /// <summary>
    /// A mutation of <paramref name="text"/>: one or more of deleting, duplicating, moving or overwriting a span,
    /// inserting a token that matters to JSON, XML or FEEL, flipping a character, or cutting the text short.
    /// </summary>
    public static Gen<string> Mutate(string text) =>
        Gen.Select(Gen.Int[1, 4], Gen.Int[0, int.MaxValue].Array[16], Gen.Int[0, 7].Array[4], (count, randoms, kinds) =>
        {
            var s = new StringBuilder(text);
            for (var m = 0; m < count && s.Length > 0; m++)
            {
                var pos = randoms[m * 4] % s.Length;
                var len = Math.Min(1 + (randoms[(m * 4) + 1] % 64), s.Length - pos);
                var other = randoms[(m * 4) + 2] % s.Length;
                var pick = randoms[(m * 4) + 3];
                switch (kinds[m])
                {
                    case 0:
                        s.Remove(pos, len);
                        break;
                    case 1:
                        s.Insert(other, s.ToString(pos, len));
                        break;
                    case 2:
                        var span = s.ToString(pos, len);
                        s.Remove(pos, len);
                        s.Insert(Math.Min(other, s.Length), span);
                        break;
                    case 3:
                        s.Insert(pos, Splices[pick % Splices.Length]);
                        break;
                    case 4:
                        s[pos] = (char)(s[pos] ^ (1 << (pick % 7)));
                        break;
                    case 5:
                        s.Length = pos;
                        break;
                    case 6:
                        s.Insert(pos, s.ToString(pos, len), 1 + (pick % 50));
                        break;
                    default:
                        s[pos] = Splices[pick % Splices.Length][0];
                        break;
                }
            }

            return s.ToString();
        });

    /// <summary>Runs one target over generated inputs and writes executions, outcomes and the slowest input.</summary>
    /// <param name="name">The target's name in the record.</param>
    /// <param name="gen">The inputs.</param>
    /// <param name="run">Runs one input; returns its outcome ("refused", "evaluated", …). Any exception is a finding.</param>
    /// <param name="ci">Cases in a normal test run.</param>
    public static void Run<T>(string name, Gen<T> gen, Func<T, string> run, long ci = 2000)
    {
        var outcomes = new Dictionary<string, long>(StringComparer.Ordinal);
        var slowest = TimeSpan.Zero;
        var slowestInput = string.Empty;
        var total = Stopwatch.StartNew();
        var iterations = Iterations(ci);
        var first = TimeSpan.Zero;
        var report = Environment.GetEnvironmentVariable("KOGGE_FUZZ_REPORT");
        var current = string.Empty;
        var watch = new Stopwatch();

        // A hang is not asserted with a timeout; an input that runs longer than 10 s is written down as it happens.
        using var watchdog = new Timer(_ =>
        {
            var running = current;
            if (watch.Elapsed > TimeSpan.FromSeconds(10) && report is { Length: > 0 })
            {
                File.AppendAllText(report, string.Create(CultureInfo.InvariantCulture, $"fuzz {name}: input running for {watch.Elapsed.TotalSeconds:0} s: {Show(running)}{Environment.NewLine}"));
            }
        }, null, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10));
        gen.Sample(input =>
        {
            current = input?.ToString() ?? string.Empty;
            watch.Restart();
            var outcome = run(input);
            watch.Stop();
            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;

            // The first input pays for loading and compiling the code it reaches; it is reported on its own.
            if (first == TimeSpan.Zero)
            {
                first = watch.Elapsed;
            }
            else if (watch.Elapsed > slowest)
            {
                slowest = watch.Elapsed;
                slowestInput = input?.ToString() ?? string.Empty;
            }
        }, iter: iterations, threads: 1, print: i => Show(i?.ToString()));

        var line = string.Create(CultureInfo.InvariantCulture,
            $"fuzz {name}: {outcomes.Values.Sum():N0} executions in {total.Elapsed.TotalSeconds:0.0} s, {string.Join(", ", outcomes.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $"{o.Key} {o.Value:N0}"))}; no unexpected exception; first input {first.TotalMilliseconds:0} ms, slowest after it {slowest.TotalMilliseconds:0.0} ms ({slowestInput.Length:N0} chars{(slowestInput.Length <= 300 ? ": " + slowestInput.ReplaceLineEndings(" ") : string.Empty)})");
        TestContext.Current.TestOutputHelper?.WriteLine(line);
        if (report is { Length: > 0 })
        {
            File.AppendAllText(report, line + Environment.NewLine);
        }
    }

    private static string Show(string? text) => text is null ? "null" : text.Length > 2000 ? text[..2000] + "…" : text;
}
