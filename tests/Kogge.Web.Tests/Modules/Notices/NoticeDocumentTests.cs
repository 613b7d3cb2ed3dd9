using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Kogge.Web.Modules.Notices;

namespace Kogge.Web.Tests.Modules.Notices;

public class NoticeDocumentTests
{
    public const string ParkingTemplate = """
        # Bescheid über Ihren Bewohnerparkausweis

        Guten Tag {{ antragsteller.name }},

        {% if entscheidung == "bewilligt" %}wir erteilen Ihnen den **Bewohnerparkausweis** für das Fahrzeug mit dem Kennzeichen **{{ formular.kennzeichen }}**.{% else %}wir können Ihnen leider keinen Bewohnerparkausweis erteilen.{% endif %}

        Der Ausweis gilt:
        - im Bewohnerparkgebiet {{ formular.gebiet }}
        - für {{ formular.laufzeit }} Jahr(e) ab dem {{ datum }}

        Die Gebühr von {{ gebuehr }} überweisen Sie bitte innerhalb von zwei Wochen.

        Mit freundlichen Grüßen
        {{ kommune.stelle }}
        """;

    public static NoticeData ParkingData() => new()
    {
        Municipality = "Hanse- und Universitätsstadt Rostock",
        Office = "Amt für Mobilität",
        OfficeAddress = "Charles-Darwin-Ring 6\n18059 Rostock",
        Reference = "BPA-2026-000042",
        Date = new DateOnly(2026, 11, 26),
        RecipientName = "Käthe Weiß-Öztürk",
        RecipientAddress = "Große Mühlenstraße 3\n18055 Rostock",
        Case = new JsonObject { ["entscheidung"] = "bewilligt", ["antragsteller"] = new JsonObject { ["name"] = "Käthe Weiß-Öztürk" } },
        Form = new JsonObject { ["kennzeichen"] = "HRO-KÜ 2026", ["gebiet"] = "Kröpeliner-Tor-Vorstadt", ["laufzeit"] = 1 },
        Fees = [new("Bewohnerparkausweis, 1 Jahr", 30.70m)],
    };

    [Fact]
    public void RenderPdf_ParkingNotice_TextWithUmlautsNameFeeAndPlate()
    {
        var pdf = NoticeDocument.RenderPdf(ParkingTemplate, ParkingData());

        var text = PdfToText(pdf);
        Assert.Contains("Hanse- und Universitätsstadt Rostock", text, StringComparison.Ordinal);
        Assert.Contains("Käthe Weiß-Öztürk", text, StringComparison.Ordinal);
        Assert.Contains("Große Mühlenstraße 3", text, StringComparison.Ordinal);
        Assert.Contains("HRO-KÜ 2026", text, StringComparison.Ordinal);
        Assert.Contains("30,70 €", text, StringComparison.Ordinal);
        Assert.Contains("Aktenzeichen: BPA-2026-000042", text, StringComparison.Ordinal);
        Assert.Contains("Datum: 26.11.2026", text, StringComparison.Ordinal);
        Assert.Contains("Rechtsbehelfsbelehrung", text, StringComparison.Ordinal);
        Assert.Contains("Widerspruch", text, StringComparison.Ordinal);
        Assert.Contains("für 1 Jahr(e) ab dem 26.11.2026", text, StringComparison.Ordinal);
        Assert.Matches(@"Mit freundlichen Grüßen\s*\n\s*Amt für Mobilität", text);
        // The fonts travel with the document.
        Assert.Contains("/FontFile2", Encoding.Latin1.GetString(pdf), StringComparison.Ordinal);
    }

    [Fact]
    public void RenderPdf_LongBody_ContinuesOnASecondPage()
    {
        var template = string.Join("\n\n", Enumerable.Range(1, 60).Select(i => $"Absatz {i}: Die Gebühr richtet sich nach der Satzung über die Erhebung von Gebühren für das Bewohnerparken."));
        var text = PdfToText(NoticeDocument.RenderPdf(template, ParkingData()));
        Assert.Contains("Seite 2", text, StringComparison.Ordinal);
        Assert.Contains("Absatz 60:", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{% if entscheidung %}offen", "kein gültiges Liquid")]
    [InlineData("{{ antragsteller.name | ", "kein gültiges Liquid")]
    [InlineData("{% for i in (1..100000000) %}x{% endfor %}", "nicht ausfüllen")]
    public void RenderPdf_BadTemplate_GermanErrorInsteadOfACrash(string template, string message)
    {
        var error = Assert.Throws<NoticeTemplateException>(() => NoticeDocument.RenderPdf(template, ParkingData()));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{% include '/etc/passwd' %}")]
    [InlineData("{% render '../../../../etc/passwd' %}")]
    public void RenderText_IncludeFromDisk_ReadsNoFile(string template)
    {
        try
        {
            Assert.DoesNotContain("root:", NoticeDocument.RenderText(template, ParkingData()), StringComparison.Ordinal);
        }
        catch (NoticeTemplateException)
        {
            // Refused: just as good.
        }
    }

    [Fact]
    public void NoticeText_MarkdownLite_ParagraphsHeadingsListsAndBold()
    {
        var blocks = NoticeText.Parse("# Titel\n\nerste Zeile\nzweite **fett** Zeile\n\n- eins\n* zwei\n\nein ** offen");
        Assert.Equal([NoticeBlockKind.Heading, NoticeBlockKind.Paragraph, NoticeBlockKind.ListItem, NoticeBlockKind.ListItem, NoticeBlockKind.Paragraph], blocks.Select(b => b.Kind));
        Assert.Equal([new NoticeRun("erste Zeile\nzweite ", false), new NoticeRun("fett", true), new NoticeRun(" Zeile", false)], blocks[1].Runs);
        Assert.Equal([new NoticeRun("ein ", false), new NoticeRun("** offen", false)], blocks[4].Runs);
    }

    /// <summary>poppler-utils' pdftotext, as a citizen's PDF reader would extract the text.</summary>
    public static string PdfToText(byte[] pdf)
    {
        var path = Path.Combine(Path.GetTempPath(), $"kogge-notice-{Guid.NewGuid():N}.pdf");
        File.WriteAllBytes(path, pdf);
        try
        {
            using var process = Process.Start(new ProcessStartInfo("pdftotext", ["-enc", "UTF-8", "-layout", path, "-"])
            {
                RedirectStandardOutput = true,
                StandardOutputEncoding = Encoding.UTF8,
            }) ?? throw new InvalidOperationException("pdftotext did not start (Debian package poppler-utils).");
            var text = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            Assert.Equal(0, process.ExitCode);
            return text;
        }
        finally
        {
            File.Delete(path);
        }
    }
}
