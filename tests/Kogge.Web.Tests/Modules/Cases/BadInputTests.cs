using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Kogge.Web.Platform.Demo;
using Kogge.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Kogge.Web.Tests.Modules.Cases;

/// <summary>
/// What a careless or hostile client sends to the application pages and the application API: every answer is a 4xx
/// with a German message (problem details in the API), never a 500, and nothing half-stored.
/// </summary>
public sealed class BadInputTests(KoggeApp app) : IClassFixture<KoggeApp>
{
    private const string Form = "/rostock/leistungen/parken-boese/antrag";

    private async Task PublishedAsync()
    {
        if (!await app.InTenantAsync("rostock", async (_, db) => await db.PublicServices.AnyAsync(s => s.Slug == "parken-boese")))
        {
            await ApplySamples.PublishAsync(app, "parken-boese", "99108001012105");
        }
    }

    private async Task<HttpClient> ApplicantAsync(string email)
    {
        await PublishedAsync();
        await ApplySamples.CitizenAsync(app, "rostock", email);
        var client = app.Browser();
        await client.SignInOrFailAsync("rostock", email, DemoData.Password);
        return client;
    }

    private Task<int> CasesAsync(string keyPrefix) =>
        app.InTenantAsync("rostock", async (_, db) => await db.Cases.CountAsync(c => c.IdempotencyKey.StartsWith(keyPrefix)));

    private Task<string[]> StoredNamesAsync(Guid applicant) =>
        app.InTenantAsync("rostock", async (_, db) => await db.CaseDocuments.Where(d => d.UploadedBy == applicant).Select(d => d.FileName).ToArrayAsync());

    private Task<Guid> AccountIdAsync(string email) =>
        app.InTenantAsync("rostock", async (_, db) => await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());

    [Fact]
    public async Task Pages_MissingTooLongAndWrongFields_GermanFieldMessages_No500()
    {
        var client = await ApplicantAsync("boese-felder@rostock.example");

        var missing = await client.PostPageAsync(Form, [new("kennzeichen", ""), new("aktion", "weiter")]);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        var missingPage = WebUtility.HtmlDecode(await missing.Content.ReadAsStringAsync());
        Assert.Contains("Amtliches Kennzeichen", missingPage);
        Assert.Contains("href=\"#", missingPage); // the error summary links to the field

        var tooLong = await client.PostPageAsync(Form, [new("kennzeichen", new string('X', 13)), new("aktion", "weiter")]);
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Contains("12", WebUtility.HtmlDecode(await tooLong.Content.ReadAsStringAsync()));

        // A checkbox answered with something that is no yes/no, fields the form does not have, a huge value.
        var odd = await client.PostPageAsync(Form, [new("kennzeichen", "HRO-B 1"), new("ueberlassen", "vielleicht"), new("gibt-es-nicht", "x"), new("halter", new string('ä', 50_000)), new("aktion", "weiter")]);
        Assert.True((int)odd.StatusCode is 200 or 302 or 400, $"{(int)odd.StatusCode}");
        var account = await AccountIdAsync("boese-felder@rostock.example");
        var kept = await app.InTenantAsync("rostock", async (_, db) => await db.ApplicationDrafts.Where(d => d.ApplicantId == account).Select(d => d.Data).SingleAsync());
        Assert.DoesNotContain("gibt-es-nicht", kept); // only the form's own fields are kept

        // A page number the form does not have shows the furthest page the applicant has reached; a post that is no form at all.
        var beyond = await client.GetAsync(new Uri(Form + "/99", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, beyond.StatusCode);
        var token = await client.TokenFromAsync(Form);
        using var garbage = new ByteArrayContent(Encoding.UTF8.GetBytes("--xyz\r\nContent-Disposition: form-data; name=\"kennzeichen\"\r\n\r\nHRO"));
        garbage.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=xyz");
        var broken = await client.PostAsync(new Uri(Form + "?__kogge_csrf=" + token, UriKind.Relative), garbage);
        Assert.InRange((int)broken.StatusCode, 400, 499);
    }

    [Fact]
    public async Task Uploads_RenamedExecutableAndPathNames_RefusedOrStrippedOfThePath()
    {
        const string email = "boese-dateien@rostock.example";
        var client = await ApplicantAsync(email);
        var applicant = await AccountIdAsync(email);
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostPageAsync(Form, [new("kennzeichen", "HRO-D 1"), new("aktion", "weiter")])).StatusCode);

