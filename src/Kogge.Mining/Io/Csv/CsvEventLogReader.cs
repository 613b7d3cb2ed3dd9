using System.Globalization;
using System.Text;
using Kogge.Mining.EventLogs;

namespace Kogge.Mining.Io.Csv;

/// <summary>
/// Reads an event log from CSV: one row per event, columns mapped to case, activity, timestamp,
/// resource and lifecycle; columns named <c>case:xyz</c> become case attributes <c>xyz</c>, all
/// others event attributes. Rows that cannot be used are skipped and named in the report; a
/// timestamp column whose format cannot be recognised fails the import up front.
/// </summary>
public static class CsvEventLogReader
{
    private const int SampleSize = 200;

    private static readonly string[] CaseNames = ["case:concept:name", "case id", "caseid", "case_id", "case", "case:id", "vorgang", "vorgangsnummer", "vorgangs-id", "fall", "fallnummer", "aktenzeichen", "antrag", "antragsnummer"];
    private static readonly string[] ActivityNames = ["concept:name", "activity", "activity name", "aktivität", "aktivitaet", "tätigkeit", "taetigkeit", "event", "ereignis", "schritt", "task"];
    private static readonly string[] TimestampNames = ["time:timestamp", "timestamp", "complete timestamp", "end timestamp", "end", "zeitstempel", "zeitpunkt", "datum", "ende", "endzeit", "time", "date"];
    private static readonly string[] StartNames = ["start_timestamp", "start timestamp", "starttimestamp", "start", "startzeit", "beginn"];
    private static readonly string[] ResourceNames = ["org:resource", "resource", "user", "bearbeiter", "bearbeiterin", "ressource", "sachbearbeitung", "mitarbeiter"];
    private static readonly string[] LifecycleNames = ["lifecycle:transition", "lifecycle", "transition", "status"];

    private static readonly string[] GermanAndOtherFormats =
    [
        "dd.MM.yyyy HH:mm:ss", "dd.MM.yyyy HH:mm:ss.fff", "dd.MM.yyyy HH:mm", "dd.MM.yyyy", "d.M.yyyy H:mm:ss", "d.M.yyyy H:mm", "d.M.yyyy",
        "dd.MM.yy HH:mm:ss", "dd.MM.yy HH:mm", "dd.MM.yy",
        "yyyy/MM/dd HH:mm:ss", "yyyy/MM/dd HH:mm", "yyyy/MM/dd",
        "dd/MM/yyyy HH:mm:ss", "dd/MM/yyyy HH:mm", "dd/MM/yyyy",
        "MM/dd/yyyy HH:mm:ss", "MM/dd/yyyy HH:mm", "MM/dd/yyyy", "M/d/yyyy h:mm:ss tt", "M/d/yyyy H:mm",
    ];

    /// <summary>Reads the CSV file at <paramref name="path"/> (plain or gzip-compressed).</summary>
    /// <exception cref="EventLogFormatException">Required columns are missing or timestamps are unrecognisable.</exception>
    public static ImportResult Read(string path, CsvImportOptions? options = null, CancellationToken cancellationToken = default)
    {
        using var file = InputStreams.OpenFile(path);
        return Read(file, options, cancellationToken);
    }

    /// <summary>Reads CSV from a stream.</summary>
    /// <exception cref="EventLogFormatException">Required columns are missing or timestamps are unrecognisable.</exception>
    public static ImportResult Read(Stream stream, CsvImportOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        options ??= new CsvImportOptions();
        var decompressed = InputStreams.Decompressed(stream);
        try
        {
            var input = InputStreams.Peek(decompressed, 1 << 16, out var head);
            var encoding = options.Encoding ?? DetectEncoding(head);
            using var text = new StreamReader(input, encoding, detectEncodingFromByteOrderMarks: options.Encoding is null, 1 << 16, leaveOpen: true);
            return new Importer(text, options, head, encoding, cancellationToken).Run();
        }
        finally
        {
            if (!ReferenceEquals(decompressed, stream))
            {
                decompressed.Dispose();
            }
        }
    }

