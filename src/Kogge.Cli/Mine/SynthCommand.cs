using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Kogge.Mining.Io.Csv;
using Kogge.Mining.Io.Xes;
using Kogge.Mining.Synthesis;

namespace Kogge.Cli.Mine;

/// <summary><c>kogge mine synth</c>: writes a reproducible synthetic building-permit log for benchmarks and demonstrations.</summary>
internal static class SynthCommand
{
    public static Command Create(KoggeCli cli)
    {
        var events = new Option<int>("--events")
        {
            Description = "Least number of events; whole cases are generated until the log has at least this many",
            Required = true,
        };
        var seed = new Option<long>("--seed") { Description = "Seed; the same seed and options give a byte-identical file", DefaultValueFactory = _ => 1 };
        var months = new Option<int>("--months") { Description = "Months over which applications arrive, from 2 January 2024", DefaultValueFactory = _ => 12 };
        var calendar = MineOptions.Calendar();
        var output = new Option<FileInfo>("--out")
        {
            Description = "File to write: .xes, .xes.gz or .csv",
            Required = true,
        };
        var command = new Command("synth", """
            Generate a synthetic event log of a municipal building-permit procedure: 20 activities with choices, rework loops, parallel statements of other departments, staff groups, start and complete events during opening hours over months.
            The same --events, --seed, --months and --calendar give a byte-identical .xes or .csv file on every machine.
            """)
        {
            Options = { events, seed, months, calendar, output },
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var path = parsed.GetValue(output)!.FullName;
            var n = parsed.GetValue(events);
            if (n is < 1 or > SyntheticLogOptions.MaximumEvents)
            {
                throw CliException.Usage(string.Create(CultureInfo.InvariantCulture, $"--events {n}: give a number from 1 to {SyntheticLogOptions.MaximumEvents:N0}."));
            }

            var m = parsed.GetValue(months);
            if (m is < 1 or > 120)
            {
                throw CliException.Usage(string.Create(CultureInfo.InvariantCulture, $"--months {m}: give a number from 1 to 120."));
            }

            var format = FormatOf(path);
            var watch = Stopwatch.StartNew();
            var log = SyntheticLog.Generate(
                new SyntheticLogOptions { Events = n, Seed = parsed.GetValue(seed), Months = m, State = MineOptions.State(parsed.GetValue(calendar)) },
                cancellationToken);
            try
            {
                if (format == "csv")
                {
                    CsvEventLogWriter.Write(log, path, cancellationToken: cancellationToken);
                }
                else
                {
                    XesWriter.Write(log, path, cancellationToken);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new CliException(ExitCodes.Failure, $"cannot write {path}: {e.Message}");
            }

            await cli.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"Wrote {log.EventCount:N0} events in {log.CaseCount:N0} cases ({log.ActivityNames.Count} activities) to {path} in {watch.Elapsed.TotalSeconds:0.0} s."));
            return ExitCodes.Success;
        });
        return command;
    }

    private static string FormatOf(string path) =>
        path.EndsWith(".xes", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".xes.gz", StringComparison.OrdinalIgnoreCase) ? "xes"
        : path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) ? "csv"
        : throw CliException.Usage($"--out \"{path}\": the name must end in .xes, .xes.gz or .csv.");
}
