using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Kogge.Web.Platform.Email;

/// <summary>A message to one recipient, with a plain-text and an HTML body; <paramref name="Id"/> becomes its Message-ID.</summary>
public sealed record EmailMessage(string To, string Subject, string Text, string Html, Guid? Id = null);

/// <summary>
/// Sends e-mail through the configured SMTP server with MailKit. Mails link to Kogge instead of carrying personal
/// data, so the message body is safe to store; the recipient address is never logged.
/// </summary>
public sealed class EmailSender(SmtpOptions options, TimeProvider clock, ILogger<EmailSender> logger)
{
    public async Task SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        var mime = new MimeMessage();
        var from = MailboxAddress.Parse(options.From);
        mime.From.Add(from);
        if (message.Id is { } id)
        {
            // A receiving server that sees the same Message-ID twice (after a crash between send and record) can drop it.
            mime.MessageId = $"{id:N}@{from.Domain}";
        }

        mime.To.Add(MailboxAddress.Parse(message.To));
        mime.Subject = message.Subject;
        mime.Body = new BodyBuilder { TextBody = message.Text, HtmlBody = message.Html }.ToMessageBody();

        if (string.IsNullOrEmpty(options.Host))
        {
            Directory.CreateDirectory(options.PickupDirectory);
            var path = Path.Combine(options.PickupDirectory, $"{clock.GetUtcNow():yyyyMMdd-HHmmss}-{Guid.NewGuid():N}.eml");
            await mime.WriteToAsync(path, cancellationToken);
            logger.LogInformation("No SMTP server configured; wrote mail {Subject} to {Path}", message.Subject, path);
            return;
        }

        using var client = new SmtpClient();
        var security = options.Security switch
        {
            "SslOnConnect" => SecureSocketOptions.SslOnConnect,
            "None" => SecureSocketOptions.None,
            _ => SecureSocketOptions.StartTls,
        };
        await client.ConnectAsync(options.Host, options.Port, security, cancellationToken);
        if (!string.IsNullOrEmpty(options.UserName))
        {
            await client.AuthenticateAsync(options.UserName, options.Password ?? "", cancellationToken);
        }

        await client.SendAsync(mime, cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
        logger.LogInformation("Sent mail {Subject} through {Host}", message.Subject, options.Host);
    }
}
