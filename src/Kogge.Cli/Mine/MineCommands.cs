using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Xml;
using Kogge.Cli.Mine.Reporting;

namespace Kogge.Cli.Mine;

/// <summary><c>kogge mine</c>: process mining on event logs, without a database.</summary>
internal static class MineCommands
{
    public static Command Create(KoggeCli cli)
    {
        var import = new LogImport();
        var log = new Argument<string>("log") { Description = "The event log: .xes, .xes.gz or .csv" };
        var report = new Option<FileInfo?>("--report") { Description = "Write a self-contained HTML report (German, accessible, no external requests) to this file" };
        var json = new Option<bool>("--json") { Description = "Write one JSON document to standard output instead of the summary (field names in docs/cli.md)" };
        var noise = new Option<double>("--noise") { Description = "Noise threshold of the inductive miner IMf, 0 to 1", DefaultValueFactory = _ => 0.2 };
        var target = new Option<string?>("--target-duration") { Description = "Target throughput time, ISO 8601 (P10D, PT36H); with --calendar whole days count as working days" };
        var calendar = new Option<CalendarChoice?>("--calendar") { Description = "Count --target-duration in working days of Mecklenburg-Vorpommern (MV) or Schleswig-Holstein (SH)" };
        var budget = new Option<int>("--discovery-seconds") { Description = "Time the process discovery may take for the report; afterwards the parts not yet mined stay open (flower models)", DefaultValueFactory = _ => 60 };
        var command = new Command("mine", """
            Analyse an event log (XES, .xes.gz, CSV): cases, events, activities, variants, throughput times, activity statistics, workload of staff groups (only groups of at least five people), deadline adherence; with --report an HTML report with the process map (frequency and time) and the discovered BPMN model.
            Progress goes to standard error, the summary or --json to standard output. Exit code 2 when the file is missing or cannot be read.
            """)
        {
            Arguments = { log },
            Options = { report, json, noise, target, calendar, budget },
            Subcommands = { CompareCommand(cli, import), SynthCommand.Create(cli) },
        };
        foreach (var option in import.Options)
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parsed, cancellationToken) =>
        {
            var path = parsed.GetValue(log)!;
            var settings = Settings(parsed, report, noise, target, calendar, budget);
            var progress = cli.NewMineProgress();
            var imported = import.Read(parsed, path, progress, cancellationToken);
            var analysis = LogAnalysis.Run(path, LogImport.IsXes(path) ? "xes" : "csv", imported, settings, progress, cancellationToken);
            string? reportPath = null;
            if (parsed.GetValue(report) is { } file)
            {
                reportPath = file.FullName;
                var html = new HtmlReport(analysis, cli.Time.GetLocalNow()).Render();
                Write(reportPath, html);
            }

            await WriteResultAsync(cli, parsed.GetValue(json), MineJson.From(analysis, reportPath), output => MineSummary.WriteAsync(output, analysis, reportPath));

            return ExitCodes.Success;
        });
        return command;
    }

    private static LogAnalysis.Settings Settings(
        ParseResult parsed, Option<FileInfo?> report, Option<double> noise, Option<string?> target, Option<CalendarChoice?> calendar, Option<int> budget)
    {
        var threshold = parsed.GetValue(noise);
        if (threshold is < 0 or > 1 || double.IsNaN(threshold))
        {
            throw CliException.Usage(string.Create(CultureInfo.InvariantCulture, $"--noise {threshold}: give a number from 0 to 1."));
        }

        var seconds = parsed.GetValue(budget);
        if (seconds < 1)
        {
            throw CliException.Usage(string.Create(CultureInfo.InvariantCulture, $"--discovery-seconds {seconds}: give at least 1."));
        }

        TimeSpan? duration = null;
        var text = parsed.GetValue(target);
        var days = parsed.GetValue(calendar);
        if (text is not null)
        {
            try
            {
                duration = XmlConvert.ToTimeSpan(text);
            }
            catch (FormatException)
            {
                throw CliException.Usage($"--target-duration \"{text}\": not an ISO 8601 duration; write e.g. P10D (10 days) or PT36H (36 hours).");
            }

            if (duration <= TimeSpan.Zero)
            {
                throw CliException.Usage($"--target-duration \"{text}\": give a positive duration.");
            }

            if (days is not null && (duration.Value.Ticks % TimeSpan.TicksPerDay != 0))
            {
                throw CliException.Usage($"--target-duration \"{text}\": with --calendar give whole days (P10D = 10 working days).");
            }
        }
        else if (days is not null)
        {
            throw CliException.Usage("--calendar counts the working days of --target-duration; give --target-duration as well.");
        }

        return new LogAnalysis.Settings(duration, text, days, parsed.GetValue(report) is not null, threshold, TimeSpan.FromSeconds(seconds));
    }

    private static Command CompareCommand(KoggeCli cli, LogImport import)
    {
        var before = new Argument<string>("before") { Description = "The log before the change (.xes, .xes.gz, .csv)" };
        var after = new Argument<string>("after") { Description = "The log after the change" };
        var report = new Option<FileInfo?>("--report") { Description = "Write a self-contained HTML report of the comparison to this file" };
        var json = new Option<bool>("--json") { Description = "Write one JSON document to standard output" };
        var command = new Command("compare", """
            Compare two event logs, e.g. the legacy export before a pilot and Kogge's history after it: throughput times, which waiting times and directly-follows times got faster or slower, which variants appeared or vanished.
            """)
        {
            Arguments = { before, after },
            Options = { report, json },
        };
        foreach (var option in import.Options)
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parsed, cancellationToken) =>
        {
            var progress = cli.NewMineProgress();
            var beforePath = parsed.GetValue(before)!;
            var afterPath = parsed.GetValue(after)!;
            var first = import.Read(parsed, beforePath, progress, cancellationToken);
            var second = import.Read(parsed, afterPath, progress, cancellationToken);
            progress.Plan(1);
            var comparison = progress.Step("Comparison", () => Kogge.Mining.Performance.BeforeAfterComparison.Compare(first.Log, second.Log));
            var result = new LogComparison(beforePath, afterPath, first.Log, second.Log, comparison);
            string? reportPath = null;
            if (parsed.GetValue(report) is { } file)
            {
                reportPath = file.FullName;
                Write(reportPath, new ComparisonHtml(result, cli.Time.GetLocalNow()).Render());
            }

            await WriteResultAsync(cli, parsed.GetValue(json), MineJson.From(result, reportPath), output => MineSummary.WriteAsync(output, result, reportPath));

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The JSON document for scripts, or the summary for people.</summary>
    private static Task WriteResultAsync(KoggeCli cli, bool json, object document, Func<TextWriter, Task> summary) =>
        json ? cli.Output.WriteLineAsync(JsonSerializer.Serialize(document, CliJson.Options)) : summary(cli.Output);

    private static void Write(string path, string html)
    {
        try
        {
            File.WriteAllText(path, html, new System.Text.UTF8Encoding(false));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.Failure, $"cannot write the report {path}: {e.Message}");
        }
    }
}
