using System.Text.Json.Serialization;
using Kogge.Web.Platform.Persistence;
using Kogge.Web.Platform.Tenancy;

namespace Kogge.Web.Modules.Cases;

/// <summary>
/// A submitted application (Vorgang): it stays on the service version it was filed under, carries the reference
/// number the applicant quotes, the form data as submitted and, once the engine has it, its process instance.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1716", Justification = "Case is the glossary's word for a Vorgang; Kogge is written in C# only.")]
public sealed class Case : ITenantOwned, IVersioned
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid TenantId { get; set; }

    public Guid ServiceId { get; set; }

    public Guid ServiceVersionId { get; set; }

    /// <summary>The version's number, kept for display without a join.</summary>
    public int ServiceVersionNumber { get; set; }

    /// <summary>The citizen's account, or the service account that submitted through the API.</summary>
    public Guid ApplicantId { get; set; }

    /// <summary>The municipality's reference number, e.g. <c>HRO-2026-000123</c>; unique per municipality.</summary>
    public required string ReferenceNumber { get; set; }

    /// <summary>Chosen by the applicant's client; the same key twice makes one case (unique with tenant and applicant).</summary>
    public required string IdempotencyKey { get; set; }

    public CaseStatus Status { get; set; }

    /// <summary>The start form's data as validated at submission (JSON object).</summary>
    public required string FormData { get; set; }

    /// <summary>The fee in euros once computed; null while no fee has been determined.</summary>
    public decimal? FeeAmount { get; set; }

    /// <summary>How the fee came about (JSON: items with label and amount), for the notice and the applicant.</summary>
    public string? FeeBreakdown { get; set; }

    public DateTimeOffset? FeePaidAt { get; set; }

    /// <summary>The result the case was closed with (e.g. <c>bewilligt</c>, <c>abgelehnt</c>); its retention follows from it.</summary>
    public string? Result { get; set; }

    public DateTimeOffset? ClosedAt { get; set; }

    /// <summary>When the case's personal data is due for deletion or anonymization.</summary>
    public DateTimeOffset? RetainUntil { get; set; }

    /// <summary>The engine's instance; null for the moment between the case's commit and the start of its process.</summary>
    public string? ProcessInstanceId { get; set; }

    /// <summary>
    /// The last event of the engine's history (its sequence number) that <see cref="CaseProgress"/> has carried into the
    /// case's status and timeline; the next catch-up starts after it, so no event is applied twice or lost.
    /// </summary>
    public long HistorySequence { get; set; }

    public DateTimeOffset SubmittedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public int Version { get; set; }

    public List<CaseEvent> Events { get; set; } = [];

    public List<CaseDocument> Documents { get; set; } = [];

    public List<CaseNote> Notes { get; set; } = [];
}

/// <summary>Where a case stands, as the applicant is told.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CaseStatus>))]
public enum CaseStatus
{
    /// <summary>Eingegangen: submitted, not yet picked up.</summary>
    Submitted,

    /// <summary>In Bearbeitung.</summary>
    InProgress,

    /// <summary>Wartet auf Ihre Unterlagen (a document request is open).</summary>
    WaitingForApplicant,

    /// <summary>Entschieden: a notice was issued.</summary>
    Decided,

    /// <summary>Abgeschlossen.</summary>
    Closed,

    /// <summary>Zurückgezogen.</summary>
    Withdrawn,
}

/// <summary>One entry of a case's timeline. <see cref="Kind"/> names what happened; pages word it in plain German.</summary>
public sealed class CaseEvent : ITenantOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid TenantId { get; set; }

    public Guid CaseId { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>A <see cref="CaseEventKinds"/> value.</summary>
    public required string Kind { get; set; }

    /// <summary>A short addition shown after the entry's text (e.g. a document's name), never form data.</summary>
    public string? Detail { get; set; }

    /// <summary>Internal entries (e.g. a clerk's note) are hidden from the applicant.</summary>
    public bool VisibleToApplicant { get; set; } = true;
}

public static class CaseEventKinds
{
    public const string Submitted = "eingereicht";
    public const string ProcessStarted = "bearbeitung-gestartet";
    public const string DocumentAdded = "unterlage-eingegangen";

    /// <summary>The receipt of a notification (e.g. of a business registration) was confirmed.</summary>
    public const string ReceiptConfirmed = "empfang-bestaetigt";

    /// <summary>Another body (its name in the detail) was told of the case.</summary>
    public const string BodyNotified = "stelle-unterrichtet";

