using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Unicode;
using Kogge.Mining.EventLogs;

namespace Kogge.Mining.Io.Xes;

/// <summary>
/// Reads UTF-8 XES straight from bytes, one tag at a time, into a <see cref="XesLogAssembler"/>: no string per
/// element or attribute, values decoded into a reused character buffer. It checks what makes XML well-formed
/// for XES (tags nest and match, attributes are quoted, entities are known, the text is valid UTF-8), skips
/// comments, processing instructions, CDATA and the document type declaration without resolving anything, and
/// matches elements by local name like the <see cref="System.Xml.XmlReader"/> path. Files in other encodings
/// take that path (see <see cref="Accepts"/>).
/// The per-tag methods are compiled optimised right away: an import usually runs once in a fresh process
/// (the command line), where tiered compilation would spend much of the time compiling them several times.
/// </summary>
internal sealed class XesUtf8Parser
{
    private const int InitialBuffer = 1 << 20;
    private static readonly SearchValues<byte> NameEnds = SearchValues.Create(" \t\r\n/>=<\"'"u8);
    private static readonly SearchValues<byte> NeedsNormalising = SearchValues.Create("&\r\n\t"u8);

    private readonly Stream input;
    private readonly XesLogAssembler assembler;
    private readonly List<Frame> stack = [];
    private byte[] names = new byte[256];
    private int namesLength;
    private byte[] buffer = new byte[InitialBuffer];
    private int position;
    private int end;
    private bool endOfInput;
    private char[] chars = new char[256];
    private char[] normalized = new char[256];
    private long lines;
    private int linesCountedTo;
    private bool rootSeen;
    private bool rootClosed;

    public XesUtf8Parser(Stream input, XesLogAssembler assembler)
    {
        this.input = input;
        this.assembler = assembler;
    }

    private enum Context
    {
        Log,
        Trace,
        Event,
        Skipped,
    }

    /// <summary>Whether the start of a document is UTF-8 (or ASCII): no UTF-16 byte order mark or zero bytes, no other declared encoding.</summary>
    public static bool Accepts(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            head = head[3..];
        }

        if (head.Length >= 2 && (head[0] == 0 || head[1] == 0 || (head[0] == 0xFE && head[1] == 0xFF) || (head[0] == 0xFF && head[1] == 0xFE)))
        {
            return false;
        }

        if (!head.StartsWith("<?xml"u8))
        {
            return true;
        }

        var close = head.IndexOf("?>"u8);
        var declaration = close < 0 ? head : head[..close];
        var at = declaration.IndexOf("encoding"u8);
        if (at < 0)
        {
            return true;
        }

        var rest = declaration[(at + "encoding".Length)..].TrimStart(" \t\r\n="u8);
        if (rest.Length == 0 || (rest[0] != '"' && rest[0] != '\''))
        {
            return false;
        }

        var quoteEnd = rest[1..].IndexOf(rest[0]);
        if (quoteEnd < 0)
        {
            return false;
        }

