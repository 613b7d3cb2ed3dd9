using System.Globalization;
using System.Text.Json;
using Kogge.Bpmn.Engine;
using Kogge.Bpmn.Storage;
using Kogge.Web.Modules.Cases;
using Kogge.Web.Modules.Payments;
using Kogge.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace Kogge.Web.Tests.Modules.Cases;

/// <summary>
/// Rostock's demo resident parking permit through its process: it waits for the fee and reminds after a week, a clerk
/// approves or rejects, the notice fixes the fee (three quarters for a rejection), and an approved permit's holder is
/// reminded six weeks before it runs out. The host's clock is moved forward to make the timers due.
/// </summary>
public sealed class ResidentParkingProcessTests(KoggeApp app) : IClassFixture<KoggeApp>
{
    private const string Slug = "bewohnerparkausweis";

    private ProcessEngine Engine => app.Services.GetRequiredService<ProcessEngine>();

    /// <summary>Fills the five pages of the demo form as a browser without JavaScript and submits; returns the case.</summary>
    private async Task<Case> ApplyAsync(string email, int years)
    {
        var client = await CitizenFlow.NewCitizenAsync(app, email);
        var form = $"/rostock/leistungen/{Slug}/antrag";
        Assert.Equal(form + "/2", (await CitizenFlow.PostMultipartAsync(client, form,
            [new("kennzeichen", "HRO-KB 742"), new("fahrzeugart", "pkw"), new("nutzung", "halter"), new("aktion", "weiter")])).RedirectPath());
        Assert.Equal(form + "/3", (await CitizenFlow.PostMultipartAsync(client, form + "/2",
            [new("strasse", "Kröpeliner Straße 1"), new("plz", "18055"), new("hauptwohnung", "true"), new("keinStellplatz", "true"), new("aktion", "weiter")])).RedirectPath());
        Assert.Equal(form + "/4", (await CitizenFlow.PostMultipartAsync(client, form + "/3",
            [new("laufzeitJahre", years.ToString(CultureInfo.InvariantCulture)), new("aktion", "weiter")])).RedirectPath());
        Assert.Equal(form + "/pruefen", (await CitizenFlow.PostMultipartAsync(client, form + "/4", [new("aktion", "weiter")],
            ("zulassung", "zulassung.pdf", ApplySamples.Pdf))).RedirectPath());
        var receipt = await CitizenFlow.SubmitAsync(client, Slug, await client.GetStringAsync(new Uri(form + "/pruefen", UriKind.Relative)));
        var id = Guid.Parse(receipt.Split('/')[4]);
        return await app.InTenantAsync("rostock", (_, db) => db.Cases.AsNoTracking().FirstAsync(c => c.Id == id));
    }

    private Task<Payment?> PayAsync(Case c) => app.InTenantAsync("rostock", async (services, _) =>
    {
        var payments = services.GetRequiredService<CasePayments>();
        var start = await payments.StartAsync(c.Id, c.ApplicantId, "Bewohnerparkausweis", p => $"http://localhost/{p}", CancellationToken.None);
        Assert.NotNull(start);
        var paymentId = await services.GetRequiredService<Kogge.Web.Platform.Persistence.KoggeDbContext>().Payments
            .Where(p => p.CaseId == c.Id).Select(p => p.Id).SingleAsync();
        return await payments.CompleteAsync(paymentId, PaymentStatus.Succeeded, null, CancellationToken.None);
    });

    /// <summary>Waits until <paramref name="condition"/> holds; the job executor and the outbox work in the background.</summary>
    private static async Task<T> EventuallyAsync<T>(Func<Task<T?>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if (await condition() is { } value)
            {
                return value;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Waited a minute in vain for {what}.");
            await Task.Delay(100);
        }
    }

    private Task<WorkItem> TaskOfAsync(Case c) => EventuallyAsync(async () =>
        (await Engine.Tasks.QueryAsync(new TaskQuery { ProcessInstanceId = c.ProcessInstanceId })).SingleOrDefault(), "the clerk's task");

    private Task<Case> ClosedAsync(Case c) => EventuallyAsync(() => app.InTenantAsync("rostock", async (_, db) =>
        await db.Cases.AsNoTracking().FirstOrDefaultAsync(x => x.Id == c.Id && x.Status == CaseStatus.Closed)), "the case to close");

    private static void LinksToTheCaseOnly(MimeMessage mail, Case c)
    {
        Assert.Contains($"/rostock/konto/antraege/{c.Id}", mail.TextBody);
        foreach (var personal in new[] { "KB 742", "Kröpeliner", "18055", "Test" })
        {
            Assert.DoesNotContain(personal, mail.TextBody + mail.HtmlBody, StringComparison.Ordinal);
        }

        Assert.Empty(mail.Attachments);
    }

