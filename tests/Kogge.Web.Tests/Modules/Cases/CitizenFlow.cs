using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Kogge.Web.Modules.Cases;
using Kogge.Web.Platform.Demo;
using Kogge.Web.Platform.Identity;
using Kogge.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Kogge.Web.Tests.Modules.Cases;

/// <summary>A citizen of Rostock who applies for the sample service through the pages, as a browser without JavaScript would.</summary>
internal static partial class CitizenFlow
{
    public static async Task<HttpClient> SignedInAsync(KoggeApp app, string slug, string email)
    {
        var client = app.Browser();
        await client.SignInOrFailAsync(slug, email, DemoData.Password);
        return client;
    }

    /// <summary>A new clerk (staff, role Clerk) of <paramref name="slug"/>, signed in.</summary>
    public static async Task<HttpClient> NewClerkAsync(KoggeApp app, string slug) => await SignedInAsync(app, slug, await ClerkAccountAsync(app, slug));

    /// <summary>A new clerk account of <paramref name="slug"/> with the demo password; returns its e-mail address.</summary>
    public static async Task<string> ClerkAccountAsync(KoggeApp app, string slug)
    {
        var email = $"clerk-{Guid.NewGuid():N}"[..20] + "@" + slug + ".example";
        await app.InTenantAsync(slug, async (services, _) =>
        {
            var users = services.GetRequiredService<UserManager<KoggeUser>>();
            var user = new KoggeUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = "Sachbearbeitung Test", IsStaff = true };
            Assert.True((await users.CreateAsync(user, DemoData.Password)).Succeeded);
            return await users.AddToRoleAsync(user, Roles.Clerk);
        });
        return email;
    }

    /// <summary>A new confirmed citizen of Rostock, signed in.</summary>
    public static async Task<HttpClient> NewCitizenAsync(KoggeApp app, string email)
    {
        await ApplySamples.CitizenAsync(app, "rostock", email);
        return await SignedInAsync(app, "rostock", email);
    }

    public static async Task<HttpResponseMessage> PostMultipartAsync(HttpClient client, string path, IEnumerable<KeyValuePair<string, string>> fields,
        (string Field, string Name, byte[] Content)? file = null, string? action = null)
    {
        var token = await client.TokenFromAsync(path);
        using var content = new MultipartFormDataContent();
        foreach (var (key, value) in fields.Append(new("__kogge_csrf", token)))
        {
            content.Add(new StringContent(value), key);
        }

        if (file is { } f)
        {
            var bytes = new ByteArrayContent(f.Content);
            bytes.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
            content.Add(bytes, f.Field, f.Name);
        }

        return await client.PostAsync(new Uri(action ?? path, UriKind.Relative), content);
    }

    /// <summary>Fills both pages of the sample service <paramref name="slug"/> and returns the review page's HTML.</summary>
    public static async Task<string> FillAsync(HttpClient client, string slug)
    {
        var form = $"/rostock/leistungen/{slug}/antrag";
        Assert.Equal(form + "/2", (await PostMultipartAsync(client, form, [new("kennzeichen", "HRO-KÜ 7"), new("aktion", "weiter")])).RedirectPath());
        Assert.Equal(form + "/pruefen", (await PostMultipartAsync(client, form + "/2", [new("aktion", "weiter")], ("zulassung", "zulassung.pdf", ApplySamples.Pdf))).RedirectPath());
        return await client.GetStringAsync(new Uri(form + "/pruefen", UriKind.Relative));
    }

    /// <summary>Submits the reviewed application; returns the receipt's path.</summary>
    public static async Task<string> SubmitAsync(HttpClient client, string slug, string review)
    {
        var response = await client.PostAsync(new Uri($"/rostock/leistungen/{slug}/antrag/pruefen", UriKind.Relative), new FormUrlEncodedContent(
            [new("__kogge_csrf", BrowserExtensions.AntiforgeryToken(review)), new("idempotencyKey", IdempotencyKey().Match(review).Groups[1].Value)]));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response.RedirectPath();
    }

    /// <summary>Applies from start to receipt and returns the case as stored.</summary>
    public static async Task<Case> ApplyAsync(KoggeApp app, HttpClient client, string slug)
    {
        var receipt = await SubmitAsync(client, slug, await FillAsync(client, slug));
        var id = Guid.Parse(receipt.Split('/')[4]);
        return await app.InTenantAsync("rostock", (_, db) => db.Cases.AsNoTracking().FirstAsync(c => c.Id == id));
    }

    [GeneratedRegex("name=\"idempotencyKey\" value=\"([^\"]+)\"")]
    private static partial Regex IdempotencyKey();
}