        var name = Encoding.ASCII.GetString(rest.Slice(1, quoteEnd));
        return name.Equals("UTF-8", StringComparison.OrdinalIgnoreCase) || name.Equals("UTF8", StringComparison.OrdinalIgnoreCase)
            || name.Equals("US-ASCII", StringComparison.OrdinalIgnoreCase) || name.Equals("ASCII", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The XES attribute type of an element name, or false for other elements.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryKind(ReadOnlySpan<char> name, out AttributeKind kind)
    {
        switch (name)
        {
            case "string": kind = AttributeKind.Text; return true;
            case "date": kind = AttributeKind.Date; return true;
            case "int": kind = AttributeKind.WholeNumber; return true;
            case "float": kind = AttributeKind.Real; return true;
            case "boolean": kind = AttributeKind.Boolean; return true;
            case "id": kind = AttributeKind.Id; return true;
            case "list":
            case "container": kind = AttributeKind.List; return true;
            default: kind = default; return false;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public ImportResult Run()
    {
        Fill();
        if (end - position >= 3 && buffer.AsSpan(position, 3).SequenceEqual((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            position += 3;
        }

        while (true)
        {
            var lt = NextTag();
            if (lt < 0)
            {
                break;
            }

            position = lt;
            while (!TryTag())
            {
                // The tag runs past the buffer: keep it, read on, and parse it again.
                if (!Refill(lt))
                {
                    throw Malformed("the file ends inside a tag");
                }

                lt = position;
            }
        }

        if (!rootSeen)
        {
            throw Malformed("no XES <log> element");
        }

        if (!rootClosed)
        {
            throw new EventLogFormatException("XES ended inside an element", Line(position));
        }

        return assembler.Finish();
    }

    /// <summary>The index of the next '&lt;' (text before it is skipped), or -1 at the end of the input.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int NextTag()
    {
        while (true)
        {
            var text = buffer.AsSpan(position, end - position);
            var lt = text.IndexOf((byte)'<');
            if (lt >= 0)
            {
                if (rootClosed || !rootSeen)
                {
                    RequireWhitespace(text[..lt], position);
                }

                return position + lt;
            }

            if (rootClosed || !rootSeen)
            {
                RequireWhitespace(text, position);
            }

            position = end;
            if (!Refill(position))
            {
                return -1;
            }
        }
    }

    private void RequireWhitespace(ReadOnlySpan<byte> text, int start)
    {
        var at = text.IndexOfAnyExcept(" \t\r\n"u8);
        if (at >= 0)
        {
            var what = rootClosed ? "text after the end of the <log> element" : "text before the <log> element";
            throw new EventLogFormatException($"XES is not well-formed XML: {what}", Line(start + at));
        }
    }

    /// <summary>Parses the tag at <see cref="position"/>; false when the buffer ends before the tag does.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool TryTag()
    {
        var s = buffer.AsSpan(position, end - position);
        if (s.Length < 2)
        {
            return false;
        }

        switch (s[1])
        {
            case (byte)'?':
                return SkipPast(s, "?>"u8);
            case (byte)'!':
                if (s.StartsWith("<!--"u8))
                {
                    return SkipPast(s, "-->"u8);
                }

                if (s.StartsWith("<![CDATA["u8))
                {
                    if (stack.Count == 0)
                    {
                        throw Malformed("CDATA outside the <log> element");
                    }

                    return SkipPast(s, "]]>"u8);
                }

                if (s.Length < 9)
                {
                    return false;
                }

                if (s.StartsWith("<!DOCTYPE"u8) && !rootSeen)
                {
                    return SkipDoctype(s);
                }

                throw Malformed("unexpected '<!'");
            case (byte)'/':
                return TryEndTag(s);
            default:
                return TryStartTag(s);
        }
    }

    private bool SkipPast(ReadOnlySpan<byte> s, ReadOnlySpan<byte> terminator)
    {
        var at = s[2..].IndexOf(terminator);
        if (at < 0)
        {
            return false;
        }

        position += 2 + at + terminator.Length;
        return true;
    }

    /// <summary>Skips a document type declaration, its internal subset included; nothing in it is used or resolved.</summary>
    private bool SkipDoctype(ReadOnlySpan<byte> s)
    {
        var depth = 0;
        byte quote = 0;
        for (var i = 9; i < s.Length; i++)
        {
            var b = s[i];
            if (quote != 0)
            {
                quote = b == quote ? (byte)0 : quote;
            }
            else if (b is (byte)'"' or (byte)'\'')
            {
                quote = b;
            }
            else if (b == '[')
            {
                depth++;
            }
            else if (b == ']')
            {
                depth--;
            }
            else if (b == '>' && depth <= 0)
            {
                position += i + 1;
                return true;
            }
        }

        return false;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool TryEndTag(ReadOnlySpan<byte> s)
    {
        var nameLength = NameLength(s[2..]);
        var i = 2 + nameLength;
        while (i < s.Length && IsSpace(s[i]))
        {
            i++;
        }

        if (i >= s.Length)
        {
            return false;
        }

        if (s[i] != '>' || nameLength == 0)
        {
            throw Malformed("a malformed end tag");
        }

        var name = s.Slice(2, nameLength);
        if (stack.Count == 0)
        {
            throw Malformed($"the end tag </{Encoding.UTF8.GetString(name)}> has no start tag");
        }

        var top = stack[^1];
        var open = names.AsSpan(top.NameStart, namesLength - top.NameStart);
        if (!name.SequenceEqual(open))
        {
            throw Malformed($"the end tag </{Encoding.UTF8.GetString(name)}> does not match <{Encoding.UTF8.GetString(open)}>");
        }

        position += i + 1;
        Close(top);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Close(Frame frame)
    {
        stack.RemoveAt(stack.Count - 1);
        namesLength = frame.NameStart;
        if (frame.Context == Context.Event)
        {
            assembler.EndEvent();
        }
        else if (stack.Count == 0)
        {
            rootClosed = true;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool TryStartTag(ReadOnlySpan<byte> s)
    {
        var nameLength = NameLength(s[1..]);
        if (nameLength == 0)
        {
            throw Malformed("'<' not followed by an element name");
        }

        if (rootClosed)
        {
            throw Malformed("a second root element");
        }

        // Find the end of the tag and the key and value attributes, before anything is handed on.
        var i = 1 + nameLength;
        Range key = default, value = default;
        bool hasKey = false, hasValue = false, empty;
        while (true)
        {
            var spaceStart = i;
            while (i < s.Length && IsSpace(s[i]))
            {
                i++;
            }

            if (i >= s.Length)
            {
                return false;
            }

            if (s[i] == '>')
            {
                empty = false;
                break;
            }

            if (s[i] == '/')
            {
                if (i + 1 >= s.Length)
                {
                    return false;
                }

                if (s[i + 1] != '>')
                {
                    throw Malformed("'/' inside a tag not followed by '>'");
                }

                empty = true;
                i++;
                break;
            }

            if (i == spaceStart)
            {
                throw Malformed("attributes must be separated by white space");
            }

            var attributeLength = NameLength(s[i..]);
            if (attributeLength == 0)
            {
                throw Malformed($"unexpected '{(char)s[i]}' in a tag");
            }

            var attribute = s.Slice(i, attributeLength);
            i += attributeLength;
            while (i < s.Length && IsSpace(s[i]))
            {
                i++;
            }

            if (i >= s.Length)
            {
                return false;
            }

            if (s[i] != '=')
            {
                throw Malformed("an attribute without '='");
            }

            i++;
            while (i < s.Length && IsSpace(s[i]))
            {
                i++;
            }

            if (i >= s.Length)
            {
                return false;
            }

            var quote = s[i];
            if (quote is not ((byte)'"' or (byte)'\''))
            {
                throw Malformed("an attribute value without quotes");
            }

            var close = s[(i + 1)..].IndexOf(quote);
            if (close < 0)
            {
                return false;
            }

            var range = new Range(i + 1, i + 1 + close);
            if (s[range].Contains((byte)'<'))
            {
                throw Malformed("'<' inside an attribute value");
            }

            var local = LocalName(attribute);
            if (local.SequenceEqual("key"u8))
            {
                key = range;
                hasKey = true;
            }
            else if (local.SequenceEqual("value"u8))
            {
                value = range;
                hasValue = true;
            }

            i += close + 2;
        }

        var tagStart = position;
        var name = s.Slice(1, nameLength);
        Open(name, empty, tagStart, hasKey ? key : null, hasValue ? value : null);
        position = tagStart + i + 1;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Open(ReadOnlySpan<byte> name, bool empty, int tagStart, Range? key, Range? value)
    {
        var parent = stack.Count == 0 ? (Context?)null : stack[^1].Context;
        var local = LocalName(name);
        Context context;
        if (parent is null)
        {
            if (rootSeen || !local.SequenceEqual("log"u8))
            {
                throw new EventLogFormatException($"expected a XES <log> element, found <{Encoding.UTF8.GetString(local)}>", Line(tagStart));
            }

            rootSeen = true;
            context = Context.Log;
        }
        else if (parent == Context.Log && local.SequenceEqual("trace"u8))
        {
            assembler.BeginTrace();
            context = Context.Trace;
        }
        else if (parent == Context.Trace && local.SequenceEqual("event"u8))
        {
            assembler.BeginEvent(Line(tagStart));
            context = Context.Event;
        }
        else
        {
            // Attributes are read from their own tag; their children (nested attributes, list items) are skipped.
            context = Context.Skipped;
            if (parent != Context.Skipped && TryKind(Ascii(local), out var kind))
            {
                if (key is { } k)
                {
                    var keyText = Decode(buffer.AsSpan(tagStart)[k], ref chars, tagStart);
                    var valueText = value is { } v ? Decode(buffer.AsSpan(tagStart)[v], ref normalized, tagStart) : default;
                    switch (parent)
                    {
                        case Context.Log: assembler.LogAttribute(kind, keyText, valueText); break;
                        case Context.Trace: assembler.TraceAttribute(kind, keyText, valueText); break;
                        default: assembler.EventAttribute(kind, keyText, valueText); break;
                    }
                }
                else
                {
                    assembler.MissingKey(Line(tagStart), Encoding.UTF8.GetString(local));
                }
            }
        }

        // Open element names live in one array used as a stack: no allocation per element.
        if (namesLength + name.Length > names.Length)
        {
            Array.Resize(ref names, Math.Max(names.Length * 2, namesLength + name.Length));
        }

        var frame = new Frame(namesLength, context);
        name.CopyTo(names.AsSpan(namesLength));
        namesLength += name.Length;
        stack.Add(frame);
        if (empty)
        {
            Close(frame);
        }
    }

    /// <summary>An element's local name as characters, for the names XES uses (ASCII); others map to nothing known.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private ReadOnlySpan<char> Ascii(ReadOnlySpan<byte> name)
    {
        if (name.Length > 16)
        {
            return default;
        }

        var length = Encoding.ASCII.GetChars(name, chars);
        return chars.AsSpan(0, length);
    }

    /// <summary>
    /// An attribute value as characters: UTF-8 decoded, line ends and tabs normalised to spaces and entity
    /// references replaced, as XML prescribes for attribute values.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private ReadOnlySpan<char> Decode(ReadOnlySpan<byte> bytes, ref char[] target, int tagStart)
    {
        if (target.Length < bytes.Length)
        {
            target = new char[Math.Max(bytes.Length, target.Length * 2)];
        }

        if (Utf8.ToUtf16(bytes, target, out _, out var written, replaceInvalidSequences: false) != OperationStatus.Done)
        {
            throw new EventLogFormatException("XES text is not valid UTF-8", Line(tagStart));
        }

        var text = target.AsSpan(0, written);
        if (!bytes.ContainsAny(NeedsNormalising))
        {
            return text;
        }

        var special = text.IndexOfAny(['&', '\r', '\n', '\t']);

        // Rare: normalise in place; the result is never longer than the input.
        var o = special;
        for (var i = special; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\r')
            {
                text[o++] = ' ';
                if (i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }
            }
            else if (c is '\n' or '\t')
            {
                text[o++] = ' ';
            }
            else if (c == '&')
            {
                var semicolon = text[i..].IndexOf(';');
                if (semicolon < 0)
                {
                    throw new EventLogFormatException("XES is not well-formed XML: '&' without ';'", Line(tagStart));
                }

                var entity = text.Slice(i + 1, semicolon - 1);
                var decoded = Entity(entity, tagStart);
                i += semicolon;
                if (decoded <= 0xFFFF)
                {
                    text[o++] = (char)decoded;
                }
                else
                {
                    // A character beyond the basic plane needs two chars; its reference had at least six.
                    var rune = new Rune(decoded);
                    o += rune.EncodeToUtf16(text[o..]);
                }
            }
            else
            {
                text[o++] = c;
            }
        }

        return text[..o];
    }

    private int Entity(ReadOnlySpan<char> entity, int tagStart)
    {
        switch (entity)
        {
            case "lt": return '<';
            case "gt": return '>';
            case "amp": return '&';
            case "quot": return '"';
            case "apos": return '\'';
        }

        if (entity.Length > 1 && entity[0] == '#')
        {
            var hex = entity[1] == 'x';
            var digits = hex ? entity[2..] : entity[1..];
            if (int.TryParse(digits, hex ? System.Globalization.NumberStyles.AllowHexSpecifier : System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var code)
                && Rune.IsValid(code) && code != 0)
            {
                return code;
            }
        }

        throw new EventLogFormatException($"XES is not well-formed XML: unknown entity '&{entity.ToString()};'", Line(tagStart));
    }

    private static ReadOnlySpan<byte> LocalName(ReadOnlySpan<byte> name)
    {
        var colon = name.LastIndexOf((byte)':');
        return colon < 0 ? name : name[(colon + 1)..];
    }

    /// <summary>The length of the XML name at the start of <paramref name="s"/>: up to white space or a delimiter.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int NameLength(ReadOnlySpan<byte> s)
    {
        var n = s.IndexOfAny(NameEnds);
        n = n < 0 ? s.Length : n;
        if (n > 0 && (s[0] is (byte)'-' or (byte)'.' || char.IsAsciiDigit((char)s[0])))
        {
            return 0;
        }

        return n;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n';

    private EventLogFormatException Malformed(string what) => new($"XES is not well-formed XML: {what}", Line(position));

    /// <summary>The 1-based line of a buffer index; newlines are counted once, as the reading moves on.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private long Line(int index)
    {
        if (index > linesCountedTo)
        {
            lines += buffer.AsSpan(linesCountedTo, index - linesCountedTo).Count((byte)'\n');
            linesCountedTo = index;
        }

        return lines + 1 - buffer.AsSpan(index, linesCountedTo - index).Count((byte)'\n');
    }

    private void Fill()
    {
        while (end < buffer.Length)
        {
            var n = input.Read(buffer, end, buffer.Length - end);
            if (n == 0)
            {
                endOfInput = true;
                return;
            }

            end += n;
        }
    }

    /// <summary>Keeps the bytes from <paramref name="keepFrom"/> on, reads more after them; false when nothing more came.</summary>
    private bool Refill(int keepFrom)
    {
        if (endOfInput)
        {
            return false;
        }

        Line(keepFrom);
        var kept = end - keepFrom;
        if (kept == buffer.Length)
        {
            // One tag longer than the buffer: grow it.
            Array.Resize(ref buffer, buffer.Length * 2);
        }
        else
        {
            buffer.AsSpan(keepFrom, kept).CopyTo(buffer);
        }

        linesCountedTo -= keepFrom;
        position -= keepFrom;
        end = kept;
        var before = end;
        Fill();
        return end > before;
    }

    private readonly record struct Frame(int NameStart, Context Context);
}
