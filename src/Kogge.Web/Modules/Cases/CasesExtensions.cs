using System.Security.Claims;
using Kogge.Web.Modules.Cases.Apply;
using Kogge.Web.Modules.Cases.DocumentRequests;
using Kogge.Web.Modules.Cases.Decide;
using Kogge.Web.Platform.Identity;
using Kogge.Web.Platform.Processes;
using Microsoft.AspNetCore.Authorization;

namespace Kogge.Web.Modules.Cases;

/// <summary>Applications and cases: their services in, their API out. The pages are found by Razor Pages.</summary>
public static class CasesExtensions
{
    /// <summary>Citizens (and businesses) of the municipality apply and follow their cases.</summary>
    public const string ApplicantPolicy = "Applicant";

    public static IServiceCollection AddCases(this IServiceCollection services)
    {
        services.AddScoped<ReferenceNumbers>();
        services.AddScoped<CaseSubmission>();
        services.AddScoped<PortalLinks>();
        services.AddScoped<DocumentRequests.DocumentRequests>();
        services.AddSingleton<DocumentRequestReminders>();
        services.AddHostedService<DocumentRequestReminderService>();
        services.AddScoped<Attachments>();
        services.AddScoped<CaseProgress>();
        services.AddHostedService<CaseProgressService>();
        services.AddProcessJobHandler<ServiceDecisions>(ServiceDecisions.JobType);
        services.AddProcessJobHandler<BodyNotification>(BodyNotification.JobType);
        services.AddProcessJobHandler<ReceiptConfirmation>(ReceiptConfirmation.JobType);
        services.AddProcessJobHandler<NoticeIssuing>(NoticeIssuing.JobType);
        services.AddProcessJobHandler<ApplicantReminders>(ApplicantReminders.JobType);
        services.Configure<AuthorizationOptions>(o => o.AddPolicy(ApplicantPolicy, new AuthorizationPolicyBuilder()
            .RequireAuthenticatedUser()
            .AddRequirements(new SameTenantRequirement())
            .RequireRole(Roles.Citizen)
            .Build()));
        return services;
    }

    public static WebApplication MapCases(this WebApplication app)
    {
        app.MapCaseApi();
        app.MapDocumentRequestApi();
        app.MapCaseDocumentApi();
        return app;
    }

    /// <summary>The signed-in account's id (for a token: the service account's).</summary>
    public static Guid AccountId(this ClaimsPrincipal user) =>
        Guid.Parse(user.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("No account is signed in."));
}
