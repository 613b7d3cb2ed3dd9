using System.Net;
using System.Net.Sockets;
using Kogge.Web.Platform.Scanning;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kogge.Web.Tests.Platform.Scanning;

/// <summary><see cref="VirusScanner"/> against a real clamd, and how it fails closed when clamd cannot answer.</summary>
public sealed class VirusScannerTests(Clamd clamd) : IClassFixture<Clamd>
{
    private static VirusScanner Scanner(ClamdOptions options) => new(options, NullLogger<VirusScanner>.Instance);

    [Fact]
    public async Task Clamd_FindsEicar_AlsoInsideAPdfAndBehindTheFirstChunk_AndPassesCleanFiles()
    {
        clamd.Require();
        var scanner = Scanner(new ClamdOptions { Socket = clamd.Socket });
        var pdf = "%PDF-1.7\n% Antrag\n"u8.ToArray();
        var large = new byte[3 * 1024 * 1024];
        new Random(7).NextBytes(large);

        var eicar = await scanner.ScanAsync(Clamd.Eicar, TestContext.Current.CancellationToken);
        Assert.Equal(ScanVerdict.Infected, eicar.Verdict);
        Assert.Equal("Kogge-Test-EICAR.UNOFFICIAL", eicar.Signature);
        Assert.Equal(ScanVerdict.Infected, (await scanner.ScanAsync((byte[])[.. pdf, .. Clamd.Eicar], TestContext.Current.CancellationToken)).Verdict);
        Assert.Equal(ScanVerdict.Infected, (await scanner.ScanAsync((byte[])[.. pdf, .. large, .. Clamd.Eicar], TestContext.Current.CancellationToken)).Verdict);
        Assert.Equal(ScanVerdict.Clean, (await scanner.ScanAsync(pdf, TestContext.Current.CancellationToken)).Verdict);
        Assert.Equal(ScanVerdict.Clean, (await scanner.ScanAsync((byte[])[.. pdf, .. large], TestContext.Current.CancellationToken)).Verdict);
    }

    [Fact]
    public async Task NoClamd_IsUnavailable_NeverClean()
    {
        var missingSocket = Scanner(new ClamdOptions { Socket = Path.Combine(Path.GetTempPath(), $"kogge-no-clamd-{Guid.NewGuid():N}.sock") });
        Assert.Equal(ScanVerdict.Unavailable, (await missingSocket.ScanAsync(Clamd.Eicar, TestContext.Current.CancellationToken)).Verdict);

        // A port nobody listens on.
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var closedPort = Scanner(new ClamdOptions { Host = "127.0.0.1", Port = port });
        Assert.Equal(ScanVerdict.Unavailable, (await closedPort.ScanAsync("%PDF-1.7"u8.ToArray(), TestContext.Current.CancellationToken)).Verdict);

        Assert.Equal(ScanVerdict.NotConfigured, (await Scanner(new ClamdOptions()).ScanAsync(Clamd.Eicar, TestContext.Current.CancellationToken)).Verdict);
    }

    [Fact]
    public async Task ADaemonThatNeverAnswers_TimesOutAsUnavailable()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var accepted = silent.AcceptTcpClientAsync(TestContext.Current.CancellationToken);
        var scanner = Scanner(new ClamdOptions { Host = "127.0.0.1", Port = ((IPEndPoint)silent.LocalEndpoint).Port, Timeout = TimeSpan.FromMilliseconds(500) });

        Assert.Equal(ScanVerdict.Unavailable, (await scanner.ScanAsync("%PDF-1.7"u8.ToArray(), TestContext.Current.CancellationToken)).Verdict);
        (await accepted).Dispose();
    }

    [Fact]
    public async Task AnErrorReply_IsUnavailable()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var server = Task.Run(async () =>
        {
            using var client = await listener.AcceptTcpClientAsync(TestContext.Current.CancellationToken);
            var stream = client.GetStream();
            _ = await stream.ReadAsync(new byte[1024], TestContext.Current.CancellationToken);
            await stream.WriteAsync("INSTREAM size limit exceeded. ERROR\0"u8.ToArray(), TestContext.Current.CancellationToken);
        }, TestContext.Current.CancellationToken);
        var scanner = Scanner(new ClamdOptions { Host = "127.0.0.1", Port = ((IPEndPoint)listener.LocalEndpoint).Port });

        Assert.Equal(ScanVerdict.Unavailable, (await scanner.ScanAsync("%PDF-1.7"u8.ToArray(), TestContext.Current.CancellationToken)).Verdict);
        await server;
    }
}
