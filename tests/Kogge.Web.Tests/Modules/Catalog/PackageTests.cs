using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kogge.Web.Modules.Catalog;
using Kogge.Web.Modules.Catalog.Packages;
using Kogge.Web.Platform.Demo;
using Kogge.Web.Platform.Persistence;
using Kogge.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Kogge.Web.Tests.Modules.Catalog;

/// <summary>Service packages through the API, the designer pages and the demo, on SQLite or PostgreSQL.</summary>
public class PackageTests(KoggeApp app) : IClassFixture<KoggeApp>
{
    private static readonly string[] ArtifactFolders = ["process.bpmn", "forms/", "rules/", "templates/"];

    private async Task<HttpClient> DesignerApiAsync(string slug) => await app.ApiClientAsync(slug, "ProcessDesigner");

    private Task<Guid> ServiceIdAsync(string slug, string leikaKey) =>
        app.InTenantAsync(slug, async (_, db) => (await db.PublicServices.SingleAsync(s => s.LeikaKey == leikaKey)).Id);

    private static async Task<byte[]> ExportAsync(HttpClient client, string slug, Guid service, int number)
    {
        var response = await client.GetAsync(new Uri($"/{slug}/api/v1/services/{service}/versions/{number}/package", UriKind.Relative));
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsByteArrayAsync();
    }

    private static async Task<HttpResponseMessage> ImportAsync(HttpClient client, string slug, byte[] package)
    {
        var content = new ByteArrayContent(package);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        return await client.PostAsync(new Uri($"/{slug}/api/v1/service-packages", UriKind.Relative), content);
    }

    private async Task<byte[]> RostockPackageAsync(string leikaKey)
    {
        var rostock = await DesignerApiAsync("rostock");
        return await ExportAsync(rostock, "rostock", await ServiceIdAsync("rostock", leikaKey), 1);
    }

    /// <summary>Rows the import writes, counted in Lübeck: nothing may change when a package is refused.</summary>
    private Task<string> LuebeckRowsAsync() => app.InTenantAsync("luebeck", async (_, db) => string.Join(',',
        await db.PublicServices.CountAsync(), await db.ServiceVersions.CountAsync(), await db.ServiceArtifacts.CountAsync(),
        await db.Set<PackageOrigin>().CountAsync(), await db.AuditEntries.CountAsync()));

