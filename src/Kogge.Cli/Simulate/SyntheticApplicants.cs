using System.Globalization;
using System.Text.Json.Nodes;
using Kogge.Forms.Schema;

namespace Kogge.Cli.Simulate;

/// <summary>
/// The answers synthetic applicants give on the start forms of Rostock's demo services (by process id), and the
/// answers synthetic clerks give on any task form. Every value is drawn from the simulation's seeded random source.
/// </summary>
internal static class SyntheticApplicants
{
    public static readonly IReadOnlyList<string> Processes = ["bewohnerparken", "hundesteuer", "gewerbe", "sondernutzung"];

    private static readonly string[] Streets = ["Kröpeliner Straße", "Doberaner Straße", "Patriotischer Weg", "Hermannstraße", "Wismarsche Straße", "Budapester Straße", "Am Strande", "Lange Straße", "Leonhardstraße", "Ulmenstraße"];
    private static readonly string[] PostCodes = ["18055", "18057", "18059", "18069", "18106", "18107", "18109", "18119", "18146", "18147"];

    /// <summary>The start form's answers; file fields are left out (<see cref="FileFields"/> names them).</summary>
    public static JsonObject Answers(string processId, Random random, DateOnly today) => processId switch
    {
        "bewohnerparken" => ResidentParking(random),
        "hundesteuer" => DogTax(random, today),
        "gewerbe" => TradeRegistration(random, today),
        "sondernutzung" => StreetUse(random, today),
        _ => throw new CliException(ExitCodes.Usage, $"There are no synthetic applicants for the process \"{processId}\"; 'kogge simulate' knows {string.Join(", ", Processes)}."),
    };

    /// <summary>The file fields of <paramref name="form"/> the applicant fills: the required ones and those the answers show.</summary>
    public static IEnumerable<string> FileFields(FormDefinition form, JsonObject answers) => form.AllComponents
        .Where(c => c.Type == "filepicker" && c.Key is not null && (c.Rules.Required || c.Hide is not null))
        .Where(c => c.Hide is null || !HiddenBy(c.Hide, answers))
        .Select(c => c.Key!);

    /// <summary>A clerk's answers on a task form: mostly the first option (approve, no objection), required text short.</summary>
    public static Dictionary<string, object?> TaskAnswers(FormDefinition? form, Random random)
    {
        var answers = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var c in form?.AllComponents.Where(c => c.Key is not null) ?? [])
        {
            switch (c.Type)
            {
                case "radio" or "select" when c.Options.Count > 0:
                    var option = random.NextDouble() < 0.85 ? c.Options[0] : c.Options[random.Next(c.Options.Count)];
                    answers[c.Key!] = option.Value is JsonValue v && v.TryGetValue<string>(out var text) ? text : option.Value?.ToJsonString();
                    break;
                case "textarea" or "textfield" when c.Rules.Required || random.NextDouble() < 0.3:
                    answers[c.Key!] = "Geprüft, keine Einwände.";
                    break;
            }
        }

