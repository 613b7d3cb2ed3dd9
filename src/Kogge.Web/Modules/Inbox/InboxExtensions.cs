using Kogge.Web.Platform.Identity;
using Microsoft.AspNetCore.Authorization;

namespace Kogge.Web.Modules.Inbox;

/// <summary>The clerks' inbox and task pages; found by Razor Pages.</summary>
public static class InboxExtensions
{
    /// <summary>Clerks of the municipality work its tasks.</summary>
    public const string ClerkPolicy = "Clerk";

    public static IServiceCollection AddInbox(this IServiceCollection services)
    {
        services.AddScoped<ClerkInbox>();
        services.AddScoped<TaskActions>();
        services.Configure<AuthorizationOptions>(o => o.AddPolicy(ClerkPolicy, new AuthorizationPolicyBuilder()
            .RequireAuthenticatedUser()
            .AddRequirements(new SameTenantRequirement())
            .RequireRole(Roles.Clerk)
            .Build()));
        return services;
    }
}
