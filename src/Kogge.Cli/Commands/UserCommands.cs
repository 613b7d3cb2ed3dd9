using System.CommandLine;
using Kogge.Web.Modules.Admin.Users;
using Kogge.Web.Platform.Audit;
using Kogge.Web.Platform.Demo;
using Kogge.Web.Platform.Identity;
using Kogge.Web.Platform.Tenancy;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Kogge.Cli.Commands;

/// <summary><c>kogge user create</c>: an account in one municipality, as its administrator would create it.</summary>
internal static class UserCommands
{
    /// <summary>Platform administrators belong to no municipality, so they are not created here.</summary>
    private static readonly string[] Assignable = [.. Roles.Staff, Roles.Citizen];

    private static readonly Dictionary<string, string> OptionOf = new()
    {
        [nameof(StaffInput.Email)] = "--email",
        [nameof(StaffInput.DisplayName)] = "--name",
        [nameof(StaffInput.Password)] = "--password",
    };

    public static Command Create(KoggeCli cli) =>
        new("user", "Accounts of a municipality.") { Subcommands = { CreateCommand(cli) } };

    private static Command CreateCommand(KoggeCli cli)
    {
        var tenant = new Option<string>("--tenant") { Description = "Slug of the municipality (see 'kogge tenant list')", Required = true };
        var email = new Option<string>("--email") { Description = "E-mail address, also the sign-in name", Required = true };
        var name = new Option<string>("--name") { Description = "Display name", Required = true };
        var role = new Option<string[]>("--role")
        {
            Description = "Role; repeat for several. A staff account unless the only role is Citizen",
            Required = true,
            Arity = ArgumentArity.OneOrMore,
        };
        role.AcceptOnlyFromAmong(Assignable);
        var password = new Option<string?>("--password")
        {
            Description = "Initial password (staff: at least 12 characters); '-' reads it from standard input; default: a generated one, printed once",
        };
        var command = new Command("create", "Create an account with its roles and an audit entry user.created, all in one transaction. Exit code 2 when the input is rejected.")
        {
            Options = { tenant, email, name, role, password },
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var roles = parsed.GetRequiredValue(role).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
            var given = await Passwords.ReadAsync(parsed.GetValue(password), "--password", null, cli.Input, cancellationToken);
            var input = new StaffInput
            {
                Email = parsed.GetRequiredValue(email).Trim(),
                DisplayName = parsed.GetRequiredValue(name).Trim(),
                Password = given ?? Passwords.Generate(),
                Roles = [.. roles],
            };
            string? Shown(string field) => field == nameof(StaffInput.Email) ? input.Email : null;
            InputErrors.ThrowIfAny(InputErrors.Validate(input), OptionOf, Shown);
            var slug = parsed.GetRequiredValue(tenant);

            return await cli.WithPlatformAsync(parsed, requireSchema: true, async (host, services, db) =>
            {
                var municipality = await services.GetRequiredService<TenantCatalog>().FindAsync(slug, cancellationToken)
                    ?? throw CliException.Usage($"--tenant \"{slug}\": there is no such municipality. 'kogge tenant list' shows them.");
                services.GetRequiredService<TenantContext>().Set(municipality);
                await DemoData.EnsureRolesAsync(services);

                var users = services.GetRequiredService<UserManager<KoggeUser>>();
                var audit = services.GetRequiredService<AuditLog>();
                var user = new KoggeUser
                {
                    UserName = input.Email,
                    Email = input.Email,
                    EmailConfirmed = true,
                    DisplayName = input.DisplayName,
                    IsStaff = roles.Any(r => r != Roles.Citizen),
                    CreatedAt = services.GetRequiredService<TimeProvider>().GetUtcNow(),
                };

                // Account, roles and audit entry land together or not at all.
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                var result = await users.CreateAsync(user, input.Password);
                if (result.Succeeded)
                {
                    result = await users.AddToRolesAsync(user, roles);
                }

                if (!result.Succeeded)
                {
                    await transaction.RollbackAsync(cancellationToken);
                    InputErrors.ThrowIfAny(
                        [.. result.Errors.Select(e => (e.Code.StartsWith("Password", StringComparison.Ordinal) ? nameof(StaffInput.Password) : nameof(StaffInput.Email), e.Description))],
                        OptionOf,
                        Shown);
                }

                audit.Add("user.created", "User", user.Id, new { roles });
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);

                await cli.Output.WriteLineAsync($"Created {(user.IsStaff ? "staff account" : "citizen account")} {input.Email} in {municipality.Slug}, id {user.Id}, roles {string.Join(", ", roles)}.");
                if (given is null)
                {
                    await cli.Output.WriteLineAsync($"Initial password (shown only this once): {input.Password}");
                }

                return ExitCodes.Success;
            }, cancellationToken);
        });
        return command;
    }
}
