using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace Kogge.Web.Tests.Platform.Scanning;

/// <summary>
/// A real ClamAV daemon (Debian's clamav-daemon, <c>/usr/sbin/clamd</c>) on a Unix socket in a temporary folder. Its
/// database holds one signature for the EICAR test string, so it starts in a second and needs no download.
/// Without clamd the tests are skipped with a message, unless <c>KOGGE_REQUIRE_CLAMD=1</c> (CI), then they fail.
/// </summary>
public sealed class Clamd : IAsyncLifetime
{
    public const string Executable = "/usr/sbin/clamd";

    /// <summary>The EICAR anti-virus test string: harmless, and every scanner reports it.</summary>
    public static readonly byte[] Eicar = Encoding.ASCII.GetBytes(@"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*");

    private readonly string _folder = Directory.CreateTempSubdirectory("kogge-clamd-").FullName;
    private Process? _process;
    private string? _unavailable;

    public string Socket => Path.Combine(_folder, "clamd.sock");

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(Executable))
        {
            _unavailable = $"{Executable} is missing (Debian package clamav-daemon); the virus scan tests need it.";
            return;
        }

        var database = Directory.CreateDirectory(Path.Combine(_folder, "db")).FullName;
        await File.WriteAllTextAsync(Path.Combine(database, "kogge-test.ndb"), $"Kogge-Test-EICAR:0:*:{Convert.ToHexStringLower(Eicar)}\n");
        var config = Path.Combine(_folder, "clamd.conf");
        await File.WriteAllTextAsync(config, $"""
            LocalSocket {Socket}
            DatabaseDirectory {database}
            Foreground yes
            LogFile {Path.Combine(_folder, "clamd.log")}
            """);
        _process = Process.Start(new ProcessStartInfo(Executable, ["-c", config]) { RedirectStandardOutput = true, RedirectStandardError = true })
            ?? throw new InvalidOperationException($"{Executable} did not start.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline && !_process.HasExited)
        {
            if (await AnswersAsync())
            {
                return;
            }

            await Task.Delay(100);
        }

        _unavailable = $"clamd did not answer on {Socket} within 60 s: " + (File.Exists(Path.Combine(_folder, "clamd.log")) ? await File.ReadAllTextAsync(Path.Combine(_folder, "clamd.log")) : "no log");
        if (Environment.GetEnvironmentVariable("KOGGE_REQUIRE_CLAMD") == "1")
        {
            throw new InvalidOperationException(_unavailable);
        }
    }

    /// <summary>Skips the calling test when clamd is not there (fails instead with <c>KOGGE_REQUIRE_CLAMD=1</c>).</summary>
    public void Require()
    {
        if (_unavailable is null)
        {
            return;
        }

        if (Environment.GetEnvironmentVariable("KOGGE_REQUIRE_CLAMD") == "1")
        {
            Assert.Fail(_unavailable + " KOGGE_REQUIRE_CLAMD=1 is set, so this is a failure.");
        }

        Assert.Skip(_unavailable);
    }

    private async Task<bool> AnswersAsync()
    {
        try
        {
            using var socket = new System.Net.Sockets.Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(Socket));
            await socket.SendAsync("zPING\0"u8.ToArray());
            var buffer = new byte[16];
            var read = await socket.ReceiveAsync(buffer);
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("PONG", StringComparison.Ordinal);
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>Stops the daemon, as when it crashed; scans must then fail closed.</summary>
    public void Stop()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            _process.WaitForExit(5000);
        }
    }

    public ValueTask DisposeAsync()
    {
        Stop();
        _process?.Dispose();
        Directory.Delete(_folder, recursive: true);
        return ValueTask.CompletedTask;
    }
}
