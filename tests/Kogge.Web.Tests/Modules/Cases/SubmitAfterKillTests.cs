using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Kogge.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Kogge.Web.Tests.Modules.Cases;

/// <summary>
/// The host runs as its own process and is killed (SIGKILL) while an application is on its way; after the restart
/// the same idempotency key gives exactly one case, whether the first request had committed or not.
/// </summary>
public sealed class SubmitAfterKillTests(KoggeApp app) : IClassFixture<KoggeApp>
{
    private static readonly object Application = new
    {
        service = "gewerbe-anmelden",
        data = new { anlass = "neuerrichtung", rechtsform = "einzelunternehmen", taetigkeit = "Fahrradreparatur", beginn = "2026-12-01", betriebsstaette = "Kröpeliner Straße 1, 18055 Rostock" },
    };

    /// <summary>Kogge.Web.dll as built beside this test project (same configuration).</summary>
    private static string HostDll()
    {
        var bin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd('/'));
        var configuration = bin.Parent!.Name;
        var root = bin.Parent!.Parent!.Parent!.Parent!.Parent!.FullName;
        return Path.Combine(root, "src", "Kogge.Web", "bin", configuration, bin.Name, "Kogge.Web.dll");
    }

    private Process StartHost(Uri address)
    {
        var start = new ProcessStartInfo("dotnet", [HostDll()])
        {
            WorkingDirectory = Path.GetDirectoryName(HostDll())!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["ASPNETCORE_URLS"] = address.ToString();
        start.Environment["Kogge__Database__Provider"] = TestDatabase.ProviderName;
        start.Environment["Kogge__Database__ConnectionString"] = app.ConnectionString;
        start.Environment["Kogge__Outbox__DispatcherEnabled"] = "false";
        start.Environment["Serilog__MinimumLevel__Default"] = "Warning";
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitReadyAsync(HttpClient client, Process host)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (DateTime.UtcNow < deadline && !host.HasExited)
        {
            try
            {
                if ((await client.GetAsync(new Uri("/health/ready", UriKind.Relative))).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(200);
        }

        Assert.Fail($"The host did not get ready (exited: {host.HasExited}).");
    }

    private static HttpRequestMessage Submit(string token, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/rostock/api/v1/applications", UriKind.Relative)) { Content = JsonContent.Create(Application) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Add("Idempotency-Key", key);
        return request;
    }

    [Fact]
    public async Task SameKey_AfterTheHostWasKilledMidRequest_OneCase()
    {
        Assert.SkipUnless(File.Exists(HostDll()), $"{HostDll()} is not built.");
        var token = (await app.ApiClientAsync("rostock", "ProcessWorker")).DefaultRequestHeaders.Authorization!.Parameter!;
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var address = new Uri($"http://127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}");
        probe.Stop();
        using var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
        var random = new Random(42);

        for (var round = 0; round < 4; round++)
        {
            var key = $"kill-{round}-{Guid.NewGuid():N}";
            var host = StartHost(address);
            try
            {
                await WaitReadyAsync(client, host);
                var inFlight = client.SendAsync(Submit(token, key), TestContext.Current.CancellationToken);
                // Kill at a different moment each round: before, during or after the commit.
                await Task.Delay(random.Next(0, 120 * (round + 1)), TestContext.Current.CancellationToken);
                host.Kill(entireProcessTree: true);
                await host.WaitForExitAsync(TestContext.Current.CancellationToken);
                try
                {
                    (await inFlight).Dispose();
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    // The connection died with the host; the client cannot know whether the case was created.
                }
            }
            finally
            {
                host.Dispose();
            }

            host = StartHost(address);
            try
            {
                await WaitReadyAsync(client, host);
                var again = await client.SendAsync(Submit(token, key), TestContext.Current.CancellationToken);
                Assert.True(again.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, $"{(int)again.StatusCode}: {await again.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)}");
                TestContext.Current.TestOutputHelper?.WriteLine($"round {round}: {(again.StatusCode == HttpStatusCode.OK ? "the killed request had created the case" : "the killed request had not committed; the repetition created the case")}");
                var id = (await again.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("id").GetString();
                var once = await client.SendAsync(Submit(token, key), TestContext.Current.CancellationToken);
                Assert.Equal(HttpStatusCode.OK, once.StatusCode);
                Assert.Equal(id, (await once.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("id").GetString());
                Assert.Equal(1, await app.InTenantAsync("rostock", async (_, db) => await db.Cases.CountAsync(c => c.IdempotencyKey == key)));
            }
            finally
            {
                host.Kill(entireProcessTree: true);
                await host.WaitForExitAsync(TestContext.Current.CancellationToken);
                host.Dispose();
            }
        }
    }
}
