using System.Security.Cryptography;
using System.Text;

namespace Kogge.Web.Platform.Audit;

/// <summary>
/// The hash chain over a municipality's audit entries. Each entry's hash covers its fields and the previous
/// entry's hash, so changing, deleting or reordering one entry breaks the chain at that entry.
/// </summary>
public static class AuditChain
{
    public static string ComputeHash(AuditEntry entry, string previousHash)
    {
        // One field a line, each prefixed with its length, so that no two different entries serialize alike.
        var text = new StringBuilder();
        Append(text, entry.TenantId.ToString("D"));
        Append(text, entry.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Append(text, entry.OccurredAt.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Append(text, entry.Actor);
        Append(text, entry.Action);
        Append(text, entry.ObjectType);
        Append(text, entry.ObjectId);
        Append(text, entry.Data);
        Append(text, entry.CorrelationId ?? "");
        Append(text, previousHash);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>Appends <paramref name="entry"/> to the chain ending at <paramref name="head"/> and moves the head to it.</summary>
    public static void Append(AuditEntry entry, AuditChainHead head)
    {
        entry.TenantId = head.TenantId;
        entry.Sequence = head.Sequence + 1;
        entry.PreviousHash = head.Hash;
        entry.Hash = ComputeHash(entry, entry.PreviousHash);
        head.Sequence = entry.Sequence;
        head.Hash = entry.Hash;
    }

    /// <summary>
    /// Checks one municipality's entries in storage order against the recorded head of the chain. Returns null
    /// when the chain is intact, otherwise the first broken position (0-based) and why.
    /// </summary>
    public static AuditBreak? Verify(IReadOnlyList<AuditEntry> entries, AuditChainHead? head)
    {
        var previousHash = "";
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            if (entry.Sequence != i + 1)
            {
                return new AuditBreak(i, entry, $"expected sequence {i + 1}, found {entry.Sequence} (an entry is missing or out of order)");
            }

            if (!string.Equals(entry.PreviousHash, previousHash, StringComparison.Ordinal))
            {
                return new AuditBreak(i, entry, "the link to the previous entry does not match");
            }

            if (!string.Equals(entry.Hash, ComputeHash(entry, previousHash), StringComparison.Ordinal))
            {
                return new AuditBreak(i, entry, "the entry's content does not match its hash (it was changed)");
            }

            previousHash = entry.Hash;
        }

        var recorded = head?.Sequence ?? 0;
        if (recorded != entries.Count || !string.Equals(head?.Hash ?? "", previousHash, StringComparison.Ordinal))
        {
            // Fewer entries than recorded: the first missing one; more: the first unrecorded one; as many: the last.
            var index = (int)(entries.Count < recorded ? entries.Count : entries.Count > recorded ? recorded : recorded - 1);
            return new AuditBreak(index, index < entries.Count ? entries[index] : null,
                $"the chain should end at entry {recorded}, but has {entries.Count} (entries at the end are missing or were added)");
        }

        return null;
    }

    private static void Append(StringBuilder text, string value) =>
        text.Append(value.Length).Append(':').Append(value).Append('\n');
}

/// <summary>The first entry at which a chain is broken.</summary>
public sealed record AuditBreak(int Index, AuditEntry? Entry, string Reason);