        // An ELF executable and a Windows executable named as PDF: refused by their first bytes.
        byte[][] executables = [[0x7F, (byte)'E', (byte)'L', (byte)'F', 2, 1, 1, 0, .. new byte[120]], [(byte)'M', (byte)'Z', 0x90, 0, .. new byte[120]]];
        foreach (var executable in executables)
        {
            var refused = await client.PostPageAsync(Form + "/2", [new("aktion", "weiter")], ("zulassung", "zulassung.pdf", executable));
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("Die Datei „zulassung.pdf“ ist kein PDF-, PNG- oder JPEG-Dokument.", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()));
        }

        // An empty file, a file field sent for a field that is no file picker.
        var empty = await client.PostPageAsync(Form + "/2", [new("aktion", "weiter")], ("zulassung", "leer.pdf", []));
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        var wrongField = await client.PostPageAsync(Form + "/2", [new("aktion", "weiter")], ("kennzeichen", "k.pdf", ApplySamples.Pdf));
        Assert.Equal(HttpStatusCode.BadRequest, wrongField.StatusCode);
        Assert.Empty(await StoredNamesAsync(applicant));

        // A name with a path and control characters: only its last segment is kept, and only to be shown.
        var traversal = await client.PostPageAsync(Form + "/2", [new("aktion", "aktualisieren")], ("zulassung", "../../etc/\u0007passwd.pdf", ApplySamples.Pdf));
        Assert.Equal(HttpStatusCode.OK, traversal.StatusCode);
        var windows = await client.PostPageAsync(Form + "/2", [new("aktion", "aktualisieren")], ("zulassung", "..\\..\\Windows\\system.ini.pdf", ApplySamples.Pdf));
        Assert.Equal(HttpStatusCode.OK, windows.StatusCode);
        Assert.Equal(["passwd.pdf", "system.ini.pdf"], (await StoredNamesAsync(applicant)).Order());
    }

    [Fact]
    public async Task Api_WrongTypesMissingFieldsBrokenJsonAndOversizedBodies_ProblemDetails_NoCase()
    {
        var client = await app.ApiClientAsync("rostock", "ProcessWorker");
        await PublishedAsync();
        var attempt = 0;
        async Task<HttpResponseMessage> SendAsync(HttpContent content, string? key = null)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/rostock/api/v1/applications", UriKind.Relative)) { Content = content };
            request.Headers.Add("Idempotency-Key", key ?? $"boese-{++attempt}");
            var response = await client.SendAsync(request);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            return response;
        }

        async Task<JsonElement> ProblemAsync(HttpContent content, HttpStatusCode status)
        {
            var response = await SendAsync(content);
            Assert.Equal(status, response.StatusCode);
            return await response.Content.ReadFromJsonAsync<JsonElement>();
        }

        // Wrong types: a number, a list and an object where text is asked, a text for a checkbox.
        foreach (var data in new object[] { new { kennzeichen = 123 }, new { kennzeichen = new[] { "HRO" } }, new { kennzeichen = new { a = 1 } }, new { kennzeichen = "HRO-A 1", ueberlassen = "ja bitte" } })
        {
            var problem = await ProblemAsync(JsonContent.Create(new { service = "parken-boese", data }), HttpStatusCode.BadRequest);
            Assert.True(problem.TryGetProperty("errors", out var errors) && errors.EnumerateObject().Any(), problem.ToString());
        }

        // Missing: required fields, data, service, the whole body; too long.
        var required = await ProblemAsync(JsonContent.Create(new { service = "parken-boese", data = new { } }), HttpStatusCode.BadRequest);
        Assert.Contains("kennzeichen", required.GetProperty("errors").EnumerateObject().Select(e => e.Name));
        var tooLong = await ProblemAsync(JsonContent.Create(new { service = "parken-boese", data = new { kennzeichen = new string('X', 13), zulassung = "x" } }), HttpStatusCode.BadRequest);
        Assert.Contains("kennzeichen", tooLong.GetProperty("errors").EnumerateObject().Select(e => e.Name));
        await ProblemAsync(JsonContent.Create(new { service = "parken-boese" }), HttpStatusCode.BadRequest);
        await ProblemAsync(JsonContent.Create(new { data = new { kennzeichen = "HRO-A 1" } }), HttpStatusCode.BadRequest);
        await ProblemAsync(JsonContent.Create(new { service = "parken-boese", data = "kennzeichen=HRO" }), HttpStatusCode.BadRequest);

        // Not JSON, JSON cut off, the wrong media type.
        await ProblemAsync(new StringContent("{\"service\": \"parken-boese\", \"data\": {", Encoding.UTF8, "application/json"), HttpStatusCode.BadRequest);
        await ProblemAsync(new StringContent("kein json", Encoding.UTF8, "application/json"), HttpStatusCode.BadRequest);
        var form = await SendAsync(new FormUrlEncodedContent([new("service", "parken-boese")]));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, form.StatusCode);

        // Over the request limit of 1 MiB, and an over-long idempotency key.
        var huge = await SendAsync(new StringContent(JsonSerializer.Serialize(new { service = "parken-boese", data = new { kennzeichen = new string('X', 2 * 1024 * 1024) } }), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
        var longKey = await SendAsync(JsonContent.Create(new { service = "parken-boese", data = new { kennzeichen = "HRO-A 1" } }), new string('k', 500));
        Assert.Equal(HttpStatusCode.BadRequest, longKey.StatusCode);

        Assert.Equal(0, await CasesAsync("boese-"));
    }
}
