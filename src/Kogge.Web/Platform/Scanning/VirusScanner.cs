using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Kogge.Web.Platform.Scanning;

/// <summary>Section <c>Kogge:Clamd</c>: where ClamAV's daemon listens. Without a socket or host, uploads are not scanned.</summary>
public sealed class ClamdOptions
{
    public const string Section = "Kogge:Clamd";

    /// <summary>A Unix socket, e.g. <c>/run/clamav/clamd.ctl</c> (Debian's clamav-daemon).</summary>
    public string? Socket { get; set; }

    /// <summary>A TCP host, used when no socket is set.</summary>
    public string? Host { get; set; }

    public int Port { get; set; } = 3310;

    /// <summary>How long one scan may take, connection included; a scan that takes longer fails closed.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    public bool Configured => !string.IsNullOrWhiteSpace(Socket) || !string.IsNullOrWhiteSpace(Host);
}

public enum ScanVerdict
{
    /// <summary>No scanner configured: the file is stored unscanned.</summary>
    NotConfigured,

    Clean,

    /// <summary>clamd found a signature; the file must not be stored.</summary>
    Infected,

    /// <summary>clamd could not be asked or answered with an error; the file must not be stored (fail closed).</summary>
    Unavailable,
}

/// <summary>The verdict, with the signature clamd named for an infected file.</summary>
public sealed record ScanResult(ScanVerdict Verdict, string? Signature = null);

/// <summary>
/// Asks clamd about a file with its <c>INSTREAM</c> command: the content goes to the daemon in length-prefixed chunks
/// and never touches a disk. Any failure — no connection, a timeout, an error reply — is
/// <see cref="ScanVerdict.Unavailable"/>, never a pass.
/// </summary>
public sealed class VirusScanner(ClamdOptions options, ILogger<VirusScanner> logger)
{
    private const int ChunkBytes = 64 * 1024;

    public async Task<ScanResult> ScanAsync(ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        if (!options.Configured)
        {
            return new ScanResult(ScanVerdict.NotConfigured);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Timeout);
        try
        {
            var reply = await AskAsync(content, timeout.Token);
            if (reply.EndsWith(" OK", StringComparison.Ordinal))
            {
                return new ScanResult(ScanVerdict.Clean);
            }

            if (reply.EndsWith(" FOUND", StringComparison.Ordinal))
            {
                var signature = reply["stream: ".Length..^" FOUND".Length];
                logger.LogWarning("clamd found {Signature} in an upload of {Bytes} bytes; it was not stored", signature, content.Length);
                return new ScanResult(ScanVerdict.Infected, signature);
            }

            logger.LogError("clamd answered {Reply}; the upload was refused", reply);
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogError("clamd could not be asked ({Error}); the upload was refused", e.Message);
        }

        return new ScanResult(ScanVerdict.Unavailable);
    }

    private async Task<string> AskAsync(ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        using var socket = string.IsNullOrWhiteSpace(options.Socket)
            ? new Socket(SocketType.Stream, ProtocolType.Tcp)
            : new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        EndPoint endpoint = string.IsNullOrWhiteSpace(options.Socket)
            ? new DnsEndPoint(options.Host!, options.Port)
            : new UnixDomainSocketEndPoint(options.Socket);
        await socket.ConnectAsync(endpoint, cancellationToken);
        await using var stream = new NetworkStream(socket, ownsSocket: false);

        await stream.WriteAsync("zINSTREAM\0"u8.ToArray(), cancellationToken);
        var length = new byte[4];
        for (var offset = 0; offset < content.Length; offset += ChunkBytes)
        {
            var chunk = content.Slice(offset, Math.Min(ChunkBytes, content.Length - offset));
            BinaryPrimitives.WriteInt32BigEndian(length, chunk.Length);
            await stream.WriteAsync(length, cancellationToken);
            await stream.WriteAsync(chunk, cancellationToken);
        }

        BinaryPrimitives.WriteInt32BigEndian(length, 0);
        await stream.WriteAsync(length, cancellationToken);
        await stream.FlushAsync(cancellationToken);

        // The reply is one line ending in NUL: "stream: OK", "stream: <signature> FOUND" or "<message> ERROR".
        var reply = new MemoryStream();
        var buffer = new byte[256];
        while (reply.Length < 4096 && await stream.ReadAsync(buffer, cancellationToken) is var read and > 0)
        {
            reply.Write(buffer, 0, read);
            if (buffer[read - 1] == 0)
            {
                break;
            }
        }

        return Encoding.UTF8.GetString(reply.GetBuffer(), 0, (int)reply.Length).TrimEnd('\0', '\n').Trim();
    }
}
