using Kogge.Cli.Tests.Infrastructure;

namespace Kogge.Cli.Tests;

/// <summary>What every command shares: help, usage errors and an unreachable database.</summary>
public sealed class CommandLineTests
{
    [Fact]
    public async Task Help_RootCommand_ListsCommandsAndExitCodes()
    {
        var run = await CliRun.RunAsync("", "--help");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("db", run.Output, StringComparison.Ordinal);
        Assert.Contains("tenant", run.Output, StringComparison.Ordinal);
        Assert.Contains("audit", run.Output, StringComparison.Ordinal);
        Assert.Contains("Exit codes:", run.Output, StringComparison.Ordinal);
        Assert.Contains("3  the database cannot be reached", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_UserCreate_ListsRolesAndOptions()
    {
        var run = await CliRun.RunAsync("", "user", "create", "--help");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("--tenant", run.Output, StringComparison.Ordinal);
        Assert.Contains("ProcessDesigner", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("PlatformAdmin", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kogge_NoCommand_Exits2WithHint()
    {
        var run = await CliRun.RunAsync("");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("kogge --help", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuditVerify_UnknownOption_Exits2NamingIt()
    {
        var run = await CliRun.RunAsync("", "audit", "verify", "--tenat", "rostock");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--tenat", run.Error, StringComparison.Ordinal);
        Assert.Contains("kogge audit verify --help", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuditVerify_PostgresServerUnreachable_Exits3()
    {
        // Nothing listens on port 1; the connection is refused at once.
        var run = await CliRun.RunAsync("", "audit", "verify", "--database", "Postgres",
            "--connection-string", "Host=127.0.0.1;Port=1;Database=kogge;Username=kogge;Password=x;Timeout=5");

        Assert.Equal(3, run.ExitCode);
        Assert.Contains("cannot be reached", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Password=x", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuditVerify_SqliteFileMissing_Exits3WithoutCreatingIt()
    {
        var directory = Path.Combine(Path.GetTempPath(), "kogge-cli-tests", Guid.NewGuid().ToString("N"));
        var file = Path.Combine(directory, "missing.db");

        var run = await CliRun.RunAsync("", "audit", "verify", "--database", "Sqlite", "--connection-string", $"Data Source={file}");

        Assert.Equal(3, run.ExitCode);
        Assert.Contains("kogge db migrate", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(file));
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory);
        }
    }

    [Fact]
    public async Task DbMigrate_PostgresWithoutConnectionString_Exits2()
    {
        var run = await CliRun.RunAsync("", "db", "migrate", "--database", "Postgres", "--connection-string", "");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("connection string", run.Error, StringComparison.Ordinal);
    }
}
