using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Kogge.Web.Modules.Platform;
using Kogge.Web.Platform.Demo;
using Microsoft.EntityFrameworkCore;

namespace Kogge.Cli.Commands;

/// <summary><c>kogge tenant create|list</c>: the municipalities of this installation.</summary>
internal static class TenantCommands
{
    public const string AdminPasswordVariable = "KOGGE_ADMIN_PASSWORD";

    private static readonly Dictionary<string, string> OptionOf = new()
    {
        [nameof(NewTenantInput.Slug)] = "--slug",
        [nameof(NewTenantInput.Name)] = "--name",
        [nameof(NewTenantInput.AdminEmail)] = "--admin-email",
        [nameof(NewTenantInput.AdminPassword)] = "--admin-password",
    };

    public static Command Create(KoggeCli cli) =>
        new("tenant", "Municipalities.") { Subcommands = { CreateCommand(cli), ListCommand(cli) } };

    private static Command CreateCommand(KoggeCli cli)
    {
        var slug = new Option<string>("--slug") { Description = "Short name in the address (/wismar): 3 to 40 lower-case letters, digits or hyphens", Required = true };
        var name = new Option<string>("--name") { Description = "Name shown to citizens, e.g. \"Hansestadt Wismar\"", Required = true };
        var adminEmail = new Option<string>("--admin-email") { Description = "E-mail address of the municipality's first administrator", Required = true };
        var adminPassword = new Option<string?>("--admin-password")
        {
            Description = $"The administrator's initial password (at least 12 characters); '-' reads it from standard input; default: environment variable {AdminPasswordVariable}",
        };
        var command = new Command("create", "Create a municipality and its first administrator (role TenantAdmin), both or neither. Exit code 2 when the input is rejected.")
        {
            Options = { slug, name, adminEmail, adminPassword },
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var input = new NewTenantInput
            {
                Slug = parsed.GetRequiredValue(slug),
                Name = parsed.GetRequiredValue(name).Trim(),
                AdminEmail = parsed.GetRequiredValue(adminEmail).Trim(),
                AdminPassword = await Passwords.ReadAsync(parsed.GetValue(adminPassword), "--admin-password", AdminPasswordVariable, cli.Input, cancellationToken) ?? "",
            };
            var shown = (string field) => field switch
            {
                nameof(NewTenantInput.Slug) => input.Slug,
                nameof(NewTenantInput.AdminEmail) => input.AdminEmail,
                _ => null,
            };
            var errors = InputErrors.Validate(input);
            if (input.AdminPassword.Length == 0)
            {
                errors.RemoveAll(e => e.Field == nameof(NewTenantInput.AdminPassword));
                errors.Add((nameof(NewTenantInput.AdminPassword), $"Bitte geben Sie ein vorläufiges Passwort ein (--admin-password, '-' für die Standardeingabe oder {AdminPasswordVariable})."));
            }

            InputErrors.ThrowIfAny(errors, OptionOf, shown);
            return await cli.WithPlatformAsync(parsed, requireSchema: true, async (host, services, db) =>
            {
                await DemoData.EnsureRolesAsync(services);
                var provisioning = services.GetRequiredService<TenantProvisioning>();
                var result = await provisioning.CreateAsync(input.Slug, input.Name, input.AdminEmail, input.AdminPassword, cancellationToken);
                InputErrors.ThrowIfAny(result.Errors, OptionOf, shown);
                var tenant = result.Tenant!;
                await cli.Output.WriteLineAsync($"Created municipality {tenant.Slug} ({tenant.Name}), id {tenant.Id}, in {host.Describe(db)}.");
                await cli.Output.WriteLineAsync($"Administrator: {input.AdminEmail} (TenantAdmin). Staff of this municipality must set up two-factor sign-in.");
                return ExitCodes.Success;
            }, cancellationToken);
        });
        return command;
    }

    private static Command ListCommand(KoggeCli cli)
    {
        var json = new Option<bool>("--json") { Description = "Write JSON instead of a table" };
        var command = new Command("list", "List the municipalities with their number of accounts.") { Options = { json } };
        command.SetAction((parsed, cancellationToken) => cli.WithPlatformAsync(parsed, requireSchema: true, async (host, services, db) =>
        {
            var accounts = await db.Users.IgnoreQueryFilters().GroupBy(u => u.TenantId)
                .Select(g => new { g.Key, Count = g.Count() })
                .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
            var tenants = (await db.Tenants.AsNoTracking().ToListAsync(cancellationToken))
                .OrderBy(t => t.Slug, StringComparer.Ordinal)
                .Select(t => new TenantListing(t.Id, t.Slug, t.Name, accounts.GetValueOrDefault(t.Id), t.RequireStaffTwoFactor, t.CreatedAt))
                .ToList();
            if (parsed.GetValue(json))
            {
                await cli.Output.WriteLineAsync(JsonSerializer.Serialize(tenants, CliJson.Options));
                return ExitCodes.Success;
            }

            if (tenants.Count == 0)
            {
                await cli.Output.WriteLineAsync($"No municipalities in {host.Describe(db)}. Create one with 'kogge tenant create'.");
                return ExitCodes.Success;
            }

            var slugWidth = Math.Max(4, tenants.Max(t => t.Slug.Length));
            var nameWidth = Math.Max(4, tenants.Max(t => t.Name.Length));
            await cli.Output.WriteLineAsync($"{"Slug".PadRight(slugWidth)}  {"Name".PadRight(nameWidth)}  Accounts  Created");
            foreach (var t in tenants)
            {
                var created = t.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                await cli.Output.WriteLineAsync($"{t.Slug.PadRight(slugWidth)}  {t.Name.PadRight(nameWidth)}  {t.Accounts,8}  {created}");
            }

            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }

    private sealed record TenantListing(Guid Id, string Slug, string Name, int Accounts, bool RequireStaffTwoFactor, DateTimeOffset CreatedAt);
}
