using System.Threading.RateLimiting;

namespace Kogge.Web.Modules.Account;

public static class AccountExtensions
{
    public const string SignInRateLimit = "signin";

    /// <summary>
    /// Sign-in and registration are throttled per client address on top of Identity's per-account lockout, so that
    /// guessing across many accounts is slow too.
    /// </summary>
    public static IServiceCollection AddAccount(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<SignInLinks>();
        var permits = configuration.GetValue<int?>("Kogge:Limits:SignInPerMinute") ?? 30;
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(SignInRateLimit, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        });
        return services;
    }

    /// <summary>An absolute link into this municipality, for e-mails.</summary>
    public static string AbsoluteLink(this HttpRequest request, IConfiguration configuration, string pathAndQuery)
    {
        var configured = configuration["Kogge:PublicBaseUrl"];
        var origin = string.IsNullOrEmpty(configured) ? $"{request.Scheme}://{request.Host}" : configured.TrimEnd('/');
        return origin + pathAndQuery;
    }
}
