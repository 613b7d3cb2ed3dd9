using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Kogge.Bpmn.Engine;
using Kogge.Web.Platform.Processes;
using Kogge.Web.Platform.Tenancy;
using Kogge.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;

namespace Kogge.Web.Tests.Modules.Processes;

/// <summary>Kogge with the job handlers of these tests and a job executor that polls every 100 ms.</summary>
public sealed class ProcessApp : KoggeApp
{
    public ProcessApp()
        : base(new Dictionary<string, string?> { ["Kogge:Processes:JobPollInterval"] = "00:00:00.100" })
    {
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services
            .AddProcessJobHandler<StampHandler>("kogge-test-stamp")
            .AddProcessJobHandler<FlakyHandler>("kogge-test-flaky"));
    }

    /// <summary>Writes the municipality the handler ran in, which the host sets from the job's instance.</summary>
    private sealed class StampHandler(TenantContext tenant) : IJobHandler
    {
        public Task<JobOutcome> HandleAsync(JobContext job, CancellationToken cancellationToken) =>
            Task.FromResult(JobOutcome.Complete(new Dictionary<string, object?> { ["stampedIn"] = tenant.Current?.Slug }));
    }

    /// <summary>Fails the first attempt of each job (the register is down), succeeds afterwards.</summary>
    private sealed class FlakyHandler : IJobHandler
    {
        private static readonly ConcurrentDictionary<string, int> Attempts = new(StringComparer.Ordinal);

        public Task<JobOutcome> HandleAsync(JobContext job, CancellationToken cancellationToken) =>
            Attempts.AddOrUpdate(job.JobId, 1, (_, n) => n + 1) == 1
                ? throw new InvalidOperationException("The register did not answer.")
                : Task.FromResult(JobOutcome.Complete());
    }
}

public class ProcessApiTests(ProcessApp app) : IClassFixture<ProcessApp>
{
    private const string Roles = "ProcessAdmin,ProcessWorker";

