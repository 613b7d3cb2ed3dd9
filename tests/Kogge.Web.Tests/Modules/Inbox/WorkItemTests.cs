using System.Net;
using Kogge.Bpmn.Engine;
using Kogge.Bpmn.Storage;
using Kogge.Web.Platform.Demo;
using Kogge.Web.Platform.Identity;
using Kogge.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Kogge.Web.Tests.Modules.Inbox;

/// <summary>The task page: the review form of a demo service, prefilled, validated and completed once.</summary>
public class WorkItemTests(KoggeApp app) : IClassFixture<KoggeApp>
{
    private async Task<HttpClient> ClerkAsync(string slug)
    {
        var email = $"pruefung-{Guid.NewGuid():N}"[..20] + "@" + slug + ".example";
        await app.InTenantAsync(slug, async (services, _) =>
        {
            var users = services.GetRequiredService<UserManager<KoggeUser>>();
            var user = new KoggeUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = "Prüfung Test", IsStaff = true };
            Assert.True((await users.CreateAsync(user, DemoData.Password)).Succeeded);
            return await users.AddToRoleAsync(user, Roles.Clerk);
        });
        var client = app.Browser();
        await client.SignInOrFailAsync(slug, email, DemoData.Password);
        return client;
    }

    /// <summary>Starts Rostock's published Bewohnerparkausweis and returns the instance and its review task (offered to "Clerk").</summary>
    private async Task<(string Instance, string Task)> ReviewTaskAsync()
    {
        var (processId, version, tenant) = await app.InTenantAsync("rostock", async (_, db) =>
        {
            var v = await db.ServiceVersions.SingleAsync(v => v.Service.Slug == "bewohnerparkausweis" && v.EngineProcessId != null);
            return (v.EngineProcessId!, v.EngineProcessVersion!.Value, v.TenantId.ToString());
        });
        var engine = app.Services.GetRequiredService<ProcessEngine>();
        var key = $"R-{Guid.NewGuid():N}"[..14];
        var instance = await engine.Runtime.StartProcessInstanceAsync(
            processId, version, new Dictionary<string, object?> { ["kennzeichen"] = "HRO-AB 123", ["begruendung"] = "Vorbefüllt aus dem Antrag", ["vorgangId"] = key },
            key, tenant);
        // The fee comes first; once it is paid, the review task is there.
        await engine.Runtime.CorrelateMessageAsync("gebuehr-bezahlt", key, null, default, tenant);
        var task = Assert.Single(await engine.Tasks.QueryAsync(new TaskQuery { ProcessInstanceId = instance.Id }));
        return (instance.Id, task.Id);
    }

    [Fact]
    public async Task ReviewForm_PrefilledValidatedCompletedOnce()
    {
        var (instance, task) = await ReviewTaskAsync();
        var clerk = await ClerkAsync("rostock");
        var path = $"/rostock/aufgaben/{task}";

        var before = await clerk.GetStringAsync(new Uri(path, UriKind.Relative));
        Assert.Contains("nicht bei Ihnen", before, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"entscheidung\"", before, StringComparison.Ordinal);

        var claimed = await clerk.PostFormAsync("/rostock/aufgaben?ansicht=gruppe", [new("taskId", task)], "/rostock/aufgaben?ansicht=gruppe&handler=Claim");
        Assert.Equal(HttpStatusCode.Redirect, claimed.StatusCode);
        var form = await clerk.GetStringAsync(new Uri(path, UriKind.Relative));
        Assert.Contains("name=\"entscheidung\"", form, StringComparison.Ordinal);
        Assert.Contains("Vorbefüllt aus dem Antrag</textarea>", form, StringComparison.Ordinal);

        var missing = await clerk.PostFormAsync(path, [new("begruendung", "Ohne Entscheidung")]);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        var missingHtml = await missing.Content.ReadAsStringAsync();
        Assert.Contains("Entscheidung", missingHtml, StringComparison.Ordinal);
        Assert.Contains("Ohne Entscheidung</textarea>", missingHtml, StringComparison.Ordinal);

        var token = await clerk.TokenFromAsync(path);
        var done = await clerk.PostAsync(new Uri(path, UriKind.Relative), new FormUrlEncodedContent(
            [new("entscheidung", "bewilligt"), new("begruendung", "Alles vollständig."), new("__kogge_csrf", token)]));
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.EndsWith("/aufgaben?hinweis=erledigt", done.RedirectPath(), StringComparison.Ordinal);

        var again = await clerk.PostAsync(new Uri(path, UriKind.Relative), new FormUrlEncodedContent(
            [new("entscheidung", "abgelehnt"), new("__kogge_csrf", token)]));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("inzwischen erledigt", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var variables = await app.Services.GetRequiredService<ProcessEngine>().Runtime.GetVariablesAsync(instance);
        Assert.Equal("bewilligt", variables["entscheidung"]?.ToString());
        var audited = await app.InTenantAsync("rostock", async (_, db) => await db.AuditEntries.CountAsync(e => e.ObjectId == task && e.Action == "task.completed"));
        Assert.Equal(1, audited);
    }

    [Fact]
    public async Task TaskPage_OtherMunicipalityOrUnknown_NotFound()
    {
        var (_, task) = await ReviewTaskAsync();
        var luebeck = await ClerkAsync("luebeck");
        var rostock = await ClerkAsync("rostock");

        Assert.Equal(HttpStatusCode.NotFound, (await luebeck.GetAsync(new Uri($"/luebeck/aufgaben/{task}", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await rostock.GetAsync(new Uri("/rostock/aufgaben/gibt-es-nicht", UriKind.Relative))).StatusCode);
    }
}
