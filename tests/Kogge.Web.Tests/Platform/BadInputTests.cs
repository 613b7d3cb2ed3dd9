using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Kogge.Web.Platform.Demo;
using Kogge.Web.Tests.Infrastructure;

namespace Kogge.Web.Tests.Platform;

/// <summary>Malformed, oversized, mistyped and forged requests get a 4xx with a clear answer — never a 500.</summary>
public class BadInputTests(KoggeApp app) : IClassFixture<KoggeApp>
{
    [Fact]
    public async Task ForgedAntiforgeryToken_IsBadRequestWithGermanPage()
    {
        var client = app.Browser();
        await client.TokenFromAsync("/rostock/konto/anmelden");
        var response = await client.PostAsync(new Uri("/rostock/konto/anmelden", UriKind.Relative), new FormUrlEncodedContent(
            [new("Input.Email", DemoData.Email("admin", "rostock")), new("Input.Password", DemoData.Password), new("__kogge_csrf", "CfDJ8-gefaelscht")]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Die Anfrage ist ungültig", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task MissingAntiforgeryToken_IsBadRequest()
    {
        var response = await app.Browser().PostAsync(new Uri("/luebeck/konto/registrieren", UriKind.Relative), new FormUrlEncodedContent(
            [new("Input.Email", "x@example.org")]));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task OversizedPost_IsRejectedWith413()
    {
        var client = app.Browser();
        var token = await client.TokenFromAsync("/rostock/konto/registrieren");
        var huge = new string('a', 2 * 1024 * 1024);
        var response = await client.PostAsync(new Uri("/rostock/konto/registrieren", UriKind.Relative), new FormUrlEncodedContent(
            [new("Input.DisplayName", huge), new("__kogge_csrf", token)]));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("zu groß", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MalformedMultipartBody_IsBadRequest()
    {
        var client = app.Browser();
        await client.TokenFromAsync("/rostock/konto/anmelden");
        using var content = new ByteArrayContent(Encoding.ASCII.GetBytes("--nicht-die-grenze\r\nkaputt"));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=grenze");
        var response = await client.PostAsync(new Uri("/rostock/konto/anmelden", UriKind.Relative), content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task JsonPostedToPage_IsBadRequest()
    {
        using var content = new StringContent("{\"Input.Email\":\"a@b.de\"}", Encoding.UTF8, "application/json");
        var response = await app.Browser().PostAsync(new Uri("/rostock/konto/anmelden", UriKind.Relative), content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task PostToReadOnlyApi_IsMethodNotAllowedProblem()
    {
        using var content = new StringContent("hallo", Encoding.UTF8, "text/plain");
        var response = await app.Browser().PostAsync(new Uri("/rostock/api/v1/municipality", UriKind.Relative), content);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task EmptySignIn_GivesGermanFieldMessagesAndSummary()
    {
        var response = await app.Browser().PostFormAsync("/rostock/konto/anmelden", [new("Input.Email", ""), new("Input.Password", "")]);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Bitte geben Sie Ihre E-Mail-Adresse ein.", html, StringComparison.Ordinal);
        Assert.Contains("Bitte geben Sie Ihr Passwort ein.", html, StringComparison.Ordinal);
        Assert.Contains("<title>Fehler:", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/atlantis")]
    [InlineData("/atlantis/api/v1/municipality")]
    [InlineData("/rostock/gibt-es-nicht")]
    [InlineData("/rostock/verwaltung/benutzer/keine-guid")]
    public async Task UnknownAddresses_AreNotFound(string path)
    {
        var response = await app.Browser().GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task ErrorPage_ShowsCorrelationId()
    {
        var html = await (await app.Browser().GetAsync(new Uri("/rostock/gibt-es-nicht", UriKind.Relative))).Content.ReadAsStringAsync();
        // The W3C trace id where an activity listener is on (32 hex digits), otherwise the request id (13 characters under
        // the test server, longer under Kestrel): both are in the logs.
        Assert.Matches("Fehlerkennung für Rückfragen:.*<code>[0-9A-Za-z:]{13,}</code>", html.Replace("\n", " ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task HostileReturnUrl_IsNotFollowed()
    {
        var client = app.Browser();
        var response = await client.PostFormAsync("/rostock/konto/anmelden?ReturnUrl=https%3A%2F%2Fevil.example%2F",
            [new("Input.Email", DemoData.Email("buerger", "rostock")), new("Input.Password", DemoData.Password), new("ReturnUrl", "https://evil.example/")]);
        Assert.Equal("/rostock/", response.RedirectPath());
    }
}
