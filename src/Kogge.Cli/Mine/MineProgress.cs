using System.Diagnostics;
using System.Globalization;

namespace Kogge.Cli.Mine;

/// <summary>
/// Progress of an analysis on standard error: on a terminal a bar redrawn in place (bytes read while importing,
/// then one bar over the analysis steps); otherwise plain lines a log file or CI output can keep.
/// </summary>
internal sealed class MineProgress(TextWriter error, bool terminal)
{
    private const int BarWidth = 30;
    private readonly Stopwatch watch = new();
    private int steps;
    private int done;
    private int lastPercent = -1;

    public bool Terminal { get; } = terminal;

    /// <summary>Announces how many steps follow the import.</summary>
    public void Plan(int stepCount)
    {
        steps = stepCount;
        done = 0;
    }

    /// <summary>Bytes of a file read so far.</summary>
    public void Bytes(string label, long read, long length)
    {
        var percent = length <= 0 ? 100 : (int)Math.Min(100, read * 100 / length);
        if (percent == lastPercent)
        {
            return;
        }

        if (Terminal)
        {
            lastPercent = percent;
            error.Write(string.Create(CultureInfo.InvariantCulture, $"\r{Bar(percent / 100.0)} {percent,3} % {label}\u001b[K"));
        }
        else if (percent / 25 != lastPercent / 25 || lastPercent < 0)
        {
            lastPercent = percent;
            error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{label}: {percent} %"));
        }
    }

    /// <summary>Ends the byte progress of one file.</summary>
    public void BytesDone(string label, string summary)
    {
        if (Terminal)
        {
            error.Write($"\r{Bar(1)} 100 % {label}\u001b[K\n");
        }

        error.WriteLine($"{label}: {summary}");
        lastPercent = -1;
    }

    /// <summary>Runs one analysis step and reports it with its duration.</summary>
    public T Step<T>(string name, Func<T> work)
    {
        var position = string.Create(CultureInfo.InvariantCulture, $"[{done + 1}/{Math.Max(steps, done + 1)}]");
        if (Terminal)
        {
            error.Write($"\r{Bar(steps == 0 ? 0 : (double)done / steps)} {position} {name} …\u001b[K");
        }

        watch.Restart();
        var result = work();
        done++;
        var seconds = watch.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);
        if (Terminal)
        {
            error.Write($"\r{Bar(steps == 0 ? 1 : (double)done / steps)} {position} {name} ({seconds} s)\u001b[K");
            error.Write(done >= steps ? "\n" : string.Empty);
        }
        else
        {
            error.WriteLine($"{position} {name} ({seconds} s)");
        }

        return result;
    }

    private static string Bar(double fraction)
    {
        var filled = (int)Math.Round(Math.Clamp(fraction, 0, 1) * BarWidth);
        return "[" + new string('#', filled) + new string('-', BarWidth - filled) + "]";
    }
}

/// <summary>A read-only view of a file that tells how far it has been read.</summary>
internal sealed class ProgressStream(Stream inner, Action<long> onRead) : Stream
{
    private long lastReported = -1;

    public override bool CanRead => true;

    public override bool CanSeek => inner.CanSeek;

    public override bool CanWrite => false;

    public override long Length => inner.Length;

    public override long Position
    {
        get => inner.Position;
        set => inner.Position = value;
    }

    public override int Read(byte[] buffer, int offset, int count) => Report(inner.Read(buffer, offset, count));

    public override int Read(Span<byte> buffer) => Report(inner.Read(buffer));

    public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Report(int read)
    {
        var position = inner.Position;
        // Reporting every read of a 64 KiB buffer is plenty; smaller reads (XML peeks) are batched.
        if (position - lastReported >= 1 << 16 || read == 0)
        {
            lastReported = position;
            onRead(position);
        }

        return read;
    }
}
