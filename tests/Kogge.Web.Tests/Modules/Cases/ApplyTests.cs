using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Kogge.Web.Modules.Cases;
using Kogge.Web.Platform.Demo;
using Kogge.Web.Platform.Processes;
using Kogge.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Kogge.Web.Tests.Modules.Cases;

/// <summary>A citizen applies through the pages, a machine client through the API; on SQLite or PostgreSQL.</summary>
public partial class ApplyTests(KoggeApp app) : IClassFixture<KoggeApp>
{
    private static readonly string Citizen = DemoData.Email("buerger", "rostock");

    private async Task<HttpClient> SignedInAsync(string slug, string email)
    {
        var client = app.Browser();
        await client.SignInOrFailAsync(slug, email, DemoData.Password);
        return client;
    }

    private Task<List<Case>> CasesAsync(Guid service) =>
        app.InTenantAsync("rostock", async (_, db) => await db.Cases.Include(c => c.Documents).Where(c => c.ServiceId == service).ToListAsync());

    private Task<int> InstancesAsync(Case c) => app.InTenantAsync("rostock", async (services, _) =>
        (await services.GetRequiredService<TenantProcesses>().InstancesAsync(null, null, c.Id.ToString(), 0, 10, CancellationToken.None)).Total);

    [Fact]
    public async Task Apply_ThroughThePages_OneCaseOneInstanceAndOnlyTheApplicantSeesIt()
    {
        var service = await ApplySamples.PublishAsync(app, "parken-seiten", "99108001012101");
        var client = await SignedInAsync("rostock", Citizen);
        const string form = "/rostock/leistungen/parken-seiten/antrag";

        var first = await client.GetStringAsync(new Uri(form, UriKind.Relative));
        Assert.Contains("Amtliches Kennzeichen", first);
        Assert.DoesNotContain("name=\"halter\"", first);

        // Nothing filled in: German messages, nothing moves on.
        var empty = await client.PostPageAsync(form, [new("aktion", "weiter")]);
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        var emptyHtml = await empty.Content.ReadAsStringAsync();
        Assert.Contains("<title>Fehler:", emptyHtml);
        Assert.Contains("kern-error", emptyHtml);

        // Ticking the box shows the holder's field first, without JavaScript, instead of an error about it.
        var revealed = await client.PostPageAsync(form, [new("kennzeichen", "HRO-AB 123"), new("ueberlassen", "true"), new("aktion", "weiter")]);
        Assert.Equal(HttpStatusCode.OK, revealed.StatusCode);
        var revealedHtml = await revealed.Content.ReadAsStringAsync();
        Assert.Contains("name=\"halter\"", revealedHtml);
        Assert.Contains("weitere Angaben", revealedHtml);
        var next = await client.PostPageAsync(form, [new("kennzeichen", "HRO-AB 123"), new("ueberlassen", "true"), new("halter", "Erika Muster"), new("aktion", "weiter")]);
        Assert.Equal(form + "/2", next.RedirectPath());

        // A renamed executable is refused by its content, whatever its name says; nothing is stored.
        var exe = await client.PostPageAsync(form + "/2", [new("aktion", "weiter")], ("zulassung", "zulassung.pdf", ApplySamples.Executable));
        Assert.Equal(HttpStatusCode.BadRequest, exe.StatusCode);
        Assert.Contains("kein PDF-, PNG- oder JPEG-Dokument", WebUtility.HtmlDecode(await exe.Content.ReadAsStringAsync()));
        Assert.Equal(0, await app.InTenantAsync("rostock", async (_, db) => await db.CaseDocuments.CountAsync(d => d.FileName == "zulassung.pdf")));

        // A real PDF with a path in its name: kept under its last segment only.
        var pdf = await client.PostPageAsync(form + "/2", [new("aktion", "weiter")], ("zulassung", "../../../etc/zulassung.pdf", ApplySamples.Pdf));
        Assert.Equal(form + "/pruefen", pdf.RedirectPath());

        var review = await client.GetStringAsync(new Uri(form + "/pruefen", UriKind.Relative));
        Assert.Contains("Ihre Angaben prüfen", review);
        Assert.Contains("HRO-AB 123", review);
        Assert.Contains("zulassung.pdf", review);
        Assert.DoesNotContain("../", review);
        var key = IdempotencyKey().Match(review).Groups[1].Value;
        Assert.NotEmpty(key);

        var token = BrowserExtensions.AntiforgeryToken(review);
        Task<HttpResponseMessage> SubmitAsync() => client.PostAsync(new Uri(form + "/pruefen", UriKind.Relative),
            new FormUrlEncodedContent([new("__kogge_csrf", token), new("idempotencyKey", key)]));
        var receipt = (await SubmitAsync()).RedirectPath();
        Assert.Matches("^/rostock/konto/antraege/[0-9a-f-]{36}/eingang$", receipt);
        Assert.Equal(receipt, (await SubmitAsync()).RedirectPath());

        var cases = await CasesAsync(service.Id);
        var created = Assert.Single(cases);
        Assert.Matches(@"^HRO-\d{4}-\d{6}$", created.ReferenceNumber);
        Assert.NotNull(created.ProcessInstanceId);
        Assert.Equal(1, await InstancesAsync(created));
        var document = Assert.Single(created.Documents);
        Assert.Equal(("zulassung.pdf", "application/pdf"), (document.FileName, document.ContentType));
        Assert.Contains("\"kennzeichen\":\"HRO-AB 123\"", created.FormData);
        Assert.Contains(created.ReferenceNumber, await client.GetStringAsync(new Uri(receipt, UriKind.Relative)));
        Assert.Contains(created.ReferenceNumber, await client.GetStringAsync(new Uri("/rostock/konto/antraege", UriKind.Relative)));
        var download = await client.GetAsync(new Uri($"/rostock/konto/antraege/{created.Id}?handler=Document&document={document.Id}", UriKind.Relative));
        Assert.Equal(ApplySamples.Pdf, await download.Content.ReadAsByteArrayAsync());

        // Another citizen of Rostock and Lübeck's citizen do not find it.
        await ApplySamples.CitizenAsync(app, "rostock", "nachbarin@rostock.example");
        var neighbour = await SignedInAsync("rostock", "nachbarin@rostock.example");
        Assert.Equal(HttpStatusCode.NotFound, (await neighbour.GetAsync(new Uri($"/rostock/konto/antraege/{created.Id}", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await neighbour.GetAsync(new Uri($"/rostock/konto/antraege/{created.Id}?handler=Document&document={document.Id}", UriKind.Relative))).StatusCode);
        Assert.DoesNotContain(created.ReferenceNumber, await neighbour.GetStringAsync(new Uri("/rostock/konto/antraege", UriKind.Relative)));
        var luebeck = await SignedInAsync("luebeck", DemoData.Email("buerger", "luebeck"));
        Assert.Equal(HttpStatusCode.NotFound, (await luebeck.GetAsync(new Uri($"/luebeck/konto/antraege/{created.Id}", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await luebeck.GetAsync(new Uri("/luebeck/leistungen/parken-seiten/antrag", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task Submit_SameKeyConcurrentlyThroughThePage_OneCase()
    {
        var service = await ApplySamples.PublishAsync(app, "parken-doppelt", "99108001012102");
        await ApplySamples.CitizenAsync(app, "rostock", "doppelt@rostock.example");
        var client = await SignedInAsync("rostock", "doppelt@rostock.example");
        const string form = "/rostock/leistungen/parken-doppelt/antrag";
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostPageAsync(form, [new("kennzeichen", "HRO-X 1"), new("aktion", "weiter")])).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostPageAsync(form + "/2", [new("aktion", "weiter")], ("zulassung", "z.pdf", ApplySamples.Pdf))).StatusCode);
        var review = await client.GetStringAsync(new Uri(form + "/pruefen", UriKind.Relative));
        var fields = new Dictionary<string, string> { ["__kogge_csrf"] = BrowserExtensions.AntiforgeryToken(review), ["idempotencyKey"] = IdempotencyKey().Match(review).Groups[1].Value };

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => client.PostAsync(new Uri(form + "/pruefen", UriKind.Relative), new FormUrlEncodedContent(fields))));

        Assert.Single(responses.Select(r => r.RedirectPath()).Distinct());
        var created = Assert.Single(await CasesAsync(service.Id));
        Assert.Equal(1, await InstancesAsync(created));
    }

    [Fact]
    public async Task Api_SubmitRepeatedConcurrentlyAndOnAnotherInstance_OneCase_ProblemsOtherwise()
    {
        var client = await app.ApiClientAsync("rostock", "ProcessWorker");
        var body = new { service = "gewerbe-anmelden", data = new { anlass = "neuerrichtung", rechtsform = "einzelunternehmen", taetigkeit = "Fahrradreparatur", beginn = "2026-12-01", betriebsstaette = "Kröpeliner Straße 1, 18055 Rostock" } };
        HttpRequestMessage Request(string? key, object content)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/rostock/api/v1/applications", UriKind.Relative)) { Content = JsonContent.Create(content) };
            if (key is not null)
            {
                request.Headers.Add("Idempotency-Key", key);
            }

            return request;
        }

        var noKey = await client.SendAsync(Request(null, body));
        Assert.Equal(HttpStatusCode.BadRequest, noKey.StatusCode);
        Assert.Equal("application/problem+json", noKey.Content.Headers.ContentType?.MediaType);

        var invalid = await client.SendAsync(Request("ungueltig", new { service = "gewerbe-anmelden", data = new { beginn = "morgen" } }));
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var problem = await invalid.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("taetigkeit", out _));
        Assert.Equal(HttpStatusCode.NotFound, (await client.SendAsync(Request("k", new { service = "gibt-es-nicht", data = new { } }))).StatusCode);

        var key = Guid.NewGuid().ToString();
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => client.SendAsync(Request(key, body))));
        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, $"{(int)r.StatusCode}"));
        var ids = await Task.WhenAll(responses.Select(async r => (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()));
        var id = Assert.Single(ids.Distinct());

        // A fresh host on the same database, as after a restart, knows the key too.
        await using (var restarted = app.SecondInstance())
        {
            await restarted.InitializeAsync();
            var again = await restarted.CreateClient().SendAsync(WithToken(client, Request(key, body)));
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
            Assert.Equal(id, (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString());
        }

        var created = await app.InTenantAsync("rostock", async (_, db) => await db.Cases.SingleAsync(c => c.IdempotencyKey == key));
        Assert.Equal(1, await InstancesAsync(created));
        var read = await client.GetFromJsonAsync<JsonElement>(new Uri($"/rostock/api/v1/cases/{id}", UriKind.Relative));
        Assert.Equal(created.ReferenceNumber, read.GetProperty("referenceNumber").GetString());

        // Another service account of Rostock, and Lübeck, do not find it.
        var other = await app.ApiClientAsync("rostock", "ProcessWorker");
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(new Uri($"/rostock/api/v1/cases/{id}", UriKind.Relative))).StatusCode);
        var luebeck = await app.ApiClientAsync("luebeck", "ProcessWorker");
        var foreign = await luebeck.GetAsync(new Uri($"/luebeck/api/v1/cases/{id}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.Equal("application/problem+json", foreign.Content.Headers.ContentType?.MediaType);
        var clerk = await app.ApiClientAsync("rostock", "Clerk");
        Assert.Equal(HttpStatusCode.Forbidden, (await clerk.SendAsync(Request(Guid.NewGuid().ToString(), body))).StatusCode);

        var openApi = await app.Browser().GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        Assert.Contains("/api/v1/applications", openApi);
        Assert.Contains("/api/v1/cases/{id}", openApi);
    }

    [Fact]
    public async Task Upload_OverTheFileOrApplicationLimit_RefusedInGermanAndNothingStored()
    {
        await ApplySamples.PublishAsync(app, "parken-gross", "99108001012103");
        await ApplySamples.CitizenAsync(app, "rostock", "gross@rostock.example");
        var client = await SignedInAsync("rostock", "gross@rostock.example");
        const string form = "/rostock/leistungen/parken-gross/antrag";
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostPageAsync(form, [new("kennzeichen", "HRO-G 1"), new("aktion", "weiter")])).StatusCode);
        Task<int> StoredAsync() => app.InTenantAsync("rostock", async (_, db) => await db.CaseDocuments.CountAsync(d => d.FileName.StartsWith("gross")));
        static byte[] Pdf(int megabytes) => [.. ApplySamples.Pdf, .. new byte[megabytes * 1024 * 1024]];

        // One file over 10 MB: the form reader stops it while it streams in.
        var tooLarge = await client.PostPageAsync(form + "/2", [new("aktion", "weiter")], ("zulassung", "gross-1.pdf", Pdf(11)));
        Assert.True((int)tooLarge.StatusCode is 400 or 413, $"{(int)tooLarge.StatusCode}");
        Assert.Contains("zu groß", await tooLarge.Content.ReadAsStringAsync());
        Assert.Equal(0, await StoredAsync());

        // Files within the limit each, but over 25 MB together: the third is refused.
        for (var i = 1; i <= 2; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.PostPageAsync(form + "/2", [new("aktion", "aktualisieren")], ("zulassung", $"gross-{i}.pdf", Pdf(9)))).StatusCode);
        }

        var third = await client.PostPageAsync(form + "/2", [new("aktion", "weiter")], ("zulassung", "gross-3.pdf", Pdf(9)));
        Assert.Equal(HttpStatusCode.BadRequest, third.StatusCode);
        Assert.Contains("Alle Dateien eines Antrags zusammen dürfen höchstens 25 MB groß sein", WebUtility.HtmlDecode(await third.Content.ReadAsStringAsync()));
        Assert.Equal(2, await StoredAsync());
    }

    private static HttpRequestMessage WithToken(HttpClient client, HttpRequestMessage request)
    {
        request.Headers.Authorization = client.DefaultRequestHeaders.Authorization;
        return request;
    }

    [GeneratedRegex("name=\"idempotencyKey\" value=\"([^\"]+)\"")]
    private static partial Regex IdempotencyKey();
}
