using System.Text.Json;
using Kogge.Cli.Tests.Infrastructure;

namespace Kogge.Cli.Tests.Commands;

public sealed class AuditCommandsTests(MigratedDatabase database) : IClassFixture<MigratedDatabase>
{
    [Fact]
    public async Task AuditVerify_IntactDatabase_Exits0AndReportsEveryChain()
    {
        await CreateTenantWithUsersAsync(database, "luebeck", users: 1);

        var run = await database.RunAsync("audit", "verify");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Matches(@"\(platform\): \d+ entries, head [0-9a-f]{64}, OK", run.Output);
        Assert.Matches(@"luebeck: 2 entries, head [0-9a-f]{64}, OK", run.Output);
    }

    [Fact]
    public async Task AuditVerify_UnknownTenant_Exits2()
    {
        var run = await database.RunAsync("audit", "verify", "--tenant", "atlantis");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("atlantis", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuditVerify_ThirdEntryActionChanged_Exits1AndNamesPosition3()
    {
        // Its own database: the broken chain must not fail the other tests' verification.
        await using var tampered = new MigratedDatabase();
        await tampered.InitializeAsync();
        await CreateTenantWithUsersAsync(tampered, "wismar", users: 3);
        await CreateTenantWithUsersAsync(tampered, "rostock", users: 1);
        var changed = await tampered.ExecuteAsync("""
            UPDATE "AuditEntries" SET "Action" = 'user.deleted'
            WHERE "Id" = (SELECT "Id" FROM "AuditEntries"
                          WHERE "TenantId" = (SELECT "Id" FROM "Tenants" WHERE "Slug" = 'wismar')
                          ORDER BY "Id" LIMIT 1 OFFSET 2)
            """);
        Assert.Equal(1, changed);

        var text = await tampered.RunAsync("audit", "verify");
        var json = await tampered.RunAsync("audit", "verify", "--json");
        var other = await tampered.RunAsync("audit", "verify", "--tenant", "rostock");

        Assert.True(text.ExitCode == 1, text.ToString());
        Assert.Matches(@"wismar: 4 entries, head [0-9a-f]{64}, BROKEN at entry 3 \(sequence 3, id \d+\): .*changed", text.Output);
        Assert.Matches(@"rostock: 2 entries, head [0-9a-f]{64}, OK", text.Output);
        Assert.Contains("1 of 3 chain(s) broken", text.Output, StringComparison.Ordinal);

        Assert.Equal(1, json.ExitCode);
        using var document = JsonDocument.Parse(json.Output);
        Assert.False(document.RootElement.GetProperty("intact").GetBoolean());
        var wismar = document.RootElement.GetProperty("chains").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "wismar");
        Assert.Equal(3, wismar.GetProperty("break").GetProperty("position").GetInt32());
        Assert.Equal(3, wismar.GetProperty("break").GetProperty("sequence").GetInt64());

        Assert.Equal(0, other.ExitCode);
    }

    /// <summary>The chain of a new municipality: user.created for its administrator, then one per user.</summary>
    private static async Task CreateTenantWithUsersAsync(CliDatabase database, string slug, int users)
    {
        var run = await database.RunAsync("tenant", "create", "--slug", slug, "--name", "Hansestadt " + slug,
            "--admin-email", $"admin@{slug}.example", "--admin-password", "Hafen-Kogge-Segel-77");
        Assert.True(run.ExitCode == 0, run.ToString());
        for (var i = 1; i <= users; i++)
        {
            run = await database.RunAsync("user", "create", "--tenant", slug, "--email", $"mitarbeiter{i}@{slug}.example",
                "--name", $"Mitarbeiter {i}", "--role", "Clerk");
            Assert.True(run.ExitCode == 0, run.ToString());
        }
    }
}
