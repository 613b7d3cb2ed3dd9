using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kogge.Web.Modules.Cases;
using Kogge.Web.Modules.Fees;
using Kogge.Web.Tests.Infrastructure;

namespace Kogge.Web.Tests.Modules.Cases;

/// <summary>The fee before submission and on the case, the receipt page and the receipt e-mail; on SQLite or PostgreSQL.</summary>
public class FeeAndReceiptTests(KoggeApp app) : IClassFixture<KoggeApp>
{
    [Fact]
    public async Task Review_ServiceWithFeeRule_ShowsLinesAndTotalInGerman_AndTheCaseKeepsThem()
    {
        await ApplySamples.PublishAsync(app, "parken-gebuehr", "99108001013101", ApplySamples.FeeRule);
        var client = await CitizenFlow.NewCitizenAsync(app, "gebuehr@rostock.example");

        var review = WebUtility.HtmlDecode(await CitizenFlow.FillAsync(client, "parken-gebuehr"));
        Assert.Contains("Parkausweis", review);
        Assert.Contains("30,70 €", review);
        Assert.Contains("1.000,00 €", review);
        Assert.Contains("1.030,70 €", review);

        var receipt = await CitizenFlow.SubmitAsync(client, "parken-gebuehr", review);
        var id = Guid.Parse(receipt.Split('/')[4]);
        var stored = await app.InTenantAsync("rostock", (_, db) => db.Cases.FindAsync(id).AsTask());
        Assert.Equal(1030.70m, stored!.FeeAmount);
        Assert.Equal([new FeeLine("Parkausweis", 30.70m), new FeeLine("Eilzuschlag", 1000m)], ServiceFees.Lines(stored.FeeBreakdown));
        Assert.Contains("1.030,70 €", WebUtility.HtmlDecode(await client.GetStringAsync(new Uri($"/rostock/konto/antraege/{id}", UriKind.Relative))));
    }

    [Fact]
    public async Task Review_ServiceWithoutFeeRule_ShowsNoFee_AndTheCaseHasNone()
    {
        await ApplySamples.PublishAsync(app, "parken-gebuehrenfrei", "99108001013102");
        var client = await CitizenFlow.NewCitizenAsync(app, "gebuehrenfrei@rostock.example");

        var review = await CitizenFlow.FillAsync(client, "parken-gebuehrenfrei");
        Assert.DoesNotContain("gebuehr-titel", review);
        var created = await CitizenFlow.ApplyAsync(app, client, "parken-gebuehrenfrei");
        Assert.Null(created.FeeAmount);
    }

    [Fact]
    public async Task Submit_ThroughThePages_ReceiptPageAndReceiptMailWithReferenceNumberButNoFormData()
    {
        await ApplySamples.PublishAsync(app, "parken-eingang", "99108001013103", ApplySamples.FeeRule);
        const string email = "eingang@rostock.example";
        var client = await CitizenFlow.NewCitizenAsync(app, email);

        var receipt = await CitizenFlow.SubmitAsync(client, "parken-eingang", await CitizenFlow.FillAsync(client, "parken-eingang"));
        var id = Guid.Parse(receipt.Split('/')[4]);
        var page = WebUtility.HtmlDecode(await client.GetStringAsync(new Uri(receipt, UriKind.Relative)));
        var created = await app.InTenantAsync("rostock", (_, db) => db.Cases.FindAsync(id).AsTask());
        Assert.Contains("Ihr Antrag ist eingegangen", page);
        Assert.Contains(created!.ReferenceNumber, page);
        Assert.Contains("Wie geht es weiter?", page);

        var mail = await app.Mail.WaitForAsync(email);
        Assert.Contains(created.ReferenceNumber, mail.Subject);
        Assert.Contains(created.ReferenceNumber, mail.TextBody);
        Assert.Contains($"/rostock/konto/antraege/{id}", mail.TextBody);
        Assert.DoesNotContain("HRO-KÜ 7", mail.TextBody + mail.HtmlBody);
        Assert.DoesNotContain("zulassung.pdf", mail.TextBody + mail.HtmlBody);
        Assert.Empty(mail.Attachments);
    }

    [Fact]
    public async Task Api_CaseOfServiceWithFee_CarriesAmountAndLines()
    {
        await ApplySamples.PublishAsync(app, "parken-gebuehr-api", "99108001013104", ApplySamples.FeeRule);
        var client = await app.ApiClientAsync("rostock", "ProcessWorker");
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/rostock/api/v1/applications", UriKind.Relative))
        {
            Content = new MultipartFormDataContent
            {
                { JsonContent.Create(new { service = "parken-gebuehr-api", data = new { kennzeichen = "HRO-A 1" } }), "application" },
                { new ByteArrayContent(ApplySamples.Pdf), "zulassung", "zulassung.pdf" },
            },
        };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        var created = await client.SendAsync(request);
        var body = await created.Content.ReadAsStringAsync();
        Assert.True(created.StatusCode == HttpStatusCode.Created, body);

        using var json = JsonDocument.Parse(body);
        Assert.Equal(1030.70m, json.RootElement.GetProperty("feeAmount").GetDecimal());
        var lines = json.RootElement.GetProperty("feeLines");
        Assert.Equal(2, lines.GetArrayLength());
        Assert.Equal("Parkausweis", lines[0].GetProperty("label").GetString());
        Assert.Equal(30.70m, lines[0].GetProperty("amount").GetDecimal());
    }
}
