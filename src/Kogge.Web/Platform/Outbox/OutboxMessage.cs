using Kogge.Web.Platform.Tenancy;

namespace Kogge.Web.Platform.Outbox;

/// <summary>
/// An e-mail waiting to be sent, written in the same transaction as the change it tells about: a rolled-back
/// change sends nothing, a committed one is sent even if the server stops right after. The body links to Kogge and
/// carries no personal data beyond the recipient's address.
/// </summary>
public sealed class OutboxMessage : ITenantOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();

    /// <summary><see cref="Guid.Empty"/> for mail of the platform itself.</summary>
    public Guid TenantId { get; set; }

    public required string Recipient { get; set; }

    public required string Subject { get; set; }

    public required string BodyText { get; set; }

    public required string BodyHtml { get; set; }

    /// <summary>Which template wrote the message (<see cref="MailTemplates"/>), for the admins' list.</summary>
    public required string TemplateKey { get; set; }

    /// <summary>A second enqueue with the same key is refused by the database, so a repeated request sends once.</summary>
    public required string IdempotencyKey { get; set; }

    public OutboxStatus Status { get; set; }

    public int Attempts { get; set; }

    public DateTimeOffset NextAttemptAt { get; set; }

    /// <summary>After this moment a failed attempt is the last one; set at enqueue and again when an admin resends.</summary>
    public DateTimeOffset RetryUntil { get; set; }

    public string? LockOwner { get; set; }

    public DateTimeOffset? LockExpiresAt { get; set; }

    /// <summary>The kind of error only (exception type, SMTP or socket code), never a server's text, which may quote addresses.</summary>
    public string? LastError { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? SentAt { get; set; }
}

public enum OutboxStatus
{
    Pending,
    Sent,
    Failed,
}
