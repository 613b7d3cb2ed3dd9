using System.Net;
using Kogge.Web.Tests.Infrastructure;
using Kogge.Web.Tests.Modules.Cases;
using Microsoft.EntityFrameworkCore;

namespace Kogge.Web.Tests.Platform.Scanning;

/// <summary>Kogge with <c>Kogge:Clamd:Socket</c> pointing at a real clamd started for it.</summary>
public sealed class ScanningApp : KoggeApp, IAsyncLifetime
{
    public ScanningApp()
        : this(new Clamd())
    {
    }

    private ScanningApp(Clamd clamd)
        : base(new Dictionary<string, string?> { ["Kogge:Clamd:Socket"] = clamd.Socket })
    {
        Clamd = clamd;
    }

    public Clamd Clamd { get; }

    async ValueTask IAsyncLifetime.InitializeAsync()
    {
        await Clamd.InitializeAsync();
        await InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Clamd.DisposeAsync();
    }
}

/// <summary>An application's attachments are scanned before they are stored; when clamd cannot answer, nothing is stored.</summary>
public sealed class AttachmentScanTests(ScanningApp app) : IClassFixture<ScanningApp>
{
    [Fact]
    public async Task Upload_Infected_RefusedInGerman_Clean_Stored_ClamdDown_RefusedAndNothingStored()
    {
        app.Clamd.Require();
        await ApplySamples.PublishAsync(app, "parken-scan", "99108001012104");
        await ApplySamples.CitizenAsync(app, "rostock", "scan@rostock.example");
        var client = app.Browser();
        await client.SignInOrFailAsync("rostock", "scan@rostock.example", Kogge.Web.Platform.Demo.DemoData.Password);
        const string form = "/rostock/leistungen/parken-scan/antrag";
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostPageAsync(form, [new("kennzeichen", "HRO-S 1"), new("aktion", "weiter")])).StatusCode);
        Task<string[]> StoredAsync() => app.InTenantAsync("rostock", async (_, db) => await db.CaseDocuments.Where(d => d.FileName.StartsWith("scan")).Select(d => d.FileName).ToArrayAsync());

        var infected = await client.PostPageAsync(form + "/2", [new("aktion", "weiter")], ("zulassung", "scan-1.pdf", [.. ApplySamples.Pdf, .. Clamd.Eicar]));
        Assert.Equal(HttpStatusCode.BadRequest, infected.StatusCode);
        Assert.Contains("Die Datei „scan-1.pdf“ enthält Schadsoftware und wurde nicht gespeichert.", WebUtility.HtmlDecode(await infected.Content.ReadAsStringAsync()));
        Assert.Empty(await StoredAsync());

        var clean = await client.PostPageAsync(form + "/2", [new("aktion", "aktualisieren")], ("zulassung", "scan-2.pdf", ApplySamples.Pdf));
        Assert.Equal(HttpStatusCode.OK, clean.StatusCode);
        Assert.Equal(["scan-2.pdf"], await StoredAsync());

        app.Clamd.Stop();
        var unscanned = await client.PostPageAsync(form + "/2", [new("aktion", "weiter")], ("zulassung", "scan-3.pdf", ApplySamples.Pdf));
        Assert.Equal(HttpStatusCode.BadRequest, unscanned.StatusCode);
        Assert.Contains("Die Datei „scan-3.pdf“ konnte gerade nicht auf Schadsoftware geprüft werden", WebUtility.HtmlDecode(await unscanned.Content.ReadAsStringAsync()));
        Assert.Equal(["scan-2.pdf"], await StoredAsync());
    }
}
