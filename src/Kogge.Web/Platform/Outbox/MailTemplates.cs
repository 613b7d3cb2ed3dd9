using System.Globalization;
using System.Text.Encodings.Web;
using Kogge.Web.Platform.Email;

namespace Kogge.Web.Platform.Outbox;

/// <summary>
/// The e-mails to citizens. They say only that something happened and link to the mailbox: no names, no form
/// data, no attachments, because e-mail travels unencrypted and is read on shared devices.
/// German in the Sie-form, English when the recipient chose it.
/// </summary>
public static class MailTemplates
{
    public const string ApplicationReceived = "antrag-eingegangen";
    public const string NewMessage = "neue-nachricht";
    public const string DocumentRequest = "nachforderung";
    public const string DocumentReminder = "nachforderung-erinnerung";
    public const string SignInLink = "anmeldelink";
    public const string FeeReminder = "gebuehr-erinnerung";
    public const string RenewalReminder = "verlaengerung-erinnerung";

    /// <param name="reference">The case's reference number (no personal data; it is printed on the receipt too).</param>
    public static EmailMessage ApplicationReceivedMail(string to, string municipality, string reference, string link, CultureInfo culture) =>
        English(culture)
            ? Build(to, true, $"Application received – {reference}", link, "Go to your applications",
                $"We have received your application. Your reference number is {reference}.",
                "You can see the status of your application in your account at any time.",
                $"Kind regards\n{municipality}")
            : Build(to, false, $"Ihr Antrag ist eingegangen – {reference}", link, "Zu Ihren Anträgen",
                $"wir haben Ihren Antrag erhalten. Ihr Aktenzeichen lautet {reference}.",
                "Den Stand Ihres Antrags sehen Sie jederzeit in Ihrem Konto.",
                $"Mit freundlichen Grüßen\n{municipality}");

    public static EmailMessage NewMessageMail(string to, string municipality, string link, CultureInfo culture) =>
        English(culture)
            ? Build(to, true, "New message in your mailbox", link, "Open your mailbox",
                $"{municipality} has put a new message in your mailbox.",
                "For your protection, we do not send the content by e-mail. Please sign in to read it.",
                $"Kind regards\n{municipality}")
            : Build(to, false, "Neue Nachricht in Ihrem Postfach", link, "Zum Postfach",
                $"in Ihrem Postfach bei der {municipality} liegt eine neue Nachricht für Sie.",
                "Zu Ihrem Schutz schicken wir den Inhalt nicht per E-Mail. Bitte melden Sie sich an, um die Nachricht zu lesen.",
                $"Mit freundlichen Grüßen\n{municipality}");

    public static EmailMessage DocumentRequestMail(string to, string municipality, string reference, string link, CultureInfo culture) =>
        English(culture)
            ? Build(to, true, $"Documents needed for your application – {reference}", link, "Upload documents",
                $"To process your application {reference}, we need further documents from you.",
                "Please sign in and see in your mailbox which documents are missing and by when we need them.",
                $"Kind regards\n{municipality}")
            : Build(to, false, $"Wir brauchen noch Unterlagen – {reference}", link, "Unterlagen hochladen",
                $"um Ihren Antrag {reference} bearbeiten zu können, brauchen wir noch Unterlagen von Ihnen.",
                "Bitte melden Sie sich an. In Ihrem Postfach sehen Sie, welche Unterlagen fehlen und bis wann wir sie brauchen.",
                $"Mit freundlichen Grüßen\n{municipality}");

    public static EmailMessage DocumentReminderMail(string to, string municipality, string reference, string link, CultureInfo culture) =>
        English(culture)
            ? Build(to, true, $"Reminder: documents still missing – {reference}", link, "Upload documents",
                $"The date by which we asked for further documents for your application {reference} has passed, and we have not received them yet.",
                "Please sign in and upload them as soon as you can. If you have questions, please contact us and quote your reference number.",
                $"Kind regards\n{municipality}")
            : Build(to, false, $"Erinnerung: Es fehlen noch Unterlagen – {reference}", link, "Unterlagen hochladen",
                $"die Frist für die Unterlagen, die wir zu Ihrem Antrag {reference} angefordert haben, ist abgelaufen. Bei uns sind noch keine eingegangen.",
                "Bitte melden Sie sich an und laden Sie die Unterlagen so bald wie möglich hoch. Bei Fragen wenden Sie sich bitte mit Ihrem Aktenzeichen an uns.",
                $"Mit freundlichen Grüßen\n{municipality}");

