using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Kogge.Bpmn.Storage;
using Kogge.Web.Modules.Cases;
using Kogge.Web.Modules.Cases.DocumentRequests;
using Kogge.Web.Platform.Demo;
using Kogge.Web.Platform.Processes;
using Kogge.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Kogge.Web.Tests.Modules.Cases;

/// <summary>A clerk asks for documents, the applicant is told and answers with an upload, the waiting process moves on; on SQLite or PostgreSQL.</summary>
public class DocumentRequestTests(KoggeApp app) : IClassFixture<KoggeApp>
{
    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateOnly Today => DocumentRequests.Today(TimeProvider.System);

    private Task<Case> CaseAsync(Guid id) => app.InTenantAsync("rostock", (_, db) => db.Cases.AsNoTracking().Include(c => c.Documents).FirstAsync(c => c.Id == id));

    [Fact]
    public async Task Request_ByClerkPage_ApplicantMailedAndAnswersWithUpload_CaseBackInProgressAndProcessMovesOn()
    {
        await ApplySamples.PublishAsync(app, "parken-nachforderung", "99108001015101", null, ApplySamples.WaitingFor("nachforderung-test", DocumentRequests.AnsweredMessage));
        const string email = "nachforderung@rostock.example";
        var citizen = await CitizenFlow.NewCitizenAsync(app, email);
        var created = await CitizenFlow.ApplyAsync(app, citizen, "parken-nachforderung");
        await app.Mail.WaitForAsync(email);
        var clerk = await CitizenFlow.NewClerkAsync(app, "rostock");
        var page = $"/rostock/vorgaenge/{created.Id}/unterlagen-anfordern";

        var empty = await clerk.PostFormAsync(page, [new("Input.Text", " "), new("Input.DueDate", Date(Today.AddDays(7)))]);
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Contains("Bitte schreiben Sie, welche Unterlagen fehlen.", WebUtility.HtmlDecode(await empty.Content.ReadAsStringAsync()));
        var past = await clerk.PostFormAsync(page, [new("Input.Text", "Rückseite"), new("Input.DueDate", Date(Today))]);
        Assert.Equal(HttpStatusCode.BadRequest, past.StatusCode);
        Assert.Equal(0, await app.InTenantAsync("rostock", (_, db) => db.DocumentRequests.CountAsync(r => r.CaseId == created.Id)));

        const string text = "Bitte reichen Sie die Rückseite der Zulassungsbescheinigung nach.";
        var sent = await clerk.PostFormAsync(page, [new("Input.Text", text), new("Input.DueDate", Date(Today.AddDays(7)))]);
        Assert.Equal(page + "?hinweis=gesendet", sent.RedirectPath());
        Assert.Equal(CaseStatus.WaitingForApplicant, (await CaseAsync(created.Id)).Status);
        await WaitForMailAsync(email, "Wir brauchen noch Unterlagen");

        var detail = WebUtility.HtmlDecode(await citizen.GetStringAsync(new Uri($"/rostock/konto/antraege/{created.Id}", UriKind.Relative)));
        Assert.Contains(text, detail);
        Assert.Contains("Wartet auf Ihre Unterlagen", detail);
        var request = await app.InTenantAsync("rostock", (_, db) => db.DocumentRequests.AsNoTracking().FirstAsync(r => r.CaseId == created.Id));
        var answer = $"/rostock/konto/antraege/{created.Id}/unterlagen/{request.Id}";
        Assert.Contains(answer, detail);

        var nothing = await CitizenFlow.PostMultipartAsync(citizen, answer, [new("kommentar", "Anbei.")]);
        Assert.Equal(HttpStatusCode.BadRequest, nothing.StatusCode);
        Assert.Contains("Bitte wählen Sie mindestens eine Datei aus.", WebUtility.HtmlDecode(await nothing.Content.ReadAsStringAsync()));
        var exe = await CitizenFlow.PostMultipartAsync(citizen, answer, [new("kommentar", "Anbei.")], ("dateien", "rueckseite.pdf", ApplySamples.Executable));
        Assert.Equal(HttpStatusCode.BadRequest, exe.StatusCode);
        Assert.Contains("kein PDF-, PNG- oder JPEG-Dokument", WebUtility.HtmlDecode(await exe.Content.ReadAsStringAsync()));
        Assert.Single((await CaseAsync(created.Id)).Documents);

        var answered = await CitizenFlow.PostMultipartAsync(citizen, answer, [new("kommentar", "Anbei die Rückseite.")], ("dateien", "../rueckseite.pdf", ApplySamples.Pdf));
        Assert.Equal($"/rostock/konto/antraege/{created.Id}?hinweis=nachgereicht", answered.RedirectPath());

        var after = await CaseAsync(created.Id);
        Assert.Equal(CaseStatus.InProgress, after.Status);
        var file = Assert.Single(after.Documents, d => d.FieldKey == DocumentRequests.FieldKey(request.Id));
        Assert.Equal(("rueckseite.pdf", "application/pdf"), (file.FileName, file.ContentType));
        var stored = await app.InTenantAsync("rostock", (_, db) => db.DocumentRequests.AsNoTracking().FirstAsync(r => r.Id == request.Id));
        Assert.Equal((DocumentRequestStatus.Answered, "Anbei die Rückseite."), (stored.Status, stored.Comment));
        var state = await app.InTenantAsync("rostock", async (services, _) =>
            (await services.GetRequiredService<TenantProcesses>().InstanceAsync(after.ProcessInstanceId!, CancellationToken.None)).State);
        Assert.Equal(ProcessInstanceState.Completed, state);

        var timeline = WebUtility.HtmlDecode(await citizen.GetStringAsync(new Uri($"/rostock/konto/antraege/{created.Id}?hinweis=nachgereicht", UriKind.Relative)));
        Assert.Contains("Ihre Unterlagen sind bei uns eingegangen", timeline);
        Assert.Contains("Wir haben Unterlagen bei Ihnen angefordert.", timeline);
        Assert.Contains("Sie haben Unterlagen nachgereicht.", timeline);
        Assert.DoesNotContain(answer, timeline);
        Assert.Equal(HttpStatusCode.Redirect, (await citizen.GetAsync(new Uri(answer, UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task Request_ThroughTheApiAndPastItsDate_RemindedOnceByMail_OthersGet404()
    {
        await ApplySamples.PublishAsync(app, "parken-erinnerung", "99108001015102");
        const string email = "erinnerung@rostock.example";
        var citizen = await CitizenFlow.NewCitizenAsync(app, email);
        var created = await CitizenFlow.ApplyAsync(app, citizen, "parken-erinnerung");

        var api = await app.ApiClientAsync("rostock", "Clerk");
        var path = new Uri($"/rostock/api/v1/cases/{created.Id}/document-requests", UriKind.Relative);
        var invalid = await api.PostAsJsonAsync(path, new { text = "", dueDate = Date(Today.AddDays(3)) });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal("application/problem+json", invalid.Content.Headers.ContentType?.MediaType);
        var response = await api.PostAsJsonAsync(path, new { text = "Bitte reichen Sie eine Meldebescheinigung nach.", dueDate = Date(Today.AddDays(3)) });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);

        // Lübeck's clerks, by API and page, and another citizen of Rostock do not find the case or the request.
        var luebeckApi = await app.ApiClientAsync("luebeck", "Clerk");
        Assert.Equal(HttpStatusCode.NotFound, (await luebeckApi.PostAsJsonAsync(new Uri($"/luebeck/api/v1/cases/{created.Id}/document-requests", UriKind.Relative),
            new { text = "x", dueDate = Date(Today.AddDays(3)) })).StatusCode);
        var luebeckClerk = await CitizenFlow.NewClerkAsync(app, "luebeck");
        Assert.Equal(HttpStatusCode.NotFound, (await luebeckClerk.GetAsync(new Uri($"/luebeck/vorgaenge/{created.Id}/unterlagen-anfordern", UriKind.Relative))).StatusCode);
        var request = await app.InTenantAsync("rostock", (_, db) => db.DocumentRequests.AsNoTracking().FirstAsync(r => r.CaseId == created.Id));
        var neighbour = await CitizenFlow.NewCitizenAsync(app, "erinnerung-nachbar@rostock.example");
        Assert.Equal(HttpStatusCode.NotFound, (await neighbour.GetAsync(new Uri($"/rostock/konto/antraege/{created.Id}/unterlagen/{request.Id}", UriKind.Relative))).StatusCode);
        var denied = await citizen.GetAsync(new Uri($"/rostock/vorgaenge/{created.Id}/unterlagen-anfordern", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
        Assert.DoesNotContain("unterlagen-anfordern", denied.RedirectPath().Split('?')[0]);

        // The date has passed: one reminder, however often the sweep runs.
        await app.InTenantAsync("rostock", (_, db) => db.DocumentRequests.Where(r => r.Id == request.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.DueDate, Today.AddDays(-1))));
        var reminders = app.Services.GetRequiredService<DocumentRequestReminders>();
        var first = await reminders.RemindDueAsync(CancellationToken.None);
        Assert.True(first >= 1);
        Assert.Equal(0, await reminders.RemindDueAsync(CancellationToken.None));
        await WaitForMailAsync(email, "Erinnerung");
        var overdue = await app.InTenantAsync("rostock", (_, db) => db.DocumentRequests.AsNoTracking().FirstAsync(r => r.Id == request.Id));
        Assert.Equal(DocumentRequestStatus.Overdue, overdue.Status);
        var detail = WebUtility.HtmlDecode(await citizen.GetStringAsync(new Uri($"/rostock/konto/antraege/{created.Id}", UriKind.Relative)));
        Assert.Contains("Die Frist ist am", detail);
        Assert.Contains("Wir haben Sie an die fehlenden Unterlagen erinnert.", detail);
        Assert.Equal(1, app.Mail.Messages.Count(m => (m.Subject ?? "").StartsWith("Erinnerung", StringComparison.Ordinal) && m.To.Mailboxes.Any(a => a.Address == email)));

        // An overdue request can still be answered.
        var answered = await CitizenFlow.PostMultipartAsync(citizen, $"/rostock/konto/antraege/{created.Id}/unterlagen/{request.Id}", [], ("dateien", "meldung.pdf", ApplySamples.Pdf));
        Assert.Equal(HttpStatusCode.Redirect, answered.StatusCode);
    }

    private async Task WaitForMailAsync(string to, string subjectPart)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (!app.Mail.Messages.Any(m => (m.Subject ?? "").Contains(subjectPart, StringComparison.Ordinal) && m.To.Mailboxes.Any(a => a.Address == to)))
        {
            Assert.True(DateTime.UtcNow < deadline, $"No mail \"{subjectPart}\" to {to} arrived.");
            await Task.Delay(100);
        }
    }
}
