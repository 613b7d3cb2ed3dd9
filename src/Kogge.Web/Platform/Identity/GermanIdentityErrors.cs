using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;

namespace Kogge.Web.Platform.Identity;

/// <summary>Identity's messages in plain German (English through the resources).</summary>
internal sealed class GermanIdentityErrors(IStringLocalizer<SharedResource> l) : IdentityErrorDescriber
{
    public override IdentityError DuplicateEmail(string email) =>
        Error(nameof(DuplicateEmail), "Für diese E-Mail-Adresse gibt es bereits ein Konto.");

    public override IdentityError DuplicateUserName(string userName) =>
        Error(nameof(DuplicateUserName), "Für diese E-Mail-Adresse gibt es bereits ein Konto.");

    public override IdentityError InvalidEmail(string? email) =>
        Error(nameof(InvalidEmail), "Bitte geben Sie eine gültige E-Mail-Adresse ein.");

    public override IdentityError InvalidUserName(string? userName) =>
        Error(nameof(InvalidUserName), "Bitte geben Sie eine gültige E-Mail-Adresse ein.");

    public override IdentityError PasswordTooShort(int length) =>
        Error(nameof(PasswordTooShort), "Das Passwort ist zu kurz.");

    public override IdentityError PasswordRequiresUniqueChars(int uniqueChars) =>
        Error(nameof(PasswordRequiresUniqueChars), "Das Passwort muss aus mehr verschiedenen Zeichen bestehen.");

    public override IdentityError PasswordMismatch() =>
        Error(nameof(PasswordMismatch), "Das Passwort ist nicht richtig.");

    public override IdentityError InvalidToken() =>
        Error(nameof(InvalidToken), "Der Link ist ungültig oder abgelaufen.");

    public override IdentityError ConcurrencyFailure() =>
        Error(nameof(ConcurrencyFailure), "Das Konto wurde inzwischen geändert. Bitte laden Sie die Seite neu.");

    public override IdentityError DefaultError() =>
        Error(nameof(DefaultError), "Die Aktion ist fehlgeschlagen.");

    private IdentityError Error(string code, string german) => new() { Code = code, Description = l[german] };
}
