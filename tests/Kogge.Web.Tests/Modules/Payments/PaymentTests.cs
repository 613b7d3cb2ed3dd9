using System.Net;
using Kogge.Bpmn.Storage;
using Kogge.Web.Modules.Cases;
using Kogge.Web.Modules.Payments;
using Kogge.Web.Platform.Demo;
using Kogge.Web.Platform.Processes;
using Kogge.Web.Tests.Infrastructure;
using Kogge.Web.Tests.Modules.Cases;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Kogge.Web.Tests.Modules.Payments;

/// <summary>Paying a case's fee with the built-in test provider, through the pages; on SQLite or PostgreSQL.</summary>
public class PaymentTests(KoggeApp app) : IClassFixture<KoggeApp>
{
    /// <summary>"Gebühr bezahlen" on the case: the redirect to the test provider's page, as a path.</summary>
    private static async Task<string> StartAsync(HttpClient client, Guid caseId)
    {
        var response = await client.PostFormAsync($"/rostock/konto/antraege/{caseId}", [], $"/rostock/konto/antraege/{caseId}/zahlung");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var path = response.RedirectPath();
        Assert.Matches("^/rostock/testzahlung/[0-9a-f-]{36}$", path);
        return path;
    }

    /// <summary>Chooses <paramref name="choice"/> on the test provider's page and follows the way back; returns the result page.</summary>
    private static async Task<string> ChooseAsync(HttpClient client, string providerPage, string choice)
    {
        var page = await client.GetStringAsync(new Uri(providerPage, UriKind.Relative));
        Assert.Contains("Test-Zahlungsdienst", page);
        Assert.Contains("Es wird kein Geld bewegt.", page);
        var back = await client.PostFormAsync(providerPage, [new("ergebnis", choice)]);
        Assert.Equal(HttpStatusCode.Redirect, back.StatusCode);
        Assert.Matches("^/rostock/konto/antraege/[0-9a-f-]{36}/zahlung/[0-9a-f-]{36}$", back.RedirectPath());
        return WebUtility.HtmlDecode(await client.GetStringAsync(new Uri(back.RedirectPath(), UriKind.Relative)));
    }

    private Task<Case> CaseAsync(Guid id) => app.InTenantAsync("rostock", (_, db) => db.Cases.AsNoTracking().FirstAsync(c => c.Id == id));

    private Task<ProcessInstanceState> InstanceStateAsync(Case c) => app.InTenantAsync("rostock", async (services, _) =>
        (await services.GetRequiredService<TenantProcesses>().InstanceAsync(c.ProcessInstanceId!, CancellationToken.None)).State);

