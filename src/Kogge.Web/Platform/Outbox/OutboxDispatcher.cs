using System.Net.Sockets;
using Kogge.Web.Platform.Email;
using Kogge.Web.Platform.Persistence;
using MailKit;
using MailKit.Net.Smtp;
using Microsoft.EntityFrameworkCore;

namespace Kogge.Web.Platform.Outbox;

/// <summary>
/// Sends due outbox messages. Each message is claimed by one instance (lock owner + expiry) before it is sent:
/// on PostgreSQL the candidates are read with <c>FOR UPDATE SKIP LOCKED</c>, so two instances take different rows;
/// on SQLite, which has one writer at a time, the claim is a conditional UPDATE that only one instance can win.
/// A failed attempt is retried with growing delays until <see cref="OutboxMessage.RetryUntil"/>, then marked failed.
/// An instance that dies between sending and recording sends that message again after the lock expires
/// (at least once, never twice while running).
/// </summary>
public sealed class OutboxDispatcher(
    IServiceScopeFactory scopes,
    EmailSender sender,
    OutboxOptions options,
    TimeProvider clock,
    ILogger<OutboxDispatcher> logger)
{
    /// <summary>Sends what is due now, batch after batch, until nothing is left; returns how many attempts were made.</summary>
    public async Task<int> DispatchDueAsync(CancellationToken cancellationToken)
    {
        var attempts = 0;
        while (true)
        {
            var claimed = await ClaimAsync(cancellationToken);
            if (claimed.Count == 0)
            {
                return attempts;
            }

            foreach (var message in claimed)
            {
                await SendOneAsync(message, cancellationToken);
                attempts++;
            }
        }
    }

    private async Task<List<OutboxMessage>> ClaimAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KoggeDbContext>();
        var now = clock.GetUtcNow();
        var nowTicks = OutboxModel.Ticks(now);
        var lockUntil = now + options.LockDuration;

        if (db.Database.IsNpgsql())
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            // The rows stay locked until the commit below; other instances skip them instead of taking them too.
            var pending = nameof(OutboxStatus.Pending);
            var rows = await db.OutboxMessages.FromSql($"""
                SELECT * FROM "OutboxMessages"
                WHERE "Status" = {pending} AND "NextAttemptAt" <= {nowTicks}
                  AND ("LockExpiresAt" IS NULL OR "LockExpiresAt" <= {nowTicks})
                ORDER BY "NextAttemptAt"
                LIMIT {options.BatchSize}
                FOR UPDATE SKIP LOCKED
                """).IgnoreQueryFilters().ToListAsync(cancellationToken);
            foreach (var row in rows)
            {
                row.LockOwner = options.NodeId;
                row.LockExpiresAt = lockUntil;
            }

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return rows;
        }

        var candidates = await db.OutboxMessages.IgnoreQueryFilters().AsNoTracking()
            .Where(m => m.Status == OutboxStatus.Pending && m.NextAttemptAt <= now && (m.LockExpiresAt == null || m.LockExpiresAt <= now))
            .OrderBy(m => m.NextAttemptAt)
            .Take(options.BatchSize)
            .ToListAsync(cancellationToken);
        var claimed = new List<OutboxMessage>(candidates.Count);
        foreach (var candidate in candidates)
        {
            var won = await db.OutboxMessages.IgnoreQueryFilters()
                .Where(m => m.Id == candidate.Id && m.Status == OutboxStatus.Pending && (m.LockExpiresAt == null || m.LockExpiresAt <= now))
                .ExecuteUpdateAsync(s => s
                    .SetProperty(m => m.LockOwner, options.NodeId)
                    .SetProperty(m => m.LockExpiresAt, lockUntil), cancellationToken);
            if (won == 1)
            {
                claimed.Add(candidate);
            }
        }

        return claimed;
    }

    private async Task SendOneAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        string? error = null;
        try
        {
            await sender.SendAsync(new EmailMessage(message.Recipient, message.Subject, message.BodyText, message.BodyHtml, message.Id), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            error = Describe(e);
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KoggeDbContext>();
        var now = clock.GetUtcNow();
        var mine = db.OutboxMessages.IgnoreQueryFilters().Where(m => m.Id == message.Id && m.LockOwner == options.NodeId);
        if (error is null)
        {
            await mine.ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Status, OutboxStatus.Sent)
                .SetProperty(m => m.SentAt, now)
                .SetProperty(m => m.Attempts, m => m.Attempts + 1)
                .SetProperty(m => m.LastError, (string?)null)
                .SetProperty(m => m.LockOwner, (string?)null)
                .SetProperty(m => m.LockExpiresAt, (DateTimeOffset?)null), CancellationToken.None);
            logger.LogInformation("Outbox message {MessageId} ({Template}) sent", message.Id, message.TemplateKey);
            return;
        }

        var attempts = message.Attempts + 1;
        var failed = now >= message.RetryUntil;
        var next = failed ? now : Min(now + OutboxOptions.Backoff(attempts), message.RetryUntil);
        await mine.ExecuteUpdateAsync(s => s
            .SetProperty(m => m.Status, failed ? OutboxStatus.Failed : OutboxStatus.Pending)
            .SetProperty(m => m.NextAttemptAt, next)
            .SetProperty(m => m.Attempts, attempts)
            .SetProperty(m => m.LastError, error)
            .SetProperty(m => m.LockOwner, (string?)null)
            .SetProperty(m => m.LockExpiresAt, (DateTimeOffset?)null), CancellationToken.None);
        if (failed)
        {
            logger.LogError("Outbox message {MessageId} ({Template}) failed for good after {Attempts} attempts: {Error}", message.Id, message.TemplateKey, attempts, error);
        }
        else
        {
            logger.LogWarning("Outbox message {MessageId} ({Template}) attempt {Attempts} failed: {Error}; next at {NextAttempt}", message.Id, message.TemplateKey, attempts, error, next);
        }
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a <= b ? a : b;

    /// <summary>The kind of failure without the server's words, which can quote the recipient's address.</summary>
    internal static string Describe(Exception e) => e switch
    {
        SmtpCommandException smtp => $"SMTP {(int)smtp.StatusCode} ({smtp.ErrorCode})",
        SmtpProtocolException => "SMTP protocol error",
        ServiceNotConnectedException => "SMTP connection lost",
        SocketException socket => $"Network: {socket.SocketErrorCode}",
        IOException { InnerException: SocketException socket } => $"Network: {socket.SocketErrorCode}",
        _ => e.GetType().Name,
    };
}

/// <summary>Runs the <see cref="OutboxDispatcher"/> on this instance every <see cref="OutboxOptions.PollInterval"/>.</summary>
internal sealed class OutboxDispatcherService(OutboxDispatcher dispatcher, OutboxOptions options, TimeProvider clock, ILogger<OutboxDispatcherService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.DispatcherEnabled)
        {
            logger.LogInformation("Outbox dispatcher switched off on this instance");
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await dispatcher.DispatchDueAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                // The type only: database messages may quote values.
                logger.LogError("Outbox pass on node {NodeId} failed with {ErrorType}", options.NodeId, e.GetType().FullName);
            }

            try
            {
                await Task.Delay(options.PollInterval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }
}
