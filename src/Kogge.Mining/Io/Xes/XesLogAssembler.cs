using System.Globalization;
using System.Runtime.CompilerServices;
using Kogge.Mining.EventLogs;

namespace Kogge.Mining.Io.Xes;

/// <summary>
/// What a XES file means, apart from how its XML is read: log, trace and event attributes become the
/// columns of an <see cref="EventLogBuilder"/>; events without activity or with an unreadable timestamp are
/// skipped and reported. Text arrives as character spans, so a reader can hand over its buffers and the
/// assembler makes strings only for text it has not seen before.
/// </summary>
internal sealed class XesLogAssembler
{
    // Distinct attribute texts kept as shared strings; beyond this many, values such as ids are no longer cached.
    private const int MaxCachedTexts = 1 << 16;

    private readonly EventLogBuilder builder = new(4096);
    private readonly ImportReport report = new();
    private readonly List<(string Key, AttributeValue Value)> eventAttributes = [];
    private readonly Dictionary<string, string> texts = new(StringComparer.Ordinal);
    private readonly CharBuffer activity = new();
    private readonly CharBuffer resource = new();
    private readonly CharBuffer lifecycle = new();
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> textLookup;
    private readonly XesImportOptions options;
    private readonly CancellationToken cancellationToken;
    private bool hasActivity;
    private bool hasResource;
    private bool hasLifecycle;
    private long eventLine;
    private DateTimeOffset? timestamp;
    private string? badTimestamp;

    public XesLogAssembler(XesImportOptions options, CancellationToken cancellationToken)
    {
        this.options = options;
        this.cancellationToken = cancellationToken;
        textLookup = texts.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public void LogAttribute(AttributeKind kind, ReadOnlySpan<char> key, ReadOnlySpan<char> value) =>
        builder.SetLogAttribute(Text(key), new AttributeValue(kind, Text(value)));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void BeginTrace()
    {
        cancellationToken.ThrowIfCancellationRequested();
        builder.BeginCase(builder.CaseCount.ToString(CultureInfo.InvariantCulture));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void TraceAttribute(AttributeKind kind, ReadOnlySpan<char> key, ReadOnlySpan<char> value)
    {
        if (key.SequenceEqual("concept:name"))
        {
            builder.SetCaseId(value.ToString());
        }
        else
        {
            builder.SetCaseAttribute(Text(key), new AttributeValue(kind, Text(value)));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void BeginEvent(long line)
    {
        eventLine = line;
        hasActivity = hasResource = hasLifecycle = false;
        timestamp = null;
        badTimestamp = null;
        eventAttributes.Clear();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void EventAttribute(AttributeKind kind, ReadOnlySpan<char> key, ReadOnlySpan<char> value)
    {
        switch (key)
        {
            case "concept:name":
                activity.Set(value);
                hasActivity = true;
                break;
            case "org:resource":
                resource.Set(value);
                hasResource = true;
                break;
            case "lifecycle:transition":
                lifecycle.Set(value);
                hasLifecycle = true;
                break;
            case "time:timestamp":
                if (TimestampText.TryParseIso(value, options.OffsetForDatesWithoutZone, out var t))
                {
                    timestamp = t;
                }
                else
                {
                    badTimestamp = value.ToString();
                }

                break;
            default:
                eventAttributes.Add((Text(key), new AttributeValue(kind, Text(value))));
                break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void EndEvent()
    {
        if (!hasActivity)
        {
            report.Skip(eventLine, "event without concept:name skipped");
            return;
        }

        if (badTimestamp is not null)
        {
            report.Skip(eventLine, $"event '{activity.Span.ToString()}' skipped: time:timestamp '{badTimestamp}' is not an ISO 8601 date");
            return;
        }

        var t = timestamp;
        builder.AddEvent(
            builder.InternActivity(activity.Span),
            t?.UtcTicks ?? EventLog.NoTimestamp,
            (short)(t?.Offset.TotalMinutes ?? 0),
            hasResource ? builder.InternResource(resource.Span) : -1,
            hasLifecycle ? builder.InternLifecycle(lifecycle.Span) : -1);
        foreach (var (key, value) in eventAttributes)
        {
            builder.SetEventAttribute(key, value);
        }
    }

    public void MissingKey(long line, string element) => report.Warn(line, $"<{element}> without key ignored");

    public ImportResult Finish()
    {
        var log = builder.Build();
        report.ImportedCount = log.EventCount;
        return new ImportResult(log, report);
    }

    /// <summary>The text as a string, shared with earlier occurrences of the same text while the cache has room.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private string Text(ReadOnlySpan<char> value)
    {
        if (textLookup.TryGetValue(value, out var text))
        {
            return text;
        }

        text = value.ToString();
        if (texts.Count < MaxCachedTexts)
        {
            texts.Add(text, text);
        }

        return text;
    }

    /// <summary>A reusable copy of one value: the reader's buffer moves on before the event ends.</summary>
    private sealed class CharBuffer
    {
        private char[] chars = new char[64];
        private int length;

        public ReadOnlySpan<char> Span => chars.AsSpan(0, length);

        public void Set(ReadOnlySpan<char> value)
        {
            if (value.Length > chars.Length)
            {
                chars = new char[Math.Max(value.Length, chars.Length * 2)];
            }

            value.CopyTo(chars);
            length = value.Length;
        }
    }
}