    [Fact]
    public async Task Pay_FailureThenCancelThenSuccess_CitizenToldEachTime_FeePaidOnceAndTheWaitingProcessMovesOn()
    {
        await ApplySamples.PublishAsync(app, "parken-zahlung", "99108001014101", ApplySamples.FeeRule, ApplySamples.WaitingFor("zahlung-test", CasePayments.PaidMessage));
        var client = await CitizenFlow.NewCitizenAsync(app, "zahlung@rostock.example");
        var created = await CitizenFlow.ApplyAsync(app, client, "parken-zahlung");
        var detail = $"/rostock/konto/antraege/{created.Id}";
        Assert.Contains("Gebühr bezahlen", await client.GetStringAsync(new Uri(detail, UriKind.Relative)));
        Assert.Equal(ProcessInstanceState.Active, await InstanceStateAsync(created));

        var failed = await ChooseAsync(client, await StartAsync(client, created.Id), "fehler");
        Assert.Contains("Die Zahlung hat nicht geklappt", failed);
        Assert.Contains("Es wurde kein Geld abgebucht.", failed);
        Assert.Contains("Noch einmal bezahlen", failed);
        Assert.Null((await CaseAsync(created.Id)).FeePaidAt);
        Assert.Contains("Ihre letzte Zahlung hat nicht geklappt", WebUtility.HtmlDecode(await client.GetStringAsync(new Uri(detail, UriKind.Relative))));

        var cancelled = await ChooseAsync(client, await StartAsync(client, created.Id), "abbruch");
        Assert.Contains("Sie haben die Zahlung abgebrochen", cancelled);
        Assert.Null((await CaseAsync(created.Id)).FeePaidAt);

        var providerPage = await StartAsync(client, created.Id);
        var paid = await ChooseAsync(client, providerPage, "erfolg");
        Assert.Contains("Vielen Dank für Ihre Zahlung", paid);
        Assert.Contains("1.030,70 €", paid);
        Assert.DoesNotContain("Noch einmal bezahlen", paid);

        var after = await CaseAsync(created.Id);
        Assert.NotNull(after.FeePaidAt);
        Assert.Equal(ProcessInstanceState.Completed, await InstanceStateAsync(after));
        var page = WebUtility.HtmlDecode(await client.GetStringAsync(new Uri(detail, UriKind.Relative)));
        Assert.Contains("Sie haben die Gebühr bezahlt.", page);
        Assert.Contains("Bezahlt am", page);
        Assert.DoesNotContain("Gebühr bezahlen", page);

        // The provider's report again (a repeated callback) and "pay" again change nothing.
        var paymentId = Guid.Parse(providerPage.Split('/')[^1]);
        var repeated = await app.InTenantAsync("rostock", (services, _) =>
            services.GetRequiredService<CasePayments>().CompleteAsync(paymentId, PaymentStatus.Failed, null, CancellationToken.None));
        Assert.Equal(PaymentStatus.Succeeded, repeated!.Status);
        var again = await client.PostFormAsync(detail, [], detail + "/zahlung");
        Assert.Equal(detail, again.RedirectPath());
        var history = await app.InTenantAsync("rostock", (_, db) => db.Payments.AsNoTracking().Include(p => p.History).Where(p => p.CaseId == created.Id).ToListAsync());
        Assert.Equal(3, history.Count);
        Assert.Equal([PaymentStatus.Succeeded, PaymentStatus.Failed, PaymentStatus.Cancelled], history.Select(p => p.Status).Order());
        Assert.All(history, p => Assert.Equal(2, p.History.Count));
        Assert.Equal(1, await app.InTenantAsync("rostock", (_, db) => db.CaseEvents.CountAsync(e => e.CaseId == created.Id && e.Kind == CaseEventKinds.FeePaid)));
    }

    [Fact]
    public async Task Pay_AnotherApplicantOrMunicipality_NotFound()
    {
        await ApplySamples.PublishAsync(app, "parken-zahlung-fremd", "99108001014102", ApplySamples.FeeRule);
        var client = await CitizenFlow.NewCitizenAsync(app, "zahlung-eigen@rostock.example");
        var created = await CitizenFlow.ApplyAsync(app, client, "parken-zahlung-fremd");
        var providerPage = await StartAsync(client, created.Id);
        var paymentId = providerPage.Split('/')[^1];

        var neighbour = await CitizenFlow.NewCitizenAsync(app, "zahlung-fremd@rostock.example");
        var ownToken = await neighbour.TokenFromAsync("/rostock/konto/antraege");
        Assert.Equal(HttpStatusCode.NotFound, (await neighbour.GetAsync(new Uri(providerPage, UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await neighbour.GetAsync(new Uri($"/rostock/konto/antraege/{created.Id}/zahlung/{paymentId}", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await neighbour.PostAsync(new Uri($"/rostock/konto/antraege/{created.Id}/zahlung", UriKind.Relative),
            new FormUrlEncodedContent([new("__kogge_csrf", ownToken)]))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await neighbour.PostAsync(new Uri(providerPage, UriKind.Relative),
            new FormUrlEncodedContent([new("__kogge_csrf", ownToken), new("ergebnis", "erfolg")]))).StatusCode);

        var luebeck = await CitizenFlow.SignedInAsync(app, "luebeck", DemoData.Email("buerger", "luebeck"));
        Assert.Equal(HttpStatusCode.NotFound, (await luebeck.GetAsync(new Uri($"/luebeck/testzahlung/{paymentId}", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await luebeck.GetAsync(new Uri($"/luebeck/konto/antraege/{created.Id}/zahlung/{paymentId}", UriKind.Relative))).StatusCode);
        Assert.Null((await CaseAsync(created.Id)).FeePaidAt);
    }
}
