using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kogge.Bpmn.Engine;
using Kogge.Bpmn.Expressions;
using Kogge.Bpmn.Expressions.Feel;
using Kogge.Bpmn.Storage;
using Kogge.Web.Modules.Catalog;
using Kogge.Web.Platform.Demo;
using Kogge.Web.Platform.Processes;
using Kogge.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Kogge.Web.Tests.Modules.Cases;

/// <summary>Rostock's demo dog tax and resident parking permit as applicants meet them.</summary>
public class DemoServiceTests(KoggeApp app) : IClassFixture<KoggeApp>
{
    private sealed class Scope(Dictionary<string, object?> values) : IVariableScope
    {
        public bool TryGetVariable(string name, out object? value) => values.TryGetValue(name, out value);
    }

    [Theory]
    [InlineData(1, false, 108)]
    [InlineData(2, false, 144)]
    [InlineData(3, false, 168)]
    [InlineData(6, false, 168)]
    [InlineData(1, true, 1000)]
    [InlineData(3, true, 1000)]
    public async Task DogTaxTable_RostockRates(int dog, bool dangerous, int expected)
    {
        var dmn = await app.InTenantAsync("rostock", async (_, db) => await db.ServiceArtifacts
            .Where(a => a.Kind == ArtifactKind.Decision && a.Name == "hundesteuer").Select(a => a.Content).FirstAsync());
        var value = new FeelDecisionEvaluator([dmn]).Evaluate("hundesteuer-jahresbetrag", new Scope(new() { ["nummerDesHundes"] = (decimal)dog, ["gefaehrlich"] = dangerous }));
        Assert.Equal((decimal)expected, Convert.ToDecimal(value, System.Globalization.CultureInfo.InvariantCulture));
    }

    private async Task<ProcessInstanceRecord> SettledAsync(string caseId)
    {
        // The decision is a job: the job executor takes it within its poll interval.
        for (var attempt = 0; ; attempt++)
        {
            var instance = await app.InTenantAsync("rostock", async (services, _) =>
                (await services.GetRequiredService<TenantProcesses>().InstancesAsync(null, null, caseId, 0, 1, CancellationToken.None)).Items.Single());
            var waiting = await app.InTenantAsync("rostock", async (services, _) =>
                (await services.GetRequiredService<TenantProcesses>().TasksAsync(null, null, null, instance.Id, 0, 1, CancellationToken.None)).Total);
            if (instance.State != ProcessInstanceState.Active || waiting > 0 || attempt == 60)
            {
                return instance;
            }

            await Task.Delay(500);
        }
    }

    [Fact]
    public async Task DogTax_OrdinaryDogDecidedWithoutClerk_DangerousDogGoesToAClerk()
    {
        var client = await app.ApiClientAsync("rostock", "ProcessWorker");
        async Task<string> ApplyAsync(bool dangerous, int dog)
        {
            // An unticked box posts nothing: the ordinary dog's data has no "gefaehrlich" at all.
            object data = dangerous
                ? new { rufname = "Bello", rasse = "Dackel", haltungSeit = "2026-11-01", gefaehrlich = true, nummerDesHundes = dog }
                : new { rufname = "Bello", rasse = "Dackel", haltungSeit = "2026-11-01", nummerDesHundes = dog };
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/rostock/api/v1/applications", UriKind.Relative))
            {
                Content = JsonContent.Create(new { service = "hundesteuer-anmeldung", data }),
            };
            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
            var response = await client.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
            return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        }

        var ordinary = await SettledAsync(await ApplyAsync(dangerous: false, dog: 2));
        Assert.Equal(ProcessInstanceState.Completed, ordinary.State);

        var dangerous = await SettledAsync(await ApplyAsync(dangerous: true, dog: 1));
        Assert.Equal(ProcessInstanceState.Active, dangerous.State);
        var variables = await app.Services.GetRequiredService<ProcessEngine>().Runtime.GetVariablesAsync(dangerous.Id);
        Assert.Equal(1000m, Convert.ToDecimal(variables["jahresbetrag"], System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task ResidentParking_PagesOfTheRealForm_GermanMessageForAWrongPlate()
    {
        var client = app.Browser();
        await client.SignInOrFailAsync("rostock", DemoData.Email("buerger", "rostock"), DemoData.Password);
        const string form = "/rostock/leistungen/bewohnerparkausweis/antrag";
        var first = await client.GetStringAsync(new Uri(form, UriKind.Relative));
        Assert.Contains("Schritt 1 von 5", first);
        Assert.Contains("Ihr Fahrzeug", first);

        var wrong = await client.PostFormAsync(form, [new("kennzeichen", "123 ABC"), new("fahrzeugart", "pkw"), new("nutzung", "halter"), new("aktion", "weiter")]);
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains("Bitte geben Sie das Kennzeichen so an", WebUtility.HtmlDecode(await wrong.Content.ReadAsStringAsync()));

        var right = await client.PostFormAsync(form, [new("kennzeichen", "HRO-AB 123"), new("fahrzeugart", "pkw"), new("nutzung", "halter"), new("aktion", "weiter")]);
        Assert.Equal(form + "/2", right.RedirectPath());
        Assert.Contains("Ihre Wohnung", await client.GetStringAsync(new Uri(form + "/2", UriKind.Relative)));
    }
}
