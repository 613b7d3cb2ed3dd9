using Kogge.Web.Platform.Persistence;
using Kogge.Web.Platform.Tenancy;

namespace Kogge.Web.Modules.Payments;

/// <summary>
/// One attempt to pay a case's fee with a payment provider. It starts <see cref="PaymentStatus.Pending"/> and ends
/// once, in success, failure or cancellation; every change is kept in <see cref="History"/>. A failed or cancelled
/// attempt stays as it was; paying again makes a new payment.
/// </summary>
public sealed class Payment : ITenantOwned, IVersioned
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid TenantId { get; set; }

    public Guid CaseId { get; set; }

    public Guid ApplicantId { get; set; }

    /// <summary>The amount asked for, in euros (the case's fee when the payment started).</summary>
    public decimal Amount { get; set; }

    /// <summary>The provider's name, e.g. <c>test</c>.</summary>
    public required string Provider { get; set; }

    /// <summary>The provider's id of the transaction, once it gave one.</summary>
    public string? ProviderReference { get; set; }

    public PaymentStatus Status { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    public int Version { get; set; }

    public List<PaymentEvent> History { get; set; } = [];
}

public enum PaymentStatus
{
    Pending,
    Succeeded,
    Failed,
    Cancelled,
}

/// <summary>One status of a payment, with when it was reached and what the provider said (never card or account data).</summary>
public sealed class PaymentEvent : ITenantOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid TenantId { get; set; }

    public Guid PaymentId { get; set; }

    public DateTimeOffset At { get; set; }

    public PaymentStatus Status { get; set; }

    public string? Detail { get; set; }
}
