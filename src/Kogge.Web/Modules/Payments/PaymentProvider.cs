namespace Kogge.Web.Modules.Payments;

/// <summary>Where to send the citizen to pay, and the provider's id of the transaction.</summary>
public sealed record PaymentStart(string RedirectUrl, string ProviderReference);

/// <summary>
/// A payment provider (ePayBL, pmPayment, a card acquirer …). Kogge starts a payment and sends the citizen to the
/// provider's page; the provider reports the outcome through <see cref="CasePayments.CompleteAsync"/> (its callback,
/// which may arrive more than once) and sends the citizen back to the return address, where the outcome is shown.
/// </summary>
public interface IPaymentProvider
{
    /// <summary>A short stable name kept on each payment, e.g. <c>test</c>.</summary>
    string Name { get; }

    /// <summary>Registers <paramref name="payment"/> with the provider; the citizen comes back to <paramref name="returnUrl"/>.</summary>
    Task<PaymentStart> StartAsync(Payment payment, string description, string returnUrl, CancellationToken cancellationToken);
}

/// <summary>
/// The built-in test provider: its own page (<c>/testzahlung/{id}</c>) where the citizen chooses success, failure or
/// cancellation. No money moves. Offered only where <c>Kogge:Payments:TestProvider</c> is set, by default in
/// Development and on demo installations.
/// </summary>
public sealed class TestPaymentProvider(Cases.PortalLinks links) : IPaymentProvider
{
    public const string ProviderName = "test";

    public string Name => ProviderName;

    public Task<PaymentStart> StartAsync(Payment payment, string description, string returnUrl, CancellationToken cancellationToken) =>
        Task.FromResult(new PaymentStart(links.Absolute($"/testzahlung/{payment.Id}"), $"test-{payment.Id:N}"));
}
