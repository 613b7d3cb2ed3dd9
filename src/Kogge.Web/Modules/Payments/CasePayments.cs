using Kogge.Bpmn.Engine;
using Kogge.Web.Modules.Cases;
using Kogge.Web.Modules.Fees;
using Kogge.Web.Platform.Audit;
using Kogge.Web.Platform.Persistence;
using Kogge.Web.Platform.Processes;
using Microsoft.EntityFrameworkCore;

namespace Kogge.Web.Modules.Payments;

/// <summary>
/// Paying a case's fee. A payment is started for the fee still due and completed once by the provider's report;
/// a repeated report changes nothing. A successful payment marks the fee paid, adds a timeline entry and publishes the
/// message <see cref="PaidMessage"/> with the case id as correlation key, so that a process can wait for the payment; the
/// case then catches up with what its process did.
/// </summary>
public sealed class CasePayments(KoggeDbContext db, IEnumerable<IPaymentProvider> providers, ProcessEngine engine, TenantProcesses processes,
    CaseProgress progress, AuditLog audit, TimeProvider clock, ILogger<CasePayments> log)
{
    public const string PaidMessage = "gebuehr-bezahlt";

    /// <summary>How long a payment message waits for a process that has not reached its catch event yet.</summary>
    private static readonly TimeSpan MessageTimeToLive = TimeSpan.FromDays(90);

    /// <summary>The configured provider; null where online payment is not offered.</summary>
    public IPaymentProvider? Provider { get; } = providers.FirstOrDefault();

    /// <summary>Whether the applicant can pay the case's fee online now.</summary>
    public bool CanPay(Case c) => Provider is not null && c.FeeAmount > 0 && c.FeePaidAt is null && c.Status != CaseStatus.Withdrawn;

    /// <summary>
    /// Starts a payment of the applicant's case and returns where to send them; null when the case is not theirs or has
    /// no fee due (then there is nothing to pay).
    /// </summary>
    public async Task<PaymentStart?> StartAsync(Guid caseId, Guid applicantId, string serviceName, Func<Guid, string> returnUrl, CancellationToken cancellationToken)
    {
        var c = await db.Cases.AsNoTracking().FirstOrDefaultAsync(x => x.Id == caseId && x.ApplicantId == applicantId, cancellationToken);
        if (c is null || !CanPay(c))
        {
            return null;
        }

        var now = clock.GetUtcNow();
        var payment = new Payment { CaseId = c.Id, ApplicantId = applicantId, Amount = c.FeeAmount!.Value, Provider = Provider!.Name, Status = PaymentStatus.Pending, CreatedAt = now };
        var start = await Provider.StartAsync(payment, $"{serviceName}, {c.ReferenceNumber}", returnUrl(payment.Id), cancellationToken);
        payment.ProviderReference = start.ProviderReference;
        payment.History.Add(new PaymentEvent { At = now, Status = PaymentStatus.Pending });
        db.Payments.Add(payment);
        audit.Add("payment.started", "Case", c.Id, new { payment = payment.Id, provider = payment.Provider });
        await db.SaveChangesAsync(cancellationToken);
        return start;
    }

    /// <summary>
    /// The provider's report on a payment. Only a pending payment changes; for a finished one the report is a
    /// repetition and the payment is returned as it is. Null when there is no such payment in this municipality.
    /// </summary>
    public async Task<Payment?> CompleteAsync(Guid paymentId, PaymentStatus outcome, string? detail, CancellationToken cancellationToken)
    {
        if (outcome == PaymentStatus.Pending)
        {
            throw new ArgumentOutOfRangeException(nameof(outcome), "A report ends a payment.");
        }

        var payment = await db.Payments.FirstOrDefaultAsync(p => p.Id == paymentId, cancellationToken);
        if (payment is null || payment.Status != PaymentStatus.Pending)
        {
            return payment;
        }

        var now = clock.GetUtcNow();
        payment.Status = outcome;
        payment.CompletedAt = now;
        db.PaymentEvents.Add(new PaymentEvent { PaymentId = payment.Id, At = now, Status = outcome, Detail = detail });
        var c = await db.Cases.FirstAsync(x => x.Id == payment.CaseId, cancellationToken);
        var paid = outcome == PaymentStatus.Succeeded && c.FeePaidAt is null;
        if (paid)
        {
            c.FeePaidAt = now;
            c.UpdatedAt = now;
            db.CaseEvents.Add(new CaseEvent { CaseId = c.Id, At = now, Kind = CaseEventKinds.FeePaid, Detail = ServiceFees.Money(payment.Amount) });
        }

        audit.Add("payment." + outcome.ToString().ToLowerInvariant(), "Case", c.Id, new { payment = payment.Id });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // The same report, handled by a concurrent request first: its outcome stands.
            db.ChangeTracker.Clear();
            return await db.Payments.AsNoTracking().FirstAsync(p => p.Id == paymentId, cancellationToken);
        }

        if (paid)
        {
            await PublishPaidAsync(c, cancellationToken);
        }

        return payment;
    }

    private async Task PublishPaidAsync(Case c, CancellationToken cancellationToken)
    {
        try
        {
            await engine.Runtime.CorrelateMessageAsync(PaidMessage, c.Id.ToString(), new Dictionary<string, object?> { ["gebuehrBezahlt"] = true },
                MessageTimeToLive, processes.TenantId, cancellationToken);
        }
        catch (ProcessEngineException e)
        {
            // The payment stands; the case's timeline shows it and a clerk sees it in the case file.
            log.LogError("The payment message of case {CaseId} was not published: {ExceptionType}", c.Id, e.GetType().Name);
            return;
        }

        // A process that waited for the fee has put the case into a clerk's hands now.
        if (c.ProcessInstanceId is { } instanceId)
        {
            await progress.TryCatchUpAsync(instanceId, cancellationToken);
        }
    }
}
