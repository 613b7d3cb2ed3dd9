using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kogge.Bpmn.Storage;
using Kogge.Web.Platform.Demo;
using Kogge.Web.Platform.Identity;
using Kogge.Web.Tests.Infrastructure;
using Kogge.Web.Tests.Modules.Processes;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Kogge.Web.Tests.Modules.Inbox;

/// <summary>The clerk inbox through its page, on SQLite or PostgreSQL (see <see cref="TestDatabase"/>).</summary>
public class InboxTests(KoggeApp app) : IClassFixture<KoggeApp>
{
    private sealed record Clerk(HttpClient Client, string Id);

    private static string Unique(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>A new clerk of <paramref name="slug"/> with the given groups, signed in.</summary>
    private async Task<Clerk> ClerkAsync(string slug, params string[] groups)
    {
        var email = Unique("clerk") + "@" + slug + ".example";
        var id = await app.InTenantAsync(slug, async (services, _) =>
        {
            var users = services.GetRequiredService<UserManager<KoggeUser>>();
            var user = new KoggeUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = "Test " + email[..14], IsStaff = true };
            Assert.True((await users.CreateAsync(user, DemoData.Password)).Succeeded);
            Assert.True((await users.AddToRoleAsync(user, Roles.Clerk)).Succeeded);
            foreach (var group in groups)
            {
                await users.AddClaimAsync(user, new System.Security.Claims.Claim(KoggeClaims.Group, group));
            }

            return user.Id.ToString();
        });
        var client = app.Browser();
        await client.SignInOrFailAsync(slug, email, DemoData.Password);
        return new Clerk(client, id);
    }

