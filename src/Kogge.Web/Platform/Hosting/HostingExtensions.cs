using System.Globalization;
using Kogge.Web.Platform.Persistence;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Localization;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Serilog;
using Serilog.Formatting.Compact;

namespace Kogge.Web.Platform.Hosting;

public static class HostingExtensions
{
    /// <summary>The largest request body the host takes where an endpoint states no limit of its own (1 MiB unless configured).</summary>
    public static long MaxRequestBodyBytes(IConfiguration configuration) => configuration.GetValue<long?>("Kogge:Limits:MaxRequestBodyBytes") ?? 1_048_576;

    public static readonly CultureInfo[] Cultures = [new("de-DE"), new("en-GB")];

    /// <summary>Logging, telemetry, limits, problem details, localization and health checks.</summary>
    public static WebApplicationBuilder AddKoggeHosting(this WebApplicationBuilder builder)
    {
        var development = builder.Environment.IsDevelopment();
        builder.Services.AddSerilog((services, log) =>
        {
            log.ReadFrom.Configuration(builder.Configuration)
                .MinimumLevel.Override("Microsoft.AspNetCore", Serilog.Events.LogEventLevel.Warning)
                .MinimumLevel.Override("Microsoft.EntityFrameworkCore", Serilog.Events.LogEventLevel.Warning)
                .Enrich.FromLogContext();
            if (development)
            {
                log.WriteTo.Console(formatProvider: CultureInfo.InvariantCulture);
            }
            else
            {
                log.WriteTo.Console(new RenderedCompactJsonFormatter());
            }
        });

        var otlp = builder.Configuration["Kogge:Telemetry:OtlpEndpoint"] ?? builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        if (!string.IsNullOrEmpty(otlp))
        {
            // OTLP over gRPC by default; "http/protobuf" for collectors that only take HTTP (signal paths appended).
            var http = string.Equals(builder.Configuration["Kogge:Telemetry:OtlpProtocol"], "http/protobuf", StringComparison.OrdinalIgnoreCase);
            void Exporter(OpenTelemetry.Exporter.OtlpExporterOptions o, string signal)
            {
                o.Protocol = http ? OpenTelemetry.Exporter.OtlpExportProtocol.HttpProtobuf : OpenTelemetry.Exporter.OtlpExportProtocol.Grpc;
                o.Endpoint = new Uri(http ? otlp.TrimEnd('/') + "/v1/" + signal : otlp);
            }

            builder.Services.AddOpenTelemetry()
                .ConfigureResource(r => r.AddService("kogge"))
                .WithTracing(t => t.AddAspNetCoreInstrumentation().AddOtlpExporter(o => Exporter(o, "traces")))
                .WithMetrics(m => m.AddAspNetCoreInstrumentation()
                    .AddMeter("Microsoft.AspNetCore.Server.Kestrel", "System.Net.Http")
                    .AddOtlpExporter(o => Exporter(o, "metrics")));
        }

        var maxBody = MaxRequestBodyBytes(builder.Configuration);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = maxBody;
            k.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
            k.AddServerHeader = false;
        });
        builder.Services.Configure<Microsoft.AspNetCore.Http.Features.FormOptions>(o =>
        {
            o.ValueCountLimit = 500;
            o.ValueLengthLimit = 256 * 1024;
            o.MultipartBodyLengthLimit = maxBody;
        });
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));
        builder.Services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // Behind the city's reverse proxy; its address is configured, never trusted by default.
            foreach (var proxy in builder.Configuration.GetSection("Kogge:ForwardedHeaders:KnownProxies").Get<string[]>() ?? [])
            {
                o.KnownProxies.Add(System.Net.IPAddress.Parse(proxy));
            }
        });

        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
            ctx.ProblemDetails.Extensions["correlationId"] = KoggeExceptionHandler.CorrelationId(ctx.HttpContext));
        builder.Services.AddExceptionHandler<KoggeExceptionHandler>();
        builder.Services.AddLocalization(o => o.ResourcesPath = "Resources");
        builder.Services.Configure<RequestLocalizationOptions>(o =>
        {
            o.DefaultRequestCulture = new RequestCulture(Cultures[0]);
            o.SupportedCultures = Cultures;
            o.SupportedUICultures = Cultures;
            o.RequestCultureProviders = [new CookieRequestCultureProvider(), new QueryStringRequestCultureProvider()];
        });
        builder.Services.AddHealthChecks().AddDbContextCheck<KoggeDbContext>("database", tags: ["ready"]);
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddSingleton(TimeProvider.System);
        return builder;
    }
}
