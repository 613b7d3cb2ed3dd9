using System.ComponentModel.DataAnnotations;
using System.Text.Encodings.Web;
using Kogge.Web.Platform.Audit;
using Kogge.Web.Platform.Email;
using Kogge.Web.Platform.Identity;
using Kogge.Web.Platform.Outbox;
using Kogge.Web.Platform.Persistence;
using Kogge.Web.Platform.Tenancy;
using Kogge.Web.Platform.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Localization;

namespace Kogge.Web.Modules.Account;

/// <summary>Citizens register themselves and confirm their address by a link sent by e-mail.</summary>
[AllowAnonymous]
[TenantOnly]
[EnableRateLimiting(AccountExtensions.SignInRateLimit)]
public sealed class RegisterModel(
    UserManager<KoggeUser> users,
    AuditLog audit,
    EmailOutbox outbox,
    KoggeDbContext db,
    TenantContext tenant,
    TimeProvider clock,
    IConfiguration configuration,
    IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty]
    public RegisterInput Input { get; set; } = new();

    public bool Sent { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!Input.AcceptPrivacy)
        {
            ModelState.AddModelError("Input.AcceptPrivacy", l["Bitte bestätigen Sie, dass Sie die Datenschutzhinweise gelesen haben."]);
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var email = Input.Email.Trim();
        var existing = await users.FindByEmailAsync(email);
        if (existing is not null)
        {
            // Same answer as for a new address, so that nobody can find out who has an account.
            outbox.Enqueue(db, new EmailMessage(email,
                l["Ihr Konto bei der {0}", tenant.Current!.Name],
                l["Jemand hat versucht, mit Ihrer E-Mail-Adresse ein Konto zu erstellen. Sie haben bereits ein Konto. Wenn Sie Ihr Passwort vergessen haben, wenden Sie sich bitte an die Verwaltung."],
                HtmlEncoder.Default.Encode(l["Jemand hat versucht, mit Ihrer E-Mail-Adresse ein Konto zu erstellen. Sie haben bereits ein Konto. Wenn Sie Ihr Passwort vergessen haben, wenden Sie sich bitte an die Verwaltung."])),
                "konto-vorhanden");
            await db.SaveChangesAsync(cancellationToken);
            Sent = true;
            return Page();
        }

        var user = new KoggeUser
        {
            UserName = email,
            Email = email,
            DisplayName = Input.DisplayName.Trim(),
            IsStaff = false,
            CreatedAt = clock.GetUtcNow(),
        };
        var result = await users.CreateAsync(user, Input.Password);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                ModelState.AddModelError(error.Code.StartsWith("Password", StringComparison.Ordinal) ? "Input.Password" : "Input.Email", error.Description);
            }

            return Page();
        }

        await users.AddToRoleAsync(user, Roles.Citizen);
        audit.Add("user.registered", "User", user.Id, new { roles = new[] { Roles.Citizen } });
        await db.SaveChangesAsync(cancellationToken);

        var token = WebEncoders.Base64UrlEncode(System.Text.Encoding.UTF8.GetBytes(await users.GenerateEmailConfirmationTokenAsync(user)));
        var link = Request.AbsoluteLink(configuration, Url.Page("/Account/ConfirmEmail", new { userId = user.Id, code = token })!);
        var text = l["Bitte bestätigen Sie Ihre E-Mail-Adresse für Ihr Konto bei der {0}: {1}", tenant.Current!.Name, link];
        outbox.Enqueue(db, new EmailMessage(email,
            l["Bitte bestätigen Sie Ihre E-Mail-Adresse"],
            text + "\n\n" + l["Wenn Sie kein Konto erstellt haben, können Sie diese E-Mail ignorieren."],
            $"<p>{HtmlEncoder.Default.Encode(l["Bitte bestätigen Sie Ihre E-Mail-Adresse für Ihr Konto bei der {0}.", tenant.Current.Name])}</p>"
            + $"<p><a href=\"{HtmlEncoder.Default.Encode(link)}\">{HtmlEncoder.Default.Encode(l["E-Mail-Adresse bestätigen"])}</a></p>"
            + $"<p>{HtmlEncoder.Default.Encode(l["Wenn Sie kein Konto erstellt haben, können Sie diese E-Mail ignorieren."])}</p>"),
            "konto-bestaetigen");
        await db.SaveChangesAsync(cancellationToken);
        Sent = true;
        return Page();
    }
}

public sealed class RegisterInput
{
    [Required(ErrorMessage = "Bitte geben Sie Ihren Namen ein.")]
    [StringLength(200, ErrorMessage = "Der Name darf höchstens 200 Zeichen lang sein.")]
    public string DisplayName { get; set; } = "";

    [Required(ErrorMessage = "Bitte geben Sie Ihre E-Mail-Adresse ein.")]
    [EmailAddress(ErrorMessage = "Bitte geben Sie eine gültige E-Mail-Adresse ein.")]
    [StringLength(256, ErrorMessage = "Die E-Mail-Adresse ist zu lang.")]
    public string Email { get; set; } = "";

    [Required(ErrorMessage = "Bitte geben Sie ein Passwort ein.")]
    [StringLength(200, ErrorMessage = "Das Passwort darf höchstens 200 Zeichen lang sein.")]
    public string Password { get; set; } = "";

    [Required(ErrorMessage = "Bitte wiederholen Sie das Passwort.")]
    [Compare(nameof(Password), ErrorMessage = "Die beiden Passwörter stimmen nicht überein.")]
    public string ConfirmPassword { get; set; } = "";

    public bool AcceptPrivacy { get; set; }
}
