using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;

namespace Kogge.Web.Platform.Identity;

/// <summary>
/// Identity's TOTP check accepts a code for as long as its time window lasts, so a code seen over someone's shoulder
/// could be used a second time. Kogge remembers the last accepted code (as a hash) and refuses it again.
/// </summary>
internal sealed class OneTimeAuthenticatorCodes(TimeProvider clock) : AuthenticatorTokenProvider<KoggeUser>
{
    public const string Name = "KoggeAuthenticator";
    private const string Store = "Kogge";
    private const string LastCode = "LastAuthenticatorCode";

    // Longer than Identity's acceptance window (the current 30-second step and two on either side).
    private static readonly TimeSpan Memory = TimeSpan.FromMinutes(3);

    public override async Task<bool> ValidateAsync(string purpose, string token, UserManager<KoggeUser> manager, KoggeUser user)
    {
        if (!await base.ValidateAsync(purpose, token, manager, user))
        {
            return false;
        }

        var now = clock.GetUtcNow();
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(user.Id + ":" + token)));
        var last = await manager.GetAuthenticationTokenAsync(user, Store, LastCode);
        if (last?.Split('|') is [var lastHash, var seconds]
            && lastHash == hash
            && long.TryParse(seconds, NumberStyles.None, CultureInfo.InvariantCulture, out var at)
            && now - DateTimeOffset.FromUnixTimeSeconds(at) < Memory)
        {
            return false;
        }

        await manager.SetAuthenticationTokenAsync(user, Store, LastCode, $"{hash}|{now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}");
        return true;
    }
}
