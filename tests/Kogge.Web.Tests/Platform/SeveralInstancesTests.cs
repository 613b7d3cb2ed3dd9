using System.Net;
using Kogge.Web.Platform.Demo;
using Kogge.Web.Tests.Infrastructure;

namespace Kogge.Web.Tests.Platform;

/// <summary>Two instances on one database behave as one: a session begun on one is valid on the other.</summary>
public class SeveralInstancesTests(KoggeApp app) : IClassFixture<KoggeApp>
{
    [Fact]
    public async Task SignIn_OnFirstInstance_IsValidOnSecond()
    {
        var cookies = new CookieContainer();
        await app.Browser(cookies).SignInOrFailAsync("rostock", DemoData.Email("admin", "rostock"), DemoData.Password);
        await using var other = app.SecondInstance();
        await other.InitializeAsync();

        var response = await other.Browser(cookies).GetAsync(new Uri("/rostock/verwaltung/benutzer", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Administration Demo", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FormFromFirstInstance_PostedToSecond_IsAccepted()
    {
        var cookies = new CookieContainer();
        var first = app.Browser(cookies);
        var token = await first.TokenFromAsync("/luebeck/konto/anmelden");
        await using var other = app.SecondInstance();
        await other.InitializeAsync();

        var response = await other.Browser(cookies).PostAsync(new Uri("/luebeck/konto/anmelden", UriKind.Relative), new FormUrlEncodedContent(
            [new("Input.Email", DemoData.Email("buerger", "luebeck")), new("Input.Password", DemoData.Password), new("__kogge_csrf", token)]));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }
}
