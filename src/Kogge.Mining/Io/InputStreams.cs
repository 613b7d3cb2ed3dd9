using System.Collections.Concurrent;
using System.IO.Compression;
using System.Runtime.ExceptionServices;

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
            ? new BackgroundGzipStream(whole)
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

    /// <summary>
    /// Decompresses gzip on a thread of its own, a few blocks ahead of the reader: inflating costs about as much
    /// as parsing, so on two cores an import of a .xes.gz takes little longer than one of the plain file.
    /// Errors of the gzip data surface on the reading thread.
    /// </summary>
    private sealed class BackgroundGzipStream : ForwardReadStream
    {
        private const int BlockSize = 1 << 20;
        private const int Blocks = 4;
        private readonly BlockingCollection<(byte[] Buffer, int Count)> full = new(Blocks);
        private readonly BlockingCollection<byte[]> free = new(Blocks);
        private readonly CancellationTokenSource stop = new();
        private readonly Thread producer;
        private ExceptionDispatchInfo? failure;
        private byte[]? current;
        private int position;
        private int count;

        public BackgroundGzipStream(Stream compressed)
        {
            for (var i = 0; i < Blocks; i++)
            {
                free.Add(new byte[BlockSize]);
            }

            producer = new Thread(() => Inflate(compressed)) { IsBackground = true, Name = "Kogge.Mining gzip" };
            producer.Start();
        }


        public override int Read(Span<byte> buffer)
        {
            while (current is null || position == count)
            {
                if (current is not null)
                {
                    free.Add(current);
                    current = null;
                }

                if (!full.TryTake(out var block, Timeout.Infinite))
                {
                    // The producer has finished: the end of the data, or an error to pass on.
                    failure?.Throw();
                    return 0;
                }

                (current, count) = block;
                position = 0;
            }

            var n = Math.Min(buffer.Length, count - position);
            current.AsSpan(position, n).CopyTo(buffer);
            position += n;
            return n;
        }


        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                // The caller disposes the compressed stream next: the producer must have stopped reading it.
                stop.Cancel();
                producer.Join();
                stop.Dispose();
                full.Dispose();
                free.Dispose();
            }

            base.Dispose(disposing);
        }

        private void Inflate(Stream compressed)
        {
            try
            {
                using var gzip = new GZipStream(compressed, CompressionMode.Decompress, leaveOpen: true);
                while (true)
                {
                    var buffer = free.Take(stop.Token);
                    var filled = 0;
                    int n;
                    while (filled < buffer.Length && (n = gzip.Read(buffer, filled, buffer.Length - filled)) > 0)
                    {
                        filled += n;
                    }

                    if (filled == 0)
                    {
                        break;
                    }

                    full.Add((buffer, filled), stop.Token);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // The reader stopped early (an error or cancellation on its side).
            }
#pragma warning disable CA1031 // Every failure goes to the reading thread and is thrown there; on this thread it would end the process.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                failure = ExceptionDispatchInfo.Capture(ex);
            }
            finally
            {
                full.CompleteAdding();
            }
        }
    }

    private sealed class PrefixedStream(ReadOnlyMemory<byte> prefix, Stream inner) : ForwardReadStream
    {
        private ReadOnlyMemory<byte> rest = prefix;


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

    }

    /// <summary>A stream that is only read, front to back.</summary>
    private abstract class ForwardReadStream : Stream
    {
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

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
