using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kogge.Bpmn.Storage;
using Kogge.Web.Modules.Cases;
using Kogge.Web.Modules.Cases.DocumentRequests;
using Kogge.Web.Modules.Payments;
using Kogge.Web.Platform.Api;
using Kogge.Web.Platform.Demo;
using Kogge.Web.Platform.Tenancy;
using Kogge.Web.Tests.Infrastructure;
using Kogge.Web.Tests.Modules.Processes;
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
        "/konto/bestaetigen", "/konto/anmeldelink", "/konto/anmeldelink/einloesen", "/konto/sso/fertig", "/impressum", "/datenschutz", "/barrierefreiheit",
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
                using var request = new HttpRequestMessage(ApiMethod(endpoint, path), new Uri(prefix + path, UriKind.Relative));
                var response = await client.SendAsync(request);
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
        // A Rostock process instance with an open task and an incident (its gateway has no true condition).
        var rostockProcesses = await app.ApiClientAsync("rostock", "ProcessAdmin,ProcessWorker");
        await ProcessSamples.DeployAsync(rostockProcesses, "rostock", "ReviewWithCheck.bpmn");
        var rostockInstance = await ProcessSamples.StartAsync(rostockProcesses, "rostock", "reviewWithCheck");
        var rostockTask = (await ProcessSamples.TaskOfAsync(rostockProcesses, "rostock", rostockInstance)).GetProperty("id").GetString()!;
        var incidents = await rostockProcesses.GetFromJsonAsync<JsonElement>(new Uri($"/rostock/api/v1/incidents?processInstanceId={rostockInstance}", UriKind.Relative));
        var rostockIncident = Assert.Single(incidents.EnumerateArray()).GetProperty("id").GetString()!;
        var api = await app.ApiClientAsync("luebeck", "TenantAdmin,ProcessAdmin,ProcessWorker,ProcessDesigner,Clerk");
        var rostockService = await app.InTenantAsync("rostock", async (_, db) => await db.PublicServices.FirstAsync(s => s.PublishedVersionId != null));
        using var application = new HttpRequestMessage(HttpMethod.Post, new Uri("/rostock/api/v1/applications", UriKind.Relative))
        {
            // A trade that needs a permit goes to the trade office's clerk, so the case stands still while the routes are walked.
            Content = JsonContent.Create(new { service = "gewerbe-anmelden", data = new { anlass = "neuerrichtung", rechtsform = "einzelunternehmen", taetigkeit = "Bewachung", beginn = "2026-12-01", betriebsstaette = "Markt 1", erlaubnispflichtig = true } }),
        };
        application.Headers.Add("Idempotency-Key", "routenwanderung");
        var created = await (await rostockProcesses.SendAsync(application)).Content.ReadFromJsonAsync<JsonElement>();
        var rostockCase = created.GetProperty("id").GetString()!;
        await ProcessSamples.WaitForInstanceAsync(rostockProcesses, "rostock", created.GetProperty("processInstanceId").GetString()!,
            i => i.GetProperty("activeElements").EnumerateArray().Any(e => e.GetProperty("elementId").GetString() == "angaben-klaeren"));
        // The case takes over its process's history now, not in the background while the routes are walked.
        await app.InTenantAsync("rostock", async (services, _) => await services.GetRequiredService<CaseProgress>().CatchUpAsync(Guid.Parse(rostockCase), CancellationToken.None));
        // A document request and a test payment of that case.
        var (rostockRequest, rostockPayment) = await app.InTenantAsync("rostock", async (_, db) =>
        {
            var c = await db.Cases.FirstAsync(x => x.Id == Guid.Parse(rostockCase));
            var request = new DocumentRequest { CaseId = c.Id, Text = "Meldebescheinigung", DueDate = new DateOnly(2030, 1, 1), RequestedAt = DateTimeOffset.UtcNow };
            var payment = new Payment { CaseId = c.Id, ApplicantId = c.ApplicantId, Amount = 30.70m, Provider = TestPaymentProvider.ProviderName, CreatedAt = DateTimeOffset.UtcNow };
            db.DocumentRequests.Add(request);
            db.Payments.Add(payment);
            await db.SaveChangesAsync();
            return (request.Id.ToString(), payment.Id.ToString());
        });
        var before = await RostockStateAsync();

        var browser = app.Browser();
        await browser.SignInOrFailAsync("luebeck", DemoData.Email("admin", "luebeck"), DemoData.Password);
        var token = await browser.TokenFromAsync("/luebeck/konto");
        // The catalogue's pages are the process designers'; an administrator would be stopped before the lookup (403).
        var designer = app.Browser();
        await designer.SignInOrFailAsync("luebeck", DemoData.Email("prozessgestaltung", "luebeck"), DemoData.Password);
        var designerToken = await designer.TokenFromAsync("/luebeck/konto");
        // "Meine Anträge" is the citizens'.
        var citizen = app.Browser();
        await citizen.SignInOrFailAsync("luebeck", DemoData.Email("buerger", "luebeck"), DemoData.Password);
        var clerk = app.Browser();
        await clerk.SignInOrFailAsync("luebeck", DemoData.Email("sachbearbeitung", "luebeck"), DemoData.Password);
        var clerkToken = await clerk.TokenFromAsync("/luebeck/aufgaben");
        var citizenToken = await citizen.TokenFromAsync("/luebeck/konto");

        var withId = Endpoints().Where(e => e.RoutePattern.Parameters.Any(p => p.Name == "id")).ToList();
        Assert.NotEmpty(withId);
        foreach (var endpoint in withId)
        {
            var route = Route(endpoint);
            var (target, handlers) = route switch
            {
                _ when route.StartsWith("/verwaltung/benutzer/", StringComparison.Ordinal) => (rostockUser.Id.ToString(), new[] { "Roles", "Lock", "Unlock", "ResetTwoFactor" }),
                _ when route.StartsWith("/verwaltung/dienstkonten/", StringComparison.Ordinal) => (rostockAccount.Id.ToString(), new[] { "" }),
                _ when route.StartsWith("/api/v1/users/", StringComparison.Ordinal) => (rostockUser.Id.ToString(), Array.Empty<string>()),
                _ when route.StartsWith("/api/v1/process-instances/", StringComparison.Ordinal) => (rostockInstance, Array.Empty<string>()),
                _ when route.StartsWith("/api/v1/tasks/", StringComparison.Ordinal) => (rostockTask, Array.Empty<string>()),
                _ when route.StartsWith("/api/v1/incidents/", StringComparison.Ordinal) => (rostockIncident, Array.Empty<string>()),
                _ when route.StartsWith("/api/v1/services/", StringComparison.Ordinal) => (rostockService.Id.ToString(), Array.Empty<string>()),
                _ when route.StartsWith("/api/v1/cases/", StringComparison.Ordinal) => (rostockCase, Array.Empty<string>()),
                _ when route.StartsWith("/konto/antraege/{id:guid}/zahlung", StringComparison.Ordinal) => (rostockCase, new[] { "" }),
                _ when route.StartsWith("/konto/antraege/{id:guid}/unterlagen/", StringComparison.Ordinal) => (rostockCase, new[] { "" }),
                _ when route.StartsWith("/konto/antraege/", StringComparison.Ordinal) => (rostockCase, Array.Empty<string>()),
                _ when route.StartsWith("/testzahlung/", StringComparison.Ordinal) => (rostockPayment, new[] { "" }),
                _ when route.EndsWith("/unterlagen-anfordern", StringComparison.Ordinal) => (rostockCase, new[] { "" }),
                _ when route.StartsWith("/aufgaben/", StringComparison.Ordinal) => (rostockTask, new[] { "" }),
                _ when route.StartsWith("/vorgaenge/", StringComparison.Ordinal) => (rostockCase, new[] { "Note" }),
                _ when route.EndsWith("/datei", StringComparison.Ordinal) => (rostockService.Id.ToString(), new[] { "" }),
                _ when route.EndsWith("/paket", StringComparison.Ordinal) => (rostockService.Id.ToString(), Array.Empty<string>()),
                _ when route.EndsWith("/bescheid-vorschau", StringComparison.Ordinal) => (rostockService.Id.ToString(), new[] { "", "Pdf" }),
                _ when route.EndsWith("/testlauf/{run:guid?}", StringComparison.Ordinal) => (rostockService.Id.ToString(), new[] { "", "Task", "Message", "Time" }),
                _ when route.StartsWith("/leistungskatalog/{id:guid}/versionen/", StringComparison.Ordinal) => (rostockService.Id.ToString(), new[] { "Publish", "Retire", "Remove" }),
                _ when route.StartsWith("/leistungskatalog/", StringComparison.Ordinal) => (rostockService.Id.ToString(), new[] { "", "Draft" }),
                _ => throw new InvalidOperationException($"The route walk does not know which object {route} addresses; add it here."),
            };
            var path = "/luebeck" + Concrete(route.Replace("{request:guid}", rostockRequest, StringComparison.Ordinal)
                .Replace("{payment:guid?}", rostockPayment, StringComparison.Ordinal), target);
            var isCatalog = route.StartsWith("/leistungskatalog/", StringComparison.Ordinal);
            var isOwnCase = route.StartsWith("/konto/antraege/", StringComparison.Ordinal) || route.StartsWith("/testzahlung/", StringComparison.Ordinal);
            // Tasks and case files are the clerks'.
            var isTask = route.StartsWith("/aufgaben/", StringComparison.Ordinal) || route.StartsWith("/vorgaenge/", StringComparison.Ordinal);
            var client = route.StartsWith("/api/", StringComparison.Ordinal) ? api : isCatalog ? designer : isOwnCase ? citizen : isTask ? clerk : browser;

            // API endpoints are called with their own method and a body that would change the object if it were found.
            using var request = new HttpRequestMessage(ApiMethod(endpoint, route), new Uri(path, UriKind.Relative));
            if (request.Method == HttpMethod.Post)
            {
                request.Content = JsonContent.Create(new { assignee = "luebeck-clerk", userId = "luebeck-clerk", retries = 1, variables = new { approved = false } });
            }

            var get = await client.SendAsync(request);
            Assert.True(get.StatusCode == HttpStatusCode.NotFound, $"{request.Method} {path}: {(int)get.StatusCode}");
            if (!route.StartsWith("/api/", StringComparison.Ordinal))
            {
                foreach (var handler in handlers.Append("Unknown"))
                {
                    var post = await client.PostAsync(new Uri(path + (handler.Length > 0 ? "?handler=" + handler : ""), UriKind.Relative), new FormUrlEncodedContent(
                        [new("__kogge_csrf", isCatalog ? designerToken : isOwnCase ? citizenToken : isTask ? clerkToken : token), new("Input.Roles", "TenantAdmin"), new("version", "0")]));
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
        // Not the row version: the case catches up with its process in the background while the routes are walked.
        var cases = await db.Cases.OrderBy(c => c.Id).Select(c => c.Id + ":" + c.Status + ":" + c.Result + ":" + c.FeePaidAt + ":" + c.FormData).ToListAsync();
        var requests = await db.DocumentRequests.OrderBy(r => r.Id).Select(r => r.Id + ":" + r.Version).ToListAsync();
        var payments = await db.Payments.OrderBy(p => p.Id).Select(p => p.Id + ":" + p.Version).ToListAsync();
        return string.Join('|', users) + roles + string.Join('|', accounts) + head + string.Join('|', services) + string.Join('|', versions) + artifacts
            + string.Join('|', cases) + string.Join('|', requests) + string.Join('|', payments) + await RostockProcessStateAsync();
    });

    /// <summary>Every row of Rostock's process instances, tasks and incidents with its revision.</summary>
    private async Task<string> RostockProcessStateAsync()
    {
        var rostock = await app.InTenantAsync("rostock", (services, _) => Task.FromResult(services.GetRequiredService<TenantContext>().TenantId.ToString()));
        await using var db = app.Services.GetRequiredService<EfEngineStore>().CreateDbContext();
        var instances = await db.Set<ProcessInstanceRecord>().Where(i => i.TenantId == rostock).OrderBy(i => i.Id).Select(i => i.Id + ":" + i.Revision + ":" + i.State).ToListAsync();
        var tasks = await db.Set<UserTaskRecord>().Where(t => t.TenantId == rostock).OrderBy(t => t.Id).Select(t => t.Id + ":" + t.Revision + ":" + t.Assignee).ToListAsync();
        var incidents = await db.Set<IncidentRecord>().Where(i => i.TenantId == rostock).OrderBy(i => i.Id).Select(i => i.Id + ":" + i.Revision).ToListAsync();
        Assert.NotEmpty(tasks);
        Assert.NotEmpty(incidents);
        return string.Join('|', instances.Concat(tasks).Concat(incidents));
    }

    /// <summary>The method an API endpoint answers to; pages are opened with GET.</summary>
    private static HttpMethod ApiMethod(RouteEndpoint endpoint, string path) =>
        path.StartsWith("/api/", StringComparison.Ordinal) && endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods is [var method, ..]
            ? new HttpMethod(method)
            : HttpMethod.Get;

    private static string Concrete(string route, Guid id) => Concrete(route, id.ToString());

    private static string Concrete(string route, string id) => route
        .Replace("{id:guid}", id, StringComparison.Ordinal)
        .Replace("{id}", id, StringComparison.Ordinal)
        .Replace("{request:guid}", id, StringComparison.Ordinal)
        .Replace("{document:guid}", id, StringComparison.Ordinal)
        .Replace("/{payment:guid?}", "", StringComparison.Ordinal)
        .Replace("{processId}", "permitReview", StringComparison.Ordinal)
        .Replace("{version:int}", "1", StringComparison.Ordinal)
        .Replace("{code:int}", "404", StringComparison.Ordinal)
        .Replace("{number:int}", "1", StringComparison.Ordinal)
        .Replace("{key}", "gewerbe-anmelden", StringComparison.Ordinal)
        .Replace("{documentName}", "v1", StringComparison.Ordinal)
        .Replace("/{seite:int?}", "", StringComparison.Ordinal)
        .Replace("/{run:guid?}", "", StringComparison.Ordinal)
        .Replace("/{eingang:regex(^eingang$)?}", "", StringComparison.Ordinal);
}
