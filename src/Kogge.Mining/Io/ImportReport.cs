namespace Kogge.Mining.Io;

/// <summary>How serious an import finding is.</summary>
public enum ImportSeverity
{
    /// <summary>Worth knowing; nothing was lost.</summary>
    Warning,
    /// <summary>A row or element was skipped.</summary>
    Error,
}

/// <summary>One finding of an import, located by line (CSV row or XES line).</summary>
/// <param name="Line">The 1-based line in the file, or 0 for the file as a whole.</param>
/// <param name="Severity">Whether something was skipped.</param>
/// <param name="Message">What was found and what the importer did.</param>
public sealed record ImportIssue(long Line, ImportSeverity Severity, string Message);

/// <summary>The validation report of an import: rows skipped and why, and warnings.</summary>
public sealed class ImportReport
{
    /// <summary>At most this many issues are listed; the counts stay exact.</summary>
    public const int MaxListedIssues = 1000;

    private readonly List<ImportIssue> issues = [];

    /// <summary>The listed findings (the first <see cref="MaxListedIssues"/>).</summary>
    public IReadOnlyList<ImportIssue> Issues => issues;

    /// <summary>The number of rows or events skipped.</summary>
    public int SkippedCount { get; private set; }

    /// <summary>The number of warnings.</summary>
    public int WarningCount { get; private set; }

    /// <summary>The number of rows or events imported.</summary>
    public int ImportedCount { get; internal set; }

    internal void Skip(long line, string message)
    {
        SkippedCount++;
        Add(new ImportIssue(line, ImportSeverity.Error, message));
    }

    internal void Warn(long line, string message)
    {
        WarningCount++;
        Add(new ImportIssue(line, ImportSeverity.Warning, message));
    }

    private void Add(ImportIssue issue)
    {
        if (issues.Count < MaxListedIssues)
        {
            issues.Add(issue);
        }
    }
}

/// <summary>An imported log together with its validation report.</summary>
/// <param name="Log">The log.</param>
/// <param name="Report">What was skipped or noticed.</param>
public sealed record ImportResult(EventLogs.EventLog Log, ImportReport Report);

/// <summary>A file cannot be imported at all; the message names the line or column.</summary>
public sealed class EventLogFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    public EventLogFormatException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public EventLogFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public EventLogFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with the line it refers to.</summary>
    public EventLogFormatException(string message, long line, Exception? innerException = null)
        : base($"line {line}: {message}", innerException)
    {
        Line = line;
    }

    /// <summary>The 1-based line the problem was found on, or 0.</summary>
    public long Line { get; }
}
