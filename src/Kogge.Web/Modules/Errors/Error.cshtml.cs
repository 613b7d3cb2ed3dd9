using Kogge.Web.Platform.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Kogge.Web.Modules.Errors;

/// <summary>
/// The friendly error page for every status a person can meet, with the correlation id that operators find in the logs.
/// Any method: a failed POST is re-executed as a POST.
/// </summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
[ResponseCache(NoStore = true)]
public sealed class ErrorModel(IStringLocalizer<SharedResource> l) : PageModel
{
    public string Heading { get; private set; } = "";

    public string Explanation { get; private set; } = "";

    public string CorrelationId { get; private set; } = "";

    public IActionResult OnGet(int code) => Show(code);

    public IActionResult OnPost(int code) => Show(code);

    private PageResult Show(int code)
    {
        var exception = HttpContext.Features.Get<IExceptionHandlerFeature>()?.Error;
        if (exception is not null)
        {
            code = KoggeExceptionHandler.StatusFor(exception);
        }

        var reExecuted = HttpContext.Features.Get<IStatusCodeReExecuteFeature>() is not null || exception is not null;
        if (!reExecuted && (code < 400 || code > 599))
        {
            code = 404;
        }

        (Heading, Explanation) = code switch
        {
            400 => (l["Die Anfrage ist ungültig"], l["Das Formular war unvollständig oder abgelaufen. Bitte laden Sie die Seite neu und versuchen Sie es noch einmal."]),
            403 => (l["Kein Zugriff"], l["Für diese Seite fehlen Ihnen die Berechtigungen. Wenn Sie meinen, dass das ein Fehler ist, wenden Sie sich an die Administration Ihrer Verwaltung."]),
            404 => (l["Seite nicht gefunden"], l["Die Seite gibt es nicht oder nicht mehr. Prüfen Sie die Adresse oder beginnen Sie auf der Startseite."]),
            405 => (l["Die Anfrage ist ungültig"], l["Diese Aktion ist hier nicht möglich."]),
            409 => (l["Inzwischen geändert"], l["Jemand anderes hat die Daten inzwischen geändert. Bitte laden Sie die Seite neu."]),
            413 => (l["Die Daten sind zu groß"], l["Bitte senden Sie weniger oder kleinere Daten."]),
            415 => (l["Die Anfrage ist ungültig"], l["Dieses Datenformat wird hier nicht angenommen."]),
            429 => (l["Zu viele Versuche"], l["Bitte warten Sie eine Minute und versuchen Sie es dann noch einmal."]),
            _ when code >= 500 => (l["Ein Fehler ist aufgetreten"], l["Das hätte nicht passieren dürfen. Ihre Eingaben wurden nicht gespeichert. Bitte versuchen Sie es später noch einmal."]),
            _ => (l["Die Anfrage ist ungültig"], l["Bitte versuchen Sie es noch einmal."]),
        };
        Response.StatusCode = reExecuted ? (exception is null ? Response.StatusCode : code) : code;
        CorrelationId = KoggeExceptionHandler.CorrelationId(HttpContext);
        return Page();
    }
}
