using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Kogge.Web.Modules.Catalog;
using Kogge.Web.Modules.Catalog.Versions;
using Kogge.Web.Platform.Api;
using Kogge.Web.Platform.Demo;
using Kogge.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Kogge.Web.Tests.Modules.Catalog;

/// <summary>The catalogue through its pages and API, on SQLite or PostgreSQL (see <see cref="TestDatabase"/>).</summary>
public class CatalogTests(KoggeApp app) : IClassFixture<KoggeApp>
{
    private static readonly string Designer = DemoData.Email("prozessgestaltung", "rostock");

    private async Task<HttpClient> DesignerAsync(string slug = "rostock")
    {
        var client = app.Browser();
        await client.SignInOrFailAsync(slug, DemoData.Email("prozessgestaltung", slug), DemoData.Password);
        return client;
    }

    private static Dictionary<string, string> ServiceFields(string leika, string name) => new()
    {
        ["Input.LeikaKey"] = leika,
        ["Input.Name"] = name,
        ["Input.ShortText"] = "Eine Leistung für die Tests.",
        ["Input.Category"] = nameof(ServiceCategory.FamilyAndSocial),
        ["Input.TrustLevel"] = nameof(TrustLevel.Low),
        ["Input.Costs"] = "Keine.",
    };

    /// <summary>Creates a service through the page and returns its id.</summary>
    private static async Task<Guid> CreateServiceAsync(HttpClient client, string leika, string name)
    {
        var response = await client.PostFormAsync("/rostock/leistungskatalog/neu", ServiceFields(leika, name));
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        return Guid.Parse(response.RedirectPath().Split('/', '?')[3]);
    }

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, Guid service, int number, ArtifactKind kind, string content, string? name = null)
    {
        var path = $"/rostock/leistungskatalog/{service}/versionen/{number}/datei?art={kind}";
        var fields = new Dictionary<string, string> { ["Input.Content"] = content };
        if (name is not null)
        {
            fields["Input.Name"] = name;
        }

        return await client.PostFormAsync(path, fields);
    }

    private Task<T> InRostockAsync<T>(Func<IServiceProvider, Kogge.Web.Platform.Persistence.KoggeDbContext, Task<T>> work) => app.InTenantAsync("rostock", work);

    [Fact]
    public async Task Demo_Rostock_HasFourPublishedServices_LuebeckTheTwoItImported()
    {
        var rostock = await InRostockAsync(async (_, db) => await db.PublicServices.Where(s => s.PublishedVersionId != null).Select(s => s.LeikaKey).ToListAsync());
        var luebeck = await app.InTenantAsync("luebeck", async (_, db) => await db.PublicServices.Where(s => s.PublishedVersionId != null).Select(s => s.LeikaKey).ToListAsync());

        Assert.Subset(rostock.ToHashSet(), new HashSet<string> { DemoCatalog.ResidentParkingKey, DemoCatalog.DogTaxKey, DemoCatalog.TradeRegistrationKey, DemoCatalog.StreetUseKey });
        Assert.Subset(luebeck.ToHashSet(), new HashSet<string> { DemoCatalog.ResidentParkingKey, DemoCatalog.DogTaxKey });
        Assert.DoesNotContain(DemoCatalog.TradeRegistrationKey, luebeck);
        var notes = await InRostockAsync(async (_, db) => await db.ServiceVersions.Where(v => v.Service.Slug == "hundesteuer-anmeldung").Select(v => v.ChangeNote).ToListAsync());
        Assert.Equal(DemoCatalog.DemoNote, Assert.Single(notes));
        var deployed = await InRostockAsync(async (_, db) => await db.ServiceVersions.Where(v => v.State == VersionState.Published).Select(v => v.EngineDefinitionId).ToListAsync());
        Assert.All(deployed, Assert.NotNull);
    }

    [Theory]
    [InlineData("Gewerbe", "Gewerbe anmelden")]
    [InlineData("hundesteuer", "Hundesteuer – Hund anmelden")]
    [InlineData("Straße", "Sondernutzungserlaubnis für öffentliche Straßen")]
    [InlineData("strasse", "Sondernutzungserlaubnis für öffentliche Straßen")]
    [InlineData("OEFFENTLICHE", "Sondernutzungserlaubnis für öffentliche Straßen")]
    [InlineData("99050012104000", "Gewerbe anmelden")]
    [InlineData("99 050 012 104 000", "Gewerbe anmelden")]
    [InlineData("parkausweis", "Bewohnerparkausweis beantragen")]
    public async Task CitizenSearch_CaseAndUmlauts_FindTheService(string query, string expected)
    {
        var html = await app.Browser().GetStringAsync(new Uri("/rostock/leistungen?suche=" + Uri.EscapeDataString(query), UriKind.Relative));
        Assert.Contains(">" + expected + "</a>", html, StringComparison.Ordinal);
        Assert.Contains("1 Leistung", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CitizenSearch_Category_ShowsOnlyThatCategory()
    {
        var html = await app.Browser().GetStringAsync(new Uri("/rostock/leistungen?bereich=TaxesAndFees", UriKind.Relative));
        Assert.Contains("Hundesteuer – Hund anmelden", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Gewerbe anmelden", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CitizenPages_ServiceWithoutPublishedVersion_IsNeitherListedNorShown()
    {
        var designer = await DesignerAsync();
        var id = await CreateServiceAsync(designer, "99000000000101", "Unveröffentlichte Testleistung");
        var slug = await InRostockAsync(async (_, db) => (await db.PublicServices.SingleAsync(s => s.Id == id)).Slug);

        var list = await app.Browser().GetStringAsync(new Uri("/rostock/leistungen?suche=Testleistung", UriKind.Relative));
        Assert.DoesNotContain("Unveröffentlichte Testleistung", list, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Browser().GetAsync(new Uri($"/rostock/leistungen/{slug}", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Browser().GetAsync(new Uri($"/rostock/leistungen/{id}", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task CitizenDetail_BySlugAndById_ShowsTheSections()
    {
        var client = app.Browser();
        var html = await client.GetStringAsync(new Uri("/rostock/leistungen/bewohnerparkausweis", UriKind.Relative));
        Assert.Contains("30,70 Euro", html, StringComparison.Ordinal);
        Assert.Contains("Charles-Darwin-Ring 6", html, StringComparison.Ordinal);
        Assert.Contains("§ 45 Absatz 1b Nummer 2a", html, StringComparison.Ordinal);
        Assert.Contains("<ul class=\"kern-list kern-list--bullet\">", html, StringComparison.Ordinal);

        var id = await InRostockAsync(async (_, db) => (await db.PublicServices.SingleAsync(s => s.Slug == "bewohnerparkausweis")).Id);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri($"/rostock/leistungen/{id}", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task CitizenPages_OtherMunicipality_NotFound()
    {
        var id = await InRostockAsync(async (_, db) => (await db.PublicServices.SingleAsync(s => s.Slug == "gewerbe-anmelden")).Id);
        var client = app.Browser();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri("/luebeck/leistungen/gewerbe-anmelden", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri($"/luebeck/leistungen/{id}", UriKind.Relative))).StatusCode);
        Assert.DoesNotContain("Gewerbe anmelden", await client.GetStringAsync(new Uri("/luebeck/leistungen", UriKind.Relative)), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri("/leistungen", UriKind.Relative))).StatusCode);
    }

    [Theory]
    [InlineData("1234567890123", "genau 14 Ziffern")]
    [InlineData("9905001210400x", "genau 14 Ziffern")]
    [InlineData("", "Bitte geben Sie den LeiKa-Schlüssel ein.")]
    public async Task CreateService_InvalidLeikaKey_IsRefusedAtTheField(string key, string message)
    {
        var designer = await DesignerAsync();
        var response = await designer.PostFormAsync("/rostock/leistungskatalog/neu", ServiceFields(key, "Ungültige Leistung"));
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(message, html, StringComparison.Ordinal);
        Assert.Contains("id=\"Input_LeikaKey-fehler\"", html, StringComparison.Ordinal);
        Assert.False(await InRostockAsync(async (_, db) => await db.PublicServices.AnyAsync(s => s.Name == "Ungültige Leistung")));
    }

    [Fact]
    public async Task CreateService_LeikaKeyTakenInSameMunicipality_IsRefused_OtherMunicipalityMayUseIt()
    {
        var rostock = await DesignerAsync();
        var response = await rostock.PostFormAsync("/rostock/leistungskatalog/neu", ServiceFields(DemoCatalog.TradeRegistrationKey, "Gewerbe doppelt"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("bereits eine Leistung mit diesem LeiKa-Schlüssel", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var luebeck = await DesignerAsync("luebeck");
        var created = await luebeck.PostFormAsync("/luebeck/leistungskatalog/neu", ServiceFields(DemoCatalog.TradeRegistrationKey, "Gewerbe anmelden in Lübeck"));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
    }

    [Fact]
    public async Task DesignerPages_OtherRoles_AreForbidden()
    {
        var clerk = app.Browser();
        await clerk.SignInOrFailAsync("rostock", DemoData.Email("sachbearbeitung", "rostock"), DemoData.Password);
        var response = await clerk.GetAsync(new Uri("/rostock/leistungskatalog", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/rostock/fehler/403", response.RedirectPath(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lifecycle_PublishWithErrors_IsRefused_ThenPublishedVersionIsFrozen_AndSecondPublishRetiresFirst()
    {
        var designer = await DesignerAsync();
        var id = await CreateServiceAsync(designer, "99000000000201", "Lebenszyklus-Leistung");
        var draft = await designer.PostFormAsync($"/rostock/leistungskatalog/{id}", [], $"/rostock/leistungskatalog/{id}?handler=Draft");
        Assert.Equal($"/rostock/leistungskatalog/{id}/versionen/1?hinweis=entwurf", draft.RedirectPath());
        var versionPage = $"/rostock/leistungskatalog/{id}/versionen/1";

        // Without a process the report has an error, and publishing is refused.
        var refused = await designer.PostFormAsync(versionPage, [new("version", "0")], versionPage + "?handler=Publish");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("Es fehlt der Prozess", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // A process whose form is missing: still refused, naming the element.
        Assert.Equal(HttpStatusCode.Redirect, (await UploadAsync(designer, id, 1, ArtifactKind.Process, CatalogSamples.Process())).StatusCode);
        var report = await designer.GetStringAsync(new Uri(versionPage, UriKind.Relative));
        Assert.Contains("<code>start</code>", report, StringComparison.Ordinal);
        Assert.Contains("Formular „antrag“", report, StringComparison.Ordinal);
        var version = await InRostockAsync(async (_, db) => (await db.ServiceVersions.SingleAsync(v => v.ServiceId == id)).Version);
        refused = await designer.PostFormAsync(versionPage, [new("version", version.ToString(System.Globalization.CultureInfo.InvariantCulture))], versionPage + "?handler=Publish");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);

        Assert.Equal(HttpStatusCode.Redirect, (await UploadAsync(designer, id, 1, ArtifactKind.Form, CatalogSamples.Form())).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await UploadAsync(designer, id, 1, ArtifactKind.NoticeTemplate, "Guten Tag {{ name }}", "bescheid")).StatusCode);
        Assert.Contains("data-testid=\"report-valid\"", await designer.GetStringAsync(new Uri(versionPage, UriKind.Relative)), StringComparison.Ordinal);
        version = await InRostockAsync(async (_, db) => (await db.ServiceVersions.SingleAsync(v => v.ServiceId == id)).Version);

        // A stale page cannot publish.
        var stale = await designer.PostFormAsync(versionPage, [new("version", (version - 1).ToString(System.Globalization.CultureInfo.InvariantCulture))], versionPage + "?handler=Publish");
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);

        var published = await designer.PostFormAsync(versionPage, [new("version", version.ToString(System.Globalization.CultureInfo.InvariantCulture))], versionPage + "?handler=Publish");
        Assert.Equal(versionPage + "?hinweis=veroeffentlicht", published.RedirectPath());
        var citizen = await app.Browser().GetAsync(new Uri($"/rostock/leistungen/{id}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, citizen.StatusCode);

        // Published: every write is refused and changes nothing.
        var before = await ArtifactsAsync(id, 1);
        var token = await designer.TokenFromAsync(versionPage);
        Assert.Equal(HttpStatusCode.NotFound, (await designer.GetAsync(new Uri(versionPage + "/datei?art=Form", UriKind.Relative))).StatusCode);
        foreach (var (kind, name) in new[] { ("Form", ""), ("Form", "&name=antrag"), ("Process", "") })
        {
            var write = await designer.PostAsync(new Uri($"{versionPage}/datei?art={kind}{name}", UriKind.Relative), new FormUrlEncodedContent(
                [new("__kogge_csrf", token), new("Input.Content", kind == "Process" ? CatalogSamples.Process() : CatalogSamples.Form()), new("Input.Name", "neu")]));
            Assert.True(write.StatusCode == HttpStatusCode.Conflict, $"{kind}{name}: {(int)write.StatusCode}");
        }

        var remove = await designer.PostFormAsync(versionPage, [new("art", "Form"), new("name", "antrag")], versionPage + "?handler=Remove");
        Assert.Equal(HttpStatusCode.Conflict, remove.StatusCode);
        var republish = await designer.PostFormAsync(versionPage, [new("version", "0")], versionPage + "?handler=Publish");
        Assert.Equal(HttpStatusCode.Conflict, republish.StatusCode);
        Assert.Equal(before, await ArtifactsAsync(id, 1));
        var lifecycle = await InRostockAsync(async (services, _) => await services.GetRequiredService<VersionLifecycle>()
            .SetArtifactAsync(id, 1, ArtifactKind.Form, "antrag", "{}", CancellationToken.None));
        Assert.Equal(LifecycleOutcome.Frozen, lifecycle);

        // Version 2 copies version 1; publishing it retires version 1 and new applications start on 2.
        var second = await designer.PostFormAsync($"/rostock/leistungskatalog/{id}", [], $"/rostock/leistungskatalog/{id}?handler=Draft");
        Assert.Equal($"/rostock/leistungskatalog/{id}/versionen/2?hinweis=entwurf", second.RedirectPath());
        Assert.Equal(before, await ArtifactsAsync(id, 2));
        var (outcome, _) = await InRostockAsync(async (services, _) => await services.GetRequiredService<VersionLifecycle>().PublishAsync(id, 2, null, CancellationToken.None));
        Assert.Equal(LifecycleOutcome.Done, outcome);

        var states = await InRostockAsync(async (_, db) => await db.ServiceVersions.Where(v => v.ServiceId == id).OrderBy(v => v.Number)
            .Select(v => new { v.Number, v.State, v.Id }).ToListAsync());
        Assert.Equal([VersionState.Retired, VersionState.Published], states.Select(s => s.State));
        Assert.Equal(states[1].Id, await InRostockAsync(async (_, db) => (await db.PublicServices.SingleAsync(s => s.Id == id)).PublishedVersionId));
        var engine = await InRostockAsync(async (_, db) => await db.ServiceVersions.Where(v => v.ServiceId == id).OrderBy(v => v.Number)
            .Select(v => new { v.EngineProcessId, v.EngineProcessVersion, v.EngineDefinitionId }).ToListAsync());
        // Publishing deployed the process into Rostock's engine; the unchanged model of version 2 kept its engine version.
        Assert.All(engine, e => Assert.NotNull(e.EngineDefinitionId));
        Assert.Equal(engine[0], engine[1]);
        var definition = await InRostockAsync(async (services, _) => await services.GetRequiredService<Kogge.Web.Platform.Processes.TenantProcesses>()
            .DefinitionAsync(engine[0].EngineProcessId!, engine[0].EngineProcessVersion!.Value, CancellationToken.None));
        Assert.Equal(engine[0].EngineDefinitionId, definition.Id);
        await Assert.ThrowsAsync<Kogge.Bpmn.Engine.NotFoundException>(() => app.InTenantAsync("luebeck", async (services, _) => await services
            .GetRequiredService<Kogge.Web.Platform.Processes.TenantProcesses>().DefinitionAsync(engine[0].EngineProcessId!, engine[0].EngineProcessVersion!.Value, CancellationToken.None)));
        var actions = await InRostockAsync(async (_, db) => await db.AuditEntries.Where(e => e.ObjectId == states[0].Id.ToString()).Select(e => e.Action).ToListAsync());
        Assert.Contains("catalog.version_published", actions);
        Assert.Contains("catalog.version_retired", actions);
    }

    [Fact]
    public async Task Database_WriteToPublishedVersionPastTheDomain_IsRefusedOnSave()
    {
        await InRostockAsync<bool>(async (_, db) =>
        {
            var version = await db.ServiceVersions.Include(v => v.Artifacts).FirstAsync(v => v.Service.Slug == "gewerbe-anmelden" && v.State == VersionState.Published);
            version.Artifacts[0].Content = "geändert";
            await Assert.ThrowsAsync<VersionFrozenException>(() => db.SaveChangesAsync());
            db.ChangeTracker.Clear();

            version = await db.ServiceVersions.FirstAsync(v => v.Id == version.Id);
            version.ChangeNote = "nachträglich";
            await Assert.ThrowsAsync<VersionFrozenException>(() => db.SaveChangesAsync());
            db.ChangeTracker.Clear();

            db.ServiceArtifacts.Add(new ServiceArtifact { VersionId = version.Id, Kind = ArtifactKind.Form, Name = "untergeschoben", Content = "{}" });
            await Assert.ThrowsAsync<VersionFrozenException>(() => db.SaveChangesAsync());
            return true;
        });
        Assert.False(await InRostockAsync(async (_, db) => await db.ServiceArtifacts.AnyAsync(a => a.Name == "untergeschoben" || a.Content == "geändert")));
    }

    [Fact]
    public async Task Report_BrokenArtifacts_NameArtifactAndElement()
    {
        var report = await InRostockAsync((services, _) => Task.FromResult(services.GetRequiredService<VersionCheck>().Check(
        [
            new ServiceArtifact { Kind = ArtifactKind.Process, Name = ServiceArtifact.ProcessName, Content = CatalogSamples.Process(decisionId: "gebuehr") },
            new ServiceArtifact { Kind = ArtifactKind.Form, Name = "antrag", Content = CatalogSamples.BrokenForm },
            new ServiceArtifact { Kind = ArtifactKind.Decision, Name = "andere", Content = CatalogSamples.Decision("andere-entscheidung") },
            new ServiceArtifact { Kind = ArtifactKind.NoticeTemplate, Name = "bescheid", Content = "{% if x %}offen" },
        ])));

        Assert.Contains(report.Findings, f => f.Kind == ArtifactKind.Process && f.ElementId == "regel" && f.Message.Contains("„gebuehr“", StringComparison.Ordinal));
        Assert.Contains(report.Findings, f => f.Kind == ArtifactKind.Form && f.Artifact == "antrag");
        Assert.Contains(report.Findings, f => f.Kind == ArtifactKind.NoticeTemplate && f.Artifact == "bescheid");
        Assert.DoesNotContain(report.Findings, f => f.Kind == ArtifactKind.Decision);

        var fixedReport = await InRostockAsync((services, _) => Task.FromResult(services.GetRequiredService<VersionCheck>().Check(
        [
            new ServiceArtifact { Kind = ArtifactKind.Process, Name = ServiceArtifact.ProcessName, Content = CatalogSamples.Process(decisionId: "gebuehr") },
            new ServiceArtifact { Kind = ArtifactKind.Form, Name = "antrag", Content = CatalogSamples.Form() },
            new ServiceArtifact { Kind = ArtifactKind.Decision, Name = "gebuehren", Content = CatalogSamples.Decision("gebuehr") },
            new ServiceArtifact { Kind = ArtifactKind.NoticeTemplate, Name = "bescheid", Content = "{% if x %}zu{% endif %}" },
        ])));
        Assert.True(fixedReport.IsValid, string.Join("; ", fixedReport.Findings));
    }

    [Fact]
    public async Task Upload_XmlWithDtd_IsRefusedAndNotStored()
    {
        var designer = await DesignerAsync();
        var id = await CreateServiceAsync(designer, "99000000000301", "DTD-Leistung");
        await designer.PostFormAsync($"/rostock/leistungskatalog/{id}", [], $"/rostock/leistungskatalog/{id}?handler=Draft");
        var response = await UploadAsync(designer, id, 1, ArtifactKind.Process, CatalogSamples.WithDtd);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("enthält eine DTD", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(await ArtifactsAsync(id, 1));
    }

    [Fact]
    public async Task Upload_File_IsStored_AndNonUtf8FileIsRefused()
    {
        var designer = await DesignerAsync();
        var id = await CreateServiceAsync(designer, "99000000000601", "Datei-Leistung");
        await designer.PostFormAsync($"/rostock/leistungskatalog/{id}", [], $"/rostock/leistungskatalog/{id}?handler=Draft");
        var path = $"/rostock/leistungskatalog/{id}/versionen/1/datei?art=Process";

        async Task<HttpResponseMessage> PostFileAsync(byte[] bytes)
        {
            using var form = new MultipartFormDataContent
            {
                { new StringContent(await designer.TokenFromAsync(path)), "__kogge_csrf" },
                { new StringContent(""), "Input.Content" },
                { new ByteArrayContent(bytes), "Input.File", "prozess.bpmn" },
            };
            return await designer.PostAsync(new Uri(path, UriKind.Relative), form);
        }

        var latin1 = await PostFileAsync(System.Text.Encoding.Latin1.GetBytes(CatalogSamples.Process().Replace("UTF-8", "ISO-8859-1", StringComparison.Ordinal).Replace("test\"", "Prüfung\"", StringComparison.Ordinal)));
        Assert.Equal(HttpStatusCode.OK, latin1.StatusCode);
        Assert.Contains("keine UTF-8-Textdatei", await latin1.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(await ArtifactsAsync(id, 1));

        var utf8 = await PostFileAsync(System.Text.Encoding.UTF8.GetBytes(CatalogSamples.Process()));
        Assert.Equal(HttpStatusCode.Redirect, utf8.StatusCode);
        Assert.Equal("Process:prozess:" + CatalogSamples.Process(), await ArtifactsAsync(id, 1));
    }

    [Fact]
    public async Task EditService_StalePage_IsConflictAndKeepsTheOtherChange()
    {
        var designer = await DesignerAsync();
        var id = await CreateServiceAsync(designer, "99000000000401", "Konflikt-Leistung");
        var first = ServiceFields("99000000000401", "Konflikt-Leistung, erste Änderung");
        first["Input.Version"] = "0";
        Assert.Equal(HttpStatusCode.Redirect, (await designer.PostFormAsync($"/rostock/leistungskatalog/{id}", first)).StatusCode);
        var second = ServiceFields("99000000000401", "Konflikt-Leistung, zweite Änderung");
        second["Input.Version"] = "0";
        Assert.Equal(HttpStatusCode.Conflict, (await designer.PostFormAsync($"/rostock/leistungskatalog/{id}", second)).StatusCode);
        Assert.Equal("Konflikt-Leistung, erste Änderung", await InRostockAsync(async (_, db) => (await db.PublicServices.SingleAsync(s => s.Id == id)).Name));
    }

    [Fact]
    public async Task DesignerPages_ServiceOfOtherMunicipality_NotFoundAndUnchanged()
    {
        var (id, stamp) = await InRostockAsync(async (_, db) => await db.PublicServices.Where(s => s.Slug == "gewerbe-anmelden").Select(s => new { s.Id, s.Version }).SingleAsync() is var s ? (s.Id, s.Version) : default);
        var luebeck = await DesignerAsync("luebeck");
        Assert.Equal(HttpStatusCode.NotFound, (await luebeck.GetAsync(new Uri($"/luebeck/leistungskatalog/{id}", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await luebeck.GetAsync(new Uri($"/luebeck/leistungskatalog/{id}/versionen/1", UriKind.Relative))).StatusCode);
        var token = await luebeck.TokenFromAsync("/luebeck/leistungskatalog");
        var fields = ServiceFields("99000000000501", "Übernommen");
        fields["__kogge_csrf"] = token;
        var post = await luebeck.PostAsync(new Uri($"/luebeck/leistungskatalog/{id}", UriKind.Relative), new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        var retire = await luebeck.PostAsync(new Uri($"/luebeck/leistungskatalog/{id}/versionen/1?handler=Retire", UriKind.Relative), new FormUrlEncodedContent([new("__kogge_csrf", token)]));
        Assert.Equal(HttpStatusCode.NotFound, retire.StatusCode);
        Assert.Equal(stamp, await InRostockAsync(async (_, db) => (await db.PublicServices.SingleAsync(s => s.Id == id)).Version));
        Assert.Equal(VersionState.Published, await InRostockAsync(async (_, db) => (await db.ServiceVersions.SingleAsync(v => v.ServiceId == id && v.Number == 1)).State));
    }

    [Fact]
    public async Task Api_ListAndOne_WithPublishedVersion_OnlyOwnMunicipality()
    {
        var rostock = await TokenClientAsync("rostock");
        var page = await rostock.GetFromJsonAsync<JsonElement>(new Uri("/rostock/api/v1/services?search=gewerbe", UriKind.Relative));
        var item = Assert.Single(page.GetProperty("items").EnumerateArray());
        Assert.Equal(DemoCatalog.TradeRegistrationKey, item.GetProperty("leikaKey").GetString());
        Assert.Equal("BusinessAndTrade", item.GetProperty("category").GetString());
        Assert.Equal(1, item.GetProperty("publishedVersion").GetInt32());

        var id = item.GetProperty("id").GetString();
        var one = await rostock.GetFromJsonAsync<JsonElement>(new Uri($"/rostock/api/v1/services/{id}", UriKind.Relative));
        Assert.StartsWith("- § 14 Gewerbeordnung (GewO)", one.GetProperty("sections").GetProperty("legalBasis").GetString(), StringComparison.Ordinal);
        Assert.Equal("Substantial", one.GetProperty("trustLevel").GetString());
        var version = one.GetProperty("publishedVersion");
        Assert.Equal(1, version.GetProperty("number").GetInt32());
        Assert.Contains("gewerbe-antrag", version.GetProperty("forms").EnumerateArray().Select(f => f.GetString()));

        var luebeck = await TokenClientAsync("luebeck");
        var foreign = await luebeck.GetAsync(new Uri($"/luebeck/api/v1/services/{id}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.Equal("application/problem+json", foreign.Content.Headers.ContentType?.MediaType);
        var luebeckList = await luebeck.GetFromJsonAsync<JsonElement>(new Uri("/luebeck/api/v1/services?search=gewerbe", UriKind.Relative));
        Assert.DoesNotContain(luebeckList.GetProperty("items").EnumerateArray(), s => s.GetProperty("id").GetString() == id);

        var anonymous = await app.Browser().GetAsync(new Uri("/rostock/api/v1/services", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task Api_OpenApiDocument_DescribesTheCatalogue()
    {
        var document = await app.Browser().GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        Assert.Contains("/api/v1/services/{id}", document, StringComparison.Ordinal);
        Assert.Contains("\"ListServices\"", document, StringComparison.Ordinal);
    }

    private async Task<HttpClient> TokenClientAsync(string slug)
    {
        var token = ApiTokens.Create();
        await app.InTenantAsync(slug, async (_, db) =>
        {
            db.ServiceAccounts.Add(new ServiceAccount { Name = "Portal", Roles = "Clerk", TokenHash = ApiTokens.Hash(token), TokenPrefix = ApiTokens.Display(token) });
            return await db.SaveChangesAsync();
        });
        var client = app.Browser();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private Task<string> ArtifactsAsync(Guid service, int number) => InRostockAsync(async (_, db) =>
        string.Join('|', await db.ServiceArtifacts.Where(a => db.ServiceVersions.Any(v => v.Id == a.VersionId && v.ServiceId == service && v.Number == number))
            .OrderBy(a => a.Kind).ThenBy(a => a.Name).Select(a => a.Kind + ":" + a.Name + ":" + a.Content).ToListAsync()));
}
