using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Kogge.Web.Platform.Identity;

/// <summary>
/// Tokens of sign-in links sent by e-mail: protected like Identity's other e-mail tokens, bound to the account's
/// security stamp, valid for <see cref="Lifespan"/>. Redeeming a link renews the stamp, so a link works once and
/// every other link sent before it stops working.
/// </summary>
public sealed class SignInLinkTokens(IDataProtectionProvider protection, IOptions<SignInLinkTokenOptions> options, ILogger<DataProtectorTokenProvider<KoggeUser>> logger)
    : DataProtectorTokenProvider<KoggeUser>(protection, options, logger)
{
    public const string ProviderName = "SignInLink";

    public const string Purpose = "kogge-sign-in-link";

    public static readonly TimeSpan Lifespan = TimeSpan.FromMinutes(30);
}

public sealed class SignInLinkTokenOptions : DataProtectionTokenProviderOptions
{
    public SignInLinkTokenOptions()
    {
        Name = SignInLinkTokens.ProviderName;
        TokenLifespan = SignInLinkTokens.Lifespan;
    }
}
