using System.Text.RegularExpressions;
using Kogge.Cli.Tests.Infrastructure;
using Kogge.Web.Platform.Identity;
using Microsoft.AspNetCore.Identity;

namespace Kogge.Cli.Tests.Commands;

public sealed class UserCommandsTests(MigratedDatabase database) : IClassFixture<MigratedDatabase>, IAsyncLifetime
{
    public async ValueTask InitializeAsync()
    {
        var run = await database.RunAsync("tenant", "list");
        if (!run.Output.Contains("rostock", StringComparison.Ordinal))
        {
            var created = await database.RunAsync("tenant", "create", "--slug", "rostock", "--name", "Hansestadt Rostock",
                "--admin-email", "admin@rostock.example", "--admin-password", "Hafen-Kogge-Segel-77");
            Assert.True(created.ExitCode == 0, created.ToString());
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task UserCreate_StaffWithTwoRoles_UserHasRolesAndAuditEntry()
    {
        var run = await database.RunAsync("user", "create", "--tenant", "rostock", "--email", "klara@rostock.example",
            "--name", "Klara Sachbearbeiterin", "--role", "Clerk", "--role", "Employee", "--password", "Warnow-Faehre-2026");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.DoesNotContain("Warnow-Faehre-2026", run.Output, StringComparison.Ordinal);
        var (id, isStaff, roles) = await FindAsync("klara@rostock.example");
        Assert.True(isStaff);
        Assert.Equal(["Clerk", "Employee"], roles);
        var audit = await database.QueryAsync(
            $"""SELECT "Action", "Actor" FROM "AuditEntries" WHERE "ObjectId" = '{id}'""");
        Assert.Equal([["user.created", "cli"]], audit.Select(r => new[] { r[0], r[1] }));
    }

    [Fact]
    public async Task UserCreate_WithoutPassword_PrintsGeneratedPasswordOnce()
    {
        var run = await database.RunAsync("user", "create", "--tenant", "rostock", "--email", "paul@rostock.example",
            "--name", "Paul Prozess", "--role", "ProcessDesigner");

        Assert.True(run.ExitCode == 0, run.ToString());
        var match = Regex.Match(run.Output, @"shown only this once\): (\S+)");
        Assert.True(match.Success, run.Output);
        var hash = (string)(await database.QueryAsync(
            """SELECT "PasswordHash" FROM "AspNetUsers" WHERE "NormalizedEmail" = 'PAUL@ROSTOCK.EXAMPLE'""")).Single()[0]!;
        var verdict = new PasswordHasher<KoggeUser>().VerifyHashedPassword(new KoggeUser(), hash, match.Groups[1].Value);
        Assert.Equal(PasswordVerificationResult.Success, verdict);
    }

    [Fact]
    public async Task UserCreate_CitizenOnly_IsNotStaff()
    {
        var run = await database.RunAsync("user", "create", "--tenant", "rostock", "--email", "bea@rostock.example",
            "--name", "Bea Bürgerin", "--role", "Citizen");

        Assert.True(run.ExitCode == 0, run.ToString());
        var (_, isStaff, roles) = await FindAsync("bea@rostock.example");
        Assert.False(isStaff);
        Assert.Equal(["Citizen"], roles);
    }

    [Fact]
    public async Task UserCreate_UnknownTenant_Exits2AndCreatesNothing()
    {
        var run = await database.RunAsync("user", "create", "--tenant", "atlantis", "--email", "x@atlantis.example",
            "--name", "Niemand", "--role", "Clerk");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("atlantis", run.Error, StringComparison.Ordinal);
        Assert.Empty(await database.QueryAsync("""SELECT "Id" FROM "AspNetUsers" WHERE "NormalizedEmail" = 'X@ATLANTIS.EXAMPLE'"""));
    }

    [Fact]
    public async Task UserCreate_PlatformAdminRole_Exits2()
    {
        var run = await database.RunAsync("user", "create", "--tenant", "rostock", "--email", "root@rostock.example",
            "--name", "Root", "--role", "PlatformAdmin");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("PlatformAdmin", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UserCreate_ShortStaffPassword_Exits2AndCreatesNothing()
    {
        var run = await database.RunAsync("user", "create", "--tenant", "rostock", "--email", "kurt@rostock.example",
            "--name", "Kurt Kurz", "--role", "Clerk", "--password", "Warnow-26");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--password", run.Error, StringComparison.Ordinal);
        Assert.Contains("12 Zeichen", run.Error, StringComparison.Ordinal);
        Assert.Empty(await database.QueryAsync("""SELECT "Id" FROM "AspNetUsers" WHERE "NormalizedEmail" = 'KURT@ROSTOCK.EXAMPLE'"""));
    }

    private async Task<(string Id, bool IsStaff, string[] Roles)> FindAsync(string email)
    {
        var rows = await database.QueryAsync($"""
            SELECT u."Id", u."IsStaff", r."Name"
            FROM "AspNetUsers" u
            JOIN "AspNetUserRoles" ur ON ur."UserId" = u."Id"
            JOIN "AspNetRoles" r ON r."Id" = ur."RoleId"
            JOIN "Tenants" t ON t."Id" = u."TenantId"
            WHERE u."NormalizedEmail" = '{email.ToUpperInvariant()}' AND t."Slug" = 'rostock'
            ORDER BY r."Name"
            """);
        Assert.NotEmpty(rows);
        var id = rows[0][0]!.ToString()!;
        return (id.ToLowerInvariant(), Convert.ToBoolean(rows[0][1], System.Globalization.CultureInfo.InvariantCulture), [.. rows.Select(r => (string)r[2]!)]);
    }
}
