using System.Globalization;
using Kogge.Bpmn.Engine;
using Kogge.Web.Platform.Outbox;
using Kogge.Web.Platform.Persistence;
using Kogge.Web.Platform.Processes;
using Kogge.Web.Platform.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Kogge.Web.Modules.Cases;

/// <summary>
/// Reminds the applicant of something the process waits for or foresees (job type <see cref="JobType"/>, header
/// <c>anlass</c>): <c>gebuehr</c> — the fee is still unpaid; <c>verlaengerung</c> — the permit runs out soon and
/// needs a new application. The e-mail only points to the case in "Meine Anträge"; the timeline says that it went
/// out. Entry and e-mail are one transaction, and each kind of reminder is given once a case, so a retried job reminds once.
/// </summary>
public sealed class ApplicantReminders(KoggeDbContext db, TenantProcesses processes, TenantContext tenant, EmailOutbox outbox, PortalLinks links, TimeProvider clock)
    : IJobHandler
{
    public const string JobType = "kogge-erinnerung";

    public async Task<JobOutcome> HandleAsync(JobContext job, CancellationToken cancellationToken)
    {
        var reason = job.Headers.GetValueOrDefault("anlass");
        var (kind, template) = reason switch
        {
            "gebuehr" => (CaseEventKinds.FeeReminded, MailTemplates.FeeReminder),
            "verlaengerung" => (CaseEventKinds.RenewalReminded, MailTemplates.RenewalReminder),
            _ => (null, null),
        };
        if (kind is null || template is null)
        {
            return JobOutcome.Fail("The task names no known reminder (header anlass: gebuehr or verlaengerung).");
        }

        var instance = await processes.InstanceAsync(job.ProcessInstanceId, cancellationToken);
        var caseId = Guid.TryParse(instance.BusinessKey, out var id) ? id : Guid.Empty;
        var target = await db.Cases.AsNoTracking().FirstOrDefaultAsync(c => c.Id == caseId, cancellationToken);
        if (target is null)
        {
            return JobOutcome.Fail("The process instance belongs to no case.");
        }

        var key = $"{template}:{caseId}";
        // A fee paid meanwhile (the message may still be on its way to the process) needs no reminder.
        if ((kind == CaseEventKinds.FeeReminded && target.FeePaidAt is not null)
            || await db.CaseEvents.AnyAsync(e => e.CaseId == caseId && e.Kind == kind, cancellationToken))
        {
            return JobOutcome.Complete();
        }

        var german = CultureInfo.GetCultureInfo("de-DE");
        db.CaseEvents.Add(new CaseEvent { CaseId = caseId, At = clock.GetUtcNow(), Kind = kind });
        if (await db.Users.Where(u => u.Id == target.ApplicantId && u.EmailConfirmed).Select(u => u.Email).FirstOrDefaultAsync(cancellationToken) is { } email)
        {
            var link = links.Case(caseId);
            var mail = kind == CaseEventKinds.FeeReminded
                ? MailTemplates.FeeReminderMail(email, tenant.Current!.Name, target.ReferenceNumber, link, german)
                : MailTemplates.RenewalReminderMail(email, tenant.Current!.Name, target.ReferenceNumber, link, german);
            outbox.Enqueue(db, mail, template, key);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // A run of the same job committed first (unique e-mail key): its reminder stands.
            db.ChangeTracker.Clear();
        }

        return JobOutcome.Complete();
    }
}
