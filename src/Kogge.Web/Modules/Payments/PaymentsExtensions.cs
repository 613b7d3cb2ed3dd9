namespace Kogge.Web.Modules.Payments;

/// <summary>Paying fees online. The pages are found by Razor Pages.</summary>
public static class PaymentsExtensions
{
    public static IServiceCollection AddPayments(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddScoped<CasePayments>();
        if (TestProviderEnabled(configuration, environment))
        {
            services.AddScoped<IPaymentProvider, TestPaymentProvider>();
        }

        return services;
    }

    /// <summary><c>Kogge:Payments:TestProvider</c>, by default on in Development and where the demo is switched on; never in Production.</summary>
    public static bool TestProviderEnabled(IConfiguration configuration, IHostEnvironment environment) =>
        !environment.IsProduction()
        && (configuration.GetValue<bool?>("Kogge:Payments:TestProvider") ?? configuration.GetValue<bool?>("Kogge:Demo:Enabled") ?? environment.IsDevelopment());
}
