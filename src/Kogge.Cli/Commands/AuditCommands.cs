using System.CommandLine;
using System.Text.Json;
using Kogge.Web.Platform.Audit;
using Microsoft.EntityFrameworkCore;

namespace Kogge.Cli.Commands;

/// <summary><c>kogge audit verify</c>: recomputes every hash chain and names the first broken entry.</summary>
internal static class AuditCommands
{
    public static Command Create(KoggeCli cli) =>
        new("audit", "The audit record.") { Subcommands = { VerifyCommand(cli) } };

    private static Command VerifyCommand(KoggeCli cli)
    {
        var tenant = new Option<string?>("--tenant") { Description = "Verify only this municipality's chain (slug)" };
        var json = new Option<bool>("--json") { Description = "Write JSON instead of text" };
        var command = new Command("verify", """
            Verify the audit chain of every municipality and the platform's own. Per chain: name, number of entries, head hash, and OK or the first broken entry (position from 1, sequence, id, reason).
            Exit code 0 when every chain is intact, 1 when one is broken, 2 on bad usage, 3 when the database cannot be reached, 4 when it needs migrating.
            """)
        {
            Options = { tenant, json },
        };
        command.SetAction((parsed, cancellationToken) => cli.WithPlatformAsync(parsed, requireSchema: true, async (host, services, db) =>
        {
            Guid? only = null;
            if (parsed.GetValue(tenant) is { } slug)
            {
                only = await db.Tenants.AsNoTracking().Where(t => t.Slug == slug).Select(t => (Guid?)t.Id).FirstOrDefaultAsync(cancellationToken)
                    ?? throw CliException.Usage($"--tenant \"{slug}\": there is no such municipality. 'kogge tenant list' shows them.");
            }

            var reports = await services.GetRequiredService<AuditVerifier>().VerifyAsync(only, cancellationToken);
            var chains = reports.Select(ChainResult.From).ToList();
            var intact = chains.All(c => c.Intact);
            if (parsed.GetValue(json))
            {
                await cli.Output.WriteLineAsync(JsonSerializer.Serialize(new { intact, chains }, CliJson.Options));
            }
            else
            {
                await WriteTextAsync(cli.Output, host.Describe(db), chains);
            }

            return intact ? ExitCodes.Success : ExitCodes.ChainBroken;
        }, cancellationToken));
        return command;
    }

    private static async Task WriteTextAsync(TextWriter output, string target, IReadOnlyList<ChainResult> chains)
    {
        if (chains.Count == 0)
        {
            await output.WriteLineAsync($"No audit entries in {target}.");
            return;
        }

        foreach (var chain in chains)
        {
            var head = chain.HeadHash.Length > 0 ? chain.HeadHash : "-";
            var verdict = chain.Break is { } b
                ? $"BROKEN at entry {b.Position} ({(b.Id is null ? "missing" : $"sequence {b.Sequence}, id {b.Id}")}): {b.Reason}"
                : "OK";
            await output.WriteLineAsync($"{chain.Name}: {chain.Entries} entries, head {head}, {verdict}");
        }

        var broken = chains.Count(c => !c.Intact);
        await output.WriteLineAsync(broken == 0
            ? $"All {chains.Count} chain(s) intact."
            : $"{broken} of {chains.Count} chain(s) broken.");
    }

    private sealed record ChainResult(Guid TenantId, string Name, int Entries, string HeadHash, bool Intact, BreakResult? Break)
    {
        public static ChainResult From(AuditChainReport report) => new(
            report.TenantId,
            report.Name,
            report.Entries,
            report.HeadHash,
            report.Break is null,
            report.Break is { } b ? new BreakResult(b.Index + 1, b.Entry?.Sequence, b.Entry?.Id, b.Reason) : null);
    }

    /// <summary>
    /// <see cref="Position"/> counts from 1 in storage order, as an operator counts rows. No sequence and id when
    /// the break is an entry that is missing.
    /// </summary>
    private sealed record BreakResult(int Position, long? Sequence, long? Id, string Reason);
}
