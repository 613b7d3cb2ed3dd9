using System.Globalization;
using Kogge.Web.Platform.Outbox;
using Kogge.Web.Platform.Persistence;
using Kogge.Web.Platform.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Kogge.Web.Modules.Cases.DocumentRequests;

/// <summary>
/// Reminds applicants of document requests still open after their due date: the request becomes overdue, the
/// timeline says so and one reminder e-mail is queued. The state lives in the database, so a restart loses nothing;
/// a conditional update claims each request, so several instances never remind twice.
/// </summary>
public sealed class DocumentRequestReminders(IServiceScopeFactory scopes, TenantCatalog tenants, TimeProvider clock)
{
    /// <summary>Reminds every overdue request of every municipality; returns how many.</summary>
    public async Task<int> RemindDueAsync(CancellationToken cancellationToken)
    {
        var today = DocumentRequests.Today(clock);
        List<(Guid Id, Guid TenantId)> due;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<KoggeDbContext>();
            due = [.. (await db.DocumentRequests.IgnoreQueryFilters().AsNoTracking()
                .Where(r => r.Status == DocumentRequestStatus.Open && r.DueDate < today)
                .Select(r => new { r.Id, r.TenantId }).Take(500).ToListAsync(cancellationToken)).Select(r => (r.Id, r.TenantId))];
        }

        var reminded = 0;
        foreach (var (id, tenantId) in due)
        {
            if (await tenants.FindByIdAsync(tenantId, cancellationToken) is { } tenant && await RemindAsync(tenant, id, cancellationToken))
            {
                reminded++;
            }
        }

        return reminded;
    }

    private async Task<bool> RemindAsync(TenantInfo tenant, Guid id, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenant);
        var db = scope.ServiceProvider.GetRequiredService<KoggeDbContext>();
        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var claimed = await db.DocumentRequests.Where(r => r.Id == id && r.Status == DocumentRequestStatus.Open)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, DocumentRequestStatus.Overdue).SetProperty(r => r.RemindedAt, now)
                .SetProperty(r => r.Version, r => r.Version + 1), cancellationToken);
        if (claimed == 0)
        {
            return false;
        }

        var request = await db.DocumentRequests.AsNoTracking().FirstAsync(r => r.Id == id, cancellationToken);
        var c = await db.Cases.AsNoTracking().FirstAsync(x => x.Id == request.CaseId, cancellationToken);
        db.CaseEvents.Add(new CaseEvent { CaseId = c.Id, At = now, Kind = CaseEventKinds.DocumentsReminded });
        var email = await db.Users.Where(u => u.Id == c.ApplicantId && u.EmailConfirmed).Select(u => u.Email).FirstOrDefaultAsync(cancellationToken);
        if (email is not null)
        {
            var link = scope.ServiceProvider.GetRequiredService<PortalLinks>().Case(c.Id);
            scope.ServiceProvider.GetRequiredService<EmailOutbox>().Enqueue(db,
                MailTemplates.DocumentReminderMail(email, tenant.Name, c.ReferenceNumber, link, CultureInfo.GetCultureInfo("de-DE")),
                MailTemplates.DocumentReminder, $"{MailTemplates.DocumentReminder}:{id}");
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }
}

/// <summary>Runs the <see cref="DocumentRequestReminders"/> every few minutes on each instance.</summary>
internal sealed class DocumentRequestReminderService(DocumentRequestReminders reminders, TimeProvider clock, ILogger<DocumentRequestReminderService> logger)
    : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await reminders.RemindDueAsync(stoppingToken);
                await Task.Delay(Interval, clock, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                // The type only: database messages may quote values.
                logger.LogError("Document request reminders failed with {ErrorType}", e.GetType().FullName);
                await Task.Delay(Interval, clock, stoppingToken);
            }
        }
    }
}