    [Fact]
    public async Task PermitReview_DeployStartClaimCompleteServiceTaskAndMessage_Completes()
    {
        var admin = await app.ApiClientAsync("rostock", "ProcessAdmin");
        var worker = await app.ApiClientAsync("rostock", "ProcessWorker");
        var deployment = await ProcessSamples.DeployAsync(admin, "rostock", "PermitReview.bpmn");
        var definition = Assert.Single(deployment.GetProperty("processes").EnumerateArray());
        Assert.Equal("permitReview", definition.GetProperty("processId").GetString());

        var id = await ProcessSamples.StartAsync(worker, "rostock", "permitReview", new { caseNumber = "R-2026-17" });
        var offered = await worker.GetFromJsonAsync<JsonElement>(new Uri("/rostock/api/v1/tasks?candidateGroup=registry&processId=permitReview&take=200", UriKind.Relative));
        var task = Assert.Single(offered.GetProperty("items").EnumerateArray(), t => t.GetProperty("processInstanceId").GetString() == id);
        var taskId = task.GetProperty("id").GetString()!;
        Assert.Equal("Antrag prüfen", task.GetProperty("name").GetString());

        var claim = await worker.PostAsJsonAsync(new Uri($"/rostock/api/v1/tasks/{taskId}/claim", UriKind.Relative), new { assignee = "clerk-7" });
        Assert.Equal(HttpStatusCode.OK, claim.StatusCode);
        var mine = await worker.GetFromJsonAsync<JsonElement>(new Uri("/rostock/api/v1/tasks?assignee=clerk-7", UriKind.Relative));
        Assert.Contains(mine.GetProperty("items").EnumerateArray(), t => t.GetProperty("id").GetString() == taskId);

        var complete = await worker.PostAsJsonAsync(new Uri($"/rostock/api/v1/tasks/{taskId}/complete", UriKind.Relative), new { variables = new { approved = true }, userId = "clerk-7" });
        Assert.Equal(HttpStatusCode.NoContent, complete.StatusCode);

        // The service task runs in the job executor, in Rostock's scope; then the instance waits for the documents.
        var waiting = await ProcessSamples.WaitForInstanceAsync(worker, "rostock", id,
            i => i.GetProperty("activeElements").EnumerateArray().Any(e => e.GetProperty("elementId").GetString() == "documents"));
        Assert.Equal("rostock", waiting.GetProperty("variables").GetProperty("stampedIn").GetString());
        Assert.True(waiting.GetProperty("variables").GetProperty("approved").GetBoolean());

        var message = await worker.PostAsJsonAsync(new Uri("/rostock/api/v1/messages", UriKind.Relative), new { name = "DocumentsReceived", correlationKey = "R-2026-17" });
        Assert.Equal(HttpStatusCode.OK, message.StatusCode);
        Assert.Contains(id, (await message.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("processInstanceIds").EnumerateArray().Select(e => e.GetString()));

        var done = await worker.GetFromJsonAsync<JsonElement>(new Uri($"/rostock/api/v1/process-instances/{id}", UriKind.Relative));
        Assert.Equal("Completed", done.GetProperty("instance").GetProperty("state").GetString());
        var completed = await worker.GetFromJsonAsync<JsonElement>(new Uri("/rostock/api/v1/process-instances?processId=permitReview&state=completed&take=200", UriKind.Relative));
        Assert.Contains(completed.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetString() == id);
    }

    [Fact]
    public async Task Deploy_TransactionSubProcess_Is400NamingElementIdAndName()
    {
        var admin = await app.ApiClientAsync("rostock", "ProcessAdmin");
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(ProcessSamples.Xml("FeeTransaction.bpmn")));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/xml");
        form.Add(file, "file", "FeeTransaction.bpmn");

        var response = await admin.PostAsync(new Uri("/rostock/api/v1/deployments", UriKind.Relative), form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var finding = Assert.Single(problem.GetProperty("problems").EnumerateArray(), p => p.GetProperty("elementId").GetString() == "payFee");
        Assert.Equal("Gebühr bezahlen", finding.GetProperty("elementName").GetString());
        Assert.Contains("out of scope", finding.GetProperty("message").GetString(), StringComparison.Ordinal);
        var definitions = await admin.GetFromJsonAsync<JsonElement>(new Uri("/rostock/api/v1/process-definitions?processId=feePayment", UriKind.Relative));
        Assert.Equal(0, definitions.GetArrayLength());
    }

    [Fact]
    public async Task Deploy_Windows1252File_KeepsTheUmlauts()
    {
        var admin = await app.ApiClientAsync("rostock", Roles);
        var xml = ProcessSamples.Xml("PermitReview.bpmn").Replace("encoding=\"UTF-8\"", "encoding=\"windows-1252\"", StringComparison.Ordinal)
            .Replace("id=\"permitReview\"", "id=\"permitReviewLatin\"", StringComparison.Ordinal);
        using var content = new ByteArrayContent(CodePagesEncodingProvider.Instance.GetEncoding(1252)!.GetBytes(xml));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/xml");

        var response = await admin.PostAsync(new Uri("/rostock/api/v1/deployments", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var version = await admin.GetFromJsonAsync<JsonElement>(new Uri("/rostock/api/v1/process-definitions/permitReviewLatin/versions/1", UriKind.Relative));
        Assert.Equal("Genehmigung prüfen", version.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Deploy_XmlWithDtd_Is400()
    {
        var admin = await app.ApiClientAsync("rostock", "ProcessAdmin");
        var xml = """<?xml version="1.0"?><!DOCTYPE d [<!ENTITY e SYSTEM "file:///etc/passwd">]><d>&e;</d>""";
        using var content = new StringContent(xml, Encoding.UTF8, "application/xml");

        var response = await admin.PostAsync(new Uri("/rostock/api/v1/deployments", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain("root:", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deploy_UnsupportedContentType_Is415AndWorkerToken_Is403()
    {
        var admin = await app.ApiClientAsync("rostock", "ProcessAdmin");
        var worker = await app.ApiClientAsync("rostock", "ProcessWorker");
        using var text = new StringContent("hello", Encoding.UTF8, "text/plain");
        using var xml = new StringContent(ProcessSamples.Xml("PermitReview.bpmn"), Encoding.UTF8, "application/xml");

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await admin.PostAsync(new Uri("/rostock/api/v1/deployments", UriKind.Relative), text)).StatusCode);
        var forbidden = await worker.PostAsync(new Uri("/rostock/api/v1/deployments", UriKind.Relative), xml);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal("application/problem+json", forbidden.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Definition_ByVersionAndXml_ReturnTheDeployedModel()
    {
        var admin = await app.ApiClientAsync("rostock", Roles);
        await ProcessSamples.DeployAsync(admin, "rostock", "PermitReview.bpmn");

        var version = await admin.GetFromJsonAsync<JsonElement>(new Uri("/rostock/api/v1/process-definitions/permitReview/versions/1", UriKind.Relative));
        var xml = await admin.GetAsync(new Uri("/rostock/api/v1/process-definitions/permitReview/versions/1/xml", UriKind.Relative));
        var missing = await admin.GetAsync(new Uri("/rostock/api/v1/process-definitions/permitReview/versions/99", UriKind.Relative));

        Assert.Equal("Genehmigung prüfen", version.GetProperty("name").GetString());
        Assert.Equal("application/xml", xml.Content.Headers.ContentType?.MediaType);
        Assert.Contains("kogge-test-stamp", await xml.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task RostockTask_FromLuebeck_IsNotFoundAndStaysOpen()
    {
        var rostock = await app.ApiClientAsync("rostock", Roles);
        var luebeck = await app.ApiClientAsync("luebeck", Roles);
        var (id, taskId) = await ProcessSamples.PermitReviewTaskAsync(rostock, "R-2026-18");

        Assert.Equal(HttpStatusCode.NotFound, (await luebeck.GetAsync(new Uri($"/luebeck/api/v1/tasks/{taskId}", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await luebeck.PostAsJsonAsync(new Uri($"/luebeck/api/v1/tasks/{taskId}/claim", UriKind.Relative), new { assignee = "x" })).StatusCode);
        var complete = await luebeck.PostAsJsonAsync(new Uri($"/luebeck/api/v1/tasks/{taskId}/complete", UriKind.Relative), new { variables = new { approved = false } });
        Assert.Equal(HttpStatusCode.NotFound, complete.StatusCode);
        Assert.Equal("application/problem+json", complete.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await luebeck.GetAsync(new Uri($"/luebeck/api/v1/process-instances/{id}", UriKind.Relative))).StatusCode);
        var luebeckTasks = await luebeck.GetFromJsonAsync<JsonElement>(new Uri("/luebeck/api/v1/tasks?take=200", UriKind.Relative));
        Assert.DoesNotContain(luebeckTasks.GetProperty("items").EnumerateArray(), t => t.GetProperty("id").GetString() == taskId);
        var start = await luebeck.PostAsJsonAsync(new Uri("/luebeck/api/v1/process-instances", UriKind.Relative), new { processId = "permitReview" });
        Assert.Equal(HttpStatusCode.NotFound, start.StatusCode);
        var message = await luebeck.PostAsJsonAsync(new Uri("/luebeck/api/v1/messages", UriKind.Relative), new { name = "DocumentsReceived", correlationKey = "R-2026-18" });
        Assert.Empty((await message.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("processInstanceIds").EnumerateArray());

        var still = await ProcessSamples.TaskOfAsync(rostock, "rostock", id);
        Assert.Equal(JsonValueKind.Null, still.GetProperty("assignee").ValueKind);
    }

    [Fact]
    public async Task Task_CompletedTwiceAtOnce_OneSucceedsTheOtherGets409()
    {
        var client = await app.ApiClientAsync("rostock", Roles);
        var (_, taskId) = await ProcessSamples.PermitReviewTaskAsync(client, "R-2026-19");
        var uri = new Uri($"/rostock/api/v1/tasks/{taskId}/complete", UriKind.Relative);

        var responses = await Task.WhenAll(
            client.PostAsJsonAsync(uri, new { variables = new { approved = true } }),
            client.PostAsJsonAsync(uri, new { variables = new { approved = false } }));
        var late = await client.PostAsJsonAsync(uri, new { variables = new { approved = false } });

        Assert.Equal([HttpStatusCode.NoContent, HttpStatusCode.Conflict], responses.Select(r => r.StatusCode).Order());
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Equal("application/problem+json", late.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Task_ClaimedBySomeoneElse_Is409()
    {
        var client = await app.ApiClientAsync("rostock", Roles);
        var (_, taskId) = await ProcessSamples.PermitReviewTaskAsync(client, "R-2026-20");

        await client.PostAsJsonAsync(new Uri($"/rostock/api/v1/tasks/{taskId}/claim", UriKind.Relative), new { assignee = "clerk-1" });
        var second = await client.PostAsJsonAsync(new Uri($"/rostock/api/v1/tasks/{taskId}/claim", UriKind.Relative), new { assignee = "clerk-2" });
        var completeAsOther = await client.PostAsJsonAsync(new Uri($"/rostock/api/v1/tasks/{taskId}/complete", UriKind.Relative), new { userId = "clerk-2" });
        var unclaim = await client.PostAsync(new Uri($"/rostock/api/v1/tasks/{taskId}/unclaim", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, completeAsOther.StatusCode);
        Assert.Equal(HttpStatusCode.OK, unclaim.StatusCode);
        Assert.Equal(JsonValueKind.Null, (await unclaim.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("assignee").ValueKind);
    }

    [Fact]
    public async Task Incident_FailedServiceTask_ResolvedByAdminAndInstanceCompletes()
    {
        var admin = await app.ApiClientAsync("rostock", "ProcessAdmin");
        var worker = await app.ApiClientAsync("rostock", "ProcessWorker");
        await ProcessSamples.DeployAsync(admin, "rostock", "FlakyCheck.bpmn");
        var id = await ProcessSamples.StartAsync(worker, "rostock", "flakyCheck");

        JsonElement incident;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var incidents = await admin.GetFromJsonAsync<JsonElement>(new Uri($"/rostock/api/v1/incidents?processInstanceId={id}", UriKind.Relative));
            if (incidents.GetArrayLength() > 0)
            {
                incident = incidents[0];
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, "No incident was raised.");
            await Task.Delay(100);
        }

        var incidentId = incident.GetProperty("id").GetString()!;
        Assert.Equal("query", incident.GetProperty("elementId").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await worker.GetAsync(new Uri("/rostock/api/v1/incidents", UriKind.Relative))).StatusCode);
        var resolve = await admin.PostAsJsonAsync(new Uri($"/rostock/api/v1/incidents/{incidentId}/resolve", UriKind.Relative), new { retries = 1 });
        Assert.Equal(HttpStatusCode.NoContent, resolve.StatusCode);

        await ProcessSamples.WaitForInstanceAsync(worker, "rostock", id, i => i.GetProperty("instance").GetProperty("state").GetString() == "Completed");
        var again = await admin.PostAsJsonAsync(new Uri($"/rostock/api/v1/incidents/{incidentId}/resolve", UriKind.Relative), new { retries = 1 });
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
    }

    [Fact]
    public async Task ProcessEndpoints_TokenWithoutProcessRole_IsForbidden()
    {
        var clerk = await app.ApiClientAsync("rostock", "Clerk");

        var response = await clerk.GetAsync(new Uri("/rostock/api/v1/tasks", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Start_BadInput_IsProblemDetails()
    {
        var worker = await app.ApiClientAsync("rostock", "ProcessWorker");

        var unknown = await worker.PostAsJsonAsync(new Uri("/rostock/api/v1/process-instances", UriKind.Relative), new { processId = "noSuchProcess" });
        var noId = await worker.PostAsJsonAsync(new Uri("/rostock/api/v1/process-instances", UriKind.Relative), new { variables = new { a = 1 } });
        using var broken = new StringContent("{\"processId\":", Encoding.UTF8, "application/json");
        var malformed = await worker.PostAsync(new Uri("/rostock/api/v1/process-instances", UriKind.Relative), broken);
        var badState = await worker.GetAsync(new Uri("/rostock/api/v1/process-instances?state=Sleeping", UriKind.Relative));
        var badTtl = await worker.PostAsJsonAsync(new Uri("/rostock/api/v1/messages", UriKind.Relative), new { name = "X", timeToLive = "soon" });

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        foreach (var response in (HttpResponseMessage[])[noId, malformed, badState, badTtl])
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task OpenApiDocument_ListsTheProcessEndpoints()
    {
        var document = await app.Browser().GetFromJsonAsync<JsonElement>(new Uri("/openapi/v1.json", UriKind.Relative));
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();

        foreach (var path in (string[])["/api/v1/deployments", "/api/v1/process-definitions", "/api/v1/process-definitions/{processId}/versions/{version}",
            "/api/v1/process-definitions/{processId}/versions/{version}/xml", "/api/v1/process-instances", "/api/v1/process-instances/{id}",
            "/api/v1/messages", "/api/v1/tasks", "/api/v1/tasks/{id}", "/api/v1/tasks/{id}/claim", "/api/v1/tasks/{id}/unclaim",
            "/api/v1/tasks/{id}/complete", "/api/v1/incidents", "/api/v1/incidents/{id}/resolve"])
        {
            Assert.Contains(path, paths);
        }
    }
}
