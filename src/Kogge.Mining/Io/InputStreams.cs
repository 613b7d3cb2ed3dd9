using System.IO.Compression;

namespace Kogge.Mining.Io;

/// <summary>Opens log files, recognising gzip by its magic bytes rather than by the file name.</summary>
internal static class InputStreams
{
    public static Stream OpenFile(string path) =>
        new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);

    public static Stream Decompressed(Stream stream)
    {
        var head = new byte[2];
        var read = 0;
        while (read < 2)
        {
            var n = stream.Read(head, read, 2 - read);
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        Stream whole;
        if (stream.CanSeek)
        {
            stream.Seek(-read, SeekOrigin.Current);
            whole = stream;
        }
        else
        {
            whole = new PrefixedStream(head.AsMemory(0, read), stream);
        }

        return read == 2 && head[0] == 0x1f && head[1] == 0x8b
            ? new BufferedStream(new GZipStream(whole, CompressionMode.Decompress), 1 << 16)
            : whole;
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
