using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Kogge.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace Kogge.Web.Tests.Platform;

/// <summary>With an OTLP endpoint configured, request traces reach the collector.</summary>
public sealed class TelemetryTests : IAsyncLifetime
{
    private readonly HttpListener _collector = new();
    private readonly ConcurrentQueue<string> _received = new();
    private TracingApp? _app;

    public ValueTask InitializeAsync()
    {
        var port = FreePort();
        _collector.Prefixes.Add($"http://127.0.0.1:{port}/");
        _collector.Start();
        _ = Task.Run(async () =>
        {
            while (_collector.IsListening)
            {
                try
                {
                    var context = await _collector.GetContextAsync();
                    _received.Enqueue($"{context.Request.HttpMethod} {context.Request.Url!.AbsolutePath} {context.Request.ContentType}");
                    context.Response.StatusCode = 200;
                    context.Response.Close();
                }
                catch (HttpListenerException)
                {
                    return;
                }
                catch (ObjectDisposedException)
                {
                    return;
                }
            }
        });
        _app = new TracingApp($"http://127.0.0.1:{port}");
        return _app.InitializeAsync();
    }

    [Fact]
    public async Task Request_WithOtlpEndpoint_TraceIsExported()
    {
        var response = await _app!.Browser().GetAsync(new Uri("/rostock/", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        // The server ends the request's activity just after the client has the response; flush until it arrives.
        var tracer = _app.Services.GetRequiredService<TracerProvider>();
        for (var i = 0; i < 50 && !_received.Any(r => r.Contains("/v1/traces", StringComparison.Ordinal)); i++)
        {
            Assert.True(tracer.ForceFlush(10_000));
            await Task.Delay(100);
        }

        Assert.True(_received.Any(r => r.StartsWith("POST /v1/traces application/x-protobuf", StringComparison.Ordinal)), "received: " + string.Join("; ", _received));
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        _collector.Close();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class TracingApp(string endpoint) : KoggeApp(new Dictionary<string, string?>
    {
        ["Kogge:Telemetry:OtlpEndpoint"] = endpoint,
        ["Kogge:Telemetry:OtlpProtocol"] = "http/protobuf",
    });
}
