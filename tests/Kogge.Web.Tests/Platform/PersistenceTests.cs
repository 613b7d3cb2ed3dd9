using Kogge.Web.Platform.Persistence;
using Kogge.Web.Platform.Tenancy;
using Kogge.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Kogge.Web.Tests.Platform;

public class PersistenceTests(KoggeApp app) : IClassFixture<KoggeApp>
{
    [Fact]
    public void SqliteMigrations_CurrentModel_HaveNoPendingChanges()
    {
        using var db = new SqliteDesignTimeFactory().CreateDbContext([]);
        Assert.False(db.Database.HasPendingModelChanges(), "The model changed: add a SQLite migration (see docs/operations.md).");
    }

    [Fact]
    public void PostgresMigrations_CurrentModel_HaveNoPendingChanges()
    {
        using var db = new PostgresDesignTimeFactory().CreateDbContext([]);
        Assert.False(db.Database.HasPendingModelChanges(), "The model changed: add a PostgreSQL migration (see docs/operations.md).");
    }

    [Fact]
    public async Task Database_AfterStart_HasEveryMigrationApplied()
    {
        var pending = await app.InTenantAsync(null, async (_, db) => (await db.Database.GetPendingMigrationsAsync()).ToList());
        Assert.Empty(pending);
    }

    [Fact]
    public async Task SqliteConnection_Opened_UsesWalAndFullSync()
    {
        Assert.SkipWhen(TestDatabase.IsPostgres, "SQLite settings only apply to SQLite.");
        var (journal, synchronous) = await app.InTenantAsync(null, async (_, db) =>
        {
            var connection = db.Database.GetDbConnection();
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode";
            var j = (string)(await command.ExecuteScalarAsync())!;
            command.CommandText = "PRAGMA synchronous";
            var s = Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
            return (j, s);
        });
        Assert.Equal("wal", journal);
        Assert.Equal(2, synchronous); // FULL
    }

    [Fact]
    public async Task Tenant_ConcurrentUpdates_SecondIsRefused()
    {
        var id = await app.InTenantAsync("rostock", (sp, _) => Task.FromResult(sp.GetRequiredService<TenantContext>().TenantId));
        await using var scopeA = app.Services.CreateAsyncScope();
        await using var scopeB = app.Services.CreateAsyncScope();
        var a = scopeA.ServiceProvider.GetRequiredService<KoggeDbContext>();
        var b = scopeB.ServiceProvider.GetRequiredService<KoggeDbContext>();
        var first = await a.Tenants.SingleAsync(t => t.Id == id);
        var second = await b.Tenants.SingleAsync(t => t.Id == id);
        first.ContactEmail = "a@rostock.example";
        second.ContactEmail = "b@rostock.example";
        await a.SaveChangesAsync();
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => b.SaveChangesAsync());
    }
}