    public const string FeePaid = "gebuehr-bezahlt";
    public const string FeeReminded = "gebuehr-erinnert";

    /// <summary>The applicant was reminded that the permit runs out soon.</summary>
    public const string RenewalReminded = "verlaengerung-erinnert";
    public const string DocumentsRequested = "unterlagen-angefordert";
    public const string DocumentsAnswered = "unterlagen-nachgereicht";
    public const string DocumentsReminded = "unterlagen-erinnert";
    public const string InProgress = "in-bearbeitung";
    public const string TaskCreated = "aufgabe-erstellt";
    public const string TaskClaimed = "aufgabe-uebernommen";
    public const string TaskCompleted = "aufgabe-erledigt";
    public const string NoticeIssued = "bescheid-erstellt";
    public const string Closed = "abgeschlossen";
    public const string Cancelled = "abgebrochen";
}

/// <summary>What a case document is: a file the applicant gave, or a notice the municipality put into the applicant's mailbox.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CaseDocumentKind>))]
public enum CaseDocumentKind
{
    Attachment,
    Notice,
}

/// <summary>
/// A clerk's note on a case. Notes are internal: no page or API of the applicant shows them. Their text may hold
/// personal data, so it is kept here and never in the timeline, the audit payload or a log.
/// </summary>
public sealed class CaseNote : ITenantOwned
{
    public const int TextLength = 4000;

    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid TenantId { get; set; }

    public Guid CaseId { get; set; }

    public Guid AuthorId { get; set; }

    /// <summary>The author's display name at the time of writing.</summary>
    public required string AuthorName { get; set; }

    public required string Text { get; set; }

    public DateTimeOffset At { get; set; }
}

/// <summary>
/// An attachment of an application or case. Its bytes live in <see cref="CaseDocumentContent"/>, stored under the
/// document's id; the file name the applicant sent is kept for display only and never used as a path.
/// </summary>
public sealed class CaseDocument : ITenantOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid TenantId { get; set; }

    /// <summary>The case, once submitted; null while the attachment belongs to a draft.</summary>
    public Guid? CaseId { get; set; }

    public Guid? DraftId { get; set; }

    public CaseDocumentKind Kind { get; set; }

    /// <summary>The form field (filepicker key) the file was given for; for a notice, the job that made it.</summary>
    public required string FieldKey { get; set; }

    /// <summary>The name the applicant's file had, reduced to a safe display name.</summary>
    public required string FileName { get; set; }

    /// <summary>The type found by the file's first bytes, not the one the browser claimed.</summary>
    public required string ContentType { get; set; }

    public long Size { get; set; }

    /// <summary>SHA-256 of the content, hex.</summary>
    public required string Sha256 { get; set; }

    public Guid UploadedBy { get; set; }

    public DateTimeOffset UploadedAt { get; set; }
}

/// <summary>The bytes of a <see cref="CaseDocument"/>, apart so that lists of documents do not load them.</summary>
public sealed class CaseDocumentContent : ITenantOwned
{
    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    public required byte[] Data { get; set; }
}

/// <summary>
/// An application in progress (Antrag, not yet submitted): the answers so far, the page reached, and the idempotency
/// key the submission will carry. One per applicant and service, so that "later resume" finds it.
/// </summary>
public sealed class ApplicationDraft : ITenantOwned, IVersioned
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid TenantId { get; set; }

    public Guid ServiceId { get; set; }

    public Guid ApplicantId { get; set; }

    /// <summary>The answers so far (JSON object with the form's keys).</summary>
    public string Data { get; set; } = "{}";

    /// <summary>The page of the start form the applicant reached (0-based).</summary>
    public int Page { get; set; }

    /// <summary>Generated when the form was first shown; the submission carries it.</summary>
    public required string IdempotencyKey { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public int Version { get; set; }
}

/// <summary>
/// The municipality's reference numbers: a pattern (<c>{jahr}</c> and <c>{nummer}</c> with zero padding, e.g.
/// <c>HRO-{jahr}-{nummer:000000}</c>) and the last number given in <see cref="Year"/>. The counter is raised by one
/// atomic update inside the transaction that creates the case, so a failed submission gives its number back.
/// </summary>
public sealed class CaseNumbering : ITenantOwned
{
    public Guid TenantId { get; set; }

    public required string Pattern { get; set; }

    public int Year { get; set; }

    public long Last { get; set; }
}
