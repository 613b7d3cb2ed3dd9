using System.Net;
using Kogge.Web.Platform.Audit;
using Kogge.Web.Platform.Demo;
using Kogge.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Kogge.Web.Tests.Platform;

public class AuditLogTests(KoggeApp app) : IClassFixture<KoggeApp>
{
    [Fact]
    public async Task SignIn_FailedAndSucceeded_AreRecordedWithoutPersonalData()
    {
        var client = app.Browser();
        await client.SignInAsync("luebeck", DemoData.Email("programmleitung", "luebeck"), "falsches-passwort-123");
        await client.SignInOrFailAsync("luebeck", DemoData.Email("programmleitung", "luebeck"), DemoData.Password);

        var entries = await app.InTenantAsync("luebeck", async (_, db) =>
            await db.AuditEntries.OrderByDescending(e => e.Sequence).Take(2).ToListAsync());

        Assert.Equal(["signin.succeeded", "signin.failed"], entries.Select(e => e.Action));
        Assert.All(entries, e =>
        {
            Assert.DoesNotContain("@", e.Data + e.Actor + e.ObjectId, StringComparison.Ordinal);
            Assert.Equal(64, e.Hash.Length);
        });
    }

    [Fact]
    public async Task Chains_AfterDemoAndChanges_VerifyIntact()
    {
        var client = app.Browser();
        await client.SignInOrFailAsync("rostock", DemoData.Email("admin", "rostock"), DemoData.Password);

        var reports = await app.InTenantAsync(null, (sp, _) => sp.GetRequiredService<AuditVerifier>().VerifyAsync(null, CancellationToken.None));

        Assert.Equal(3, reports.Count); // platform, Lübeck, Rostock
        Assert.All(reports, r => Assert.Null(r.Break));
        Assert.All(reports, r => Assert.True(r.Entries > 0));
    }

    [Fact]
    public async Task Verifier_EntryChangedInDatabase_ReportsItsPosition()
    {
        await using var tampered = new KoggeApp();
        await tampered.InitializeAsync();
        var (tenantId, id) = await tampered.InTenantAsync("rostock", async (_, db) =>
        {
            var third = await db.AuditEntries.OrderBy(e => e.Sequence).Skip(2).FirstAsync();
            return (third.TenantId, third.Id);
        });
        await tampered.InTenantAsync(null, async (_, db) =>
            await db.Database.ExecuteSqlAsync($"UPDATE \"AuditEntries\" SET \"Action\" = 'user.deleted' WHERE \"Id\" = {id}"));

        var reports = await tampered.InTenantAsync(null, (sp, _) => sp.GetRequiredService<AuditVerifier>().VerifyAsync(tenantId, CancellationToken.None));

        Assert.Equal(2, reports.Single().Break?.Index);
    }

    [Fact]
    public async Task AuditEntry_Update_IsRefused()
    {
        var error = await Record.ExceptionAsync(() => app.InTenantAsync("rostock", async (_, db) =>
        {
            var entry = await db.AuditEntries.FirstAsync();
            entry.Action = "changed";
            return await db.SaveChangesAsync();
        }));
        Assert.IsType<InvalidOperationException>(error);
    }

    [Fact]
    public async Task AuditPage_ForTenantAdmin_ShowsIntactChain()
    {
        var client = app.Browser();
        await client.SignInOrFailAsync("rostock", DemoData.Email("admin", "rostock"), DemoData.Password);
        var response = await client.GetAsync(new Uri("/rostock/verwaltung/protokoll", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("vollständig und unverändert", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
