using System.Net;
using System.Text.RegularExpressions;
using Kogge.Web.Platform.Api;
using Kogge.Web.Platform.Persistence;
using Kogge.Web.Platform.Tenancy;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Kogge.Web.Tests.Infrastructure;

/// <summary>
/// Kogge as it runs: the real host with its demo data, on a fresh SQLite or PostgreSQL database
/// (see <see cref="TestDatabase"/>), sending mail to a real SMTP server in the test process.
/// </summary>
public class KoggeApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly Action _dropDatabase;
    private readonly Dictionary<string, string?> _settings;

    public KoggeApp()
        : this(new Dictionary<string, string?>())
    {
    }

    protected KoggeApp(Dictionary<string, string?> settings, string? sharedConnectionString = null)
    {
        if (sharedConnectionString is null)
        {
            ConnectionString = TestDatabase.NewConnectionString(out _dropDatabase);
        }
        else
        {
            // The first instance owns the database and drops it.
            ConnectionString = sharedConnectionString;
            _dropDatabase = () => { };
        }

        Mail = new TestMailServer();
        _settings = new Dictionary<string, string?>
        {
            ["Kogge:Database:Provider"] = TestDatabase.ProviderName,
            ["Kogge:Database:ConnectionString"] = ConnectionString,
            ["Kogge:Smtp:Host"] = "127.0.0.1",
            ["Kogge:Smtp:Port"] = Mail.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Kogge:Smtp:Security"] = "None",
            ["Kogge:Limits:SignInPerMinute"] = "100000",
            ["Serilog:MinimumLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings)
        {
            _settings[key] = value;
        }
    }

    public string ConnectionString { get; }

    /// <summary>A second instance on the same database, as behind a load balancer.</summary>
    public KoggeApp SecondInstance() => new SharedInstance(ConnectionString);

    public TestMailServer Mail { get; }

    /// <summary>The host's clock: the system's until a test moves it forward to make timers due.</summary>
    public ShiftedClock Clock { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    public ValueTask InitializeAsync()
    {
        // Building the server runs Program: migrations and demo data.
        _ = Server;
        return ValueTask.CompletedTask;
    }

    /// <summary>A browser-like client: keeps cookies, does not follow redirects (tests look at them).</summary>
    public HttpClient Browser() => CreateClient(new WebApplicationFactoryClientOptions
    {
        AllowAutoRedirect = false,
        HandleCookies = true,
        BaseAddress = new Uri("http://localhost"),
    });

    /// <summary>A client whose cookies live in <paramref name="cookies"/>, so that several instances can share a session.</summary>
    public HttpClient Browser(CookieContainer cookies)
    {
        var client = CreateDefaultClient(new Uri("http://localhost"), new Microsoft.AspNetCore.Mvc.Testing.Handlers.CookieContainerHandler(cookies));
        return client;
    }

    /// <summary>An API client with the token of a new service account of <paramref name="slug"/> holding <paramref name="roles"/>.</summary>
    public async Task<HttpClient> ApiClientAsync(string slug, string roles)
    {
        var token = ApiTokens.Create();
        await InTenantAsync(slug, async (_, db) =>
        {
            db.ServiceAccounts.Add(new ServiceAccount { Name = "Test", Roles = roles, TokenHash = ApiTokens.Hash(token), TokenPrefix = ApiTokens.Display(token) });
            return await db.SaveChangesAsync();
        });
        var client = Browser();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Runs <paramref name="work"/> with the database as seen from <paramref name="slug"/> (null: the platform).</summary>
    public async Task<T> InTenantAsync<T>(string? slug, Func<IServiceProvider, KoggeDbContext, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        if (slug is not null)
        {
            var tenant = await scope.ServiceProvider.GetRequiredService<TenantCatalog>().FindAsync(slug, CancellationToken.None)
                ?? throw new InvalidOperationException($"No municipality {slug}.");
            scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenant);
        }

        return await work(scope.ServiceProvider, scope.ServiceProvider.GetRequiredService<KoggeDbContext>());
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Mail.DisposeAsync();
        _dropDatabase();
        GC.SuppressFinalize(this);
    }
}

internal sealed class SharedInstance(string connectionString) : KoggeApp(new Dictionary<string, string?>(), connectionString);

/// <summary>Form posts the way a browser sends them, with the page's antiforgery token.</summary>
public static partial class BrowserExtensions
{
    public static async Task<string> TokenFromAsync(this HttpClient client, string path)
    {
        var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path} gave {(int)response.StatusCode}");
        return AntiforgeryToken(html);
    }

    public static string AntiforgeryToken(string html)
    {
        var match = TokenPattern().Match(html);
        Assert.True(match.Success, "The page has no antiforgery token.");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    /// <summary>GETs <paramref name="path"/> for its token, then POSTs the fields to <paramref name="action"/> (default: the same path).</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string path, IEnumerable<KeyValuePair<string, string>> fields, string? action = null)
    {
        var token = await client.TokenFromAsync(path);
        var all = fields.Append(new("__kogge_csrf", token));
        return await client.PostAsync(new Uri(action ?? path, UriKind.Relative), new FormUrlEncodedContent(all));
    }

    /// <summary>A page of an application form as the browser sends it: multipart, with the token and at most one PDF.</summary>
    public static async Task<HttpResponseMessage> PostPageAsync(this HttpClient client, string path, IEnumerable<KeyValuePair<string, string>> fields, (string Field, string Name, byte[] Content)? file = null)
    {
        var token = await client.TokenFromAsync(path);
        using var content = new MultipartFormDataContent();
        foreach (var (key, value) in fields.Append(new("__kogge_csrf", token)))
        {
            content.Add(new StringContent(value), key);
        }

        if (file is { } f)
        {
            var bytes = new ByteArrayContent(f.Content);
            bytes.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/pdf");
            content.Add(bytes, f.Field, f.Name);
        }

        return await client.PostAsync(new Uri(path, UriKind.Relative), content);
    }

    public static async Task<HttpResponseMessage> SignInAsync(this HttpClient client, string slug, string email, string password)
    {
        var prefix = slug.Length == 0 ? "" : "/" + slug;
        return await client.PostFormAsync($"{prefix}/konto/anmelden", [new("Input.Email", email), new("Input.Password", password)]);
    }

    public static async Task SignInOrFailAsync(this HttpClient client, string slug, string email, string password)
    {
        var response = await client.SignInAsync(slug, email, password);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"Sign-in of {email} gave {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>The path and query of a redirect, whether the server sent it absolute or relative.</summary>
    public static string RedirectPath(this HttpResponseMessage response)
    {
        var location = response.Headers.Location ?? throw new InvalidOperationException($"No redirect, status {(int)response.StatusCode}.");
        return location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString;
    }

    [GeneratedRegex("name=\"__kogge_csrf\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
