using Kogge.Web.Platform.Api;
using Kogge.Web.Platform.Tenancy;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Kogge.Web.Platform.Identity;

public static class IdentityExtensions
{
    public const string StaffPolicy = "Staff";
    public const string TenantAdminPolicy = "TenantAdmin";
    public const string PlatformAdminPolicy = "PlatformAdmin";
    public const string ApiPolicy = "Api";

    public static IServiceCollection AddKoggeIdentity(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddIdentity<KoggeUser, KoggeRole>(o =>
            {
                // Length and common-password rules live in PasswordRules; composition rules only annoy people.
                o.Password.RequiredLength = PasswordRules.CitizenMinimumLength;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequiredUniqueChars = 4;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Lockout.AllowedForNewUsers = true;
                o.SignIn.RequireConfirmedEmail = true;
                o.User.RequireUniqueEmail = true;
                o.Tokens.AuthenticatorTokenProvider = OneTimeAuthenticatorCodes.Name;
            })
            .AddEntityFrameworkStores<Persistence.KoggeDbContext>()
            .AddDefaultTokenProviders()
            .AddTokenProvider<OneTimeAuthenticatorCodes>(OneTimeAuthenticatorCodes.Name)
            .AddTokenProvider<SignInLinkTokens>(SignInLinkTokens.ProviderName)
            .AddPasswordValidator<PasswordRules>()
            .AddClaimsPrincipalFactory<KoggeClaimsFactory>()
            .AddErrorDescriber<GermanIdentityErrors>();

        var cookies = new TenantCookieManager();
        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = ".Kogge.Auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.CookieManager = cookies;
            o.LoginPath = "/konto/anmelden";
            o.LogoutPath = "/konto/abmelden";
            o.AccessDeniedPath = "/fehler/403";
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
            o.Events.OnRedirectToLogin = ctx => ApiAwareRedirect(ctx, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = ctx => ApiAwareRedirect(ctx, StatusCodes.Status403Forbidden);
        });
        foreach (var scheme in (string[])[IdentityConstants.ExternalScheme, IdentityConstants.TwoFactorUserIdScheme, IdentityConstants.TwoFactorRememberMeScheme])
        {
            services.Configure<CookieAuthenticationOptions>(scheme, o => o.CookieManager = cookies);
        }

        // A security stamp change (password reset, role change, lock) ends other sessions within a minute.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));

        var authentication = services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(ApiTokenAuthenticationHandler.SchemeName, null);
        foreach (var sso in configuration.GetSection("Kogge:Sso").GetChildren())
        {
            var settings = sso.Get<SsoOptions>() ?? new SsoOptions();
            if (string.IsNullOrEmpty(settings.Authority))
            {
                continue;
            }

            authentication.AddOpenIdConnect(SsoOptions.SchemeFor(sso.Key), settings.DisplayName, o =>
            {
                o.Authority = settings.Authority;
                o.ClientId = settings.ClientId;
                o.ClientSecret = settings.ClientSecret;
                o.RequireHttpsMetadata = settings.RequireHttpsMetadata;
                o.ResponseType = OpenIdConnectResponseType.Code;
                // Back from the provider by a top-level GET: the correlation and nonce cookies below are SameSite=Lax,
                // which browsers leave off a cross-site form_post (the handler's default) and the callback would fail.
                o.ResponseMode = OpenIdConnectResponseMode.Query;
                o.UsePkce = true;
                o.Scope.Add("email");
                o.SignInScheme = IdentityConstants.ExternalScheme;
                o.CallbackPath = "/konto/sso/" + sso.Key + "/callback";
                o.SignedOutCallbackPath = "/konto/sso/" + sso.Key + "/signout";
                o.MapInboundClaims = false;
                o.GetClaimsFromUserInfoEndpoint = true;
                o.CorrelationCookie.SameSite = SameSiteMode.Lax;
                o.NonceCookie.SameSite = SameSiteMode.Lax;
            });
        }

        services.AddSingleton<IAuthorizationHandler, SameTenantRequirement>();
        services.AddAuthorizationBuilder()
            .SetDefaultPolicy(SignedIn().Build())
            .AddPolicy(StaffPolicy, SignedIn().RequireClaim(KoggeClaims.Staff).Build())
            .AddPolicy(TenantAdminPolicy, SignedIn().RequireRole(Roles.TenantAdmin).Build())
            .AddPolicy(PlatformAdminPolicy, SignedIn().RequireRole(Roles.PlatformAdmin).Build())
            .AddPolicy(ApiPolicy, new AuthorizationPolicyBuilder(ApiTokenAuthenticationHandler.SchemeName)
                .RequireAuthenticatedUser().AddRequirements(new SameTenantRequirement()).Build());
        return services;
    }

    private static AuthorizationPolicyBuilder SignedIn() =>
        new AuthorizationPolicyBuilder().RequireAuthenticatedUser().AddRequirements(new SameTenantRequirement());

    /// <summary>Scripts and machine clients get a status code; people get the sign-in or error page.</summary>
    private static Task ApiAwareRedirect(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }

        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    internal static bool HasSso(this IConfiguration configuration, TenantInfo? tenant) =>
        tenant is not null && !string.IsNullOrEmpty(configuration[$"Kogge:Sso:{tenant.Slug}:Authority"]);
}