    /// <param name="minutes">How long the link is valid.</param>
    public static EmailMessage SignInLinkMail(string to, string municipality, string link, int minutes, CultureInfo culture) =>
        English(culture)
            ? Build(to, true, "Your sign-in link", link, "Sign in",
                $"with this link you sign in to your account with {municipality} without your password. It works once and for {minutes} minutes.",
                "If you did not ask for it, you can ignore this e-mail: nobody can sign in without the link. Please do not forward it.",
                $"Kind regards\n{municipality}")
            : Build(to, false, "Ihr Anmeldelink", link, "Jetzt anmelden",
                $"mit diesem Link melden Sie sich ohne Passwort bei Ihrem Konto der {municipality} an. Er gilt einmal und {minutes} Minuten lang.",
                "Wenn Sie den Link nicht angefordert haben, können Sie diese E-Mail ignorieren: Ohne den Link kann sich niemand anmelden. Bitte leiten Sie ihn nicht weiter.",
                $"Mit freundlichen Grüßen\n{municipality}");

    public static EmailMessage FeeReminderMail(string to, string municipality, string reference, string link, CultureInfo culture) =>
        English(culture)
            ? Build(to, true, $"Reminder: the fee is still open – {reference}", link, "Pay the fee",
                $"The fee for your application {reference} has not been paid yet.",
                "We start processing your application as soon as the fee has been paid. Please sign in and pay it online.",
                $"Kind regards\n{municipality}")
            : Build(to, false, $"Erinnerung: Die Gebühr ist noch offen – {reference}", link, "Gebühr bezahlen",
                $"die Gebühr für Ihren Antrag {reference} ist noch nicht bezahlt.",
                "Wir bearbeiten Ihren Antrag, sobald die Gebühr bezahlt ist. Bitte melden Sie sich an und bezahlen Sie sie online.",
                $"Mit freundlichen Grüßen\n{municipality}");

    public static EmailMessage RenewalReminderMail(string to, string municipality, string reference, string link, CultureInfo culture) =>
        English(culture)
            ? Build(to, true, $"Please remember to renew – {reference}", link, "Go to your applications",
                $"What we granted on your application {reference} runs out in about six weeks.",
                "If you still need it, please apply again in good time. The notice is in your mailbox.",
                $"Kind regards\n{municipality}")
            : Build(to, false, $"Bitte denken Sie an die Verlängerung – {reference}", link, "Zu Ihren Anträgen",
                $"was wir Ihnen auf Ihren Antrag {reference} erteilt haben, läuft in etwa sechs Wochen ab.",
                "Wenn Sie es weiter brauchen, stellen Sie bitte rechtzeitig einen neuen Antrag. Den Bescheid finden Sie in Ihrem Postfach.",
                $"Mit freundlichen Grüßen\n{municipality}");

    private static bool English(CultureInfo culture) => culture.TwoLetterISOLanguageName == "en";

    private static EmailMessage Build(string to, bool english, string subject, string link, string linkText, string first, string second, string closing)
    {
        var greeting = english ? "Hello," : "Guten Tag,";
        var text = $"{greeting}\n\n{first}\n\n{second}\n\n{linkText}: {link}\n\n{closing}\n";
        var e = HtmlEncoder.Default;
        var html = $"<p>{e.Encode(greeting)}</p><p>{e.Encode(first)}</p><p>{e.Encode(second)}</p>"
            + $"<p><a href=\"{e.Encode(link)}\">{e.Encode(linkText)}</a></p>"
            + $"<p>{string.Join("<br>", closing.Split('\n').Select(e.Encode))}</p>";
        return new EmailMessage(to, subject, text, html);
    }
}
