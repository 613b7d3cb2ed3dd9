using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Kogge.Cli.Tests.Infrastructure;

namespace Kogge.Cli.Tests.Commands;

/// <summary>
/// <c>kogge package import|export</c> against a migrated database: a package written by hand after
/// docs/service-packages.md goes into Rostock, out again, into Lübeck and out again with the same files.
/// </summary>
public sealed class PackageCommandsTests(MigratedDatabase database) : IClassFixture<MigratedDatabase>, IDisposable
{
    private const string LeikaKey = "99000000007001";

    private readonly string _folder = Directory.CreateTempSubdirectory("kogge-package-tests").FullName;

    private const string Process = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="https://kogge.example/test">
          <bpmn:process id="fischereischein" isExecutable="true">
            <bpmn:startEvent id="start"><bpmn:extensionElements><zeebe:formDefinition formId="antrag" /></bpmn:extensionElements><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="pruefen" />
            <bpmn:userTask id="pruefen" name="Prüfen"><bpmn:extensionElements><zeebe:userTask /></bpmn:extensionElements><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:userTask>
            <bpmn:sequenceFlow id="f2" sourceRef="pruefen" targetRef="ende" />
            <bpmn:endEvent id="ende"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
          </bpmn:process>
        </bpmn:definitions>
        """;

    private const string Form = """{ "id": "antrag", "type": "default", "components": [ { "type": "textfield", "key": "name", "label": "Name" } ] }""";

    private static byte[] HandWrittenPackage(string process = Process)
    {
        var files = new SortedDictionary<string, byte[]>(StringComparer.Ordinal)
        {
            ["process.bpmn"] = Encoding.UTF8.GetBytes(process),
            ["forms/antrag.form"] = Encoding.UTF8.GetBytes(Form),
            ["templates/bescheid.liquid"] = "Guten Tag {{ name }}, Ihr Fischereischein ist erteilt."u8.ToArray(),
        };
        var manifest = new JsonObject
        {
            ["format"] = "kogge-service-package",
            ["formatVersion"] = 1,
            ["packageId"] = "von-hand",
            ["service"] = new JsonObject
            {
                ["leikaKey"] = LeikaKey,
                ["name"] = "Fischereischein beantragen",
                ["shortText"] = "Wer angeln will, braucht einen Fischereischein.",
                ["category"] = "EnvironmentAndAnimals",
                ["trustLevel"] = "Low",
                ["sections"] = new JsonObject { ["costs"] = "24 Euro." },
            },
            ["version"] = new JsonObject { ["number"] = 3, ["state"] = "Published", ["changeNote"] = "Von Hand geschrieben." },
            ["provenance"] = new JsonObject { ["municipalitySlug"] = "wismar", ["municipalityName"] = "Hansestadt Wismar" },
            ["files"] = new JsonArray([.. files.Select(f => (JsonNode)new JsonObject { ["path"] = f.Key, ["sha256"] = Convert.ToHexStringLower(SHA256.HashData(f.Value)) })]),
        };
        files["manifest.json"] = Encoding.UTF8.GetBytes(manifest.ToJsonString());
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (path, bytes) in files)
            {
                using var stream = zip.CreateEntry(path).Open();
                stream.Write(bytes);
            }
        }

        return buffer.ToArray();
    }

    private static SortedDictionary<string, string> Files(string zipPath)
    {
        using var zip = ZipFile.OpenRead(zipPath);
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in zip.Entries)
        {
            using var reader = new StreamReader(entry.Open(), Encoding.UTF8);
            files[entry.FullName] = reader.ReadToEnd();
        }

        return files;
    }

    private async Task EnsureTenantsAsync()
    {
        foreach (var slug in new[] { "rostock", "luebeck" })
        {
            var run = await database.RunAsync("tenant", "list");
            if (!run.Output.Contains(slug + " ", StringComparison.Ordinal))
            {
                var created = await database.RunAsync("tenant", "create", "--slug", slug, "--name", "Hansestadt " + slug, "--admin-email", $"it@{slug}.example", "--admin-password", "Ein-langes-Passwort-2026");
                Assert.True(created.ExitCode == 0, created.ToString());
            }
        }
    }

    [Fact]
    public async Task ImportExportImportExport_KeepsEveryFile_AndRecordsTheOrigin()
    {
        await EnsureTenantsAsync();
        var handWritten = Path.Combine(_folder, "von-hand.zip");
        await File.WriteAllBytesAsync(handWritten, HandWrittenPackage(), TestContext.Current.CancellationToken);

        var intoRostock = await database.RunAsync("package", "import", "--tenant", "rostock", handWritten);
        Assert.True(intoRostock.ExitCode == 0, intoRostock.ToString());
        Assert.Contains("as new service \"Fischereischein beantragen\"", intoRostock.Output, StringComparison.Ordinal);
        Assert.Contains("draft version 1", intoRostock.Output, StringComparison.Ordinal);
        Assert.Contains("From Hansestadt Wismar", intoRostock.Output, StringComparison.Ordinal);

        var fromRostock = Path.Combine(_folder, "rostock.zip");
        var export = await database.RunAsync("package", "export", "--tenant", "rostock", "--service", "99 000 000 007 001", "--out", fromRostock);
        Assert.True(export.ExitCode == 0, export.ToString());
        Assert.Matches("SHA-256 [0-9a-f]{64}", export.Output);
        var again = Path.Combine(_folder, "rostock-noch-einmal.zip");
        Assert.Equal(0, (await database.RunAsync("package", "export", "--tenant", "rostock", "--service", LeikaKey, "--version", "1", "--out", again)).ExitCode);
        Assert.Equal(await File.ReadAllBytesAsync(fromRostock, TestContext.Current.CancellationToken), await File.ReadAllBytesAsync(again, TestContext.Current.CancellationToken));

        var intoLuebeck = await database.RunAsync("package", "import", "--tenant", "luebeck", fromRostock);
        Assert.True(intoLuebeck.ExitCode == 0, intoLuebeck.ToString());
        var fromLuebeck = Path.Combine(_folder, "luebeck.zip");
        Assert.Equal(0, (await database.RunAsync("package", "export", "--tenant", "luebeck", "--service", LeikaKey, "--out", fromLuebeck)).ExitCode);

        var rostockFiles = Files(fromRostock);
        var luebeckFiles = Files(fromLuebeck);
        Assert.Equal(["README.md", "forms/antrag.form", "manifest.json", "process.bpmn", "templates/bescheid.liquid"], rostockFiles.Keys);
        foreach (var path in (string[])["forms/antrag.form", "process.bpmn", "templates/bescheid.liquid"])
        {
            Assert.Equal(rostockFiles[path], luebeckFiles[path]);
        }

        Assert.Equal(Process, rostockFiles["process.bpmn"]);
        Assert.Equal(JsonNode.Parse(rostockFiles["manifest.json"])!["service"]!.ToJsonString(), JsonNode.Parse(luebeckFiles["manifest.json"])!["service"]!.ToJsonString());
        Assert.Contains("# Fischereischein beantragen", rostockFiles["README.md"], StringComparison.Ordinal);

        var origins = await database.QueryAsync("""SELECT "MunicipalitySlug", "PackageSha256" FROM "PackageOrigins" ORDER BY "ImportedAt" """);
        Assert.Equal(["wismar", "rostock"], origins.Select(o => (string)o[0]!));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(fromRostock, TestContext.Current.CancellationToken))), (string)origins[1][1]!);
        var audit = await database.RunAsync("audit", "verify");
        Assert.True(audit.ExitCode == 0, audit.ToString());
    }

    [Fact]
    public async Task Import_PackageWithAMissingForm_Exits2_ListsTheProblem_StoresNothing()
    {
        await EnsureTenantsAsync();
        var broken = Path.Combine(_folder, "kaputt.zip");
        await File.WriteAllBytesAsync(broken, HandWrittenPackage(Process.Replace("formId=\"antrag\"", "formId=\"fehlt\"", StringComparison.Ordinal)), TestContext.Current.CancellationToken);
        var before = await database.QueryAsync("""SELECT COUNT(*) FROM "ServiceVersions" """);

        var run = await database.RunAsync("package", "import", "--tenant", "luebeck", broken);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("nothing was stored", run.Error, StringComparison.Ordinal);
        Assert.Contains("process.bpmn [start]: Der Prozess verweist auf das Formular „fehlt“", run.Error, StringComparison.Ordinal);
        Assert.Equal(before[0][0], (await database.QueryAsync("""SELECT COUNT(*) FROM "ServiceVersions" """))[0][0]);
    }

    [Fact]
    public async Task Export_UnknownServiceOrTenant_Exits2()
    {
        await EnsureTenantsAsync();
        var unknownService = await database.RunAsync("package", "export", "--tenant", "rostock", "--service", "11111111111111", "--out", Path.Combine(_folder, "x.zip"));
        var package = Path.Combine(_folder, "y.zip");
        await File.WriteAllBytesAsync(package, HandWrittenPackage(), TestContext.Current.CancellationToken);
        var unknownTenant = await database.RunAsync("package", "import", "--tenant", "atlantis", package);

        Assert.Equal(2, unknownService.ExitCode);
        Assert.Contains("no service with this id or LeiKa key", unknownService.Error, StringComparison.Ordinal);
        Assert.Equal(2, unknownTenant.ExitCode);
        Assert.Contains("there is no such municipality", unknownTenant.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_folder, "x.zip")));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
