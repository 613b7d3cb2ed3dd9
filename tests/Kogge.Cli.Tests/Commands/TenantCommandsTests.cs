using Kogge.Cli.Tests.Infrastructure;

namespace Kogge.Cli.Tests.Commands;

public sealed class TenantCommandsTests(MigratedDatabase database) : IClassFixture<MigratedDatabase>
{
    private const string Password = "Hafen-Kogge-Segel-77";

    [Fact]
    public async Task TenantCreate_ValidInput_IsListedByTenantList()
    {
        var created = await database.RunAsync("tenant", "create", "--slug", "wismar", "--name", "Hansestadt Wismar",
            "--admin-email", "admin@wismar.example", "--admin-password", Password);
        var list = await database.RunAsync("tenant", "list");
        var json = await database.RunAsync("tenant", "list", "--json");

        Assert.True(created.ExitCode == 0, created.ToString());
        Assert.DoesNotContain(Password, created.Output + created.Error, StringComparison.Ordinal);
        Assert.Equal(0, list.ExitCode);
        Assert.Matches(@"wismar\s+Hansestadt Wismar\s+1\s", list.Output);
        Assert.Contains("\"slug\": \"wismar\"", json.Output, StringComparison.Ordinal);
        var actors = await database.QueryAsync("""SELECT DISTINCT "Actor" FROM "AuditEntries" """);
        Assert.Equal(["cli"], actors.Select(r => (string)r[0]!));
    }

    [Fact]
    public async Task TenantCreate_PasswordFromStandardInput_CreatesWithoutEchoing()
    {
        var run = await database.RunWithInputAsync(Password + "\n", "tenant", "create", "--slug", "stralsund",
            "--name", "Hansestadt Stralsund", "--admin-email", "admin@stralsund.example", "--admin-password", "-");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.DoesNotContain(Password, run.Output + run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TenantCreate_BadSlug_Exits2WithGermanMessage()
    {
        var run = await database.RunAsync("tenant", "create", "--slug", "Wismar!", "--name", "Hansestadt Wismar",
            "--admin-email", "admin@wismar.example", "--admin-password", Password);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--slug \"Wismar!\"", run.Error, StringComparison.Ordinal);
        Assert.Contains("Kleinbuchstaben", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TenantCreate_ReservedSlug_Exits2()
    {
        var run = await database.RunAsync("tenant", "create", "--slug", "admin", "--name", "Verwaltung",
            "--admin-email", "admin@example.org", "--admin-password", Password);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("reserviert", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TenantCreate_MissingName_Exits2NamingTheOption()
    {
        var run = await database.RunAsync("tenant", "create", "--slug", "anklam", "--admin-email", "admin@anklam.example", "--admin-password", Password);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--name", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TenantCreate_WeakPassword_Exits2AndCreatesNothing()
    {
        var run = await database.RunAsync("tenant", "create", "--slug", "greifswald", "--name", "Universitäts- und Hansestadt Greifswald",
            "--admin-email", "admin@greifswald.example", "--admin-password", "passwort123");
        var list = await database.RunAsync("tenant", "list");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--admin-password", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("greifswald", list.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TenantCreate_SlugTaken_Exits2()
    {
        var first = await database.RunAsync("tenant", "create", "--slug", "demmin", "--name", "Hansestadt Demmin",
            "--admin-email", "admin@demmin.example", "--admin-password", Password);
        var second = await database.RunAsync("tenant", "create", "--slug", "demmin", "--name", "Noch einmal Demmin",
            "--admin-email", "zweite@demmin.example", "--admin-password", Password);

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(2, second.ExitCode);
        Assert.Contains("bereits", second.Error, StringComparison.Ordinal);
    }
}
