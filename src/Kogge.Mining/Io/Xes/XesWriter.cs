using System.IO.Compression;
using System.Text;
using System.Xml;
using Kogge.Mining.EventLogs;

namespace Kogge.Mining.Io.Xes;

/// <summary>
/// Writes XES (IEEE 1849-2016) that ProM, PM4Py and Disco read: the standard extensions declared,
/// <c>&lt;global&gt;</c> elements with <c>scope</c>, an activity classifier, and timestamps with
/// the UTC offset they were recorded in.
/// </summary>
public static class XesWriter
{
    private static readonly (string Name, string Prefix)[] Extensions =
    [
        ("Concept", "concept"), ("Time", "time"), ("Organizational", "org"), ("Lifecycle", "lifecycle"),
    ];

    /// <summary>Writes the log to a file; a name ending in <c>.gz</c> is gzip-compressed.</summary>
    public static void Write(EventLog log, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        if (path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
        {
            using var gzip = new GZipStream(file, CompressionLevel.Fastest);
            Write(log, gzip, cancellationToken);
        }
        else
        {
            Write(log, file, cancellationToken);
        }
    }

    /// <summary>Writes the log as XES to a stream (UTF-8).</summary>
    public static void Write(EventLog log, Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(stream);
        var settings = new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true, IndentChars = "\t", CloseOutput = false };
        using var w = XmlWriter.Create(stream, settings);
        w.WriteStartDocument();
        w.WriteStartElement("log", "http://www.xes-standard.org/");
        w.WriteAttributeString("xes.version", "1849-2016");
        w.WriteAttributeString("xes.features", "nested-attributes");
        foreach (var (name, prefix) in Extensions)
        {
            w.WriteStartElement("extension");
            w.WriteAttributeString("name", name);
            w.WriteAttributeString("prefix", prefix);
            w.WriteAttributeString("uri", $"http://www.xes-standard.org/{prefix}.xesext");
            w.WriteEndElement();
        }

        w.WriteStartElement("global");
        w.WriteAttributeString("scope", "trace");
        Attribute(w, "concept:name", new AttributeValue(AttributeKind.Text, "__INVALID__"));
        w.WriteEndElement();
        w.WriteStartElement("global");
        w.WriteAttributeString("scope", "event");
        Attribute(w, "concept:name", new AttributeValue(AttributeKind.Text, "__INVALID__"));
        Attribute(w, "time:timestamp", new AttributeValue(AttributeKind.Date, "1970-01-01T00:00:00.000+00:00"));
        w.WriteEndElement();
        Classifier(w, "Activity", "concept:name");
        Classifier(w, "Activity and lifecycle", "concept:name lifecycle:transition");
        Classifier(w, "Resource", "org:resource");

        foreach (var (key, value) in log.LogAttributes)
        {
            Attribute(w, key, value);
        }

        var caseColumns = log.CaseAttributes.Columns;
        var eventColumns = log.EventAttributes.Columns;
        for (var c = 0; c < log.CaseCount; c++)
        {
            if ((c & 0xff) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            w.WriteStartElement("trace");
            Attribute(w, "concept:name", AttributeValue.FromString(log.CaseIds[c]));
            foreach (var column in caseColumns)
            {
                if (column[c] is { } v)
                {
                    Attribute(w, column.Key, v);
                }
            }

            for (var e = log.CaseOffsets[c]; e < log.CaseOffsets[c + 1]; e++)
            {
                w.WriteStartElement("event");
                Attribute(w, "concept:name", AttributeValue.FromString(log.ActivityNames[log.Activities[e]]));
                if (log.Lifecycles[e] >= 0)
                {
                    Attribute(w, "lifecycle:transition", AttributeValue.FromString(log.LifecycleNames[log.Lifecycles[e]]));
                }

                if (log.Resources[e] >= 0)
                {
                    Attribute(w, "org:resource", AttributeValue.FromString(log.ResourceNames[log.Resources[e]]));
                }

                if (log.Timestamp(e) is { } t)
                {
                    Attribute(w, "time:timestamp", new AttributeValue(AttributeKind.Date, TimestampText.FormatIso(t)));
                }

                foreach (var column in eventColumns)
                {
                    if (column[e] is { } v)
                    {
                        Attribute(w, column.Key, v);
                    }
                }

                w.WriteEndElement();
            }

            w.WriteEndElement();
        }

        w.WriteEndElement();
        w.WriteEndDocument();
    }

    private static void Classifier(XmlWriter w, string name, string keys)
    {
        w.WriteStartElement("classifier");
        w.WriteAttributeString("name", name);
        w.WriteAttributeString("keys", keys);
        w.WriteEndElement();
    }

    private static void Attribute(XmlWriter w, string key, AttributeValue value)
    {
        w.WriteStartElement(value.Kind switch
        {
            AttributeKind.Date => "date",
            AttributeKind.WholeNumber => "int",
            AttributeKind.Real => "float",
            AttributeKind.Boolean => "boolean",
            AttributeKind.Id => "id",
            AttributeKind.List => "list",
            _ => "string",
        });
        w.WriteAttributeString("key", key);
        if (value.Kind != AttributeKind.List)
        {
            w.WriteAttributeString("value", Clean(value.Text));
        }

        w.WriteEndElement();
    }

    // XML 1.0 cannot carry most control characters even escaped; legacy exports sometimes contain them.
    private static string Clean(string text)
    {
        foreach (var ch in text)
        {
            if (ch < 0x20 && ch is not ('\t' or '\n' or '\r'))
            {
                return string.Create(text.Length, text, static (span, s) =>
                {
                    for (var i = 0; i < s.Length; i++)
                    {
                        span[i] = s[i] < 0x20 && s[i] is not ('\t' or '\n' or '\r') ? ' ' : s[i];
                    }
                });
            }
        }

        return text;
    }

}
