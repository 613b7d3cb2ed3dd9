using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Kogge.Web.Platform.Demo;
using Kogge.Web.Platform.Email;
using Kogge.Web.Platform.Outbox;
using Kogge.Web.Platform.Persistence;
using Kogge.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Kogge.Web.Tests.Platform;

/// <summary>Kogge with the outbox dispatcher switched off, so that each test drives its own dispatchers on a fake clock.</summary>
public sealed class OutboxApp() : KoggeApp(new Dictionary<string, string?> { ["Kogge:Outbox:DispatcherEnabled"] = "false" });

/// <summary>The e-mail outbox against a real SMTP server, on SQLite or PostgreSQL (see <see cref="TestDatabase"/>).</summary>
public class OutboxTests(OutboxApp app) : IClassFixture<OutboxApp>
{
    // Starts at the real time: an admin's "send again" through the page uses the host's clock.
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);

    private OutboxDispatcher Dispatcher(string node, int? port = null, int batch = 20) => new(
        app.Services.GetRequiredService<IServiceScopeFactory>(),
        new EmailSender(new SmtpOptions { Host = "127.0.0.1", Port = port ?? app.Mail.Port, Security = "None" }, _clock, NullLogger<EmailSender>.Instance),
        new OutboxOptions { NodeId = node, BatchSize = batch },
        _clock,
        NullLogger<OutboxDispatcher>.Instance);

    private static string Address() => $"buerger.{Guid.NewGuid():N}@beispiel.example";

    private async Task<Guid> EnqueueAsync(string slug, string to, string? key = null) =>
        await app.InTenantAsync(slug, async (_, db) =>
        {
            var row = new EmailOutbox(_clock).Enqueue(db,
                MailTemplates.NewMessageMail(to, "Hanse- und Universitätsstadt Rostock", "https://kogge.example/rostock/postfach", CultureInfo.GetCultureInfo("de")),
                MailTemplates.NewMessage, key);
            await db.SaveChangesAsync();
            return row.Id;
        });

    private Task<OutboxMessage> RowAsync(Guid id) =>
        app.InTenantAsync(null, (_, db) => db.OutboxMessages.IgnoreQueryFilters().AsNoTracking().SingleAsync(m => m.Id == id));

    [Fact]
    public async Task Dispatcher_DueMessage_IsDeliveredOnceWithLinkOnly()
    {
        var to = Address();
        var id = await EnqueueAsync("rostock", to);
        var dispatcher = Dispatcher("knoten-a");

        await dispatcher.DispatchDueAsync(CancellationToken.None);
        await dispatcher.DispatchDueAsync(CancellationToken.None);
        _clock.Advance(TimeSpan.FromHours(1));
        await dispatcher.DispatchDueAsync(CancellationToken.None);

        var mails = app.Mail.Messages.Where(m => m.To.Mailboxes.Any(a => a.Address == to)).ToList();
        var mail = Assert.Single(mails);
        Assert.Equal("Neue Nachricht in Ihrem Postfach", mail.Subject);
        Assert.Contains("https://kogge.example/rostock/postfach", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("Bitte melden Sie sich an", mail.TextBody, StringComparison.Ordinal);
        Assert.Empty(mail.Attachments);
        Assert.StartsWith(id.ToString("N"), mail.MessageId, StringComparison.Ordinal);
        var row = await RowAsync(id);
        Assert.Equal(OutboxStatus.Sent, row.Status);
        Assert.Equal(1, row.Attempts);
        Assert.Equal(_clock.GetUtcNow() - TimeSpan.FromHours(1), row.SentAt);
        Assert.Null(row.LockOwner);
    }

    [Fact]
    public async Task Dispatcher_ServerDown_RetriesWithGrowingDelaysAndFailsAfterFourHours()
    {
        var to = Address();
        var id = await EnqueueAsync("rostock", to);
        var start = _clock.GetUtcNow();
        var down = Dispatcher("knoten-a", ClosedPort());

        // Messages of the other tests in this database may be due too; this one's attempts are read from its row.
        var attemptTimes = new List<DateTimeOffset>();
        for (var minute = 0; minute <= 5 * 60; minute++)
        {
            await down.DispatchDueAsync(CancellationToken.None);
            if ((await RowAsync(id)).Attempts > attemptTimes.Count)
            {
                attemptTimes.Add(_clock.GetUtcNow());
            }

            _clock.Advance(TimeSpan.FromMinutes(1));
        }

        var delays = attemptTimes.Zip(attemptTimes.Skip(1), (a, b) => b - a).ToList();
        // Doubling up to an hour; the last attempt falls exactly on the end of the four hours.
        Assert.Equal([1, 2, 4, 8, 16, 32, 60, 60, 57], delays.Select(d => d.TotalMinutes));
        Assert.Equal(start + TimeSpan.FromHours(4), attemptTimes[^1]);
        var row = await RowAsync(id);
        Assert.Equal(OutboxStatus.Failed, row.Status);
        Assert.Equal(attemptTimes.Count, row.Attempts);
        Assert.Equal("Network: ConnectionRefused", row.LastError);
        Assert.DoesNotContain(app.Mail.Messages, m => m.To.Mailboxes.Any(a => a.Address == to));

        // The municipality's admin sees it, masked, and sends it again; now the server is up.
        var admin = app.Browser();
        await admin.SignInOrFailAsync("rostock", DemoData.Email("admin", "rostock"), DemoData.Password);
        var page = await admin.GetStringAsync(new Uri("/rostock/verwaltung/postausgang", UriKind.Relative));
        Assert.Contains($"b…@beispiel.example", page, StringComparison.Ordinal);
        Assert.DoesNotContain(to, page, StringComparison.Ordinal);
        Assert.Contains("fehlgeschlagen", page, StringComparison.Ordinal);
        Assert.Contains("Network: ConnectionRefused", page, StringComparison.Ordinal);

        var resent = await admin.PostFormAsync("/rostock/verwaltung/postausgang", [new("id", id.ToString())]);
        Assert.Equal(HttpStatusCode.OK, resent.StatusCode);
        Assert.Contains("Die E-Mail wird erneut gesendet.", await resent.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await Dispatcher("knoten-b").DispatchDueAsync(CancellationToken.None);
        Assert.Single(app.Mail.Messages, m => m.To.Mailboxes.Any(a => a.Address == to));
        Assert.Equal(OutboxStatus.Sent, (await RowAsync(id)).Status);
    }

    [Fact]
    public async Task AdminPage_OtherMunicipalitysMessage_IsNeitherListedNorResent()
    {
        var to = Address();
        var id = await EnqueueAsync("rostock", to);
        var down = Dispatcher("knoten-a", ClosedPort());
        await down.DispatchDueAsync(CancellationToken.None);

        var luebeck = app.Browser();
        await luebeck.SignInOrFailAsync("luebeck", DemoData.Email("admin", "luebeck"), DemoData.Password);
        var page = await luebeck.GetStringAsync(new Uri("/luebeck/verwaltung/postausgang", UriKind.Relative));
        Assert.DoesNotContain(id.ToString(), page, StringComparison.Ordinal);
        var resend = await luebeck.PostFormAsync("/luebeck/verwaltung/postausgang", [new("id", id.ToString())]);
        Assert.Equal(HttpStatusCode.NotFound, resend.StatusCode);

        var platform = app.Browser();
        await platform.SignInOrFailAsync("", DemoData.PlatformAdminEmail, DemoData.Password);
        var all = await platform.GetStringAsync(new Uri("/plattform/postausgang", UriKind.Relative));
        Assert.Contains(id.ToString(), all, StringComparison.Ordinal);
        Assert.Contains("Rostock", all, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TwoDispatchers_SameDatabase_NeverSendAMessageTwice()
    {
        var recipients = Enumerable.Range(0, 60).Select(_ => Address()).ToList();
        var ids = new List<Guid>();
        foreach (var to in recipients)
        {
            ids.Add(await EnqueueAsync(recipients.IndexOf(to) % 2 == 0 ? "rostock" : "luebeck", to));
        }

        var a = Dispatcher("knoten-a", batch: 3);
        var b = Dispatcher("knoten-b", batch: 3);
        var attempts = await Task.WhenAll(Task.Run(() => a.DispatchDueAsync(CancellationToken.None)), Task.Run(() => b.DispatchDueAsync(CancellationToken.None)));

        Assert.True(attempts.Sum() >= 60);
        foreach (var to in recipients)
        {
            Assert.Single(app.Mail.Messages, m => m.To.Mailboxes.Any(x => x.Address == to));
        }

        var rows = await app.InTenantAsync(null, (_, db) => db.OutboxMessages.IgnoreQueryFilters().AsNoTracking().Where(m => ids.Contains(m.Id)).ToListAsync());
        Assert.All(rows, r => Assert.Equal((OutboxStatus.Sent, 1), (r.Status, r.Attempts)));
    }

    [Fact]
    public async Task Enqueue_BusinessTransactionRolledBack_SendsNothing()
    {
        var to = Address();
        await app.InTenantAsync("rostock", async (_, db) =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            new EmailOutbox(_clock).Enqueue(db, MailTemplates.ApplicationReceivedMail(to, "Rostock", "BPA-2026-000001", "https://kogge.example/rostock/antraege", CultureInfo.GetCultureInfo("de")),
                MailTemplates.ApplicationReceived);
            await db.SaveChangesAsync();
            await transaction.RollbackAsync();
            return 0;
        });

        await Dispatcher("knoten-a").DispatchDueAsync(CancellationToken.None);

        Assert.DoesNotContain(app.Mail.Messages, m => m.To.Mailboxes.Any(a => a.Address == to));
        Assert.False(await app.InTenantAsync(null, (_, db) => db.OutboxMessages.IgnoreQueryFilters().AnyAsync(m => m.Recipient == to)));
    }

    [Fact]
    public async Task Enqueue_SameIdempotencyKeyTwice_IsRefusedByTheDatabase()
    {
        var key = $"antrag-eingegangen:{Guid.NewGuid()}";
        await EnqueueAsync("rostock", Address(), key);
        await Assert.ThrowsAsync<DbUpdateException>(() => EnqueueAsync("rostock", Address(), key));
    }

    [Theory]
    [InlineData("de", "Ihr Antrag ist eingegangen – BPA-1", "Ihr Aktenzeichen lautet BPA-1.")]
    [InlineData("en", "Application received – BPA-1", "Your reference number is BPA-1.")]
    public void ApplicationReceivedMail_Culture_PlainWordsAndOnlyTheLink(string culture, string subject, string sentence)
    {
        var mail = MailTemplates.ApplicationReceivedMail("a@b.example", "Hansestadt Lübeck", "BPA-1", "https://kogge.example/luebeck/antraege?x=1&y=2", CultureInfo.GetCultureInfo(culture));
        Assert.Equal(subject, mail.Subject);
        Assert.Contains(sentence, mail.Text, StringComparison.Ordinal);
        Assert.Contains("href=\"https://kogge.example/luebeck/antraege?x=1&amp;y=2\"", mail.Html, StringComparison.Ordinal);
        Assert.Contains("Hansestadt L&#xFC;beck", mail.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void DocumentRequestMail_German_SieForm()
    {
        var mail = MailTemplates.DocumentRequestMail("a@b.example", "Hansestadt Rostock", "SNE-7", "https://kogge.example/rostock/postfach", CultureInfo.GetCultureInfo("de"));
        Assert.Equal("Wir brauchen noch Unterlagen – SNE-7", mail.Subject);
        Assert.Contains("brauchen wir noch Unterlagen von Ihnen", mail.Text, StringComparison.Ordinal);
        Assert.Contains("Unterlagen hochladen: https://kogge.example/rostock/postfach", mail.Text, StringComparison.Ordinal);
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
