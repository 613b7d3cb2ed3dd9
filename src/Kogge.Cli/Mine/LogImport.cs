using System.CommandLine;
using System.Globalization;
using Kogge.Mining.Io;
using Kogge.Mining.Io.Csv;
using Kogge.Mining.Io.Xes;

namespace Kogge.Cli.Mine;

/// <summary>Reads an event log file named on the command line: XES, .xes.gz or CSV, with progress and clear errors.</summary>
internal sealed class LogImport
{
    private readonly Option<string?> caseColumn = new("--csv-case") { Description = "CSV: the case column (default: recognised from the header, e.g. case:concept:name, Vorgang)" };
    private readonly Option<string?> activityColumn = new("--csv-activity") { Description = "CSV: the activity column" };
    private readonly Option<string?> timestampColumn = new("--csv-timestamp") { Description = "CSV: the (completion) timestamp column" };
    private readonly Option<string?> startColumn = new("--csv-start") { Description = "CSV: a start timestamp column; each row then gives a start and a complete event" };
    private readonly Option<string?> resourceColumn = new("--csv-resource") { Description = "CSV: the resource column" };
    private readonly Option<string?> lifecycleColumn = new("--csv-lifecycle") { Description = "CSV: the lifecycle column (start, complete)" };
    private readonly Option<string?> delimiter = new("--csv-delimiter") { Description = "CSV: the field delimiter, one character or 'tab' (default: detected)" };
    private readonly Option<string?> timestampFormat = new("--csv-timestamp-format") { Description = "CSV: a .NET date format such as 'dd.MM.yyyy HH:mm' (default: ISO 8601 or German formats, detected)" };
    private readonly Option<string?> timeZone = new("--csv-time-zone") { Description = "CSV: the time zone of timestamps without UTC offset, e.g. Europe/Berlin (required when such timestamps occur)" };

    public IEnumerable<Option> Options => [caseColumn, activityColumn, timestampColumn, startColumn, resourceColumn, lifecycleColumn, delimiter, timestampFormat, timeZone];

    /// <summary>Whether the file is read as XES (else CSV): by its name, else by its first byte.</summary>
    public static bool IsXes(string path)
    {
        var name = path.ToLowerInvariant();
        if (name.EndsWith(".xes", StringComparison.Ordinal) || name.EndsWith(".xes.gz", StringComparison.Ordinal))
        {
            return true;
        }

        if (name.EndsWith(".csv", StringComparison.Ordinal) || name.EndsWith(".csv.gz", StringComparison.Ordinal) || name.EndsWith(".txt", StringComparison.Ordinal))
        {
            return false;
        }

        using var file = File.OpenRead(path);
        Span<byte> head = stackalloc byte[4];
        var n = file.Read(head);
        var start = n >= 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF ? 3 : 0;
        // gzip without a telling name: XES is the usual compressed exchange format.
        return n > start && head[start] is (byte)'<' or 0x1f;
    }

    /// <summary>Imports the log or ends the command with exit code 2 and a message naming the file and the problem.</summary>
    public ImportResult Read(ParseResult parsed, string path, MineProgress progress, CancellationToken cancellationToken)
    {
        if (Directory.Exists(path))
        {
            throw CliException.Usage($"{path}: is a directory; give an event log file (.xes, .xes.gz or .csv).");
        }

        if (!File.Exists(path))
        {
            throw CliException.Usage($"{path}: no such file.");
        }

        var csv = CsvOptions(parsed);
        var label = Path.GetFileName(path);
        try
        {
            var xes = IsXes(path);
            ImportResult result;
            var length = new FileInfo(path).Length;
            using (var file = new ProgressStream(
                new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan),
                read => progress.Bytes($"Import {label}", read, length)))
            {
                result = xes ? XesReader.Read(file, cancellationToken: cancellationToken) : CsvEventLogReader.Read(file, csv, cancellationToken);
            }

            var report = result.Report;
            progress.BytesDone($"Import {label}", string.Create(CultureInfo.InvariantCulture,
                $"{result.Log.EventCount:N0} events in {result.Log.CaseCount:N0} cases, {report.SkippedCount:N0} skipped, {report.WarningCount:N0} warnings"));
            if (result.Log.EventCount == 0)
            {
                throw CliException.Usage($"{path}: the log holds no events.");
            }

            return result;
        }
        catch (EventLogFormatException e)
        {
            // The library names its options; on the command line they are options of kogge mine.
            var message = e.Message
                .Replace("map it in CsvImportOptions.Columns", "map it with --csv-case, --csv-activity, --csv-timestamp", StringComparison.Ordinal)
                .Replace("CsvImportOptions.TimestampFormat", "--csv-timestamp-format", StringComparison.Ordinal)
                .Replace("CsvImportOptions.TimeZone", "--csv-time-zone", StringComparison.Ordinal);
            var hint = e.Message.Contains("is not in the header", StringComparison.Ordinal)
                ? " Name the columns with --csv-case, --csv-activity, --csv-timestamp (see 'kogge mine --help')."
                : string.Empty;
            throw CliException.Usage($"{path}: cannot be read as {(IsXes(path) ? "XES" : "CSV")}: {message}.{hint}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CliException.Usage($"{path}: cannot be read: {e.Message}");
        }
    }

    private CsvImportOptions CsvOptions(ParseResult parsed)
    {
        char? separator = parsed.GetValue(delimiter) switch
        {
            null => null,
            "tab" or "\\t" => '\t',
            { Length: 1 } one => one[0],
            var other => throw CliException.Usage($"--csv-delimiter \"{other}\": give one character or 'tab'."),
        };
        TimeZoneInfo? zone = null;
        if (parsed.GetValue(timeZone) is { } zoneId)
        {
            if (!TimeZoneInfo.TryFindSystemTimeZoneById(zoneId, out zone))
            {
                throw CliException.Usage($"--csv-time-zone \"{zoneId}\": unknown time zone; use an IANA name such as Europe/Berlin.");
            }
        }

        return new CsvImportOptions
        {
            Columns = new CsvColumnMapping
            {
                Case = parsed.GetValue(caseColumn),
                Activity = parsed.GetValue(activityColumn),
                Timestamp = parsed.GetValue(timestampColumn),
                StartTimestamp = parsed.GetValue(startColumn),
                Resource = parsed.GetValue(resourceColumn),
                Lifecycle = parsed.GetValue(lifecycleColumn),
            },
            Delimiter = separator,
            TimestampFormat = parsed.GetValue(timestampFormat),
            TimeZone = zone,
        };
    }
}
