using System.Globalization;
using System.Text;
using Kogge.Mining.EventLogs;

namespace Kogge.Mining.Io.Csv;

/// <summary>
/// Writes a log as CSV in the column convention of PM4Py: <c>case:concept:name</c>,
/// <c>concept:name</c>, <c>time:timestamp</c> (ISO 8601 with offset), <c>org:resource</c>,
/// <c>lifecycle:transition</c>, then <c>case:</c>-prefixed case attributes and event attributes.
/// </summary>
public static class CsvEventLogWriter
{
    /// <summary>Writes the log to a UTF-8 CSV file.</summary>
    public static void Write(EventLog log, string path, char delimiter = ',', CancellationToken cancellationToken = default)
    {
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        Write(log, file, delimiter, cancellationToken);
    }

    /// <summary>Writes the log as UTF-8 CSV to a stream.</summary>
    public static void Write(EventLog log, Stream stream, char delimiter = ',', CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(log);
        using var w = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
        var hasLifecycle = log.LifecycleNames.Count > 0;
        var header = new List<string> { "case:concept:name", "concept:name", "time:timestamp", "org:resource" };
        if (hasLifecycle)
        {
            header.Add("lifecycle:transition");
        }

        header.AddRange(log.CaseAttributes.Columns.Select(c => "case:" + c.Key));
        header.AddRange(log.EventAttributes.Columns.Select(c => c.Key));
        WriteRow(w, header, delimiter);
        var row = new List<string>(header.Count);
        for (var c = 0; c < log.CaseCount; c++)
        {
            if ((c & 0xff) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            for (var e = log.CaseOffsets[c]; e < log.CaseOffsets[c + 1]; e++)
            {
                row.Clear();
                row.Add(log.CaseIds[c]);
                row.Add(log.ActivityNames[log.Activities[e]]);
                row.Add(log.Timestamp(e) is { } t ? t.ToString("yyyy-MM-dd HH:mm:ss.fffzzz", CultureInfo.InvariantCulture) : string.Empty);
                row.Add(log.Resources[e] >= 0 ? log.ResourceNames[log.Resources[e]] : string.Empty);
                if (hasLifecycle)
                {
                    row.Add(log.Lifecycles[e] >= 0 ? log.LifecycleNames[log.Lifecycles[e]] : string.Empty);
                }

                foreach (var column in log.CaseAttributes.Columns)
                {
                    row.Add(column[c]?.Text ?? string.Empty);
                }

                foreach (var column in log.EventAttributes.Columns)
                {
                    row.Add(column[e]?.Text ?? string.Empty);
                }

                WriteRow(w, row, delimiter);
            }
        }
    }

    private static void WriteRow(StreamWriter w, List<string> fields, char delimiter)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            if (i > 0)
            {
                w.Write(delimiter);
            }

            var f = fields[i];
            if (f.AsSpan().IndexOfAny(['"', '\n', '\r', delimiter]) >= 0)
            {
                w.Write('"');
                w.Write(f.Replace("\"", "\"\"", StringComparison.Ordinal));
                w.Write('"');
            }
            else
            {
                w.Write(f);
            }
        }

        w.Write('\n');
    }
}
