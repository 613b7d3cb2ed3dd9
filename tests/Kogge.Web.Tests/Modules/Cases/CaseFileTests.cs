using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Kogge.Bpmn.Engine;
using Kogge.Web.Modules.Cases;
using Kogge.Web.Modules.Cases.Apply;
using Kogge.Web.Modules.Cases.Decide;
using Kogge.Web.Modules.Catalog;
using Kogge.Web.Platform.Demo;
using Kogge.Web.Platform.Identity;
using Kogge.Web.Platform.Processes;
using Kogge.Web.Tests.Infrastructure;
using Kogge.Web.Tests.Modules.Notices;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Kogge.Web.Tests.Modules.Cases;

/// <summary>From application to notice: the case follows its process, the clerk works it in the case file, the notice reaches the mailbox.</summary>
public partial class CaseFileTests(KoggeApp app) : IClassFixture<KoggeApp>
{
    private async Task<(Guid Id, string Email)> AccountAsync(string slug, string role, string name)
    {
        var email = $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}"[..24] + "@" + slug + ".example";
        var id = await app.InTenantAsync(slug, async (services, _) =>
        {
            var users = services.GetRequiredService<UserManager<KoggeUser>>();
            var user = new KoggeUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = name, IsStaff = role != Roles.Citizen, CreatedAt = DateTimeOffset.UtcNow };
            Assert.True((await users.CreateAsync(user, DemoData.Password)).Succeeded);
            Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
            return user.Id;
        });
        return (id, email);
    }

    private async Task<HttpClient> SignedInAsync(string slug, string email)
    {
        var client = app.Browser();
        await client.SignInOrFailAsync(slug, email, DemoData.Password);
        return client;
    }

    private Task<Case> CaseAsync(Guid id) => app.InTenantAsync("rostock", async (_, db) =>
        await db.Cases.AsNoTracking().Include(c => c.Events).Include(c => c.Documents).SingleAsync(c => c.Id == id));

    /// <summary>The job executor and the background catch-up run on their own; the case is closed within seconds.</summary>
    private async Task<Case> ClosedAsync(Guid id)
    {
        for (var attempt = 0; attempt < 120; attempt++)
        {
            var found = await CaseAsync(id);
            if (found.Status == CaseStatus.Closed)
            {
                return found;
            }

            await Task.Delay(250);
        }

        var last = await CaseAsync(id);
        Assert.Fail($"Case {last.ReferenceNumber} stayed {last.Status}: {string.Join(", ", last.Events.OrderBy(e => e.At).Select(e => e.Kind))}");
        return last;
    }

    private Task<byte[]> ContentAsync(Guid document) => app.InTenantAsync("rostock", async (_, db) =>
        (await db.CaseDocumentContents.AsNoTracking().SingleAsync(c => c.Id == document)).Data);

    [Fact]
    public async Task DogTax_OrdinaryDog_NoticeInTheMailboxWithoutAClerk_ClosedWithRetention_RetriedJobMakesNoSecond()
    {
        var (citizenId, citizenEmail) = await AccountAsync("rostock", Roles.Citizen, "Jörg Müller-Größe");
        var caseId = await app.InTenantAsync("rostock", async (services, db) =>
        {
            var start = await StartForm.LoadAsync(db, "hundesteuer-anmeldung", CancellationToken.None);
            // As a browser's or an API client's JSON arrives.
            var data = JsonNode.Parse("""{ "rufname": "Bällchen", "rasse": "Dackel", "haltungSeit": "2026-11-01", "nummerDesHundes": 1 }""")!.AsObject();
            var result = await services.GetRequiredService<CaseSubmission>().SubmitAsync(start!, citizenId, Guid.NewGuid().ToString(), data, null, CancellationToken.None);
            Assert.Equal(SubmissionOutcome.Created, result.Outcome);
            return result.Case!.Id;
        });

        var closed = await ClosedAsync(caseId);
        Assert.Equal(CaseResults.Approved, closed.Result);
        Assert.Equal(closed.ClosedAt!.Value.AddYears(10), closed.RetainUntil);
        Assert.DoesNotContain(closed.Events, e => e.Kind == CaseEventKinds.TaskCreated);
        Assert.Contains(closed.Events, e => e.Kind == CaseEventKinds.NoticeIssued && e.VisibleToApplicant);
        Assert.Contains(closed.Events, e => e.Kind == CaseEventKinds.Closed && e.VisibleToApplicant);
        var notice = Assert.Single(closed.Documents, d => d.Kind == CaseDocumentKind.Notice);
        Assert.Equal(CaseFiles.Pdf, notice.ContentType);

        var text = NoticeDocumentTests.PdfToText(await ContentAsync(notice.Id));
        Assert.Contains("Jörg Müller-Größe", text);
        Assert.Contains("Bällchen", text);
        Assert.Contains("108,00 €", text);
        Assert.Contains("Hundesteuer", text);
        Assert.Contains(closed.ReferenceNumber, text);

        var mail = await app.Mail.WaitForAsync(citizenEmail, subject: "Neue Nachricht in Ihrem Postfach");
        Assert.Contains($"/rostock/konto/antraege/{caseId}", mail.TextBody);
        Assert.DoesNotContain("Müller", mail.TextBody + mail.HtmlBody);
        Assert.DoesNotContain("Bällchen", mail.TextBody + mail.HtmlBody);
        Assert.Empty(mail.Attachments);

        // The applicant finds the notice under "Meine Anträge" and can open it.
        var citizen = await SignedInAsync("rostock", citizenEmail);
        var mine = await citizen.GetStringAsync(new Uri($"/rostock/konto/antraege/{caseId}", UriKind.Relative));
        Assert.Contains($"document={notice.Id}", WebUtility.HtmlDecode(mine));

        // The job's id is its idempotency key: running it again changes nothing.
        var jobId = notice.FieldKey["bescheid:".Length..];
        var (documents, mails) = await app.InTenantAsync("rostock", async (services, db) =>
        {
            var outcome = await services.GetRequiredKeyedService<IJobHandler>(NoticeIssuing.JobType).HandleAsync(
                new JobContext(jobId, NoticeIssuing.JobType, closed.ProcessInstanceId!, "bescheid-erstellen", new Dictionary<string, object?>(),
                    new Dictionary<string, string> { ["ergebnis"] = CaseResults.Approved }, 3), CancellationToken.None);
            Assert.IsType<JobOutcome.Completed>(outcome);
            return (await db.CaseDocuments.CountAsync(d => d.CaseId == caseId && d.Kind == CaseDocumentKind.Notice),
                await db.OutboxMessages.CountAsync(m => m.IdempotencyKey == notice.FieldKey));
        });
        Assert.Equal((1, 1), (documents, mails));

        // Catching up again adds nothing to the timeline.
        await app.InTenantAsync("rostock", async (services, _) => await services.GetRequiredService<CaseProgress>().CatchUpAsync(caseId, CancellationToken.None));
        Assert.Equal(closed.Events.Count, (await CaseAsync(caseId)).Events.Count);
    }

    [Fact]
    public async Task ResidentParking_ClerkWorksTheCaseFileAndApproves_NoticeMailAndClosedCase_OtherMunicipalitySeesNothing()
    {
        var (_, citizenEmail) = await AccountAsync("rostock", Roles.Citizen, "Käthe Schröder");
        var citizen = await SignedInAsync("rostock", citizenEmail);
        const string form = "/rostock/leistungen/bewohnerparkausweis/antrag";
        Assert.Equal(form + "/2", (await citizen.PostPageAsync(form, [new("kennzeichen", "HRO-AB 123"), new("fahrzeugart", "pkw"), new("nutzung", "halter"), new("aktion", "weiter")])).RedirectPath());
        Assert.Equal(form + "/3", (await citizen.PostPageAsync(form + "/2", [new("strasse", "Lange Straße 1"), new("plz", "18055"), new("hauptwohnung", "true"), new("keinStellplatz", "true"), new("aktion", "weiter")])).RedirectPath());
        Assert.Equal(form + "/4", (await citizen.PostPageAsync(form + "/3", [new("laufzeitJahre", "1"), new("aktion", "weiter")])).RedirectPath());
        Assert.Equal(form + "/pruefen", (await citizen.PostPageAsync(form + "/4", [new("aktion", "weiter")], ("zulassung", "zulassung.pdf", ApplySamples.Pdf))).RedirectPath());
        var review = await citizen.GetStringAsync(new Uri(form + "/pruefen", UriKind.Relative));
        var receipt = (await citizen.PostAsync(new Uri(form + "/pruefen", UriKind.Relative), new FormUrlEncodedContent(
            [new("__kogge_csrf", BrowserExtensions.AntiforgeryToken(review)), new("idempotencyKey", IdempotencyKey().Match(review).Groups[1].Value)]))).RedirectPath();
        var caseId = Guid.Parse(CaseId().Match(receipt).Value);
        Assert.Equal(CaseStatus.Submitted, (await CaseAsync(caseId)).Status);

        // The process waits for the fee; paid with the test provider, it goes on to the clerk's task at once.
        var provider = (await citizen.PostFormAsync($"/rostock/konto/antraege/{caseId}", [], $"/rostock/konto/antraege/{caseId}/zahlung")).RedirectPath();
        Assert.StartsWith("/rostock/testzahlung/", provider, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await citizen.PostFormAsync(provider, [new("ergebnis", "erfolg")])).StatusCode);
        var submitted = await CaseAsync(caseId);
        Assert.Equal(CaseStatus.InProgress, submitted.Status);
        Assert.Contains(submitted.Events, e => e.Kind == CaseEventKinds.TaskCreated && e.Detail == "Antrag prüfen" && !e.VisibleToApplicant);

        var (_, clerkEmail) = await AccountAsync("rostock", Roles.Clerk, "Sachbearbeitung Test");
        var clerk = await SignedInAsync("rostock", clerkEmail);
        var list = await clerk.GetStringAsync(new Uri("/rostock/vorgaenge?suche=" + submitted.ReferenceNumber[^6..] + "&status=InProgress", UriKind.Relative));
        Assert.Contains($"href=\"/rostock/vorgaenge/{caseId}\"", list);
        Assert.DoesNotContain($"href=\"/rostock/vorgaenge/{caseId}\"", await clerk.GetStringAsync(new Uri("/rostock/vorgaenge?status=Closed", UriKind.Relative)));

        var path = $"/rostock/vorgaenge/{caseId}";
        var file = WebUtility.HtmlDecode(await clerk.GetStringAsync(new Uri(path, UriKind.Relative)));
        Assert.Contains("Amtliches Kennzeichen", file);
        Assert.Contains("HRO-AB 123", file);
        Assert.Contains("Lange Straße 1", file);
        Assert.Contains("Käthe Schröder", file);
        Assert.Contains("Aufgabe angelegt: Antrag prüfen", file);
        Assert.Matches("id=\"aktive-schritte\">\\s*<li>Antrag prüfen</li>", file);
        var taskId = TaskLink().Match(file).Groups[1].Value;
        Assert.NotEmpty(taskId);
        var attachment = Assert.Single(submitted.Documents);
        var download = await clerk.GetAsync(new Uri($"{path}?handler=Document&document={attachment.Id}", UriKind.Relative));
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("application/pdf", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal(ApplySamples.Pdf, await download.Content.ReadAsByteArrayAsync());
        var diagram = await clerk.GetStringAsync(new Uri($"{path}?handler=Diagram", UriKind.Relative));
        Assert.Contains("bescheid-erstellen", diagram);

        // Notes: a German message for an empty one; a saved one is audited without its text and never shown to the applicant.
        var empty = await clerk.PostFormAsync(path, [new("NoteText", "  ")], path + "?handler=Note");
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Contains("Bitte schreiben Sie eine Notiz.", WebUtility.HtmlDecode(await empty.Content.ReadAsStringAsync()));
        var saved = await clerk.PostFormAsync(path, [new("NoteText", "Halterabfrage beim KBA gemacht, passt.")], path + "?handler=Note");
        Assert.Equal(path + "?hinweis=notiz#notizen", saved.RedirectPath());
        Assert.Contains("Halterabfrage beim KBA gemacht, passt.", await clerk.GetStringAsync(new Uri(path, UriKind.Relative)));
        Assert.DoesNotContain("Halterabfrage", await citizen.GetStringAsync(new Uri($"/rostock/konto/antraege/{caseId}", UriKind.Relative)));
        var audited = await app.InTenantAsync("rostock", async (_, db) => await db.AuditEntries.Where(a => a.Action == "case.note_added" && a.ObjectId == caseId.ToString()).Select(a => a.Data).ToListAsync());
        Assert.DoesNotContain("Halterabfrage", Assert.Single(audited));

        // Lübeck's clerk finds neither the file nor its documents; the applicant is no clerk.
        var (_, luebeckEmail) = await AccountAsync("luebeck", Roles.Clerk, "Lübeck Test");
        var luebeck = await SignedInAsync("luebeck", luebeckEmail);
        foreach (var other in new[] { $"/luebeck/vorgaenge/{caseId}", $"/luebeck/vorgaenge/{caseId}?handler=Document&document={attachment.Id}", $"/luebeck/vorgaenge/{caseId}?handler=Diagram" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await luebeck.GetAsync(new Uri(other, UriKind.Relative))).StatusCode);
        }

        Assert.DoesNotContain(submitted.ReferenceNumber, await luebeck.GetStringAsync(new Uri("/luebeck/vorgaenge", UriKind.Relative)));
        Assert.NotEqual(HttpStatusCode.OK, (await citizen.GetAsync(new Uri(path, UriKind.Relative))).StatusCode);

        // The clerk claims the task, approves it on the task page, and the process issues the notice.
        var claimed = await clerk.PostFormAsync("/rostock/aufgaben?ansicht=gruppe", [new("taskId", taskId)], "/rostock/aufgaben?ansicht=gruppe&handler=Claim");
        Assert.Equal(HttpStatusCode.Redirect, claimed.StatusCode);
        Assert.Contains($"href=\"/rostock/vorgaenge/{caseId}\"", await clerk.GetStringAsync(new Uri($"/rostock/aufgaben/{taskId}", UriKind.Relative)));
        var done = await clerk.PostFormAsync($"/rostock/aufgaben/{taskId}", [new("entscheidung", "bewilligt"), new("begruendung", "Die Voraussetzungen liegen vor.")]);
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);

        // The notice decides the case; an approved permit's process ends with the renewal reminder weeks before it runs out.
        var engine = app.Services.GetRequiredService<ProcessEngine>();
        JobInfo? renewal = null;
        for (var attempt = 0; attempt < 240 && renewal is null; attempt++)
        {
            renewal = (await engine.Jobs.ListJobsAsync(submitted.ProcessInstanceId!)).FirstOrDefault(j => j.ElementId == "verlaengerung-faellig");
            await Task.Delay(renewal is null ? 250 : 0);
        }

        Assert.NotNull(renewal);
        Assert.Equal(CaseStatus.Decided, (await CaseAsync(caseId)).Status);
        app.Clock.Advance(renewal.DueDate - app.Clock.GetUtcNow() + TimeSpan.FromMinutes(1));
        var closed = await ClosedAsync(caseId);
        Assert.Equal(CaseResults.Approved, closed.Result);
        Assert.Equal(closed.ClosedAt!.Value.AddYears(3), closed.RetainUntil);
        Assert.Contains(closed.Events, e => e.Kind == CaseEventKinds.TaskClaimed);
        Assert.Contains(closed.Events, e => e.Kind == CaseEventKinds.TaskCompleted);
        var notice = Assert.Single(closed.Documents, d => d.Kind == CaseDocumentKind.Notice);
        var text = NoticeDocumentTests.PdfToText(await ContentAsync(notice.Id));
        Assert.Contains("Käthe Schröder", text);
        Assert.Contains("HRO-AB 123", text);
        Assert.Contains("Bewohnerparkausweis", text);
        Assert.Contains("Die Voraussetzungen liegen vor.", text);
        Assert.Contains("Lange Straße 1", text);

        var mail = await app.Mail.WaitForAsync(citizenEmail, subject: "Neue Nachricht in Ihrem Postfach");
        Assert.Contains($"/rostock/konto/antraege/{caseId}", mail.TextBody);
        Assert.DoesNotContain("HRO-AB", mail.TextBody + mail.HtmlBody);

        // Months later the clerk's session has run out: a new sign-in.
        clerk = await SignedInAsync("rostock", clerkEmail);
        var after = WebUtility.HtmlDecode(await clerk.GetStringAsync(new Uri(path, UriKind.Relative)));
        Assert.Contains("Abgeschlossen am", after);
        Assert.Contains(closed.RetainUntil!.Value.ToLocalTime().ToString("dd.MM.yyyy", System.Globalization.CultureInfo.InvariantCulture), after);
        Assert.Contains("Zu diesem Vorgang ist keine Aufgabe offen.", after);
        Assert.Contains(notice.FileName, after);
    }

    [Theory]
    [InlineData(CaseResults.Approved, 3)]
    [InlineData(CaseResults.Rejected, 1)]
    [InlineData(CaseResults.Withdrawn, 2)]
    [InlineData("unbekannt", null)]
    [InlineData(null, null)]
    public void RetainUntil_FollowsTheServiceRetentionForTheResult(string? result, int? years)
    {
        var service = new PublicService
        {
            LeikaKey = "99108001012000", Slug = "x", Name = "x", ShortText = "x",
            RetentionApprovedYears = 3, RetentionRejectedYears = 1, RetentionWithdrawnYears = 2,
        };
        var closedAt = new DateTimeOffset(2026, 11, 27, 10, 0, 0, TimeSpan.Zero);
        Assert.Equal(years is { } y ? closedAt.AddYears(y) : null, CaseProgress.RetainUntil(service, result, closedAt));
    }

    [GeneratedRegex("name=\"idempotencyKey\" value=\"([^\"]+)\"")]
    private static partial Regex IdempotencyKey();

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial Regex CaseId();

    [GeneratedRegex("href=\"/rostock/aufgaben/([^\"?]+)\">Aufgabe bearbeiten")]
    private static partial Regex TaskLink();
}
