using System.Net;
using Kogge.Web.Modules.Catalog;
using Kogge.Web.Modules.Catalog.Versions;
using Kogge.Web.Platform.Audit;
using Kogge.Web.Platform.Demo;
using Kogge.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Kogge.Web.Tests.Modules.Notices;

/// <summary>The designers' notice preview on the demo's Bewohnerparkausweis, on SQLite or PostgreSQL.</summary>
public class NoticePreviewTests(KoggeApp app) : IClassFixture<KoggeApp>
{
    private async Task<Guid> ParkingServiceAsync() =>
        await app.InTenantAsync("rostock", (_, db) => db.PublicServices.Where(s => s.LeikaKey == DemoCatalog.ResidentParkingKey).Select(s => s.Id).SingleAsync());

    private async Task<HttpClient> DesignerAsync(string slug = "rostock")
    {
        var client = app.Browser();
        await client.SignInOrFailAsync(slug, DemoData.Email("prozessgestaltung", slug), DemoData.Password);
        return client;
    }

    [Fact]
    public async Task Preview_DemoTemplate_ShowsTheFilledInNotice()
    {
        var id = await ParkingServiceAsync();
        var designer = await DesignerAsync();

        var version = await designer.GetStringAsync(new Uri($"/rostock/leistungskatalog/{id}/versionen/1", UriKind.Relative));
        Assert.Contains("bescheid-vorschau?name=bescheid", version, StringComparison.Ordinal);
        var page = await designer.GetStringAsync(new Uri($"/rostock/leistungskatalog/{id}/versionen/1/bescheid-vorschau?name=bescheid", UriKind.Relative));

        Assert.Contains("Guten Tag Erika Mustermann,", page, StringComparison.Ordinal);
        Assert.Contains("Bescheid über Ihren Antrag auf einen Bewohnerparkausweis", System.Net.WebUtility.HtmlDecode(page), StringComparison.Ordinal);
        Assert.Contains("Rechtsbehelfsbelehrung", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PreviewPdf_SampleDataWithUmlauts_PdfShowsNamePlateAndFee()
    {
        var id = await ParkingServiceAsync();
        var designer = await DesignerAsync();
        var path = $"/rostock/leistungskatalog/{id}/versionen/1/bescheid-vorschau?name=bescheid";
        const string sample = """
            { "antragsteller": { "name": "Jürgen Weiß-Größe" }, "leistung": { "name": "Bewohnerparkausweis" },
              "antrag": { "eingang": "2026-11-20" }, "entscheidung": "bewilligt", "begruendung": "Kennzeichen HRO-ÖÄ 77, Gebiet Südstadt.",
              "gebuehren": [ { "bezeichnung": "Bewohnerparkausweis, 1 Jahr", "betrag": 30.70 } ] }
            """;

        var token = await designer.TokenFromAsync(path);
        var response = await designer.PostAsync(new Uri($"/rostock/leistungskatalog/{id}/versionen/1/bescheid-vorschau?handler=Pdf", UriKind.Relative),
            new FormUrlEncodedContent([new("name", "bescheid"), new("SampleData", sample), new("__kogge_csrf", token)]));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        var text = NoticeDocumentTests.PdfToText(await response.Content.ReadAsByteArrayAsync());
        Assert.Contains("Jürgen Weiß-Größe", text, StringComparison.Ordinal);
        Assert.Contains("HRO-ÖÄ 77", text, StringComparison.Ordinal);
        Assert.Contains("30,70 €", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Preview_BadSampleData_GermanFieldError()
    {
        var id = await ParkingServiceAsync();
        var designer = await DesignerAsync();
        var path = $"/rostock/leistungskatalog/{id}/versionen/1/bescheid-vorschau?name=bescheid";

        var response = await designer.PostFormAsync(path, [new("name", "bescheid"), new("SampleData", "{ \"antragsteller\": ")]);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Die Beispieldaten sind kein gültiges JSON", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Preview_BrokenTemplateInDraft_GermanErrorNot500()
    {
        var id = await ParkingServiceAsync();
        var number = await app.InTenantAsync("rostock", async (services, _) =>
        {
            services.GetRequiredService<AuditLog>().ActorOverride = "test";
            var lifecycle = services.GetRequiredService<VersionLifecycle>();
            var (_, draft) = await lifecycle.CreateDraftAsync(id, CancellationToken.None);
            await lifecycle.SetArtifactAsync(id, draft!.Number, ArtifactKind.NoticeTemplate, "kaputt", "Guten Tag {% if antragsteller.name %}", CancellationToken.None);
            return draft.Number;
        });
        var designer = await DesignerAsync();
        var path = $"/rostock/leistungskatalog/{id}/versionen/{number}/bescheid-vorschau?name=kaputt";

        var page = await designer.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Die Bescheidvorlage ist kein gültiges Liquid", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var pdf = await designer.PostFormAsync(path, [new("name", "kaputt"), new("SampleData", "{}")], $"/rostock/leistungskatalog/{id}/versionen/{number}/bescheid-vorschau?handler=Pdf");
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        Assert.Equal("text/html", pdf.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Preview_OtherMunicipality_NotFound()
    {
        var id = await ParkingServiceAsync();
        var luebeck = await DesignerAsync("luebeck");

        var response = await luebeck.GetAsync(new Uri($"/luebeck/leistungskatalog/{id}/versionen/1/bescheid-vorschau?name=bescheid", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
