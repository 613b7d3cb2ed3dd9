using System.Xml;
using Kogge.Mining.EventLogs;

namespace Kogge.Mining.Io.Xes;

/// <summary>Options for reading XES.</summary>
public sealed class XesImportOptions
{
    /// <summary>The UTC offset assumed for dates written without one. XES requires an offset; some exporters omit it.</summary>
    public TimeSpan OffsetForDatesWithoutZone { get; init; } = TimeSpan.Zero;
}

/// <summary>
/// Reads XES (IEEE 1849) logs, plain or gzip-compressed, in one forward pass with an
/// <see cref="XmlReader"/>: any <c>xes.version</c>, DTDs ignored and never resolved, nested
/// attributes and lists tolerated (their children are skipped), elements matched by local name so
/// that the namespace variants of different exporters all work.
/// </summary>
public static class XesReader
{
    /// <summary>Reads the XES file at <paramref name="path"/> (<c>.xes</c> or <c>.xes.gz</c>).</summary>
    /// <exception cref="EventLogFormatException">The file is not XES or not well-formed XML.</exception>
    public static ImportResult Read(string path, XesImportOptions? options = null, CancellationToken cancellationToken = default)
    {
        using var file = InputStreams.OpenFile(path);
        return Read(file, options, cancellationToken);
    }

    /// <summary>Reads XES from a stream; gzip is recognised by its magic bytes.</summary>
    /// <exception cref="EventLogFormatException">The stream is not XES or not well-formed XML.</exception>
    public static ImportResult Read(Stream stream, XesImportOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var input = InputStreams.Decompressed(stream);
        try
        {
            return Parse(input, options, cancellationToken);
        }
        finally
        {
            if (!ReferenceEquals(input, stream))
            {
                input.Dispose();
            }
        }
    }

    private static ImportResult Parse(Stream input, XesImportOptions? options, CancellationToken cancellationToken)
    {
        var assembler = new XesLogAssembler(options ?? new XesImportOptions(), cancellationToken);
        var stream = InputStreams.Peek(input, 1024, out var head);
        if (XesUtf8Parser.Accepts(head))
        {
            try
            {
                return new XesUtf8Parser(stream, assembler).Run();
            }
            catch (System.Text.DecoderFallbackException ex)
            {
                throw new EventLogFormatException("XES text is not in its declared encoding.", ex);
            }
            catch (InvalidDataException ex)
            {
                throw new EventLogFormatException("The gzip data is corrupt.", ex);
            }
        }

        // Other encodings than UTF-8 (Latin-1, UTF-16) go through XmlReader, which decodes them all.
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Ignore,
            XmlResolver = null,
            IgnoreComments = true,
            IgnoreWhitespace = true,
            IgnoreProcessingInstructions = true,
            CloseInput = false,
        };
        using var reader = XmlReader.Create(stream, settings);
        var parser = new Parser(reader, assembler);
        try
        {
            return parser.Run();
        }
        catch (XmlException ex)
        {
            throw new EventLogFormatException($"XES is not well-formed XML: {ex.Message}", ex.LineNumber, ex);
        }
        catch (System.Text.DecoderFallbackException ex)
        {
            throw new EventLogFormatException("XES text is not in its declared encoding.", ex);
        }
        catch (InvalidDataException ex)
        {
            throw new EventLogFormatException("The gzip data is corrupt.", ex);
        }
    }

    private sealed class Parser(XmlReader reader, XesLogAssembler assembler)
    {
        private readonly IXmlLineInfo? lineInfo = reader as IXmlLineInfo;
        private readonly string nameTrace = reader.NameTable.Add("trace");
        private readonly string nameEvent = reader.NameTable.Add("event");
        private readonly string nameKey = reader.NameTable.Add("key");
        private readonly string nameValue = reader.NameTable.Add("value");

        private long Line => lineInfo?.LineNumber ?? 0;

        public ImportResult Run()
        {
            reader.MoveToContent();
            if (reader.NodeType != XmlNodeType.Element || reader.LocalName != "log")
            {
                throw new EventLogFormatException($"expected a XES <log> element, found <{reader.LocalName}>", Line);
            }

            if (EnterChildren(out var depth))
            {
                while (NextChild(depth))
                {
                    var name = reader.LocalName;
                    if ((object)name == nameTrace)
                    {
                        ReadTrace();
                    }
                    else if (XesUtf8Parser.TryKind(name, out var kind))
                    {
                        if (ReadAttribute() is ({ } key, var value))
                        {
                            assembler.LogAttribute(kind, key, value);
                        }
                    }
                    else
                    {
                        // extension, global, classifier: the writer declares its own on export.
                        SkipElement();
                    }
                }
            }

            return assembler.Finish();
        }

        private void ReadTrace()
        {
            assembler.BeginTrace();
            if (!EnterChildren(out var depth))
            {
                return;
            }

            while (NextChild(depth))
            {
                var name = reader.LocalName;
                if ((object)name == nameEvent)
                {
                    ReadEvent();
                }
                else if (XesUtf8Parser.TryKind(name, out var kind))
                {
                    if (ReadAttribute() is ({ } key, var value))
                    {
                        assembler.TraceAttribute(kind, key, value);
                    }
                }
                else
                {
                    SkipElement();
                }
            }
        }

        private void ReadEvent()
        {
            assembler.BeginEvent(Line);
            var hasChildren = EnterChildren(out var depth);
            while (hasChildren && NextChild(depth))
            {
                if (!XesUtf8Parser.TryKind(reader.LocalName, out var kind))
                {
                    SkipElement();
                    continue;
                }

                if (ReadAttribute() is ({ } key, var value))
                {
                    assembler.EventAttribute(kind, key, value);
                }
            }

            assembler.EndEvent();
        }

        private (string? Key, string Value) ReadAttribute()
        {
            string? key = null;
            var value = string.Empty;
            if (reader.MoveToFirstAttribute())
            {
                do
                {
                    // Attribute names come atomized from the name table: reference comparison suffices.
                    var name = reader.LocalName;
                    if ((object)name == nameKey)
                    {
                        key = reader.Value;
                    }
                    else if ((object)name == nameValue)
                    {
                        value = reader.Value;
                    }
                }
                while (reader.MoveToNextAttribute());
                reader.MoveToElement();
            }

            if (key is null)
            {
                assembler.MissingKey(Line, reader.LocalName);
            }

            SkipElement();
            return (key, value);
        }

        /// <summary>Moves into an element's children; false (and past the element) when it has none.</summary>
        private bool EnterChildren(out int depth)
        {
            depth = reader.Depth;
            if (reader.IsEmptyElement)
            {
                reader.Read();
                return false;
            }

            reader.Read();
            return true;
        }

        /// <summary>Moves to the next child element at <paramref name="depth"/> + 1; false (and past the parent's end tag) when there is none.</summary>
        private bool NextChild(int depth)
        {
            while (!reader.EOF)
            {
                if (reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth)
                {
                    reader.Read();
                    return false;
                }

                if (reader.NodeType == XmlNodeType.Element)
                {
                    return true;
                }

                reader.Read();
            }

            throw new EventLogFormatException("XES ended inside an element", Line);
        }

        private void SkipElement()
        {
            if (reader.IsEmptyElement)
            {
                reader.Read();
            }
            else
            {
                reader.Skip();
            }
        }
    }
}
