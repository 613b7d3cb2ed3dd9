using System.Net;
using System.Net.Http.Headers;
using Kogge.Web.Platform.Api;
using Kogge.Web.Platform.Demo;
using Kogge.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Kogge.Web.Tests.Platform;

/// <summary>
/// Walks Kogge's endpoint table: everything requires a signed-in account except an explicit list, and no route
/// with an object id lets one municipality see or change another's object.
/// </summary>
public class RouteWalkTests(KoggeApp app) : IClassFixture<KoggeApp>
{
    /// <summary>The only routes anybody may open without signing in.</summary>
    private static readonly string[] Anonymous =
    [
        "/", "/konto/anmelden", "/konto/anmelden/zwei-faktor", "/konto/abmelden", "/konto/registrieren",
        "/konto/bestaetigen", "/konto/sso/fertig", "/impressum", "/datenschutz", "/barrierefreiheit",
        "/fehler/{code:int}", "/kultur", "/health/live", "/health/ready", "/openapi/{documentName}.json",
        "/leistungen", "/leistungen/{key}",
    ];

    private IReadOnlyList<RouteEndpoint> Endpoints() =>
        [.. app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()];

    private static string Route(RouteEndpoint e) => "/" + e.RoutePattern.RawText!.TrimStart('/');

    [Fact]
    public void EndpointTable_AnonymousRoutes_AreExactlyTheAllowList()
    {
        var anonymous = Endpoints().Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is not null).Select(Route).Distinct().Order(StringComparer.Ordinal);
        Assert.Equal(Anonymous.Order(StringComparer.Ordinal), anonymous);
    }

    [Fact]
    public void EndpointTable_EveryOtherRoute_HasAnAuthorizationPolicy()
    {
        var unprotected = Endpoints()
            .Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is null && e.Metadata.GetOrderedMetadata<IAuthorizeData>().Count == 0
                && e.Metadata.GetMetadata<AuthorizationPolicy>() is null)
            .Select(Route).ToList();
        Assert.Empty(unprotected);
    }

    [Fact]
    public async Task EveryProtectedRoute_Anonymous_IsSentToSignInOrRefused()
    {
        var client = app.Browser();
        var checkedRoutes = 0;
        foreach (var endpoint in Endpoints().Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is null))
        {
            var path = Concrete(Route(endpoint), Guid.NewGuid());
            foreach (var prefix in (string[])["/rostock", ""])
            {
                var response = await client.GetAsync(new Uri(prefix + path, UriKind.Relative));
                if (path.StartsWith("/api/", StringComparison.Ordinal))
                {
                    Assert.True(response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.NotFound, $"{prefix}{path}: {(int)response.StatusCode}");
                }
                else
                {
                    Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{prefix}{path}: {(int)response.StatusCode}");
                    Assert.StartsWith(prefix + "/konto/anmelden", response.RedirectPath(), StringComparison.Ordinal);
                }

                checkedRoutes++;
            }
        }

        Assert.True(checkedRoutes >= 20, $"only {checkedRoutes} routes checked");
    }

    [Fact]
    public async Task EveryRouteWithObjectId_OtherMunicipality_NotFoundAndNothingChanges()
    {
        var rostockUser = await app.InTenantAsync("rostock", async (_, db) => await db.Users.FirstAsync(u => u.Email == DemoData.Email("sachbearbeitung", "rostock")));
        var rostockAccount = await app.InTenantAsync("rostock", async (_, db) =>
        {
            var account = new ServiceAccount { Name = "Fachverfahren", Roles = "Clerk", TokenHash = ApiTokens.Hash(ApiTokens.Create()), TokenPrefix = "kg_test" };
            db.ServiceAccounts.Add(account);
            await db.SaveChangesAsync();
            return account;
        });
        var luebeckToken = ApiTokens.Create();
        await app.InTenantAsync("luebeck", async (_, db) =>
        {
            db.ServiceAccounts.Add(new ServiceAccount { Name = "Abgleich", Roles = "TenantAdmin", TokenHash = ApiTokens.Hash(luebeckToken), TokenPrefix = ApiTokens.Display(luebeckToken) });
            return await db.SaveChangesAsync();
        });
        var rostockService = await app.InTenantAsync("rostock", async (_, db) => await db.PublicServices.FirstAsync(s => s.PublishedVersionId != null));
        var before = await RostockStateAsync();

        var browser = app.Browser();
        await browser.SignInOrFailAsync("luebeck", DemoData.Email("admin", "luebeck"), DemoData.Password);
        var token = await browser.TokenFromAsync("/luebeck/konto");
        // The catalogue's pages are the process designers'; an administrator would be stopped before the lookup (403).
        var designer = app.Browser();
        await designer.SignInOrFailAsync("luebeck", DemoData.Email("prozessgestaltung", "luebeck"), DemoData.Password);
        var designerToken = await designer.TokenFromAsync("/luebeck/konto");
        var api = app.Browser();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", luebeckToken);

        var withId = Endpoints().Where(e => e.RoutePattern.Parameters.Any(p => p.Name == "id")).ToList();
        Assert.NotEmpty(withId);
        foreach (var endpoint in withId)
        {
            var route = Route(endpoint);
            var (target, handlers) = route switch
            {
                _ when route.StartsWith("/verwaltung/benutzer/", StringComparison.Ordinal) => (rostockUser.Id, new[] { "Roles", "Lock", "Unlock", "ResetTwoFactor" }),
                _ when route.StartsWith("/verwaltung/dienstkonten/", StringComparison.Ordinal) => (rostockAccount.Id, new[] { "" }),
                _ when route.StartsWith("/api/v1/users/", StringComparison.Ordinal) => (rostockUser.Id, Array.Empty<string>()),
                _ when route.StartsWith("/api/v1/services/", StringComparison.Ordinal) => (rostockService.Id, Array.Empty<string>()),
                _ when route.EndsWith("/datei", StringComparison.Ordinal) => (rostockService.Id, new[] { "" }),
                _ when route.StartsWith("/leistungskatalog/{id:guid}/versionen/", StringComparison.Ordinal) => (rostockService.Id, new[] { "Publish", "Retire", "Remove" }),
                _ when route.StartsWith("/leistungskatalog/", StringComparison.Ordinal) => (rostockService.Id, new[] { "", "Draft" }),
                _ => throw new InvalidOperationException($"The route walk does not know which object {route} addresses; add it here."),
            };
            var path = "/luebeck" + Concrete(route, target);
            var isCatalog = route.StartsWith("/leistungskatalog/", StringComparison.Ordinal);
            var client = route.StartsWith("/api/", StringComparison.Ordinal) ? api : isCatalog ? designer : browser;

            var get = await client.GetAsync(new Uri(path, UriKind.Relative));
            Assert.True(get.StatusCode == HttpStatusCode.NotFound, $"GET {path}: {(int)get.StatusCode}");
            if (!route.StartsWith("/api/", StringComparison.Ordinal))
            {
                foreach (var handler in handlers.Append("Unknown"))
                {
                    var post = await client.PostAsync(new Uri(path + (handler.Length > 0 ? "?handler=" + handler : ""), UriKind.Relative), new FormUrlEncodedContent(
                        [new("__kogge_csrf", isCatalog ? designerToken : token), new("Input.Roles", "TenantAdmin"), new("version", "0")]));
                    // An unknown handler name falls back to the page's unnamed OnPost where it has one.
                    var expected = handler == "Unknown" && !handlers.Contains("") ? HttpStatusCode.MethodNotAllowed : HttpStatusCode.NotFound;
                    Assert.True(post.StatusCode == expected, $"POST {path} {handler}: {(int)post.StatusCode}");
                }
            }
        }

        Assert.Equal(before, await RostockStateAsync());
    }

    private async Task<string> RostockStateAsync() => await app.InTenantAsync("rostock", async (_, db) =>
    {
        var users = await db.Users.OrderBy(u => u.Id).Select(u => u.Id + u.ConcurrencyStamp + u.LockoutEnd + u.TwoFactorEnabled).ToListAsync();
        var roles = await db.UserRoles.CountAsync();
        var accounts = await db.ServiceAccounts.OrderBy(a => a.Id).Select(a => a.Id + ":" + a.Version + ":" + a.RevokedAt).ToListAsync();
        var head = await db.AuditEntries.MaxAsync(e => (long?)e.Sequence);
        var services = await db.PublicServices.OrderBy(s => s.Id).Select(s => s.Id + ":" + s.Version).ToListAsync();
        var versions = await db.ServiceVersions.OrderBy(v => v.Id).Select(v => v.Id + ":" + v.Version + ":" + v.State).ToListAsync();
        var artifacts = await db.ServiceArtifacts.CountAsync();
        return string.Join('|', users) + roles + string.Join('|', accounts) + head + string.Join('|', services) + string.Join('|', versions) + artifacts;
    });

    private static string Concrete(string route, Guid id) => route
        .Replace("{id:guid}", id.ToString(), StringComparison.Ordinal)
        .Replace("{code:int}", "404", StringComparison.Ordinal)
        .Replace("{number:int}", "1", StringComparison.Ordinal)
        .Replace("{key}", "gewerbe-anmelden", StringComparison.Ordinal)
        .Replace("{documentName}", "v1", StringComparison.Ordinal);
}
