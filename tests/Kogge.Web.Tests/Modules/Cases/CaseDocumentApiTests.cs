using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Kogge.Web.Modules.Cases.DocumentRequests;
using Kogge.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Kogge.Web.Tests.Modules.Cases;

/// <summary>
/// A machine client's case documents: the submitter answers a clerk's document request with files, lists and downloads
/// them; a clerk's client reads them too; other accounts and municipalities find nothing; bad uploads are refused.
/// </summary>
public class CaseDocumentApiTests(KoggeApp app) : IClassFixture<KoggeApp>
{
    private static Uri Api(string path) => new(path, UriKind.Relative);

    private static MultipartFormDataContent Files(params (string Name, byte[] Content)[] files)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, content) in files)
        {
            var part = new ByteArrayContent(content);
            part.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
            form.Add(part, "files", name);
        }

        return form;
    }

    [Fact]
    public async Task AnswerListDownload_BySubmitterAndClerkClient_OthersFindNothing_BadFilesRefused()
    {
        await ApplySamples.PublishAsync(app, "parken-api-dokumente", "99108001015102", null, ApplySamples.WaitingFor("api-dokumente", DocumentRequests.AnsweredMessage));
        var worker = await app.ApiClientAsync("rostock", "ProcessWorker");
        async Task<HttpResponseMessage> Submit(HttpContent content, string? key = null)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, Api("/rostock/api/v1/applications")) { Content = content };
            request.Headers.Add("Idempotency-Key", key ?? Guid.NewGuid().ToString());
            return await worker.SendAsync(request);
        }

        MultipartFormDataContent Application(params (string Field, string Name, byte[] Content)[] files)
        {
            var form = new MultipartFormDataContent { { new StringContent("""{"service":"parken-api-dokumente","data":{"kennzeichen":"HRO-AP 1","zulassung":"erfunden"}}"""), "application" } };
            foreach (var (field, name, content) in files)
            {
                form.Add(new ByteArrayContent(content), field, name);
            }

            return form;
        }

        // The registration certificate is required: as JSON alone (a made-up value does not count), without the file,
        // with a file that is no document, or for a field the form does not have, the application is refused.
        var withoutFile = await Submit(JsonContent.Create(new { service = "parken-api-dokumente", data = new { kennzeichen = "HRO-AP 1", zulassung = Guid.NewGuid().ToString() } }));
        Assert.Equal(HttpStatusCode.BadRequest, withoutFile.StatusCode);
        Assert.True((await withoutFile.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("zulassung", out _));
        Assert.Equal(HttpStatusCode.BadRequest, (await Submit(Application())).StatusCode);
        var renamed = await Submit(Application(("zulassung", "zulassung.pdf", [0x4D, 0x5A, 0x90, 0x00])));
        Assert.Equal(HttpStatusCode.BadRequest, renamed.StatusCode);
        Assert.Contains("kein PDF-, PNG- oder JPEG-Dokument", (await renamed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("zulassung")[0].GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await Submit(Application(("fremd", "a.pdf", ApplySamples.Pdf)))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Submit(new StringContent("{kein json", System.Text.Encoding.UTF8, "application/json"))).StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await Submit(new StringContent("kennzeichen=HRO"))).StatusCode);
        Assert.Equal(0, await app.InTenantAsync("rostock", (_, db) => db.Cases.CountAsync(c => c.FormData.Contains("HRO-AP 1"))));

        var key = Guid.NewGuid().ToString();
        var submitted = await Submit(Application(("zulassung", "../../zulassung-teil-1.pdf", ApplySamples.Pdf)), key);
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        var caseId = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        var repeated = await Submit(Application(("zulassung", "zulassung-teil-1.pdf", ApplySamples.Pdf)), key);
        Assert.Equal(HttpStatusCode.OK, repeated.StatusCode);
        Assert.Equal(caseId, (await repeated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString());
        var attachment = Assert.Single((await worker.GetFromJsonAsync<JsonElement>(Api($"/rostock/api/v1/cases/{caseId}/documents"))).EnumerateArray());
        Assert.Equal("zulassung-teil-1.pdf", attachment.GetProperty("fileName").GetString());
        Assert.Equal("zulassung", attachment.GetProperty("fieldKey").GetString());

        var clerk = await app.ApiClientAsync("rostock", "Clerk");
        var due = DocumentRequests.Today(TimeProvider.System).AddDays(5).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var requested = await clerk.PostAsJsonAsync(Api($"/rostock/api/v1/cases/{caseId}/document-requests"), new { text = "Bitte senden Sie die Zulassungsbescheinigung Teil I.", dueDate = due });
        Assert.Equal(HttpStatusCode.Created, requested.StatusCode);
        var requestId = (await requested.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        var requests = await worker.GetFromJsonAsync<JsonElement>(Api($"/rostock/api/v1/cases/{caseId}/document-requests"));
        Assert.Equal("Open", Assert.Single(requests.EnumerateArray()).GetProperty("status").GetString());

        var answer = Api($"/rostock/api/v1/cases/{caseId}/document-requests/{requestId}/answer");
        async Task<HttpResponseMessage> Refused(HttpContent content, HttpStatusCode status)
        {
            var response = await worker.PostAsync(answer, content);
            Assert.Equal(status, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            return response;
        }

        await Refused(JsonContent.Create(new { files = "keine" }), HttpStatusCode.UnsupportedMediaType);
        await Refused(new MultipartFormDataContent(), HttpStatusCode.BadRequest);
        var executable = await Refused(Files(("../../zulassung.pdf", [0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00])), HttpStatusCode.BadRequest);
        Assert.Contains("files", (await executable.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").ToString());
        await Refused(Files(("gross.pdf", [.. ApplySamples.Pdf, .. new byte[26 * 1024 * 1024]])), HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(1, await app.InTenantAsync("rostock", (_, db) => db.CaseDocuments.CountAsync(d => d.CaseId == Guid.Parse(caseId!))));

        // Another account of Rostock, a clerk's client and Lübeck cannot answer.
        var other = await app.ApiClientAsync("rostock", "ProcessWorker");
        var luebeck = await app.ApiClientAsync("luebeck", "ProcessWorker");
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsync(answer, Files(("z.pdf", ApplySamples.Pdf)))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await clerk.PostAsync(answer, Files(("z.pdf", ApplySamples.Pdf)))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await luebeck.PostAsync(Api($"/luebeck/api/v1/cases/{caseId}/document-requests/{requestId}/answer"), Files(("z.pdf", ApplySamples.Pdf)))).StatusCode);

        var answered = await worker.PostAsync(answer, Files(("../zulassung.pdf", ApplySamples.Pdf)));
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        Assert.Equal("Answered", (await answered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await worker.PostAsync(answer, Files(("noch-einmal.pdf", ApplySamples.Pdf)))).StatusCode);

        foreach (var reader in new[] { worker, clerk })
        {
            var documents = (await reader.GetFromJsonAsync<JsonElement>(Api($"/rostock/api/v1/cases/{caseId}/documents"))).EnumerateArray().ToList();
            Assert.Equal(["zulassung-teil-1.pdf", "zulassung.pdf"], documents.Select(d => d.GetProperty("fileName").GetString()).Order(StringComparer.Ordinal));
            var document = documents.Single(d => d.GetProperty("fileName").GetString() == "zulassung.pdf");
            Assert.Equal("application/pdf", document.GetProperty("contentType").GetString());
            var download = await reader.GetAsync(Api($"/rostock/api/v1/cases/{caseId}/documents/{document.GetProperty("id").GetString()}"));
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
            Assert.Equal("application/pdf", download.Content.Headers.ContentType?.MediaType);
            Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal(ApplySamples.Pdf, await download.Content.ReadAsByteArrayAsync());
        }

        foreach (var (client, path) in new[] { (other, $"/rostock/api/v1/cases/{caseId}/documents"), (other, $"/rostock/api/v1/cases/{caseId}/document-requests"),
            (luebeck, $"/luebeck/api/v1/cases/{caseId}/documents"), (worker, $"/rostock/api/v1/cases/{caseId}/documents/{Guid.NewGuid()}") })
        {
            var response = await client.GetAsync(Api(path));
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        var openApi = await app.Browser().GetStringAsync(Api("/openapi/v1.json"));
        Assert.Contains("/api/v1/cases/{id}/documents/{document}", openApi);
        Assert.Contains("/api/v1/cases/{id}/document-requests/{request}/answer", openApi);
    }
}
