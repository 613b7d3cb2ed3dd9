using Kogge.Web.Platform.Tenancy;

namespace Kogge.Web.Platform.Identity;

/// <summary>
/// Where a municipality requires two-factor sign-in for staff, a staff member without an authenticator app is sent
/// to set one up before any other page.
/// </summary>
internal sealed class StaffTwoFactorGate(RequestDelegate next)
{
    public const string SetupPath = "/konto/zwei-faktor";

    public Task InvokeAsync(HttpContext context, TenantContext tenant)
    {
        var user = context.User;
        if (tenant.Current is { RequireStaffTwoFactor: true }
            && user.Identity?.IsAuthenticated == true
            && user.HasClaim(KoggeClaims.Staff, "true")
            && !user.HasClaim("amr", "mfa")
            && !user.HasClaim(KoggeClaims.TwoFactorEnabled, "true")
            && !IsAllowed(context.Request.Path))
        {
            context.Response.Redirect(context.Request.PathBase + SetupPath);
            return Task.CompletedTask;
        }

        return next(context);
    }

    private static bool IsAllowed(PathString path) =>
        path.StartsWithSegments(SetupPath) || path.StartsWithSegments("/konto/abmelden") || path.StartsWithSegments("/fehler")
        || path.StartsWithSegments("/dist") || path.StartsWithSegments("/kultur") || path.StartsWithSegments("/api");
}
