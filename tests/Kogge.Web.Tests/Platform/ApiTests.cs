using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Kogge.Web.Platform.Api;
using Kogge.Web.Tests.Infrastructure;

namespace Kogge.Web.Tests.Platform;

public class ApiTests(KoggeApp app) : IClassFixture<KoggeApp>
{
    private Task<HttpClient> ClientWithTokenAsync(string slug, string roles) => app.ApiClientAsync(slug, roles);

    [Fact]
    public async Task Municipality_WithToken_ReturnsItsOwn()
    {
        var client = await ClientWithTokenAsync("rostock", "Clerk");
        var body = await client.GetFromJsonAsync<JsonElement>(new Uri("/rostock/api/v1/municipality", UriKind.Relative));
        Assert.Equal("rostock", body.GetProperty("slug").GetString());
    }

    [Fact]
    public async Task Token_OfOtherMunicipality_IsUnauthorizedWithProblemDetails()
    {
        var client = await ClientWithTokenAsync("luebeck", "Clerk");
        var response = await client.GetAsync(new Uri("/rostock/api/v1/municipality", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task NoToken_IsUnauthorizedWithProblemDetails()
    {
        var response = await app.Browser().GetAsync(new Uri("/rostock/api/v1/municipality", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(401, problem.GetProperty("status").GetInt32());
        Assert.True(problem.TryGetProperty("correlationId", out _));
    }

    [Fact]
    public async Task RevokedToken_IsUnauthorized()
    {
        var token = ApiTokens.Create();
        await app.InTenantAsync("rostock", async (_, db) =>
        {
            db.ServiceAccounts.Add(new ServiceAccount { Name = "Alt", Roles = "Clerk", TokenHash = ApiTokens.Hash(token), TokenPrefix = "kg_alt", RevokedAt = DateTimeOffset.UtcNow });
            return await db.SaveChangesAsync();
        });
        var client = app.Browser();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync(new Uri("/rostock/api/v1/municipality", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task Users_WithoutAdminRole_IsForbidden()
    {
        var client = await ClientWithTokenAsync("rostock", "Clerk");
        var response = await client.GetAsync(new Uri("/rostock/api/v1/users", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Users_WithAdminRole_ListsOnlyOwnMunicipality()
    {
        var client = await ClientWithTokenAsync("luebeck", "TenantAdmin");
        var page = await client.GetFromJsonAsync<JsonElement>(new Uri("/luebeck/api/v1/users?take=200", UriKind.Relative));
        var emails = page.GetProperty("items").EnumerateArray().Select(u => u.GetProperty("email").GetString()!).ToList();
        Assert.NotEmpty(emails);
        Assert.All(emails, e => Assert.DoesNotContain("rostock", e, StringComparison.Ordinal));
    }

    [Fact]
    public async Task UnknownUser_IsNotFoundWithProblemDetails()
    {
        var client = await ClientWithTokenAsync("rostock", "TenantAdmin");
        var response = await client.GetAsync(new Uri($"/rostock/api/v1/users/{Guid.NewGuid()}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task AuditFeed_ReturnsChainedEntriesInOrder()
    {
        var client = await ClientWithTokenAsync("rostock", "TenantAdmin");
        var entries = await client.GetFromJsonAsync<JsonElement>(new Uri("/rostock/api/v1/audit?after=0&take=5", UriKind.Relative));
        var sequences = entries.EnumerateArray().Select(e => e.GetProperty("sequence").GetInt64()).ToList();
        Assert.Equal([1, 2, 3, 4, 5], sequences);
    }

    [Fact]
    public async Task OpenApiDocument_DescribesTheApi()
    {
        var document = await app.Browser().GetFromJsonAsync<JsonElement>(new Uri("/openapi/v1.json", UriKind.Relative));
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/v1/municipality", paths);
        Assert.Contains("/api/v1/users/{id}", paths);
        Assert.Equal("/{municipality}", document.GetProperty("servers")[0].GetProperty("url").GetString());
    }

    [Fact]
    public async Task Health_ReadyAndLive_AnswerAnonymously()
    {
        var client = app.Browser();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/health/live", UriKind.Relative))).StatusCode);
        Assert.Equal("Healthy", await client.GetStringAsync(new Uri("/health/ready", UriKind.Relative)));
    }
}
