using Kogge.Web.Platform.Audit;
using Kogge.Web.Platform.Outbox;
using Kogge.Web.Platform.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Kogge.Web.Modules.Admin.Outbox;

/// <summary>One row of the outbox list: the recipient masked, the error as a kind only.</summary>
public sealed record OutboxRow(Guid Id, string Municipality, string Recipient, string Subject, string TemplateKey, OutboxStatus Status,
    int Attempts, DateTimeOffset CreatedAt, DateTimeOffset NextAttemptAt, string? LastError);

/// <summary>The messages that have not gone out: pending ones (retrying) and failed ones, newest first.</summary>
public sealed record OutboxView(IReadOnlyList<OutboxRow> Rows, bool ShowMunicipality, string? Notice)
{
    public const int Limit = 200;

    public static async Task<OutboxView> LoadAsync(KoggeDbContext db, bool platform, string? notice, CancellationToken cancellationToken)
    {
        var rows = platform ? db.OutboxMessages.IgnoreQueryFilters() : db.OutboxMessages;
        var messages = await rows.AsNoTracking()
            .Where(m => m.Status != OutboxStatus.Sent)
            .OrderByDescending(m => m.CreatedAt)
            .Take(Limit)
            .ToListAsync(cancellationToken);
        var names = platform
            ? await db.Tenants.AsNoTracking().ToDictionaryAsync(t => t.Id, t => t.Name, cancellationToken)
            : [];
        return new OutboxView(
            [.. messages.Select(m => new OutboxRow(m.Id, names.GetValueOrDefault(m.TenantId, ""), Mask(m.Recipient), m.Subject, m.TemplateKey,
                m.Status, m.Attempts, m.CreatedAt, m.NextAttemptAt, m.LastError))],
            platform, notice);
    }

    /// <summary>An admin's "send again", recorded in the audit trail; null when there is no such message to send.</summary>
    public static async Task<OutboxView?> ResendAsync(KoggeDbContext db, EmailOutbox outbox, AuditLog audit, Guid id, bool platform, string notice, CancellationToken cancellationToken)
    {
        if (!await outbox.ResendAsync(db, id, platform, cancellationToken))
        {
            return null;
        }

        audit.Add("outbox.resent", "OutboxMessage", id);
        await db.SaveChangesAsync(cancellationToken);
        return await LoadAsync(db, platform, notice, cancellationToken);
    }

    /// <summary><c>b…@rostock.example</c>: enough to tell messages apart, not enough to read the address.</summary>
    public static string Mask(string address)
    {
        var at = address.LastIndexOf('@');
        return at <= 0 ? "…" : $"{address[0]}…{address[at..]}";
    }
}
