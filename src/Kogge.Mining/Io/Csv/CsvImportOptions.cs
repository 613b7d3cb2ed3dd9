using System.Text;

namespace Kogge.Mining.Io.Csv;

/// <summary>Which CSV columns hold the event fields. A null column is detected from the header (or absent).</summary>
public sealed class CsvColumnMapping
{
    /// <summary>The case identifier column, for example <c>case:concept:name</c> or <c>Vorgang</c>.</summary>
    public string? Case { get; init; }

    /// <summary>The activity column.</summary>
    public string? Activity { get; init; }

    /// <summary>The (completion) timestamp column.</summary>
    public string? Timestamp { get; init; }

    /// <summary>An optional start timestamp column; each row then yields a start and a complete event.</summary>
    public string? StartTimestamp { get; init; }

    /// <summary>The resource column.</summary>
    public string? Resource { get; init; }

    /// <summary>The lifecycle transition column (start, complete, ...).</summary>
    public string? Lifecycle { get; init; }
}

/// <summary>How to read a CSV event log. Everything left null is detected.</summary>
public sealed class CsvImportOptions
{
    /// <summary>The column mapping; unmapped fields are recognised by common header names (English, German, XES).</summary>
    public CsvColumnMapping Columns { get; init; } = new();

    /// <summary>The field delimiter; detected among <c>, ; tab |</c> from the header when null.</summary>
    public char? Delimiter { get; init; }

    /// <summary>The text encoding; detected from a byte-order mark, else UTF-8 when valid, else Windows-1252.</summary>
    public Encoding? Encoding { get; init; }

    /// <summary>A .NET date format such as <c>dd.MM.yyyy HH:mm</c>; detected (ISO 8601 or German formats) when null.</summary>
    public string? TimestampFormat { get; init; }

    /// <summary>
    /// The time zone of timestamps written without a UTC offset (German exports usually are,
    /// e.g. <c>Europe/Berlin</c>). Required when such timestamps occur: guessing a zone would shift
    /// every duration across daylight-saving changes silently.
    /// </summary>
    public TimeZoneInfo? TimeZone { get; init; }
}
