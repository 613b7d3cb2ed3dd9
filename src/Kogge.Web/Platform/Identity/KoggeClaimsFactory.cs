using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Kogge.Web.Platform.Identity;

/// <summary>Adds the municipality and staff flag to the sign-in cookie, so authorization needs no database read.</summary>
internal sealed class KoggeClaimsFactory(UserManager<KoggeUser> users, RoleManager<KoggeRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<KoggeUser, KoggeRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(KoggeUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(KoggeClaims.Tenant, user.TenantId.ToString()));
        identity.AddClaim(new Claim("name_display", user.DisplayName));
        if (user.IsStaff)
        {
            identity.AddClaim(new Claim(KoggeClaims.Staff, "true"));
        }

        if (user.TwoFactorEnabled)
        {
            identity.AddClaim(new Claim(KoggeClaims.TwoFactorEnabled, "true"));
        }

        return identity;
    }
}
