using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Kogge.Web.Modules.Notices;

// Notices per second on one thread, two ways in alternating rounds:
//   template: the Liquid template (parsed once, as a published version's is) filled in with the case, then set as PDF;
//   text:     the same filled-in text set as PDF directly, without the template — the raw cost of the layout.
// The ratio of their times per notice is what the template adds to the layout.
var seconds = args.Length > 0 ? double.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 3;
var rounds = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5;

const string Template = """
    # Bescheid über Ihren Bewohnerparkausweis

    Guten Tag {{ antragsteller.name }},

    {% if entscheidung == "bewilligt" %}wir erteilen Ihnen den **Bewohnerparkausweis** für das Fahrzeug mit dem Kennzeichen **{{ formular.kennzeichen }}**.{% else %}wir können Ihnen leider keinen Bewohnerparkausweis erteilen.{% endif %}

    Der Ausweis gilt:
    - im Bewohnerparkgebiet {{ formular.gebiet }}
    - für {{ formular.laufzeit }} Jahr(e) ab dem {{ datum }}

    Begründung: Sie sind im Bewohnerparkgebiet mit Ihrer Hauptwohnung gemeldet, haben keinen privaten Stellplatz und das Fahrzeug ist auf Sie zugelassen. Die Voraussetzungen nach § 45 Absatz 1b Nummer 2a der Straßenverkehrs-Ordnung liegen damit vor.

    Die Gebühr von {{ gebuehr }} überweisen Sie bitte innerhalb von zwei Wochen unter Angabe des Aktenzeichens {{ aktenzeichen }}.

    Mit freundlichen Grüßen
    {{ kommune.stelle }}
    """;

var data = new NoticeData
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

var parsed = NoticeDocument.Parse(Template);
var text = NoticeDocument.RenderText(parsed, data);
var withTemplate = () => NoticeDocument.RenderPdf(parsed, data).Length;
var withoutTemplate = () => NoticeDocument.TextToPdf(text, data).Length;
var bytes = withTemplate();

// Warm-up: JIT, font loading, PDFsharp's caches.
Measure(withTemplate, 1);
Measure(withoutTemplate, 1);

var templateRates = new List<double>();
var textRates = new List<double>();
for (var round = 0; round < rounds; round++)
{
    templateRates.Add(Measure(withTemplate, seconds));
    textRates.Add(Measure(withoutTemplate, seconds));
    Console.Error.WriteLine($"round {round + 1}: template {templateRates[^1]:F0}/s, text only {textRates[^1]:F0}/s");
}

var template = Median(templateRates);
var raw = Median(textRates);
Console.WriteLine($"Rounds: {rounds} × {seconds} s per way, alternating, one thread; PDF size {bytes:N0} bytes, 1 page");
Console.WriteLine();
Console.WriteLine("| way | notices/s (median) | ms per notice | rounds (notices/s) |");
Console.WriteLine("|---|---:|---:|---|");
Console.WriteLine($"| template (Liquid → text → PDF) | {template:F0} | {1000 / template:F2} | {string.Join(", ", templateRates.Select(r => r.ToString("F0", CultureInfo.InvariantCulture)))} |");
Console.WriteLine($"| text only (same text → PDF) | {raw:F0} | {1000 / raw:F2} | {string.Join(", ", textRates.Select(r => r.ToString("F0", CultureInfo.InvariantCulture)))} |");
Console.WriteLine();
Console.WriteLine($"Ratio of time per notice, template / text only: {raw / template:F2}");

static double Measure(Func<int> work, double seconds)
{
    var clock = Stopwatch.StartNew();
    var count = 0;
    var sink = 0;
    while (clock.Elapsed.TotalSeconds < seconds)
    {
        sink ^= work();
        count++;
    }

    GC.KeepAlive(sink);
    return count / clock.Elapsed.TotalSeconds;
}

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}
