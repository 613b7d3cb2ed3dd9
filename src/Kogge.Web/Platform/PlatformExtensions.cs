using Kogge.Web.Platform.Audit;
using Kogge.Web.Platform.Demo;
using Kogge.Web.Platform.Email;
using Kogge.Web.Platform.Hosting;
using Kogge.Web.Platform.Identity;
using Kogge.Web.Platform.Outbox;
using Kogge.Web.Platform.Persistence;
using Kogge.Web.Platform.Scanning;
using Kogge.Web.Platform.Tenancy;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.HttpOverrides;
using Serilog;

namespace Kogge.Web.Platform;

/// <summary>The two doors of the platform: services in, middleware and endpoints out.</summary>
public static class PlatformExtensions
{
    public static IServiceCollection AddKoggePlatform(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddKoggePersistence(configuration);
        services.AddKoggeIdentity(configuration);
        services.AddSingleton<TenantCatalog>();
        services.AddScoped<AuditLog>();
        services.AddScoped<AuditVerifier>();
        services.AddSingleton(configuration.GetSection(SmtpOptions.Section).Get<SmtpOptions>() ?? new SmtpOptions());
        services.AddSingleton<EmailSender>();
        services.AddSingleton(configuration.GetSection(OutboxOptions.Section).Get<OutboxOptions>() ?? new OutboxOptions());
        services.AddSingleton<EmailOutbox>();
        services.AddSingleton<OutboxDispatcher>();
        services.AddHostedService<OutboxDispatcherService>();
        services.AddSingleton(configuration.GetSection(ClamdOptions.Section).Get<ClamdOptions>() ?? new ClamdOptions());
        services.AddSingleton<VirusScanner>();
        // Keys in the database: every instance behind the proxy reads the cookies the others wrote.
        var keys = services.AddDataProtection().SetApplicationName("Kogge").PersistKeysToDbContext<KoggeDbContext>();
        // In production the keys are encrypted at rest with the operator's certificate (PFX), shared by all instances.
        if (configuration["Kogge:DataProtection:CertificatePath"] is { Length: > 0 } certificate)
        {
            keys.ProtectKeysWithCertificate(System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12FromFile(
                certificate, configuration["Kogge:DataProtection:CertificatePassword"]));
        }

        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = ".Kogge.Antiforgery";
            // One cookie for the whole site: a page outside the municipality (an error page, the platform) would
            // otherwise set a second one at "/" that shadows the municipality's and breaks its open forms.
            o.Cookie.Path = "/";
            o.FormFieldName = "__kogge_csrf";
        });
        return services;
    }

    /// <summary>Migrates (unless switched off) and seeds the demo where that is enabled.</summary>
    public static async Task PrepareKoggeDatabaseAsync(this WebApplication app)
    {
        if (app.Services.GetRequiredService<DatabaseOptions>().MigrateOnStartup)
        {
            await app.Services.MigrateKoggeDatabaseAsync(app.Lifetime.ApplicationStopping);
            if (app.Services.GetService<Bpmn.Storage.EfEngineStore>() is { } processStore)
            {
                await Processes.ProcessEngineSetup.MigrateProcessStoreAsync(processStore, app.Lifetime.ApplicationStopping);
            }
        }

        await using (var scope = app.Services.CreateAsyncScope())
        {
            await DemoData.EnsureRolesAsync(scope.ServiceProvider);
        }

        if (DemoData.IsEnabled(app.Configuration, app.Environment))
        {
            await DemoData.SeedAsync(app.Services, app.Lifetime.ApplicationStopping);
            var url = app.Configuration["urls"]?.Split(';')[0] ?? "http://localhost:5080";
            DemoData.PrintAccounts(Console.Out, url);
        }
    }

    /// <summary>
    /// The Content-Security-Policy of every response. Inline styles are refused everywhere except on the designer's
    /// editor pages: bpmn.io's form and rule editors set style attributes and style elements at run time.
    /// </summary>
    public static string ContentSecurityPolicy(bool inlineStyles) =>
        $"default-src 'self'; img-src 'self' data:; style-src 'self'{(inlineStyles ? " 'unsafe-inline'" : "")}; script-src 'self'; frame-ancestors 'none'; form-action 'self'";

    public static WebApplication UseKoggePlatform(this WebApplication app)
    {
        if (app.Configuration.GetValue<bool>("Kogge:ForwardedHeaders:Enabled"))
        {
            app.UseForwardedHeaders();
        }

        app.Use((context, next) =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "same-origin";
            headers.ContentSecurityPolicy = ContentSecurityPolicy(inlineStyles: false);
            return next(context);
        });
        app.UseMiddleware<TenantResolutionMiddleware>();
        app.UseExceptionHandler("/fehler/500");
        app.UseWhen(c => c.Request.Path.StartsWithSegments("/api"), api => api.UseStatusCodePages());
        app.UseWhen(c => !c.Request.Path.StartsWithSegments("/api"), pages => pages.UseStatusCodePagesWithReExecute("/fehler/{0}"));
        app.UseSerilogRequestLogging(o =>
        {
            o.MessageTemplate = "HTTP {RequestMethod} {RequestPath} responded {StatusCode} in {Elapsed:0.0} ms";
            // A client that hung up is no server error, whatever status the aborted pipeline left behind.
            o.GetLevel = (context, _, error) => context.RequestAborted.IsCancellationRequested ? Serilog.Events.LogEventLevel.Information
                : error is not null || context.Response.StatusCode >= 500 ? Serilog.Events.LogEventLevel.Error
                : Serilog.Events.LogEventLevel.Information;
        });
        app.UseStaticFiles();
        app.UseRequestLocalization();
        app.UseRouting();
        var maxBody = Hosting.HostingExtensions.MaxRequestBodyBytes(app.Configuration);
        app.Use((context, next) =>
        {
            // Kestrel stops longer bodies while streaming; a declared length over the limit is refused up front,
            // also behind servers that do not enforce Kestrel's limit. An endpoint that takes uploads states its own limit.
            var limit = context.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IRequestSizeLimitMetadata>()?.MaxRequestBodySize ?? maxBody;
            if (context.Request.ContentLength > limit && context.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerFeature>() is null)
            {
                throw new BadHttpRequestException("The request body is too large.", StatusCodes.Status413PayloadTooLarge);
            }

            return next(context);
        });
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseMiddleware<StaffTwoFactorGate>();
        app.UseAuthorization();
        app.UseAntiforgery();
        return app;
    }

    public static WebApplication MapKoggeHealth(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") }).AllowAnonymous();
        return app;
    }
}
