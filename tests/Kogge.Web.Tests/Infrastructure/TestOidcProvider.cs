using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Kogge.Web.Tests.Infrastructure;

/// <summary>
/// A real OpenID Connect provider (OpenIddict on Kestrel, http://127.0.0.1 with a free port) standing in for a
/// municipality's directory: authorization code flow with PKCE, one confidential client, a token and a userinfo
/// endpoint, ephemeral keys, its store in an in-memory SQLite database.
/// There is no login form: the authorize endpoint signs in the account named by the standard <c>login_hint</c>
/// parameter, which the test adds where a person would type their name at the provider.
/// </summary>
public sealed class TestOidcProvider : IAsyncDisposable
{
    public const string ClientId = "kogge-rostock";
    public const string ClientSecret = "kogge-rostock-secret-for-tests";

    private readonly WebApplication _app;
    private readonly SqliteConnection _store;
    private readonly ConcurrentDictionary<string, TestOidcUser> _users = new(StringComparer.OrdinalIgnoreCase);

    private TestOidcProvider(WebApplication app, SqliteConnection store)
    {
        _app = app;
        _store = store;
    }

    /// <summary>The issuer, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri Authority { get; private set; } = null!;

    /// <summary>Every authorization request the provider answered, in order: the query Kogge sent.</summary>
    public ConcurrentQueue<IQueryCollection> AuthorizationRequests { get; } = new();

    /// <summary>Makes an account known to the provider; <paramref name="login"/> is what the test passes as login_hint.</summary>
    public TestOidcUser AddUser(string login, string email, bool emailVerified = true)
    {
        var user = new TestOidcUser("idp-" + Guid.NewGuid().ToString("N"), email, emailVerified);
        _users[login] = user;
        return user;
    }

    public static async Task<TestOidcProvider> StartAsync(IEnumerable<Uri> redirectUris)
    {
        var store = new SqliteConnection("Data Source=:memory:");
        await store.OpenAsync();

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddDbContext<ProviderStore>(o =>
        {
            o.UseSqlite(store);
            o.UseOpenIddict();
        });
        builder.Services.AddOpenIddict()
            .AddCore(o => o.UseEntityFrameworkCore().UseDbContext<ProviderStore>())
            .AddServer(o =>
            {
                o.SetAuthorizationEndpointUris("connect/authorize")
                    .SetTokenEndpointUris("connect/token")
                    .SetUserInfoEndpointUris("connect/userinfo");
                o.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
                o.RegisterScopes(Scopes.OpenId, Scopes.Email, Scopes.Profile);
                o.AddEphemeralEncryptionKey().AddEphemeralSigningKey();
                o.UseAspNetCore()
                    .EnableAuthorizationEndpointPassthrough()
                    .DisableTransportSecurityRequirement();
            });
        builder.Services.AddAuthentication();

        var app = builder.Build();
        var provider = new TestOidcProvider(app, store);
        app.UseAuthentication();
        app.MapMethods("/connect/authorize", [HttpMethods.Get, HttpMethods.Post], provider.Authorize);
        await app.StartAsync();

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        provider.Authority = new Uri(address.TrimEnd('/') + "/");

        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ProviderStore>().Database.EnsureCreatedAsync();
            var descriptor = new OpenIddictApplicationDescriptor
            {
                ClientId = ClientId,
                ClientSecret = ClientSecret,
                ClientType = ClientTypes.Confidential,
                DisplayName = "Kogge Hansestadt Rostock",
                Permissions =
                {
                    Permissions.Endpoints.Authorization,
                    Permissions.Endpoints.Token,
                    Permissions.GrantTypes.AuthorizationCode,
                    Permissions.ResponseTypes.Code,
                    Permissions.Scopes.Email,
                    Permissions.Scopes.Profile,
                },
                Requirements = { Requirements.Features.ProofKeyForCodeExchange },
            };
            foreach (var uri in redirectUris)
            {
                descriptor.RedirectUris.Add(uri);
            }

            await scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>().CreateAsync(descriptor);
        }

        return provider;
    }

    private IResult Authorize(HttpContext context)
    {
        AuthorizationRequests.Enqueue(context.Request.Query);
        var request = context.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        if (request.LoginHint is not { } login || !_users.TryGetValue(login, out var user))
        {
            return Results.Forbid(
                new AuthenticationProperties(new Dictionary<string, string?>
                {
                    [OpenIddictServerAspNetCoreConstants.Properties.Error] = Errors.AccessDenied,
                    [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = "Unknown account.",
                }),
                [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
        }

        var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, user.Subject)
            .SetClaim(Claims.Email, user.Email)
            .SetClaim(Claims.EmailVerified, user.EmailVerified)
            .SetClaim(Claims.Name, "Test " + login);
        identity.SetScopes(request.GetScopes());
        identity.SetDestinations(_ => [Destinations.AccessToken, Destinations.IdentityToken]);
        return Results.SignIn(new ClaimsPrincipal(identity), properties: null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _store.DisposeAsync();
    }

    internal sealed class ProviderStore(DbContextOptions<ProviderStore> options) : DbContext(options);
}

public sealed record TestOidcUser(string Subject, string Email, bool EmailVerified);
