using System.Security.Claims;
using System.Text.Encodings.Web;
using Kogge.Web.Platform.Identity;
using Kogge.Web.Platform.Persistence;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Kogge.Web.Platform.Api;

/// <summary>
/// Authenticates machine clients by <c>Authorization: Bearer kg_…</c>. The query filters make a token of another
/// municipality unknown here, so it fails like a wrong token.
/// </summary>
internal sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    KoggeDbContext db)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiToken";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (header is null || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var token = header["Bearer ".Length..].Trim();
        if (!token.StartsWith(ApiTokens.Prefix, StringComparison.Ordinal) || token.Length > 100)
        {
            return AuthenticateResult.Fail("The token is not a Kogge service-account token.");
        }

        var hash = ApiTokens.Hash(token);
        var account = await db.ServiceAccounts.AsNoTracking()
            .FirstOrDefaultAsync(a => a.TokenHash == hash && a.RevokedAt == null, Context.RequestAborted);
        if (account is null)
        {
            return AuthenticateResult.Fail("Unknown or revoked token.");
        }

        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, account.Id.ToString()),
            new(ClaimTypes.Name, account.Name),
            new(KoggeClaims.Tenant, account.TenantId.ToString()),
            new(KoggeClaims.ServiceAccount, "true"),
        };
        claims.AddRange(account.RoleList.Select(r => new Claim(ClaimTypes.Role, r)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }
}
