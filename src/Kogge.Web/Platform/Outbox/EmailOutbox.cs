using Kogge.Web.Platform.Email;
using Kogge.Web.Platform.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Kogge.Web.Platform.Outbox;

/// <summary>
/// The one way Kogge sends e-mail: <see cref="Enqueue"/> adds the message to the caller's context, so it is committed
/// (or rolled back) with the business change by the caller's <c>SaveChangesAsync</c>; the
/// <see cref="OutboxDispatcher"/> sends it afterwards.
/// </summary>
public sealed class EmailOutbox(TimeProvider clock)
{
    /// <param name="idempotencyKey">Same key, one message: e.g. <c>application-received:{caseId}</c>. Without one, every call is a new message.</param>
    public OutboxMessage Enqueue(KoggeDbContext db, EmailMessage message, string templateKey, string? idempotencyKey = null)
    {
        var now = clock.GetUtcNow();
        var row = new OutboxMessage
        {
            Recipient = message.To,
            Subject = message.Subject,
            BodyText = message.Text,
            BodyHtml = message.Html,
            TemplateKey = templateKey,
            IdempotencyKey = idempotencyKey ?? Guid.NewGuid().ToString("N"),
            Status = OutboxStatus.Pending,
            NextAttemptAt = now,
            RetryUntil = now + OutboxOptions.RetryWindow,
            CreatedAt = now,
        };
        db.OutboxMessages.Add(row);
        return row;
    }

    /// <summary>
    /// An admin's "send again" for a failed or still pending message of the current municipality (the platform: any):
    /// due now, with a fresh retry window. False when there is no such message.
    /// </summary>
    public async Task<bool> ResendAsync(KoggeDbContext db, Guid id, bool platform, CancellationToken cancellationToken)
    {
        var rows = platform ? db.OutboxMessages.IgnoreQueryFilters() : db.OutboxMessages;
        var now = clock.GetUtcNow();
        var changed = await rows
            // A message an instance is sending right now is left alone, so it cannot go out twice.
            .Where(m => m.Id == id && m.Status != OutboxStatus.Sent && (m.LockExpiresAt == null || m.LockExpiresAt <= now))
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Status, OutboxStatus.Pending)
                .SetProperty(m => m.NextAttemptAt, now)
                .SetProperty(m => m.RetryUntil, now + OutboxOptions.RetryWindow)
                .SetProperty(m => m.LockOwner, (string?)null)
                .SetProperty(m => m.LockExpiresAt, (DateTimeOffset?)null), cancellationToken);
        return changed == 1;
    }
}
