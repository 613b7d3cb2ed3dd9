using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Kogge.Web.Tests.Modules.Processes;

/// <summary>The BPMN models beside the process tests, and the API calls most tests begin with.</summary>
public static class ProcessSamples
{
    public static string Xml(string file) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Modules", "Processes", file));

    public static async Task<JsonElement> DeployAsync(HttpClient admin, string slug, string file)
    {
        using var content = new StringContent(Xml(file), Encoding.UTF8, "application/xml");
        var response = await admin.PostAsync(new Uri($"/{slug}/api/v1/deployments?name={file}", UriKind.Relative), content);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"deploy {file}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Starts an instance and returns its id.</summary>
    public static async Task<string> StartAsync(HttpClient worker, string slug, string processId, object? variables = null)
    {
        var response = await worker.PostAsJsonAsync(new Uri($"/{slug}/api/v1/process-instances", UriKind.Relative), new { processId, variables });
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"start {processId}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    /// <summary>The one open task of an instance.</summary>
    public static async Task<JsonElement> TaskOfAsync(HttpClient worker, string slug, string instanceId)
    {
        var page = await worker.GetFromJsonAsync<JsonElement>(new Uri($"/{slug}/api/v1/tasks?processInstanceId={instanceId}", UriKind.Relative));
        return Assert.Single(page.GetProperty("items").EnumerateArray());
    }

    /// <summary>Polls until <paramref name="done"/> holds for the instance (the job executor runs in the background).</summary>
    public static async Task<JsonElement> WaitForInstanceAsync(HttpClient client, string slug, string instanceId, Func<JsonElement, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var instance = await client.GetFromJsonAsync<JsonElement>(new Uri($"/{slug}/api/v1/process-instances/{instanceId}", UriKind.Relative));
            if (done(instance))
            {
                return instance;
            }

            Assert.True(DateTime.UtcNow < deadline, $"The instance did not get there: {instance}");
            await Task.Delay(100);
        }
    }

    /// <summary>Deploys the permit review in Rostock (unchanged: same version) and starts it; returns the instance and its review task.</summary>
    public static async Task<(string InstanceId, string TaskId)> PermitReviewTaskAsync(HttpClient client, string caseNumber)
    {
        await DeployAsync(client, "rostock", "PermitReview.bpmn");
        var id = await StartAsync(client, "rostock", "permitReview", new { caseNumber });
        return (id, (await TaskOfAsync(client, "rostock", id)).GetProperty("id").GetString()!);
    }
}