    [Fact]
    public async Task Export_SameVersionTwice_GivesTheSameBytes_WithManifestReadmeAndHashes()
    {
        var first = await RostockPackageAsync(DemoCatalog.DogTaxKey);
        var second = await RostockPackageAsync(DemoCatalog.DogTaxKey);

        Assert.Equal(first, second);
        var entries = PackageZip.Entries(first);
        Assert.Equal(["README.md", "forms/hundesteuer-antrag.form", "forms/hundesteuer-pruefung.form", "manifest.json", "process.bpmn", "rules/hundesteuer.dmn", "templates/bescheid.liquid"], entries.Keys);
        using (var archive = new ZipArchive(new MemoryStream(first), ZipArchiveMode.Read))
        {
            Assert.All(archive.Entries, e => Assert.Equal(new DateTime(1980, 1, 1), e.LastWriteTime.DateTime));
        }

        var manifest = PackageZip.Manifest(entries);
        Assert.Equal("kogge-service-package", (string?)manifest["format"]);
        Assert.Equal(1, (int?)manifest["formatVersion"]);
        Assert.Equal(DemoCatalog.DogTaxKey, (string?)manifest["service"]!["leikaKey"]);
        Assert.Contains("1.000 Euro", (string?)manifest["service"]!["sections"]!["costs"], StringComparison.Ordinal);
        Assert.Equal("rostock", (string?)manifest["provenance"]!["municipalitySlug"]);
        foreach (var file in manifest["files"]!.AsArray())
        {
            var path = (string)file!["path"]!;
            Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(entries[path])), (string?)file["sha256"]);
        }

        Assert.Contains("LeiKa-Schlüssel: 99 036 008 104 000", PackageZip.Text(entries, "README.md"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RoundTrip_RostockToLuebeck_NewServiceAsDraft_ExportsTheSameContent_WithOriginOnPageAndInAudit()
    {
        var package = await RostockPackageAsync(DemoCatalog.TradeRegistrationKey);
        var luebeck = await DesignerApiAsync("luebeck");

        var response = await ImportAsync(luebeck, "luebeck", package);

        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var imported = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(imported.GetProperty("newService").GetBoolean());
        Assert.Equal(1, imported.GetProperty("versionNumber").GetInt32());
        var hash = imported.GetProperty("packageSha256").GetString()!;
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(package)), hash);
        var serviceId = imported.GetProperty("serviceId").GetGuid();

        var (state, origin, audit) = await app.InTenantAsync("luebeck", async (_, db) =>
        {
            var version = await db.ServiceVersions.SingleAsync(v => v.ServiceId == serviceId);
            var origin = await db.Set<PackageOrigin>().SingleAsync(o => o.VersionId == version.Id);
            var audit = await db.AuditEntries.SingleAsync(e => e.Action == "catalog.package_imported" && e.ObjectId == version.Id.ToString());
            return (version.State, origin, audit.Data);
        });
        Assert.Equal(VersionState.Draft, state);
        Assert.Equal("Hansestadt Rostock", origin.MunicipalityName);
        Assert.Equal(hash, origin.PackageSha256);
        Assert.Contains(hash, audit, StringComparison.Ordinal);
        Assert.Contains("rostock", audit, StringComparison.Ordinal);

        var again = await ExportAsync(luebeck, "luebeck", serviceId, 1);
        var before = PackageZip.Entries(package);
        var after = PackageZip.Entries(again);
        Assert.Equal(before.Keys, after.Keys);
        foreach (var path in before.Keys.Where(p => ArtifactFolders.Any(p.StartsWith)))
        {
            Assert.True(before[path].AsSpan().SequenceEqual(after[path]), path);
        }

        Assert.Equal(PackageZip.Manifest(before)["service"]!.ToJsonString(), PackageZip.Manifest(after)["service"]!.ToJsonString());
        Assert.Equal("luebeck", (string?)PackageZip.Manifest(after)["provenance"]!["municipalitySlug"]);

        var designer = app.Browser();
        await designer.SignInOrFailAsync("luebeck", DemoData.Email("prozessgestaltung", "luebeck"), DemoData.Password);
        var page = await designer.GetStringAsync(new Uri($"/luebeck/leistungskatalog/{serviceId}/versionen/1", UriKind.Relative));
        Assert.Contains("Hansestadt Rostock", page, StringComparison.Ordinal);
        Assert.Contains(hash, page, StringComparison.Ordinal);
        var download = await designer.GetByteArrayAsync(new Uri($"/luebeck/leistungskatalog/{serviceId}/versionen/1/paket", UriKind.Relative));
        Assert.Equal(again, download);
    }

    [Fact]
    public async Task Import_KnownLeikaKey_IsNewDraftOfThatService_KeepingItsTexts_SecondImportIsConflict()
    {
        var package = await RostockPackageAsync(DemoCatalog.ResidentParkingKey);
        var luebeck = await DesignerApiAsync("luebeck");
        var serviceId = await ServiceIdAsync("luebeck", DemoCatalog.ResidentParkingKey);
        await app.InTenantAsync("luebeck", async (_, db) =>
        {
            var service = await db.PublicServices.SingleAsync(s => s.Id == serviceId);
            service.OfficeName = "Bereich Verkehr der Hansestadt Lübeck";
            return await db.SaveChangesAsync();
        });

        var response = await ImportAsync(luebeck, "luebeck", package);

        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var imported = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(imported.GetProperty("newService").GetBoolean());
        Assert.Equal(serviceId, imported.GetProperty("serviceId").GetGuid());
        Assert.Equal(2, imported.GetProperty("versionNumber").GetInt32());
        Assert.Equal("Bereich Verkehr der Hansestadt Lübeck", await app.InTenantAsync("luebeck", async (_, db) => (await db.PublicServices.SingleAsync(s => s.Id == serviceId)).OfficeName));

        var rows = await LuebeckRowsAsync();
        var second = await ImportAsync(luebeck, "luebeck", package);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Contains("schon einen Entwurf (Version 2)", await second.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(rows, await LuebeckRowsAsync());
    }

    public static TheoryData<string, int, string, string> BadPackages => new()
    {
        { "not-a-zip", 400, "", "kein Zip-Archiv" },
        { "broken-zip", 400, "", "kein lesbares Zip-Archiv" },
        { "missing-file", 400, "forms/hundesteuer-antrag.form", "fehlt aber im Paket" },
        { "bad-hash", 400, "rules/hundesteuer.dmn", "Prüfsumme (SHA-256) stimmt nicht" },
        { "unknown-format-version", 400, "manifest.json", "Paketformat 2 kennt diese Kogge-Version nicht" },
        { "path-traversal", 400, "../../etc/cron.d/kogge", "Pfad ist nicht erlaubt" },
        { "absolute-path", 400, "/etc/passwd", "Pfad ist nicht erlaubt" },
        { "zip-bomb", 400, "templates/bombe.liquid", "entpackt größer als erlaubt" },
        // The runtime unpacks no more than the declared size, so a bomb that understates its size arrives cut off: wrong hash.
        { "lying-zip-bomb", 400, "templates/bombe.liquid", "Prüfsumme (SHA-256) stimmt nicht" },
        { "many-large-files", 400, "templates/t42.liquid", "Das Paket ist entpackt größer als erlaubt (höchstens 16 MB)" },
        { "no-manifest", 400, "manifest.json", "keine manifest.json" },
        { "unlisted-file", 400, "templates/extra.liquid", "steht aber nicht in der manifest.json" },
        { "foreign-file", 400, "skripte/start.sh", "gehört nicht in ein Leistungspaket" },
        { "missing-form-reference", 422, "process.bpmn", "Formular „hundesteuer-antrag“, das in dieser Version fehlt" },
        { "missing-decision", 422, "process.bpmn", "Entscheidung „hundesteuer-jahresbetrag“" },
        { "bad-leika-key", 422, "manifest.json", "genau 14 Ziffern" },
        { "dtd", 422, "rules/hundesteuer.dmn", "DTD" },
    };

    [Theory]
    [MemberData(nameof(BadPackages))]
    public async Task Import_BadPackage_IsRefusedWithGermanProblems_AndStoresNothing(string kind, int status, string file, string message)
    {
        var good = await RostockPackageAsync(DemoCatalog.DogTaxKey);
        var bad = Spoil(good, kind);
        var luebeck = await DesignerApiAsync("luebeck");
        var rows = await LuebeckRowsAsync();

        var response = await ImportAsync(luebeck, "luebeck", bad);

        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problems = JsonDocument.Parse(body).RootElement.GetProperty("problems").EnumerateArray().ToList();
        Assert.Contains(problems, p => p.GetProperty("file").GetString() == file && p.GetProperty("message").GetString()!.Contains(message, StringComparison.Ordinal));
        Assert.Equal(rows, await LuebeckRowsAsync());
    }

    private static byte[] Spoil(byte[] good, string kind) => kind switch
    {
        "not-a-zip" => Encoding.UTF8.GetBytes("%PDF-1.7 kein Paket"),
        "broken-zip" => good[..(good.Length / 2)],
        "missing-file" => PackageZip.Write(PackageZip.Entries(good).Where(e => e.Key != "forms/hundesteuer-antrag.form")),
        "bad-hash" => PackageZip.Write(PackageZip.Entries(good).Select(e => e.Key == "rules/hundesteuer.dmn"
            ? new KeyValuePair<string, byte[]>(e.Key, Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(e.Value).Replace("108", "10", StringComparison.Ordinal)))
            : e)),
        "unknown-format-version" => PackageZip.Rewrite(good, _ => { }, m => m["formatVersion"] = 2),
        "path-traversal" => PackageZip.Write(PackageZip.Entries(good).Append(new("../../etc/cron.d/kogge", "* * * * * root true"u8.ToArray()))),
        "absolute-path" => PackageZip.Write(PackageZip.Entries(good).Append(new("/etc/passwd", "root"u8.ToArray()))),
        "zip-bomb" => PackageZip.Rewrite(good, e => e["templates/bombe.liquid"] = new byte[40 * 1024 * 1024]),
        "lying-zip-bomb" => PackageZip.DeclareSize(PackageZip.Rewrite(good, e => e["templates/bombe.liquid"] = new byte[2 * 1024 * 1024]), "templates/bombe.liquid", 100),
        "many-large-files" => PackageZip.Rewrite(good, e =>
        {
            for (var i = 10; i < 50; i++)
            {
                e[$"templates/t{i}.liquid"] = new byte[500 * 1024];
            }
        }),
        "no-manifest" => PackageZip.Write(PackageZip.Entries(good).Where(e => e.Key != "manifest.json")),
        "unlisted-file" => PackageZip.Write(PackageZip.Entries(good).Append(new("templates/extra.liquid", "Hallo"u8.ToArray()))),
        "foreign-file" => PackageZip.Write(PackageZip.Entries(good).Append(new("skripte/start.sh", "rm -rf /"u8.ToArray()))),
        "missing-form-reference" => PackageZip.Rewrite(good, e => e.Remove("forms/hundesteuer-antrag.form")),
        "missing-decision" => PackageZip.Rewrite(good, e => e.Remove("rules/hundesteuer.dmn")),
        "bad-leika-key" => PackageZip.Rewrite(good, _ => { }, m => m["service"]!["leikaKey"] = "1234"),
        "dtd" => PackageZip.Rewrite(good, e => e["rules/hundesteuer.dmn"] = Encoding.UTF8.GetBytes(CatalogSamples.WithDtd)),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    [Fact]
    public async Task Import_LargerThanTheRequestLimit_Is413_AndStoresNothing()
    {
        var luebeck = await DesignerApiAsync("luebeck");
        var rows = await LuebeckRowsAsync();

        var response = await ImportAsync(luebeck, "luebeck", new byte[1_100_000]);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(rows, await LuebeckRowsAsync());
    }

    [Fact]
    public async Task Reader_PackageOverItsOwnLimit_IsTooLarge_WithoutReadingTheRest()
    {
        var (package, problems, tooLarge) = await app.InTenantAsync("luebeck", async (services, _) =>
            await services.GetRequiredService<PackageReader>().ReadAsync(new MemoryStream(new byte[PackageFormat.MaxPackageBytes + 1]), CancellationToken.None));

        Assert.Null(package);
        Assert.True(tooLarge);
        Assert.Contains("zu groß (höchstens 4 MB)", Assert.Single(problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Api_OtherMunicipalityOrRole_IsNotFoundOrForbidden_AndWrongMediaTypeIs415()
    {
        var rostockService = await ServiceIdAsync("rostock", DemoCatalog.TradeRegistrationKey);
        var luebeck = await DesignerApiAsync("luebeck");
        var foreign = await luebeck.GetAsync(new Uri($"/luebeck/api/v1/services/{rostockService}/versions/1/package", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.Equal("application/problem+json", foreign.Content.Headers.ContentType?.MediaType);

        var clerk = await app.ApiClientAsync("rostock", "Clerk");
        Assert.Equal(HttpStatusCode.Forbidden, (await clerk.GetAsync(new Uri($"/rostock/api/v1/services/{rostockService}/versions/1/package", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ImportAsync(clerk, "rostock", [1, 2, 3])).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await ImportAsync(app.Browser(), "rostock", [1, 2, 3])).StatusCode);

        var text = await luebeck.PostAsync(new Uri("/luebeck/api/v1/service-packages", UriKind.Relative), new StringContent("PK"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, text.StatusCode);

        var openApi = await app.Browser().GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        Assert.Contains("\"ExportServicePackage\"", openApi, StringComparison.Ordinal);
        Assert.Contains("/api/v1/service-packages", openApi, StringComparison.Ordinal);

        var designer = app.Browser();
        await designer.SignInOrFailAsync("luebeck", DemoData.Email("prozessgestaltung", "luebeck"), DemoData.Password);
        Assert.Equal(HttpStatusCode.NotFound, (await designer.GetAsync(new Uri($"/luebeck/leistungskatalog/{rostockService}/versionen/1/paket", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task ImportPage_GoodPackage_RedirectsToTheDraft_BadPackageShowsTheGermanReport()
    {
        var designer = app.Browser();
        await designer.SignInOrFailAsync("luebeck", DemoData.Email("prozessgestaltung", "luebeck"), DemoData.Password);
        const string path = "/luebeck/leistungskatalog/paket-einspielen";

        async Task<HttpResponseMessage> UploadAsync(byte[] bytes)
        {
            using var form = new MultipartFormDataContent
            {
                { new StringContent(await designer.TokenFromAsync(path)), "__kogge_csrf" },
                { new ByteArrayContent(bytes), "paket", "paket.zip" },
            };
            return await designer.PostAsync(new Uri(path, UriKind.Relative), form);
        }

        var good = await RostockPackageAsync(DemoCatalog.StreetUseKey);
        var rows = await LuebeckRowsAsync();
        var bad = await UploadAsync(Spoil(await RostockPackageAsync(DemoCatalog.DogTaxKey), "bad-hash"));
        var html = await bad.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("Das Paket wurde nicht eingespielt; nichts wurde gespeichert.", html, StringComparison.Ordinal);
        Assert.Contains("<code>rules/hundesteuer.dmn</code>", html, StringComparison.Ordinal);
        Assert.Contains("Eine von Kogge exportierte Zip-Datei, höchstens 1 MB.", html, StringComparison.Ordinal);
        Assert.Equal(rows, await LuebeckRowsAsync());

        var empty = await UploadAsync([]);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, empty.StatusCode);
        Assert.Contains("Bitte wählen Sie ein Leistungspaket", await empty.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var ok = await UploadAsync(good);
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        var location = ok.RedirectPath();
        Assert.EndsWith("/versionen/1?hinweis=paket-neu", location, StringComparison.Ordinal);
        var page = await designer.GetStringAsync(new Uri(location, UriKind.Relative));
        Assert.Contains("Das Paket ist eingespielt", page, StringComparison.Ordinal);
        Assert.Contains("Übernommen von", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_Luebeck_RunsRostocksTwoPackagesUnchanged()
    {
        foreach (var key in DemoSharing.SharedWithLuebeck)
        {
            var rostock = await ArtifactsAsync("rostock", key);
            var luebeck = await ArtifactsAsync("luebeck", key);
            Assert.Equal(rostock, luebeck);
        }

        var origins = await app.InTenantAsync("luebeck", async (_, db) => await db.Set<PackageOrigin>().Where(o => o.MunicipalitySlug == "rostock").CountAsync());
        Assert.True(origins >= 2);
        var citizen = await app.Browser().GetStringAsync(new Uri("/luebeck/leistungen", UriKind.Relative));
        Assert.Contains("Bewohnerparkausweis", citizen, StringComparison.Ordinal);
        Assert.Contains("Hundesteuer", citizen, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_LuebecksImportedBewohnerparkausweis_RunsUnchangedOnTheEngine()
    {
        var process = await app.InTenantAsync("luebeck", async (_, db) => await db.ServiceArtifacts
            .Where(a => a.Kind == ArtifactKind.Process && db.ServiceVersions.Any(v => v.Id == a.VersionId && v.Service.LeikaKey == DemoCatalog.ResidentParkingKey && v.State == VersionState.Published))
            .Select(a => a.Content).SingleAsync());
        var engine = await app.ApiClientAsync("luebeck", "ProcessAdmin,ProcessWorker");

        using var content = new StringContent(process, Encoding.UTF8, "application/xml");
        var deployed = await engine.PostAsync(new Uri("/luebeck/api/v1/deployments?name=bewohnerparkausweis", UriKind.Relative), content);
        Assert.True(deployed.StatusCode == HttpStatusCode.Created, await deployed.Content.ReadAsStringAsync());
        var instance = await Processes.ProcessSamples.StartAsync(engine, "luebeck", "bewohnerparken", new { kennzeichen = "HL-K 2026", vorgangId = "HL-2026-7" });
        // The process waits for the fee first; the payment's message lets it go on to the clerks.
        var paid = await engine.PostAsJsonAsync(new Uri("/luebeck/api/v1/messages", UriKind.Relative), new { name = "gebuehr-bezahlt", correlationKey = "HL-2026-7" });
        Assert.True(paid.IsSuccessStatusCode, await paid.Content.ReadAsStringAsync());
        var task = await Processes.ProcessSamples.TaskOfAsync(engine, "luebeck", instance);

        Assert.Equal("antrag-pruefen", task.GetProperty("elementId").GetString());
    }

    /// <summary>The published version's files of the service with <paramref name="key"/>, as one comparable text.</summary>
    private Task<string> ArtifactsAsync(string slug, string key) => app.InTenantAsync(slug, async (_, db) =>
        string.Join('|', await db.ServiceArtifacts
            .Where(a => db.ServiceVersions.Any(v => v.Id == a.VersionId && v.Service.LeikaKey == key && v.State == VersionState.Published))
            .OrderBy(a => a.Kind).ThenBy(a => a.Name).Select(a => a.Kind + ":" + a.Name + ":" + a.Content).ToListAsync()));
}
