using Kogge.Web.Modules.Cases.Apply;
using Kogge.Web.Modules.Catalog;
using Kogge.Web.Tests.Infrastructure;
using Kogge.Web.Tests.Modules.Catalog;
using Microsoft.EntityFrameworkCore;

namespace Kogge.Web.Tests.Modules.Cases;

/// <summary>The start form of a version: parsed once while the version cannot change, afresh while it is a draft.</summary>
public class StartFormTests(KoggeApp app) : IClassFixture<KoggeApp>
{
    [Fact]
    public async Task PublishedVersion_ParsedOnce_DraftParsedOnEveryLoad()
    {
        await TestRunTests.WaitingDraftAsync(app);
        await app.InTenantAsync("rostock", async (_, db) =>
        {
            var first = await StartForm.LoadAsync(db, "bewohnerparkausweis", CancellationToken.None);
            var second = await StartForm.LoadAsync(db, "bewohnerparkausweis", CancellationToken.None);
            Assert.NotNull(first?.Form);
            Assert.Same(first.Form, second!.Form);
            Assert.Same(first.Pages, second.Pages);
            Assert.Equal(4, second.Pages.Count);

            var draft = await db.ServiceVersions.Where(v => v.State == VersionState.Draft && v.Service.Slug == "gewerbe-anmelden").Select(v => v.Id).SingleAsync();
            var before = await StartForm.OfVersionAsync(db, draft, CancellationToken.None);
            // Straight to the row, as a designer's edit of the draft ends up.
            await db.ServiceArtifacts.Where(a => a.VersionId == draft && a.Kind == ArtifactKind.Form)
                .ExecuteUpdateAsync(a => a.SetProperty(x => x.Content, CatalogSamples.Form().Replace("\"Name\"", "\"Vollständiger Name\"", StringComparison.Ordinal)));
            var after = await StartForm.OfVersionAsync(db, draft, CancellationToken.None);
            Assert.NotSame(before!.Form, after!.Form);
            Assert.Equal("Vollständiger Name", after.Form!.Components.Single().Label);
            return 0;
        });
    }
}
