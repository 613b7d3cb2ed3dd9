using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kogge.Bpmn.Engine;
using Kogge.Web.Modules.Catalog;
using Kogge.Web.Modules.Notices;
using Kogge.Web.Platform.Audit;
using Kogge.Web.Platform.Outbox;
using Kogge.Web.Platform.Persistence;
using Kogge.Web.Platform.Processes;
using Kogge.Web.Platform.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Kogge.Web.Modules.Cases.Decide;

/// <summary>
/// Issues the notice of a case (job type <see cref="JobType"/>, a send or service task after the decision): fills the
/// version's notice template with the case, its form, the decision and the fee, puts the PDF into the applicant's
/// mailbox (a case document of kind <see cref="CaseDocumentKind.Notice"/>), records the result on the case and
/// queues an e-mail that only points to "Meine Anträge". Notice, result, timeline entry, audit entry and e-mail are
/// one transaction. The job's id is the idempotency key: a retried job finds the notice of its first run (a unique
/// index holds even for two runs at once) and completes without a second notice or e-mail.
/// </summary>
/// <remarks>
/// The decision is the process variable <c>entscheidung</c> (<c>bewilligt</c> or <c>abgelehnt</c>, e.g. from the
/// clerk's form); where no one decides, the task's header <c>ergebnis</c> gives it. The header <c>vorlage</c> names the
/// template (default <c>bescheid</c>). The header <c>gebuehr</c> may name a variable with the fee the notice fixes (a
/// context with <c>bezeichnung</c> and <c>betrag</c>, or a list of them, as a fee rule gives it), e.g. a lower fee for
/// a rejection; without it the notice shows the fee computed at submission.
/// </remarks>
public sealed class NoticeIssuing(
    KoggeDbContext db, TenantProcesses processes, TenantContext tenant, EmailOutbox outbox, AuditLog audit,
    IConfiguration configuration, TimeProvider clock) : IJobHandler
{
    public const string JobType = "kogge-bescheid";

    private static readonly CultureInfo German = CultureInfo.GetCultureInfo("de-DE");
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    public async Task<JobOutcome> HandleAsync(JobContext job, CancellationToken cancellationToken)
    {
        var instance = await processes.InstanceAsync(job.ProcessInstanceId, cancellationToken);
        var caseId = Guid.TryParse(instance.BusinessKey, out var id) ? id : Guid.Empty;
        var target = await db.Cases.FirstOrDefaultAsync(c => c.Id == caseId, cancellationToken);
        if (target is null)
        {
            return JobOutcome.Fail("The process instance belongs to no case.");
        }

        var key = "bescheid:" + job.JobId;
        if (await IssuedAsync(target.Id, key, cancellationToken) is { } earlier)
        {
            return Done(earlier);
        }

        if (DecisionOf(job) is not { } decision)
        {
            return JobOutcome.Fail(NoDecision);
        }

        var templateName = TemplateOf(job);
        var template = await db.ServiceArtifacts.AsNoTracking()
            .Where(a => a.VersionId == target.ServiceVersionId && a.Kind == ArtifactKind.NoticeTemplate && a.Name == templateName)
            .Select(a => a.Content).FirstOrDefaultAsync(cancellationToken);
        if (template is null)
        {
            return JobOutcome.Fail($"The service version has no notice template '{templateName}'.");
        }

        var service = await db.PublicServices.AsNoTracking().FirstAsync(s => s.Id == target.ServiceId, cancellationToken);
        var applicantName = await db.Users.Where(u => u.Id == target.ApplicantId).Select(u => u.DisplayName).FirstOrDefaultAsync(cancellationToken) ?? "";
        var applicantEmail = await db.Users.Where(u => u.Id == target.ApplicantId).Select(u => u.Email).FirstOrDefaultAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var data = Data(tenant.Current!.Name, service, target.ReferenceNumber, target.SubmittedAt, JsonNode.Parse(target.FormData) as JsonObject ?? [],
            Fees(job, target.FeeBreakdown, target.FeeAmount), applicantName, decision, job.Variables, now);
        byte[] pdf;
        try
        {
            pdf = NoticeDocument.RenderPdf(template, data);
        }
        catch (NoticeTemplateException e)
        {
            // The designer's German message, without data: it names the template's problem, not the case's content.
            return JobOutcome.Fail(e.Message);
        }

        var document = new CaseDocument
        {
            CaseId = target.Id,
            Kind = CaseDocumentKind.Notice,
            FieldKey = key,
            FileName = $"Bescheid {target.ReferenceNumber}.pdf",
            ContentType = CaseFiles.Pdf,
            Size = pdf.Length,
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(pdf)),
            UploadedBy = Guid.Empty,
            UploadedAt = now,
        };
        db.CaseDocuments.Add(document);
        db.CaseDocumentContents.Add(new CaseDocumentContent { Id = document.Id, Data = pdf });
        target.Result = decision;
        if (target.Status is not (CaseStatus.Closed or CaseStatus.Withdrawn))
        {
            target.Status = CaseStatus.Decided;
        }

        target.UpdatedAt = now;
        db.CaseEvents.Add(new CaseEvent { CaseId = target.Id, At = now, Kind = CaseEventKinds.NoticeIssued, Detail = decision });
        if (applicantEmail is { Length: > 0 })
        {
            var link = (configuration["Kogge:PublicBaseUrl"] ?? "").TrimEnd('/') + $"/{tenant.Current!.Slug}/konto/antraege/{target.Id}";
            outbox.Enqueue(db, MailTemplates.NewMessageMail(applicantEmail, tenant.Current.Name, link, German), MailTemplates.NewMessage, key);
        }

        audit.ActorOverride = "system";
        audit.Add("case.notice_issued", "Case", target.Id, new { document = document.Id, result = decision, job = job.JobId });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // A run of the same job committed first (unique notice per job, unique e-mail key): its notice stands.
            db.ChangeTracker.Clear();
            return await IssuedAsync(target.Id, key, cancellationToken) is { } first ? Done(first) : throw new InvalidOperationException("The notice was not saved.");
        }

        return Done(document.Id);
    }

    private Task<Guid?> IssuedAsync(Guid caseId, string key, CancellationToken cancellationToken) =>
        db.CaseDocuments.Where(d => d.CaseId == caseId && d.Kind == CaseDocumentKind.Notice && d.FieldKey == key)
            .Select(d => (Guid?)d.Id).FirstOrDefaultAsync(cancellationToken);

    private static JobOutcome Done(Guid? document) => JobOutcome.Complete(new Dictionary<string, object?> { ["bescheidId"] = document?.ToString() });

    /// <summary>The message of a failed notice job whose decision is missing.</summary>
    public const string NoDecision = "The notice needs the decision 'bewilligt' or 'abgelehnt' (variable 'entscheidung' or header 'ergebnis').";

    /// <summary>The decision the notice states: the variable <c>entscheidung</c>, else the header <c>ergebnis</c>; null when neither is a result.</summary>
    public static string? DecisionOf(JobContext job)
    {
        var decision = job.Variables.TryGetValue("entscheidung", out var value) && Text(value) is { Length: > 0 } decided
            ? decided
            : job.Headers.GetValueOrDefault("ergebnis");
        return decision is CaseResults.Approved or CaseResults.Rejected ? decision : null;
    }

    /// <summary>The notice template the job names (header <c>vorlage</c>, default <c>bescheid</c>).</summary>
    public static string TemplateOf(JobContext job) => job.Headers.GetValueOrDefault("vorlage") is { Length: > 0 } named ? named : "bescheid";

    /// <summary>What the template is filled with: the process variables, the applicant, the service, the form and the fee lines.</summary>
    public static NoticeData Data(string municipality, PublicService service, string reference, DateTimeOffset submittedAt, JsonObject form,
        IReadOnlyList<NoticeFeeLine> fees, string applicantName, string decision, IReadOnlyDictionary<string, object?> variables, DateTimeOffset now)
    {
        var root = new JsonObject();
        foreach (var (name, value) in variables)
        {
            root[name] = value is null ? null : JsonSerializer.SerializeToNode(value);
        }

        var address = string.Join('\n', new[] { Text(form["strasse"]), Text(form["plz"]) }.Where(s => s is { Length: > 0 }));
        root["antragsteller"] = new JsonObject { ["name"] = applicantName, ["anschrift"] = address };
        root["leistung"] = new JsonObject { ["name"] = service.Name };
        root["antrag"] = new JsonObject { ["eingang"] = TimeZoneInfo.ConvertTime(submittedAt, Berlin).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) };
        root["entscheidung"] = decision;
        return new NoticeData
        {
            Municipality = municipality,
            Office = service.OfficeName,
            OfficeAddress = service.OfficeAddress,
            Reference = reference,
            Date = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, Berlin).DateTime),
            RecipientName = applicantName,
            RecipientAddress = address,
            Case = root,
            Form = form,
            Fees = fees,
        };
    }

    /// <summary>
    /// The fee the notice states: the variable named by the header <c>gebuehr</c> where the process fixed it (e.g. by
    /// a DMN decision on the outcome), otherwise the case's fee.
    /// </summary>
    public static List<NoticeFeeLine> Fees(JobContext job, string? breakdown, decimal? amount) =>
        job.Headers.GetValueOrDefault("gebuehr") is { Length: > 0 } feeVariable && job.Variables.TryGetValue(feeVariable, out var fixedFee)
            ? FeeLines(fixedFee is null ? null : JsonSerializer.SerializeToNode(fixedFee))
            : Fees(breakdown, amount);

    /// <summary>The fee lines of a stored breakdown (<see cref="Case.FeeBreakdown"/>: items with label and amount), or one line of the amount.</summary>
    public static List<NoticeFeeLine> Fees(string? breakdown, decimal? amount) =>
        breakdown is { Length: > 0 } && FeeLines(JsonNode.Parse(breakdown)) is { Count: > 0 } lines ? lines
        : amount is { } total ? [new NoticeFeeLine("Gebühr", total)]
        : [];

    /// <summary>Fee lines from a context (label and amount) or a list of them; a bare number is one line "Gebühr".</summary>
    private static List<NoticeFeeLine> FeeLines(JsonNode? fee) => fee switch
    {
        JsonArray items => [.. items.SelectMany(FeeLines)],
        JsonObject item => [new NoticeFeeLine(Text(item["label"] ?? item["bezeichnung"]) ?? "Gebühr",
            (item["amount"] ?? item["betrag"]) is JsonValue v && v.TryGetValue<decimal>(out var d) ? d : 0)],
        JsonValue v when v.TryGetValue<decimal>(out var amount) => [new NoticeFeeLine("Gebühr", amount)],
        _ => [],
    };

    private static string? Text(object? value) => value switch
    {
        null => null,
        string s => s,
        JsonElement { ValueKind: JsonValueKind.String } e => e.GetString(),
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonNode n => n.ToJsonString(),
        JsonElement e => e.GetRawText(),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };
}
