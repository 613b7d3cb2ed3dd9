using Microsoft.AspNetCore.Mvc.Razor;

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
            .AddDataAnnotationsLocalization(o => o.DataAnnotationLocalizerProvider = (_, factory) => factory.Create(typeof(SharedResource)))
            .AddMvcOptions(o =>
            {
                var messages = o.ModelBindingMessageProvider;
                messages.SetValueMustNotBeNullAccessor(_ => "Bitte füllen Sie dieses Feld aus.");
                messages.SetAttemptedValueIsInvalidAccessor((_, _) => "Der Wert ist ungültig.");
                messages.SetValueIsInvalidAccessor(_ => "Der Wert ist ungültig.");
                messages.SetMissingBindRequiredValueAccessor(_ => "Bitte füllen Sie dieses Feld aus.");
                messages.SetMissingKeyOrValueAccessor(() => "Bitte füllen Sie dieses Feld aus.");
                messages.SetUnknownValueIsInvalidAccessor(_ => "Der Wert ist ungültig.");
                messages.SetValueMustBeANumberAccessor(_ => "Bitte geben Sie eine Zahl ein.");
                messages.SetNonPropertyAttemptedValueIsInvalidAccessor(_ => "Der Wert ist ungültig.");
                messages.SetNonPropertyUnknownValueIsInvalidAccessor(() => "Der Wert ist ungültig.");
                messages.SetNonPropertyValueMustBeANumberAccessor(() => "Bitte geben Sie eine Zahl ein.");
                messages.SetMissingRequestBodyRequiredValueAccessor(() => "Die Anfrage enthält keine Daten.");
            });
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
