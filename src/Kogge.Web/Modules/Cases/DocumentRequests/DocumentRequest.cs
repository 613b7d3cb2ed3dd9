using System.Text.Json.Serialization;
using Kogge.Web.Platform.Persistence;
using Kogge.Web.Platform.Tenancy;

namespace Kogge.Web.Modules.Cases.DocumentRequests;

/// <summary>
/// A request for further documents (Nachforderung): what the clerk asks for, in plain German, and by when. The
/// applicant answers with files and a comment; a request still open after its due date is overdue and reminded once.
/// </summary>
public sealed class DocumentRequest : ITenantOwned, IVersioned
{
    public const int TextLength = 2000;

    public const int CommentLength = 2000;

    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid TenantId { get; set; }

    public Guid CaseId { get; set; }

    /// <summary>What is asked for, as the applicant reads it.</summary>
    public required string Text { get; set; }

    /// <summary>The last day the documents are expected (the municipality's calendar day).</summary>
    public DateOnly DueDate { get; set; }

    public DocumentRequestStatus Status { get; set; }

    public Guid RequestedBy { get; set; }

    public DateTimeOffset RequestedAt { get; set; }

    public DateTimeOffset? AnsweredAt { get; set; }

    /// <summary>The applicant's comment with the answer.</summary>
    public string? Comment { get; set; }

    public DateTimeOffset? RemindedAt { get; set; }

    public int Version { get; set; }
}

[JsonConverter(typeof(JsonStringEnumConverter<DocumentRequestStatus>))]
public enum DocumentRequestStatus
{
    Open,
    Answered,
    Overdue,
}