    internal static Encoding DetectEncoding(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return new UTF8Encoding(false);
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return Encoding.Unicode;
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return Encoding.BigEndianUnicode;
        }

        // A UTF-8 sequence may be cut at the end of the sample; only the first bytes must decode.
        var strict = new UTF8Encoding(false, throwOnInvalidBytes: true);
        var check = head.Length > 4 ? head[..^4] : head;
        try
        {
            strict.GetCharCount(check);
            return new UTF8Encoding(false);
        }
        catch (DecoderFallbackException)
        {
            // Legacy German exports (Excel, older case-management systems) are Windows-1252.
            return CodePagesEncodingProvider.Instance.GetEncoding(1252) ?? Encoding.Latin1;
        }
    }

    internal static char DetectDelimiter(string headerLine)
    {
        char[] candidates = [',', ';', '\t', '|'];
        var best = ',';
        var bestCount = 0;
        foreach (var c in candidates)
        {
            var count = 0;
            var quoted = false;
            foreach (var ch in headerLine)
            {
                if (ch == '"')
                {
                    quoted = !quoted;
                }
                else if (ch == c && !quoted)
                {
                    count++;
                }
            }

            if (count > bestCount)
            {
                best = c;
                bestCount = count;
            }
        }

        return best;
    }

    private sealed class Importer(TextReader text, CsvImportOptions options, byte[] head, Encoding encoding, CancellationToken cancellationToken)
    {
        private readonly ImportReport report = new();

        public ImportResult Run()
        {
            var delimiter = options.Delimiter ?? DetectDelimiter(FirstLine());
            var records = new CsvRecordReader(text, delimiter);
            var fields = new List<string>();
            if (!records.Next(fields))
            {
                throw new EventLogFormatException("the CSV file is empty", 1);
            }

            var header = fields.Select(f => f.Trim().TrimStart('\uFEFF')).ToArray();
            var caseCol = Column(header, options.Columns.Case, CaseNames, "case", required: true);
            var activityCol = Column(header, options.Columns.Activity, ActivityNames, "activity", required: true);
            var timeCol = Column(header, options.Columns.Timestamp, TimestampNames, "timestamp", required: true);
            var startCol = Column(header, options.Columns.StartTimestamp, StartNames, "start timestamp", required: false);
            var resourceCol = Column(header, options.Columns.Resource, ResourceNames, "resource", required: false);
            var lifecycleCol = Column(header, options.Columns.Lifecycle, LifecycleNames, "lifecycle", required: false);
            int[] mapped = [caseCol, activityCol, timeCol, startCol, resourceCol, lifecycleCol];

            var rows = new List<Row>();
            var attributes = new List<(int Row, int Column, string Value)>();
            while (records.Next(fields))
            {
                if ((rows.Count & 0x3ff) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                var line = records.RecordLine;
                if (fields.Count == 1 && fields[0].Length == 0)
                {
                    continue;
                }

                if (fields.Count != header.Length)
                {
                    report.Skip(line, $"row has {fields.Count} fields, the header has {header.Length}");
                    continue;
                }

                var caseId = fields[caseCol].Trim();
                var activity = fields[activityCol].Trim();
                var time = fields[timeCol].Trim();
                if (caseId.Length == 0 || activity.Length == 0 || time.Length == 0)
                {
                    var missing = caseId.Length == 0 ? header[caseCol] : activity.Length == 0 ? header[activityCol] : header[timeCol];
                    report.Skip(line, $"column '{missing}' is empty");
                    continue;
                }

                var rowIndex = rows.Count;
                rows.Add(new Row(
                    line,
                    caseId,
                    activity,
                    time,
                    startCol >= 0 ? NullIfEmpty(fields[startCol]) : null,
                    resourceCol >= 0 ? NullIfEmpty(fields[resourceCol]) : null,
                    lifecycleCol >= 0 ? NullIfEmpty(fields[lifecycleCol]) : null));
                for (var c = 0; c < header.Length; c++)
                {
                    if (Array.IndexOf(mapped, c) < 0 && fields[c].Length > 0)
                    {
                        attributes.Add((rowIndex, c, fields[c]));
                    }
                }
            }

            var parser = TimestampParser.Detect(rows.Select(r => r.Time).Take(SampleSize).ToList(), header[timeCol], options);
            return Build(rows, attributes, header, parser);
        }

        private ImportResult Build(List<Row> rows, List<(int Row, int Column, string Value)> attributes, string[] header, TimestampParser parser)
        {
            var caseOrder = new Dictionary<string, int>(StringComparer.Ordinal);
            var parsed = new (int Case, DateTimeOffset Time, DateTimeOffset? Start)[rows.Count];
            var valid = new bool[rows.Count];
            for (var i = 0; i < rows.Count; i++)
            {
                var row = rows[i];
                if (!parser.TryParse(row.Time, out var time))
                {
                    report.Skip(row.Line, $"timestamp '{row.Time}' in column '{parser.Column}' does not match {parser.Description}");
                    continue;
                }

                DateTimeOffset? start = null;
                if (row.Start is not null)
                {
                    if (!parser.TryParse(row.Start, out var s))
                    {
                        report.Skip(row.Line, $"start timestamp '{row.Start}' does not match {parser.Description}");
                        continue;
                    }

                    start = s;
                }

                if (!caseOrder.TryGetValue(row.CaseId, out var c))
                {
                    c = caseOrder.Count;
                    caseOrder.Add(row.CaseId, c);
                }

                parsed[i] = (c, time, start);
                valid[i] = true;
            }

            // Rows of one case may be spread over the file; group them by case in order of first appearance.
            var order = Enumerable.Range(0, rows.Count).Where(i => valid[i]).OrderBy(i => parsed[i].Case).ToArray();
            var attributesByRow = attributes.ToLookup(a => a.Row);
            var builder = new EventLogBuilder(rows.Count);
            var currentCase = -1;
            foreach (var i in order)
            {
                var row = rows[i];
                var (c, time, start) = parsed[i];
                if (c != currentCase)
                {
                    builder.BeginCase(row.CaseId);
                    currentCase = c;
                    foreach (var (_, column, value) in attributesByRow[i])
                    {
                        if (header[column].StartsWith("case:", StringComparison.Ordinal))
                        {
                            builder.SetCaseAttribute(header[column][5..], AttributeValue.FromString(value));
                        }
                    }
                }

                if (start is { } s)
                {
                    builder.AddEvent(row.Activity, s, row.Resource, "start");
                    SetEventAttributes(builder, header, attributesByRow[i]);
                }

                builder.AddEvent(row.Activity, time, row.Resource, start is null ? row.Lifecycle : "complete");
                SetEventAttributes(builder, header, attributesByRow[i]);
            }

            var log = builder.Build();
            report.ImportedCount = order.Length;
            return new ImportResult(log, report);
        }

        private static void SetEventAttributes(EventLogBuilder builder, string[] header, IEnumerable<(int Row, int Column, string Value)> values)
        {
            foreach (var (_, column, value) in values)
            {
                if (!header[column].StartsWith("case:", StringComparison.Ordinal))
                {
                    builder.SetEventAttribute(header[column], AttributeValue.FromString(value));
                }
            }
        }

        private string FirstLine()
        {
            var sample = encoding.GetString(head);
            var end = sample.IndexOfAny(['\r', '\n']);
            return (end < 0 ? sample : sample[..end]).TrimStart('\uFEFF');
        }

        private static string? NullIfEmpty(string s)
        {
            var t = s.Trim();
            return t.Length == 0 ? null : t;
        }

        private static int Column(string[] header, string? given, string[] names, string what, bool required)
        {
            if (given is not null)
            {
                var index = Array.FindIndex(header, h => string.Equals(h, given, StringComparison.OrdinalIgnoreCase));
                if (index < 0)
                {
                    throw new EventLogFormatException($"the {what} column '{given}' is not in the header ({string.Join(", ", header)})", 1);
                }

                return index;
            }

            foreach (var name in names)
            {
                var index = Array.FindIndex(header, h => string.Equals(h, name, StringComparison.OrdinalIgnoreCase));
                if (index >= 0)
                {
                    return index;
                }
            }

            if (required)
            {
                throw new EventLogFormatException($"no {what} column recognised in the header ({string.Join(", ", header)}); map it in CsvImportOptions.Columns", 1);
            }

            return -1;
        }
    }

    private sealed record Row(long Line, string CaseId, string Activity, string Time, string? Start, string? Resource, string? Lifecycle);

    /// <summary>Parses the timestamps of one column with the format found in a sample of them.</summary>
    private sealed class TimestampParser
    {
        private readonly string? format;
        private readonly TimeZoneInfo? zone;

        private TimestampParser(string column, string? format, TimeZoneInfo? zone)
        {
            Column = column;
            this.format = format;
            this.zone = zone;
        }

        public string Column { get; }

        public string Description => format is null ? "ISO 8601" : $"the format '{format}'";

        public static TimestampParser Detect(List<string> sample, string column, CsvImportOptions options)
        {
            var zone = options.TimeZone;
            if (options.TimestampFormat is not null)
            {
                if (zone is null && !HasOffset(options.TimestampFormat))
                {
                    throw new EventLogFormatException(
                        $"the timestamp format '{options.TimestampFormat}' has no UTC offset; give CsvImportOptions.TimeZone, e.g. Europe/Berlin");
                }

                return new TimestampParser(column, options.TimestampFormat, zone);
            }

            if (sample.Count == 0)
            {
                return new TimestampParser(column, null, zone);
            }

            var isoWithOffset = sample.Count(s => TimestampText.TryParseIso(s, null, out _));
            var isoAny = sample.Count(s => TimestampText.TryParseIso(s, TimeSpan.Zero, out _));
            if (isoWithOffset * 10 >= sample.Count * 9)
            {
                return new TimestampParser(column, null, zone);
            }

            string? best = null;
            var bestCount = isoAny;
            foreach (var candidate in GermanAndOtherFormats)
            {
                var count = sample.Count(s => DateTime.TryParseExact(s, candidate, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out _));
                if (count > bestCount)
                {
                    best = candidate;
                    bestCount = count;
                }
            }

            if (bestCount * 10 < sample.Count * 9)
            {
                throw new EventLogFormatException(
                    $"the timestamps in column '{column}' have no recognisable format (first value '{sample[0]}'); give CsvImportOptions.TimestampFormat");
            }

            if (zone is null)
            {
                throw new EventLogFormatException(
                    $"the timestamps in column '{column}' carry no UTC offset (first value '{sample[0]}'); give CsvImportOptions.TimeZone, e.g. Europe/Berlin");
            }

            return new TimestampParser(column, best, zone);
        }

        public bool TryParse(string text, out DateTimeOffset value)
        {
            if (format is null)
            {
                if (TimestampText.TryParseIso(text, null, out value))
                {
                    return true;
                }

                if (zone is not null && TimestampText.TryParseIso(text, TimeSpan.Zero, out var local))
                {
                    value = InZone(local.DateTime, zone);
                    return true;
                }

                return false;
            }

            if (HasOffset(format))
            {
                return DateTimeOffset.TryParseExact(text, format, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out value);
            }

            if (zone is not null && DateTime.TryParseExact(text, format, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var parsed))
            {
                value = InZone(parsed, zone);
                return true;
            }

            value = default;
            return false;
        }

        private static bool HasOffset(string format) => format.Contains('z', StringComparison.Ordinal) || format.Contains('K', StringComparison.Ordinal);

        private static DateTimeOffset InZone(DateTime local, TimeZoneInfo zone)
        {
            var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
            return new DateTimeOffset(unspecified, zone.GetUtcOffset(unspecified));
        }
    }
}
