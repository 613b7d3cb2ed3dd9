using System.IO.Compression;

namespace Kogge.Mining.Io;

/// <summary>Opens log files, recognising gzip by its magic bytes rather than by the file name.</summary>
internal static class InputStreams
{
    public static Stream OpenFile(string path) =>
        new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);

    public static Stream Decompressed(Stream stream)
    {
        var whole = Peek(stream, 2, out var head);
        return head.Length == 2 && head[0] == 0x1f && head[1] == 0x8b
            ? new BufferedStream(new GZipStream(whole, CompressionMode.Decompress, leaveOpen: true), 1 << 16)
            : whole;
    }

    /// <summary>Reads up to <paramref name="count"/> bytes and returns a stream that still starts with them.</summary>
    public static Stream Peek(Stream stream, int count, out byte[] head)
    {
        var buffer = new byte[count];
        var read = 0;
        while (read < count)
        {
            var n = stream.Read(buffer, read, count - read);
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        head = buffer.AsSpan(0, read).ToArray();
        if (stream.CanSeek)
        {
            stream.Seek(-read, SeekOrigin.Current);
            return stream;
        }

        return new PrefixedStream(head, stream);
    }

    private sealed class PrefixedStream(ReadOnlyMemory<byte> prefix, Stream inner) : Stream
    {
        private ReadOnlyMemory<byte> rest = prefix;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (rest.Length > 0)
            {
                var n = Math.Min(rest.Length, buffer.Length);
                rest.Span[..n].CopyTo(buffer);
                rest = rest[n..];
                return n;
            }

            return inner.Read(buffer);
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
