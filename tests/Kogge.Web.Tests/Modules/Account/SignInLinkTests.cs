using System.Net;
using System.Text.RegularExpressions;
using Kogge.Web.Platform.Demo;
using Kogge.Web.Tests.Infrastructure;
using Kogge.Web.Tests.Modules.Cases;
using Microsoft.EntityFrameworkCore;

namespace Kogge.Web.Tests.Modules.Account;

/// <summary>
/// Resuming a saved application by a sign-in link from e-mail: the link works once, only after the button (opening it
/// changes nothing), only for citizens without a second factor and only in their municipality; the page answers alike
/// for unknown addresses.
/// </summary>
public partial class SignInLinkTests(KoggeApp app) : IClassFixture<KoggeApp>
{
    [GeneratedRegex(@"http://localhost/rostock/konto/anmeldelink/einloesen\?\S+")]
    private static partial Regex Link();

    private static async Task<string> LinkFromAsync(KoggeApp app, string email, int nth)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            var links = app.Mail.Messages.Where(m => m.To.Mailboxes.Any(a => a.Address == email) && m.Subject == "Ihr Anmeldelink").ToList();
            if (links.Count >= nth)
            {
                return new Uri(WebUtility.HtmlDecode(Link().Match(links[nth - 1].TextBody ?? "").Value)).PathAndQuery;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"No sign-in link number {nth} for {email}.");
    }

    [Fact]
    public async Task SavedApplication_ResumedByLinkFromMail_OnceOnly()
    {
        await ApplySamples.PublishAsync(app, "parken-anmeldelink", "99108001015103");
        const string email = "anmeldelink@rostock.example";
        var citizen = await CitizenFlow.NewCitizenAsync(app, email);
        var saved = await citizen.PostPageAsync("/rostock/leistungen/parken-anmeldelink/antrag", [new("kennzeichen", "HRO-ML 7"), new("aktion", "speichern")]);
        Assert.Equal("/rostock/konto/antraege?hinweis=gespeichert", saved.RedirectPath());
        var overview = await citizen.GetStringAsync(new Uri(saved.RedirectPath(), UriKind.Relative));
        Assert.Contains("Link zum Fortsetzen per E-Mail senden", overview);
        var sent = await citizen.PostPageAsync("/rostock/konto/antraege?handler=Link", []);
        Assert.Equal("/rostock/konto/antraege?hinweis=link-gesendet", sent.RedirectPath());
        var link = await LinkFromAsync(app, email, 1);
        var mail = app.Mail.Messages.Last(m => m.Subject == "Ihr Anmeldelink" && m.To.Mailboxes.Any(a => a.Address == email));
        Assert.DoesNotContain("HRO-ML 7", mail.TextBody);

        // On another device: opening the link only shows the button; the button signs in and leads to the saved application.
        var device = app.Browser();
        var opened = await device.GetAsync(new Uri(link, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        Assert.Contains("Jetzt anmelden", await opened.Content.ReadAsStringAsync());
        Assert.Equal("/rostock/konto/anmelden?ReturnUrl=%2Frostock%2Fkonto%2Fantraege", (await device.GetAsync(new Uri("/rostock/konto/antraege", UriKind.Relative))).RedirectPath());
        var signedIn = await device.PostPageAsync(link, []);
        Assert.Equal("/rostock/konto/antraege", signedIn.RedirectPath());
        var drafts = WebUtility.HtmlDecode(await device.GetStringAsync(new Uri("/rostock/konto/antraege", UriKind.Relative)));
        Assert.Contains("Noch nicht abgesendet", drafts);
        var form = await device.GetStringAsync(new Uri("/rostock/leistungen/parken-anmeldelink/antrag/1", UriKind.Relative));
        Assert.Contains("HRO-ML 7", form);

        // The same link a second time, and a tampered one, do not sign in.
        var again = await app.Browser().PostPageAsync(link, []);
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Contains("ungültig, abgelaufen oder wurde schon benutzt", WebUtility.HtmlDecode(await again.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.BadRequest, (await app.Browser().PostPageAsync(link.Replace("code=", "code=x", StringComparison.Ordinal), [])).StatusCode);
    }

    [Fact]
    public async Task RequestPage_SameAnswerForEveryAddress_NoLinkForStaffOrOtherMunicipality_FieldMessages()
    {
        async Task<string> AskAsync(string email)
        {
            var response = await app.Browser().PostPageAsync("/rostock/konto/anmeldelink", [new("Input.Email", email)]);
            return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        }

        const string answer = "Wenn es zu dieser Adresse ein Bürgerkonto gibt, haben wir einen Anmeldelink dorthin geschickt.";
        await ApplySamples.CitizenAsync(app, "rostock", "link-anfrage@rostock.example");
        Assert.Contains(answer, await AskAsync("link-anfrage@rostock.example"));
        Assert.Contains(answer, await AskAsync("niemand@rostock.example"));
        Assert.Contains(answer, await AskAsync(DemoData.Email("sachbearbeitung", "rostock")));
        Assert.Contains(answer, await AskAsync(DemoData.Email("buerger", "luebeck")));
        Assert.Contains("gültige E-Mail-Adresse", await AskAsync("kein-at-zeichen"));
        var link = await LinkFromAsync(app, "link-anfrage@rostock.example", 1);
        Assert.StartsWith("/rostock/konto/anmeldelink/einloesen?benutzer=", link, StringComparison.Ordinal);

        await Task.Delay(500);
        Assert.DoesNotContain(app.Mail.Messages, m => m.Subject == "Ihr Anmeldelink"
            && m.To.Mailboxes.Any(a => a.Address is "niemand@rostock.example" || a.Address == DemoData.Email("sachbearbeitung", "rostock") || a.Address == DemoData.Email("buerger", "luebeck")));
        var citizenId = await app.InTenantAsync("rostock", (_, db) => db.Users.Where(u => u.Email == "link-anfrage@rostock.example").Select(u => u.Id).SingleAsync());
        Assert.Equal(1, await app.InTenantAsync("rostock", (_, db) => db.AuditEntries.CountAsync(e => e.Action == "signin.link_sent" && e.ObjectId == citizenId.ToString())));

        // A Rostock link does not sign in at Lübeck.
        var luebeck = link.Replace("/rostock/", "/luebeck/", StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await app.Browser().PostPageAsync(luebeck, [])).StatusCode);
    }
}
