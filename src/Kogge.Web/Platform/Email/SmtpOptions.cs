namespace Kogge.Web.Platform.Email;

/// <summary>Section <c>Kogge:Smtp</c>. Without a host, mail is written as .eml files to <see cref="PickupDirectory"/>.</summary>
public sealed class SmtpOptions
{
    public const string Section = "Kogge:Smtp";

    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    /// <summary><c>StartTls</c> (default), <c>SslOnConnect</c> or <c>None</c> (only for a relay on localhost).</summary>
    public string Security { get; set; } = "StartTls";

    public string? UserName { get; set; }

    public string? Password { get; set; }

    public string From { get; set; } = "Kogge <noreply@kogge.invalid>";

    /// <summary>Where mail goes when no SMTP host is configured (demo and development).</summary>
    public string PickupDirectory { get; set; } = "data/mail";
}
