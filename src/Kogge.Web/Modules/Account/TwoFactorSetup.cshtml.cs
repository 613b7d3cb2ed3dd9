using System.Globalization;
using System.Text;
using Kogge.Web.Platform.Audit;
using Kogge.Web.Platform.Identity;
using Kogge.Web.Platform.Tenancy;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using QRCoder;

namespace Kogge.Web.Modules.Account;

/// <summary>Sets up a TOTP authenticator app (RFC 6238) and hands out recovery codes once.</summary>
public sealed class TwoFactorSetupModel(
    UserManager<KoggeUser> users,
    SignInManager<KoggeUser> signIn,
    AuditLog audit,
    TenantContext tenant,
    IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty]
    public TwoFactorInput Input { get; set; } = new();

    public bool Enabled { get; private set; }

    public bool Required { get; private set; }

    public string SharedKey { get; private set; } = "";

    public string QrCodeDataUri { get; private set; } = "";

    public IReadOnlyList<string>? RecoveryCodes { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return NotFound();
        }

        await LoadAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return NotFound();
        }

        var code = Input.Code.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        if (ModelState.IsValid && !await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code))
        {
            ModelState.AddModelError("Input.Code", l["Der Code ist nicht richtig oder abgelaufen."]);
        }

        if (!ModelState.IsValid)
        {
            await LoadAsync(user);
            return Page();
        }

        await users.SetTwoFactorEnabledAsync(user, true);
        RecoveryCodes = [.. await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10) ?? []];
        await audit.WriteAsync("user.two_factor_enabled", "User", user.Id, cancellationToken: cancellationToken);
        await signIn.RefreshSignInAsync(user);
        Enabled = true;
        return Page();
    }

    public async Task<IActionResult> OnPostDisableAsync(CancellationToken cancellationToken)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return NotFound();
        }

        if (RequiredFor(user))
        {
            return Forbid();
        }

        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user);
        await audit.WriteAsync("user.two_factor_disabled", "User", user.Id, cancellationToken: cancellationToken);
        await signIn.RefreshSignInAsync(user);
        return RedirectToPage();
    }

    private bool RequiredFor(KoggeUser user) => user.IsStaff && tenant.Current?.RequireStaffTwoFactor == true;

    private async Task LoadAsync(KoggeUser user)
    {
        Enabled = user.TwoFactorEnabled;
        Required = RequiredFor(user);
        if (Enabled)
        {
            return;
        }

        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            await users.ResetAuthenticatorKeyAsync(user);
            key = await users.GetAuthenticatorKeyAsync(user) ?? "";
        }

        SharedKey = Group(key);
        var issuer = Uri.EscapeDataString(tenant.Current?.Name ?? "Kogge");
        var uri = $"otpauth://totp/{issuer}:{Uri.EscapeDataString(user.Email ?? "")}?secret={key}&issuer={issuer}&digits=6";
        using var data = QRCodeGenerator.GenerateQrCode(uri, QRCodeGenerator.ECCLevel.M);
        var svg = new SvgQRCode(data).GetGraphic(4);
        QrCodeDataUri = "data:image/svg+xml;base64," + Convert.ToBase64String(Encoding.UTF8.GetBytes(svg));
    }

    private static string Group(string key)
    {
        var grouped = new StringBuilder();
        for (var i = 0; i < key.Length; i += 4)
        {
            grouped.Append(key.AsSpan(i, Math.Min(4, key.Length - i))).Append(' ');
        }

        return grouped.ToString().TrimEnd().ToLower(CultureInfo.InvariantCulture);
    }
}
