using Kogge.Web.Platform.Tenancy;

namespace Kogge.Web.Platform.Audit;

/// <summary>
/// One link of a municipality's audit chain. Append-only: rows are never updated or deleted, and
/// <see cref="Hash"/> covers every other field plus the previous entry's hash, so any change breaks the chain.
/// Holds pseudonymous ids only — never names, e-mail addresses or form data.
/// </summary>
public sealed class AuditEntry : ITenantOwned
{
    public long Id { get; set; }

    /// <summary><see cref="Guid.Empty"/> for platform-wide events (municipality created, platform sign-in).</summary>
    public Guid TenantId { get; set; }

    /// <summary>Position in the municipality's chain, starting at 1.</summary>
    public long Sequence { get; set; }

    public DateTimeOffset OccurredAt { get; set; }

    /// <summary>The acting account or service account id, or "system" / "anonymous".</summary>
    public required string Actor { get; set; }

    /// <summary>What happened, e.g. <c>user.created</c>, <c>signin.failed</c>.</summary>
    public required string Action { get; set; }

    public string ObjectType { get; set; } = "";

    public string ObjectId { get; set; } = "";

    /// <summary>Non-personal details as compact JSON (role names, flags, counts).</summary>
    public string Data { get; set; } = "{}";

    public string? CorrelationId { get; set; }

    public string PreviousHash { get; set; } = "";

    public string Hash { get; set; } = "";
}

/// <summary>
/// The newest link of each chain, written with every append. Without it, deleting the last entries of a chain
/// would leave a shorter chain that still verifies.
/// </summary>
public sealed class AuditChainHead
{
    public Guid TenantId { get; set; }

    public long Sequence { get; set; }

    public string Hash { get; set; } = "";
}
