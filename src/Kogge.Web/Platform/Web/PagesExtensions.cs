using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Razor;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Kogge.Web.Platform.Web;

public static class PagesExtensions
{
    /// <summary>Razor Pages from <c>Modules/</c>, each declaring its own absolute route; German validation messages.</summary>
    public static IServiceCollection AddKoggePages(this IServiceCollection services)
    {
        services.AddRazorPages(o =>
            {
                o.RootDirectory = "/Modules";
                o.Conventions.ConfigureFilter(new UnknownHandlerFilter());
            })
            .AddViewLocalization(LanguageViewLocationExpanderFormat.Suffix)
            .AddDataAnnotationsLocalization(o => o.DataAnnotationLocalizerProvider = (_, factory) => factory.Create(typeof(SharedResource)));
        services.AddSingleton<IConfigureOptions<MvcOptions>, ModelBindingMessages>();
        // German text stays readable in the HTML ("Lübeck", not "L&#xFC;beck"); markup characters are still encoded.
        services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
            o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        return services;
    }

    public static WebApplication MapKoggePages(this WebApplication app)
    {
        // Every page requires a signed-in account of the municipality unless it says [AllowAnonymous].
        app.MapRazorPages().RequireAuthorization();
        return app;
    }
}

/// <summary>Model binding's own messages (a number field with letters in it) in plain German, English through the resources.</summary>
internal sealed class ModelBindingMessages(IStringLocalizerFactory factory) : IConfigureOptions<MvcOptions>
{
    public void Configure(MvcOptions options)
    {
        var l = factory.Create(typeof(SharedResource));
        var messages = options.ModelBindingMessageProvider;
        messages.SetValueMustNotBeNullAccessor(_ => l["Bitte füllen Sie dieses Feld aus."]);
        messages.SetMissingBindRequiredValueAccessor(_ => l["Bitte füllen Sie dieses Feld aus."]);
        messages.SetMissingKeyOrValueAccessor(() => l["Bitte füllen Sie dieses Feld aus."]);
        messages.SetAttemptedValueIsInvalidAccessor((_, _) => l["Der Wert ist ungültig."]);
        messages.SetValueIsInvalidAccessor(_ => l["Der Wert ist ungültig."]);
        messages.SetUnknownValueIsInvalidAccessor(_ => l["Der Wert ist ungültig."]);
        messages.SetNonPropertyAttemptedValueIsInvalidAccessor(_ => l["Der Wert ist ungültig."]);
        messages.SetNonPropertyUnknownValueIsInvalidAccessor(() => l["Der Wert ist ungültig."]);
        messages.SetValueMustBeANumberAccessor(_ => l["Bitte geben Sie eine Zahl ein."]);
        messages.SetNonPropertyValueMustBeANumberAccessor(() => l["Bitte geben Sie eine Zahl ein."]);
        messages.SetMissingRequestBodyRequiredValueAccessor(() => l["Die Anfrage enthält keine Daten."]);
    }
}
