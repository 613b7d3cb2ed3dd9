using System.Text.RegularExpressions;
using Kogge.Cli.Tests.Infrastructure;

namespace Kogge.Cli.Tests.Commands;

public sealed class DbCommandsTests
{
    [Fact]
    public async Task DbMigrate_EmptyDatabase_AppliesMigrationsAndExits0()
    {
        await using var database = new CliDatabase();

        var first = await database.RunAsync("db", "migrate");
        var second = await database.RunAsync("db", "migrate");

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Matches(new Regex("applied [1-9][0-9]* migration"), first.Output);
        Assert.Equal(0, second.ExitCode);
        Assert.Contains("applied 0 migration", second.Output, StringComparison.Ordinal);
        var tenants = await database.RunAsync("tenant", "list");
        Assert.Equal(0, tenants.ExitCode);
    }

    [Fact]
    public async Task TenantList_DatabaseNotCreatedYet_Exits3()
    {
        await using var database = new CliDatabase();

        var run = await database.RunAsync("tenant", "list");

        Assert.True(run.ExitCode == 3, run.ToString());
    }

    [Fact]
    public async Task TenantList_MigrationMissing_Exits4()
    {
        // A database last migrated by an older Kogge lacks this build's migrations; an emptied history stands in for it.
        await using var database = new MigratedDatabase();
        await database.InitializeAsync();
        await database.ExecuteAsync("""DELETE FROM "__EFMigrationsHistory" """);

        var run = await database.RunAsync("tenant", "list");

        Assert.True(run.ExitCode == 4, run.ToString());
        Assert.Contains("kogge db migrate", run.Error, StringComparison.Ordinal);
    }
}
