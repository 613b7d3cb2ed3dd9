using System.Text.Json;
using System.Text.Json.Nodes;
using Kogge.Bpmn.Engine;
using Kogge.Forms.Validation;
using Kogge.Web.Modules.Fees;
using Kogge.Web.Platform.Audit;
using Kogge.Web.Platform.Outbox;
using Kogge.Web.Platform.Persistence;
using Kogge.Web.Platform.Processes;
using Kogge.Web.Platform.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Kogge.Web.Modules.Cases.Apply;

public enum SubmissionOutcome
{
    /// <summary>A new case.</summary>
    Created,

    /// <summary>The same idempotency key was submitted before: the case of then.</summary>
    Repeated,

    /// <summary>The data does not pass the start form; nothing was written.</summary>
    Invalid,
}

public sealed record SubmissionResult(SubmissionOutcome Outcome, Case? Case, IReadOnlyList<FieldError> Errors);

/// <summary>
/// Turns an application into a case. The case, its first timeline entry, its attachments and the removal of the draft
/// are one transaction; a unique index on (municipality, applicant, idempotency key) makes a repeated or concurrent
/// submission find the case of the first instead of making a second. The engine's store cannot join that
/// transaction, so the process starts after the commit, with the case id as business key; until then the case is
/// "Eingegangen", which is what it is. The fee is computed by the version's rule and kept on the case; the receipt
/// e-mail is queued in the same transaction, so it goes out exactly for the cases that exist.
/// </summary>
public sealed class CaseSubmission(KoggeDbContext db, ReferenceNumbers numbers, ProcessEngine engine, TenantProcesses processes, AuditLog audit,
    EmailOutbox outbox, PortalLinks links, TenantContext tenant, CaseProgress progress, TimeProvider clock, ILogger<CaseSubmission> log)
{
    /// <summary>A case whose process has not started this long after submission was left behind by a stopped request.</summary>
    private static readonly TimeSpan StartGrace = TimeSpan.FromMinutes(2);

    /// <param name="files">Checked files sent with the application itself (machine clients), stored with the case; the
    /// data's filepicker fields hold their ids.</param>
    public async Task<SubmissionResult> SubmitAsync(StartForm start, Guid applicantId, string idempotencyKey, JsonObject data, Guid? draftId, CancellationToken cancellationToken,
        IReadOnlyList<(CaseDocument Document, byte[] Data)>? files = null)
    {
        if (await FindAsync(applicantId, idempotencyKey, cancellationToken) is { } earlier)
        {
            return await RepeatedAsync(earlier, start, cancellationToken);
        }

        var validated = start.Form is null ? new FormValidationResult([], []) : new FormValidator(start.Form).Validate(data);
        if (!validated.IsValid)
        {
            return new SubmissionResult(SubmissionOutcome.Invalid, null, validated.Errors);
        }

        var fee = ServiceFees.For(start.Version, validated.Data);
        if (fee is { Ok: false })
        {
            // A rule that cannot price valid data is the designers' to fix; the application still counts.
            log.LogWarning("The fee rule of service {ServiceId} version {Version} gave no amount", start.Service.Id, start.Version.Number);
        }

        var now = clock.GetUtcNow();
        Case created;
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            created = new Case
            {
                ServiceId = start.Service.Id,
                ServiceVersionId = start.Version.Id,
                ServiceVersionNumber = start.Version.Number,
                ApplicantId = applicantId,
                ReferenceNumber = await numbers.NextAsync(cancellationToken),
                IdempotencyKey = idempotencyKey,
                Status = CaseStatus.Submitted,
                FormData = validated.Data.ToJsonString(),
                FeeAmount = fee?.Amount,
                FeeBreakdown = fee is { Ok: true } ? ServiceFees.Breakdown(fee.Lines) : null,
                SubmittedAt = now,
                UpdatedAt = now,
            };
            db.Cases.Add(created);
            db.CaseEvents.Add(new CaseEvent { CaseId = created.Id, At = now, Kind = CaseEventKinds.Submitted });
            if (draftId is { } id && await db.ApplicationDrafts.FirstOrDefaultAsync(d => d.Id == id && d.ApplicantId == applicantId, cancellationToken) is { } draft)
            {
                foreach (var document in await db.CaseDocuments.Where(d => d.DraftId == id).ToListAsync(cancellationToken))
                {
                    document.DraftId = null;
                    document.CaseId = created.Id;
                }

                db.ApplicationDrafts.Remove(draft);
            }

            foreach (var (document, content) in files ?? [])
            {
                document.CaseId = created.Id;
                db.CaseDocuments.Add(document);
                db.CaseDocumentContents.Add(new CaseDocumentContent { Id = document.Id, Data = content });
            }

            audit.Add("case.submitted", "Case", created.Id, new { service = start.Service.Id, version = start.Version.Number });
            if (await db.Users.Where(u => u.Id == applicantId && u.EmailConfirmed).Select(u => u.Email).FirstOrDefaultAsync(cancellationToken) is { } email)
            {
                outbox.Enqueue(db, MailTemplates.ApplicationReceivedMail(email, tenant.Current!.Name, created.ReferenceNumber, links.Case(created.Id),
                    System.Globalization.CultureInfo.CurrentUICulture), MailTemplates.ApplicationReceived, $"{MailTemplates.ApplicationReceived}:{created.Id}");
            }

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The unique index: the same key was committed by a concurrent request (or another instance) first.
            db.ChangeTracker.Clear();
            var first = await FindAsync(applicantId, idempotencyKey, cancellationToken);
            if (first is null)
            {
                throw;
            }

            return await RepeatedAsync(first, start, cancellationToken);
        }

        await StartProcessAsync(created, start, cancellationToken);
        return new SubmissionResult(SubmissionOutcome.Created, created, []);
    }

    private Task<Case?> FindAsync(Guid applicantId, string key, CancellationToken cancellationToken) =>
        db.Cases.FirstOrDefaultAsync(c => c.ApplicantId == applicantId && c.IdempotencyKey == key, cancellationToken);

    private async Task<SubmissionResult> RepeatedAsync(Case earlier, StartForm start, CancellationToken cancellationToken)
    {
        // Only the request that created a case starts its process, so two requests never start two instances;
        // a case left without one by a stopped request is started by the next repetition after a grace period.
        if (earlier.ProcessInstanceId is null && clock.GetUtcNow() - earlier.SubmittedAt > StartGrace && earlier.ServiceVersionId == start.Version.Id)
        {
            await StartProcessAsync(earlier, start, cancellationToken);
        }

        return new SubmissionResult(SubmissionOutcome.Repeated, earlier, []);
    }

    private async Task StartProcessAsync(Case submitted, StartForm start, CancellationToken cancellationToken)
    {
        var businessKey = submitted.Id.ToString();
        var (running, _) = await processes.InstancesAsync(start.Version.EngineProcessId, null, businessKey, 0, 1, cancellationToken);
        string instanceId;
        if (running.Count > 0)
        {
            instanceId = running[0].Id;
        }
        else
        {
            var variables = Variables(submitted.FormData, submitted.Id, submitted.ReferenceNumber, submitted.FeeAmount);
            try
            {
                instanceId = (await engine.Runtime.StartProcessInstanceAsync(start.Version.EngineProcessId!, start.Version.EngineProcessVersion!.Value,
                    variables, businessKey, processes.TenantId, cancellationToken)).Id;
            }
            catch (ProcessEngineException e)
            {
                // The case stands; its process is started again by a repetition of the submission.
                log.LogError("The process of case {CaseId} did not start: {ExceptionType}", submitted.Id, e.GetType().Name);
                return;
            }
        }

        submitted.ProcessInstanceId = instanceId;
        submitted.UpdatedAt = clock.GetUtcNow();
        db.CaseEvents.Add(new CaseEvent { CaseId = submitted.Id, At = submitted.UpdatedAt, Kind = CaseEventKinds.ProcessStarted, VisibleToApplicant = false });
        await db.SaveChangesAsync(cancellationToken);
        // A process that opens with a user task has put the case into a clerk's hands already.
        await progress.TryCatchUpAsync(instanceId, cancellationToken);
    }

    /// <summary>The form data as process variables, with the case's id and reference number beside them.</summary>
    public static Dictionary<string, object?> Variables(string formData, Guid caseId, string referenceNumber, decimal? feeAmount)
    {
        using var document = JsonDocument.Parse(formData);
        var variables = document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone(), StringComparer.Ordinal);
        variables["vorgangId"] = caseId.ToString();
        variables["aktenzeichen"] = referenceNumber;
        if (feeAmount is { } fee)
        {
            variables.TryAdd("gebuehr", fee);
        }
        return variables;
    }
}