        return answers;
    }

    private static bool HiddenBy(string hide, JsonObject answers) => hide switch
    {
        "=nutzung != \"ueberlassen\"" => (string?)answers["nutzung"] != "ueberlassen",
        "=erlaubnispflichtig != true" => answers["erlaubnispflichtig"]?.GetValue<bool>() != true,
        _ => false,
    };

    private static JsonObject ResidentParking(Random random)
    {
        var lent = random.NextDouble() < 0.1;
        var answers = new JsonObject
        {
            ["kennzeichen"] = $"HRO-{Letters(random, random.Next(1, 3))} {random.Next(1, 9999)}",
            ["fahrzeugart"] = Pick(random, ("pkw", 85), ("kraftrad", 5), ("transporter", 10)),
            ["nutzung"] = lent ? "ueberlassen" : "halter",
            ["strasse"] = $"{Streets[random.Next(Streets.Length)]} {random.Next(1, 80)}",
            ["plz"] = PostCodes[random.Next(PostCodes.Length)],
            ["hauptwohnung"] = true,
            ["keinStellplatz"] = true,
            ["laufzeitJahre"] = random.NextDouble() < 0.6 ? 1 : 2,
        };
        if (lent)
        {
            answers["halterName"] = "Halterin " + Letters(random, 1);
        }

        return answers;
    }

    private static JsonObject DogTax(Random random, DateOnly today)
    {
        var answers = new JsonObject
        {
            ["rufname"] = Pick(random, ("Bello", 1), ("Luna", 1), ("Balu", 1), ("Emma", 1), ("Paul", 1)),
            ["rasse"] = Pick(random, ("Labrador", 3), ("Mischling", 5), ("Dackel", 2), ("Schäferhund", 2), ("American Staffordshire Terrier", 1)),
            ["haltungSeit"] = Date(today.AddDays(-random.Next(0, 15))),
            ["nummerDesHundes"] = Pick(random, (1, 80), (2, 15), (3, 5)),
        };
        if (random.NextDouble() < 0.04)
        {
            answers["gefaehrlich"] = true;
        }

        return answers;
    }

    private static JsonObject TradeRegistration(Random random, DateOnly today)
    {
        var form = Pick(random, ("einzelunternehmen", 60), ("gbr", 10), ("gmbh", 14), ("ug", 8), ("ek", 8));
        var answers = new JsonObject
        {
            ["anlass"] = Pick(random, ("neuerrichtung", 80), ("uebernahme", 12), ("zweigstelle", 8)),
            ["beginn"] = Date(today.AddDays(random.NextDouble() < 0.08 ? -random.Next(100, 400) : random.Next(-20, 30))),
            ["rechtsform"] = form,
            ["betriebsstaette"] = $"{Streets[random.Next(Streets.Length)]} {random.Next(1, 80)}, {PostCodes[random.Next(PostCodes.Length)]} Rostock",
            ["beschaeftigte"] = random.NextDouble() < 0.7 ? 0 : random.Next(1, 25),
            ["taetigkeit"] = Pick(random, ("Einzelhandel mit Fahrrädern und Reparatur von Fahrrädern", 2), ("IT-Dienstleistungen und Softwareentwicklung", 4),
                ("Imbiss ohne Alkoholausschank", 2), ("Friseursalon", 1), ("Reinigung von Gebäuden", 2), ("Online-Handel mit Bekleidung", 3), ("Elektroinstallation", 1)),
        };
        if (form is "gmbh" or "ug" or "ek" && random.NextDouble() < 0.9)
        {
            answers["registernummer"] = $"HR{(form == "ek" ? "A" : "B")} {random.Next(1000, 99999)}, Amtsgericht Rostock";
        }

        if (random.NextDouble() < 0.2)
        {
            answers["handwerk"] = true;
        }

        if (random.NextDouble() < 0.1)
        {
            answers["erlaubnispflichtig"] = true;
        }

        return answers;
    }

    private static JsonObject StreetUse(Random random, DateOnly today)
    {
        var kind = Pick(random, ("geruest", 30), ("container", 25), ("baustelle", 10), ("gastronomie", 15), ("warenauslage", 8), ("werbung", 7), ("stand", 5));
        var from = today.AddDays(random.Next(14, 45));
        var days = kind == "gastronomie" ? random.Next(90, 200) : kind == "container" ? random.Next(1, 15) : random.Next(5, 90);
        var area = kind switch
        {
            "container" => 10 + random.Next(0, 10),
            "werbung" => 1,
            "gastronomie" => random.Next(6, 40),
            _ => random.Next(8, 120),
        };
        var answers = new JsonObject
        {
            ["art"] = kind,
            ["zweck"] = kind switch
            {
                "geruest" => "Fassadensanierung, Gerüst vor dem Haus",
                "container" => "Container für Bauschutt bei einer Wohnungssanierung",
                "gastronomie" => "Tische und Stühle vor unserem Café",
                _ => "Nutzung wie im Lageplan eingezeichnet",
            },
            ["ort"] = $"{Streets[random.Next(Streets.Length)]} {random.Next(1, 80)}",
            ["bereich"] = kind == "container" ? "fahrbahn" : Pick(random, ("gehweg", 70), ("platz", 20), ("fahrbahn", 10)),
            ["flaeche"] = area,
            ["von"] = Date(from),
            ["bis"] = Date(from.AddDays(days - 1)),
        };
        if (random.NextDouble() < 0.2)
        {
            answers["sperrung"] = true;
        }

        return answers;
    }

    private static T Pick<T>(Random random, params (T Value, int Weight)[] choices)
    {
        var roll = random.Next(choices.Sum(c => c.Weight));
        foreach (var (value, weight) in choices)
        {
            if ((roll -= weight) < 0)
            {
                return value;
            }
        }

        return choices[^1].Value;
    }

    private static string Letters(Random random, int count) => new([.. Enumerable.Range(0, count).Select(_ => (char)('A' + random.Next(26)))]);

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