    /// <summary>Starts the check process with a business key, offered to <paramref name="group"/>, due at <paramref name="due"/>.</summary>
    private async Task<string> TaskAsync(string slug, string key, string group, DateTimeOffset? due = null)
    {
        var admin = await app.ApiClientAsync(slug, "ProcessAdmin,ProcessWorker");
        using (var bpmn = new StringContent(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Modules", "Inbox", "InboxCheck.bpmn")), System.Text.Encoding.UTF8, "application/xml"))
        {
            var deployed = await admin.PostAsync(new Uri($"/{slug}/api/v1/deployments?name=InboxCheck.bpmn", UriKind.Relative), bpmn);
            Assert.Equal(HttpStatusCode.Created, deployed.StatusCode);
        }

        var response = await admin.PostAsJsonAsync(new Uri($"/{slug}/api/v1/process-instances", UriKind.Relative), new
        {
            processId = "inboxCheck",
            businessKey = key,
            variables = new Dictionary<string, object?> { ["group"] = group, ["due"] = due?.ToString("O") },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var instance = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        return (await ProcessSamples.TaskOfAsync(admin, slug, instance)).GetProperty("id").GetString()!;
    }

    private static async Task<string> PageAsync(Clerk clerk, string query, string slug = "rostock")
    {
        var response = await clerk.Client.GetAsync(new Uri($"/{slug}/aufgaben{query}", UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {html}");
        return html;
    }

    private static Task<HttpResponseMessage> ActAsync(Clerk clerk, string handler, string taskId, string? to = null, string slug = "rostock")
    {
        var fields = new List<KeyValuePair<string, string>> { new("taskId", taskId) };
        if (to is not null)
        {
            fields.Add(new("to", to));
        }

        return clerk.Client.PostFormAsync($"/{slug}/aufgaben?ansicht=gruppe", fields, $"/{slug}/aufgaben?ansicht=gruppe&handler={handler}");
    }

    private static void InOrder(string html, params string[] keys)
    {
        var positions = keys.Select(k => html.IndexOf(">" + k + "<", StringComparison.Ordinal)).ToList();
        Assert.All(positions, p => Assert.True(p >= 0, "A row is missing."));
        Assert.Equal(positions.Order(), positions);
    }

    [Fact]
    public async Task GroupTab_GroupNamedLikeAPrefixOfAnother_MatchesOnlyItsOwnTasks()
    {
        var group = Unique("parken");
        var own = await TaskAsync("rostock", Unique("A"), group);
        var longer = await TaskAsync("rostock", Unique("B"), group + "-nord");
        var listed = await TaskAsync("rostock", Unique("C"), "andere, " + group + " ,dritte");
        var clerk = await ClerkAsync("rostock", group);

        var html = await PageAsync(clerk, "?ansicht=gruppe");

        Assert.Contains($"value=\"{own}\"", html, StringComparison.Ordinal);
        Assert.Contains($"value=\"{listed}\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain($"value=\"{longer}\"", html, StringComparison.Ordinal);
        Assert.Contains("2 Aufgaben", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TasksApi_CandidateGroupFilter_IsExactInTheDatabase()
    {
        var group = Unique("amt");
        await TaskAsync("rostock", Unique("A"), group);
        await TaskAsync("rostock", Unique("B"), group + "x");
        var worker = await app.ApiClientAsync("rostock", "ProcessWorker");

        var page = await worker.GetFromJsonAsync<JsonElement>(new Uri($"/rostock/api/v1/tasks?candidateGroup={group}", UriKind.Relative));

        Assert.Equal(1, page.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task GroupTab_SortedByDueAndCreated_FilteredByOverdueAndToday()
    {
        var group = Unique("sort");
        var now = DateTimeOffset.UtcNow;
        var keys = new[] { Unique("k0"), Unique("k1"), Unique("k2"), Unique("k3") };
        await TaskAsync("rostock", keys[0], group, now.AddDays(10));
        await TaskAsync("rostock", keys[1], group, now.AddDays(-2));
        await TaskAsync("rostock", keys[2], group);
        await TaskAsync("rostock", keys[3], group, now.AddMinutes(1));
        var clerk = await ClerkAsync("rostock", group);

        InOrder(await PageAsync(clerk, "?ansicht=gruppe"), keys[1], keys[3], keys[0], keys[2]);
        InOrder(await PageAsync(clerk, "?ansicht=gruppe&sortierung=eingang"), keys[0], keys[1], keys[2], keys[3]);

        var overdue = await PageAsync(clerk, "?ansicht=gruppe&frist=ueberfaellig");
        Assert.Contains(">" + keys[1] + "<", overdue, StringComparison.Ordinal);
        Assert.Contains("1 Aufgaben", overdue, StringComparison.Ordinal);
        Assert.Contains("Frist überschritten", overdue, StringComparison.Ordinal);

        var week = await PageAsync(clerk, "?ansicht=gruppe&frist=woche");
        Assert.Contains(">" + keys[3] + "<", week, StringComparison.Ordinal);
        Assert.DoesNotContain(">" + keys[1] + "<", week, StringComparison.Ordinal);
        Assert.DoesNotContain(">" + keys[2] + "<", week, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GroupTab_MoreThanAPage_PagesInOrderWithoutGapsOrRepeats()
    {
        var group = Unique("page");
        var now = DateTimeOffset.UtcNow;
        var keys = new List<string>();
        for (var i = 0; i < 30; i++)
        {
            var key = $"{group}-{i:D2}";
            keys.Add(key);
            // Half with a due date (in order), half without: the undated come after the dated, oldest first.
            await TaskAsync("rostock", key, group, i < 15 ? now.AddDays(i + 1) : null);
        }

        var clerk = await ClerkAsync("rostock", group);
        var first = await PageAsync(clerk, "?ansicht=gruppe");
        var second = await PageAsync(clerk, "?ansicht=gruppe&seite=2");

        Assert.Contains("30 Aufgaben", first, StringComparison.Ordinal);
        Assert.Contains("Seite 1 von 2", first, StringComparison.Ordinal);
        InOrder(first, [.. keys.Take(25)]);
        InOrder(second, [.. keys.Skip(25)]);
        Assert.DoesNotContain(">" + keys[0] + "<", second, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClaimReleaseDelegate_MoveTheTaskBetweenTabs()
    {
        var group = Unique("akten");
        var key = Unique("K");
        var task = await TaskAsync("rostock", key, group);
        var anna = await ClerkAsync("rostock", group);
        var ben = await ClerkAsync("rostock");

        var claimed = await ActAsync(anna, "Claim", task);
        Assert.Equal(HttpStatusCode.Redirect, claimed.StatusCode);
        Assert.Contains("hinweis=uebernommen", claimed.RedirectPath(), StringComparison.Ordinal);
        Assert.Contains(">" + key + "<", await PageAsync(anna, ""), StringComparison.Ordinal);
        Assert.DoesNotContain(">" + key + "<", await PageAsync(anna, "?ansicht=gruppe"), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Redirect, (await ActAsync(anna, "Release", task)).StatusCode);
        Assert.Contains(">" + key + "<", await PageAsync(anna, "?ansicht=gruppe"), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Redirect, (await ActAsync(anna, "Claim", task)).StatusCode);
        var delegated = await ActAsync(anna, "Delegate", task, ben.Id);
        Assert.Equal(HttpStatusCode.Redirect, delegated.StatusCode);
        Assert.DoesNotContain(">" + key + "<", await PageAsync(anna, ""), StringComparison.Ordinal);
        Assert.Contains(">" + key + "<", await PageAsync(ben, ""), StringComparison.Ordinal);

        // Anna no longer holds it: releasing it again is a conflict with a German message.
        var late = await ActAsync(anna, "Release", task);
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Contains("liegt nicht mehr bei Ihnen", await late.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var audited = await app.InTenantAsync("rostock", async (_, db) => await db.AuditEntries.Where(e => e.ObjectId == task).Select(e => e.Action).ToListAsync());
        Assert.Equal(["task.claimed", "task.claimed", "task.delegated", "task.released"], audited.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Delegate_ToSomeoneWhoIsNoClerkOfTheMunicipality_IsRefused()
    {
        var group = Unique("deleg");
        var task = await TaskAsync("rostock", Unique("K"), group);
        var anna = await ClerkAsync("rostock", group);
        var luebeck = await ClerkAsync("luebeck", group);
        Assert.Equal(HttpStatusCode.Redirect, (await ActAsync(anna, "Claim", task)).StatusCode);

        var response = await ActAsync(anna, "Delegate", task, luebeck.Id);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Bitte wählen Sie eine andere Person der Sachbearbeitung", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains(">" + "Sie" + "<", await PageAsync(anna, ""), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Claim_TwoClerksAtOnce_OneWinsTheOtherGets409()
    {
        var group = Unique("race");
        var task = await TaskAsync("rostock", Unique("K"), group);
        var clerks = new[] { await ClerkAsync("rostock", group), await ClerkAsync("rostock", group) };
        var tokens = await Task.WhenAll(clerks.Select(c => c.Client.TokenFromAsync("/rostock/aufgaben?ansicht=gruppe")));

        var responses = await Task.WhenAll(clerks.Select((c, i) => c.Client.PostAsync(
            new Uri("/rostock/aufgaben?ansicht=gruppe&handler=Claim", UriKind.Relative),
            new FormUrlEncodedContent([new("taskId", task), new("__kogge_csrf", tokens[i])]))));

        Assert.Equal([HttpStatusCode.Found, HttpStatusCode.Conflict], responses.Select(r => r.StatusCode).Order());
        var loser = responses.Single(r => r.StatusCode == HttpStatusCode.Conflict);
        Assert.Contains("inzwischen eine andere Person übernommen", await loser.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var winner = clerks[Array.FindIndex(responses, r => r.StatusCode == HttpStatusCode.Found)];
        await using var db = app.Services.GetRequiredService<EfEngineStore>().CreateDbContext();
        Assert.Equal(winner.Id, (await db.Set<UserTaskRecord>().SingleAsync(t => t.Id == task)).Assignee);
    }

    [Fact]
    public async Task OtherMunicipality_SeesNothingAndCannotClaim()
    {
        var group = Unique("fremd");
        var key = Unique("K");
        var task = await TaskAsync("rostock", key, group);
        var luebeck = await ClerkAsync("luebeck", group);

        Assert.DoesNotContain(">" + key + "<", await PageAsync(luebeck, "?ansicht=gruppe", "luebeck"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await ActAsync(luebeck, "Claim", task, slug: "luebeck")).StatusCode);
        var outsider = await ClerkAsync("rostock", Unique("andere"));
        Assert.Equal(HttpStatusCode.NotFound, (await ActAsync(outsider, "Claim", task)).StatusCode);
    }

    [Fact]
    public async Task Inbox_WithoutClerkRole_IsForbidden()
    {
        var citizen = app.Browser();
        await citizen.SignInOrFailAsync("rostock", DemoData.Email("buerger", "rostock"), DemoData.Password);

        var response = await citizen.GetAsync(new Uri("/rostock/aufgaben", UriKind.Relative));

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task AdminPage_GroupsOfAClerk_AreSavedAsClaims()
    {
        var admin = app.Browser();
        await admin.SignInOrFailAsync("rostock", DemoData.Email("admin", "rostock"), DemoData.Password);
        var clerk = await ClerkAsync("rostock");
        var path = $"/rostock/verwaltung/benutzer/{clerk.Id}";
        var html = await admin.GetStringAsync(new Uri(path, UriKind.Relative));
        var stamp = System.Text.RegularExpressions.Regex.Match(html, "name=\"Input.Stamp\" value=\"([^\"]+)\"").Groups[1].Value;

        var saved = await admin.PostFormAsync(path, [new("Input.Stamp", stamp), new("Input.Groups", "parken\n strassen ,parken")], path + "?handler=Groups");
        var bad = await admin.PostFormAsync(path, [new("Input.Stamp", stamp), new("Input.Groups", new string('x', 101))], path + "?handler=Groups");

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var groups = await app.InTenantAsync("rostock", async (services, _) =>
        {
            var users = services.GetRequiredService<UserManager<KoggeUser>>();
            var user = await users.FindByIdAsync(clerk.Id);
            return (await users.GetClaimsAsync(user!)).Where(c => c.Type == KoggeClaims.Group).Select(c => c.Value).Order(StringComparer.Ordinal).ToList();
        });
        Assert.Equal(["parken", "strassen"], groups);
    }

    [Fact]
    public async Task GroupTab_TaskOfACase_ShowsTheCaseReferenceNumber()
    {
        var group = Unique("vorgang");
        var reference = Unique("HRO-2026");
        var caseId = await app.InTenantAsync("rostock", async (_, db) =>
        {
            var version = await db.ServiceVersions.FirstAsync(v => v.Service.Slug == "bewohnerparkausweis");
            var created = new Kogge.Web.Modules.Cases.Case
            {
                ServiceId = version.ServiceId,
                ServiceVersionId = version.Id,
                ServiceVersionNumber = version.Number,
                ApplicantId = Guid.NewGuid(),
                ReferenceNumber = reference,
                IdempotencyKey = Guid.NewGuid().ToString("N"),
                FormData = "{}",
                SubmittedAt = DateTimeOffset.UtcNow,
                UpdatedAt = DateTimeOffset.UtcNow,
            };
            db.Cases.Add(created);
            await db.SaveChangesAsync();
            return created.Id;
        });
        await TaskAsync("rostock", caseId.ToString(), group);
        var clerk = await ClerkAsync("rostock", group);

        var html = await PageAsync(clerk, "?ansicht=gruppe");

        Assert.Contains(">" + reference + "<", html, StringComparison.Ordinal);
    }
}