    [Fact]
    public async Task Unpaid_RemindedAfterAWeek_ThenPaidAndRejected_NoticeFixesThreeQuartersOfTheFee()
    {
        var email = $"parken-{Guid.NewGuid():N}"[..18] + "@rostock.example";
        var c = await ApplyAsync(email, years: 1);
        Assert.Equal(30.70m, c.FeeAmount);
        Assert.Empty(await Engine.Tasks.QueryAsync(new TaskQuery { ProcessInstanceId = c.ProcessInstanceId }));

        app.Clock.Advance(TimeSpan.FromDays(8));
        var reminder = await app.Mail.WaitForAsync(email, TimeSpan.FromSeconds(60), $"Erinnerung: Die Gebühr ist noch offen – {c.ReferenceNumber}");
        LinksToTheCaseOnly(reminder, c);
        Assert.Empty(await Engine.Tasks.QueryAsync(new TaskQuery { ProcessInstanceId = c.ProcessInstanceId }));

        await PayAsync(c);
        var task = await TaskOfAsync(c);
        Assert.Equal("Antrag prüfen", task.Name);
        await Engine.Tasks.CompleteAsync(task.Id, new Dictionary<string, object?> { ["entscheidung"] = "abgelehnt", ["begruendung"] = "Zur Wohnung gehört ein Stellplatz." }, null);

        var closed = await ClosedAsync(c);
        Assert.Equal(CaseResults.Rejected, closed.Result);
        var variables = await Engine.Runtime.GetVariablesAsync(c.ProcessInstanceId!);
        var fee = JsonSerializer.SerializeToElement(variables["bescheidgebuehr"]);
        Assert.Equal(23.03m, fee.GetProperty("betrag").GetDecimal());
        var pdf = await app.InTenantAsync("rostock", async (_, db) => await db.CaseDocumentContents
            .Where(d => db.CaseDocuments.Any(n => n.Id == d.Id && n.CaseId == c.Id && n.Kind == CaseDocumentKind.Notice)).Select(d => d.Data).SingleAsync());
        var text = Notices.NoticeDocumentTests.PdfToText(pdf);
        Assert.Contains("keinen Bewohnerparkausweis erteilen", text, StringComparison.Ordinal);
        Assert.Contains("Ablehnung des Antrags auf einen Bewohnerparkausweis", text, StringComparison.Ordinal);
        Assert.Contains("23,03 €", text, StringComparison.Ordinal);
        Assert.DoesNotContain("30,70", text, StringComparison.Ordinal);
        Assert.Single(app.Mail.Messages, m => m.To.Mailboxes.Any(a => a.Address == email) && (m.Subject ?? "").StartsWith("Erinnerung: Die Gebühr", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PaidAndApproved_RemindedSixWeeksBeforeThePermitRunsOut_ThenClosed()
    {
        var email = $"parken-{Guid.NewGuid():N}"[..18] + "@rostock.example";
        var c = await ApplyAsync(email, years: 2);
        Assert.Equal(61.40m, c.FeeAmount);
        await PayAsync(c);
        var task = await TaskOfAsync(c);
        await Engine.Tasks.CompleteAsync(task.Id, new Dictionary<string, object?> { ["entscheidung"] = "bewilligt" }, null);

        await app.Mail.WaitForAsync(email, TimeSpan.FromSeconds(60), "Neue Nachricht in Ihrem Postfach");
        var timer = await EventuallyAsync(async () => (await Engine.Jobs.ListJobsAsync(c.ProcessInstanceId!)).FirstOrDefault(j => j.ElementId == "verlaengerung-faellig"), "the renewal timer");
        var runsOut = app.Clock.GetUtcNow().AddDays(2 * 365);
        Assert.InRange(timer.DueDate, runsOut.AddDays(-43), runsOut.AddDays(-41));
        Assert.Equal(CaseStatus.Decided, (await app.InTenantAsync("rostock", (_, db) => db.Cases.AsNoTracking().FirstAsync(x => x.Id == c.Id))).Status);

        app.Clock.Advance(timer.DueDate - app.Clock.GetUtcNow() + TimeSpan.FromMinutes(1));
        var reminder = await app.Mail.WaitForAsync(email, TimeSpan.FromSeconds(60), $"Bitte denken Sie an die Verlängerung – {c.ReferenceNumber}");
        LinksToTheCaseOnly(reminder, c);
        var closed = await ClosedAsync(c);
        Assert.Equal(CaseResults.Approved, closed.Result);
        Assert.DoesNotContain(app.Mail.Messages, m => m.To.Mailboxes.Any(a => a.Address == email) && (m.Subject ?? "").StartsWith("Erinnerung: Die Gebühr", StringComparison.Ordinal));
    }
}
