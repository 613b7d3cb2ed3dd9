using Kogge.Web.Modules.Catalog;
using Kogge.Web.Modules.Catalog.Versions;
using Kogge.Web.Platform.Audit;
using Kogge.Web.Platform.Persistence;

namespace Kogge.Web.Platform.Demo;

/// <summary>
/// Four services of Rostock with the facts of the city's own service pages, in Kogge's words. Each gets a published
/// demo version — forms, process, rules, a notice template — whose note says that it is no agreed procedure of the
/// city. The files are in <c>Rostock/</c>: the resident parking permit waits for the fee (a reminder after a week),
/// is approved or rejected by a clerk, its notice fee (a rejection costs three quarters) fixed by DMN, and an approved
/// permit's holder is reminded six weeks before it runs out; the dog tax is decided by its DMN table and only a dangerous dog goes to a
/// clerk; the special use of a road has its fee computed by DMN (area × days × tariff) and is signed off in parallel
/// by the traffic authority and the civil-engineering office; a business registration is checked for plausibility by
/// DMN, confirmed and passed on to the tax office, the chamber and the employers' liability insurance by service
/// tasks.
/// </summary>
public static class DemoCatalog
{
    public const string DemoNote = "Demo: ein einfacher Ablauf (Antrag, Prüfung durch die Sachbearbeitung, Bescheid) zum Ausprobieren – kein abgestimmtes Verfahren der Hansestadt Rostock.";

    /// <summary>
    /// LeiKa keys. The Gewerbe key is the one other portals use for the business registration; the others follow the
    /// key scheme and still need checking against the LeiKa.
    /// </summary>
    public const string ResidentParkingKey = "99108001012000";
    public const string DogTaxKey = "99036008104000";
    public const string TradeRegistrationKey = "99050012104000";
    public const string StreetUseKey = "99107010012000";

    public static async Task SeedRostockAsync(IServiceProvider provider, CancellationToken cancellationToken)
    {
        var db = provider.GetRequiredService<KoggeDbContext>();
        var clock = provider.GetRequiredService<TimeProvider>();
        provider.GetRequiredService<AuditLog>().ActorOverride = "system";
        foreach (var (service, process, forms, decisions) in Services())
        {
            var now = clock.GetUtcNow();
            service.CreatedAt = now;
            service.UpdatedAt = now;
            service.SearchText = CatalogSearch.SearchText(service);
            db.PublicServices.Add(service);
            provider.GetRequiredService<AuditLog>().Add("catalog.service_created", "PublicService", service.Id, new { service.LeikaKey });
            await db.SaveChangesAsync(cancellationToken);

            var lifecycle = provider.GetRequiredService<VersionLifecycle>();
            var (_, draft) = await lifecycle.CreateDraftAsync(service.Id, cancellationToken);
            draft!.ChangeNote = DemoNote;
            await db.SaveChangesAsync(cancellationToken);
            await lifecycle.SetArtifactAsync(service.Id, 1, ArtifactKind.Process, ServiceArtifact.ProcessName, process, cancellationToken);
            foreach (var (id, json) in forms)
            {
                await lifecycle.SetArtifactAsync(service.Id, 1, ArtifactKind.Form, id, json, cancellationToken);
            }

            foreach (var (name, xml) in decisions)
            {
                await lifecycle.SetArtifactAsync(service.Id, 1, ArtifactKind.Decision, name, xml, cancellationToken);
            }

            await lifecycle.SetArtifactAsync(service.Id, 1, ArtifactKind.NoticeTemplate, "bescheid", NoticeTemplateOf(service.Slug), cancellationToken);
            var (outcome, report) = await lifecycle.PublishAsync(service.Id, 1, null, cancellationToken);
            if (outcome != LifecycleOutcome.Done)
            {
                throw new InvalidOperationException($"The demo version of {service.Name} was not published ({outcome}): "
                    + string.Join("; ", report?.Findings.Select(f => $"{f.Artifact} {f.ElementId}: {f.Message}") ?? []));
            }
        }
    }

    private static IEnumerable<(PublicService Service, string Process, (string Id, string Json)[] Forms, (string Name, string Xml)[] Decisions)> Services()
    {
        yield return (new PublicService
        {
            LeikaKey = ResidentParkingKey,
            Slug = "bewohnerparkausweis",
            Name = "Bewohnerparkausweis beantragen",
            ShortText = "Mit einem Bewohnerparkausweis parken Sie in Ihrem Bewohnerparkgebiet auf den dafür ausgeschilderten Flächen.",
            Category = ServiceCategory.TrafficAndMobility,
            Requirements = """
                - Sie sind im Bewohnerparkgebiet mit Ihrer Hauptwohnung gemeldet und wohnen dort tatsächlich.
                - Sie haben keinen privaten Stellplatz, keine Garage und keinen Carport.
                - Das Fahrzeug ist auf Sie zugelassen oder Ihnen dauerhaft zur Nutzung überlassen.
                """,
            RequiredDocuments = """
                - Personalausweis oder Reisepass zusammen mit einer Meldebestätigung
                - Zulassungsbescheinigung Teil I des Fahrzeugs
                - wenn das Fahrzeug nicht auf Sie zugelassen ist: eine begründete Erklärung der Halterin oder des Halters, dass Sie das Fahrzeug dauerhaft nutzen (der Ausweis gilt dann höchstens 12 Monate)
                - wenn jemand anderes den Antrag für Sie stellt: eine Vollmacht
                """,
            Costs = """
                30,70 Euro für jedes Jahr der Laufzeit. Sie bezahlen die Gebühr online mit dem Antrag; wir prüfen Ihren Antrag, sobald sie bezahlt ist.

                Auch eine Ablehnung kostet eine Gebühr: drei Viertel der Gebühr für den beantragten Ausweis (23,03 Euro für ein Jahr, 46,05 Euro für zwei Jahre). Was Sie darüber hinaus bezahlt haben, erstatten wir Ihnen.
                """,
            Deadlines = """
                Der Ausweis gilt ein oder zwei Jahre, je nach Ihrer Wahl.

                Beantragen Sie die Verlängerung vier bis sechs Wochen, bevor Ihr Ausweis abläuft.
                """,
            ProcessingTime = "Bis zu vier Wochen.",
            LegalBasis = """
                - § 45 Absatz 1b Nummer 2a Straßenverkehrs-Ordnung (StVO)
                - § 6a Absatz 5a Straßenverkehrsgesetz (StVG) mit der Landesverordnung Mecklenburg-Vorpommerns
                - Gebührenordnung für Maßnahmen im Straßenverkehr (GebOSt), Gebühren-Nummer 265: Gebühr für den Ausweis
                - § 6 GebOSt mit § 15 Verwaltungskostengesetz in der bis zum 14. August 2013 geltenden Fassung: Gebühr für eine Ablehnung
                """,
            OfficeName = "Amt für Mobilität, Fachbereich Verkehrsbehördliche Aufgaben",
            OfficeAddress = "Charles-Darwin-Ring 6\n18059 Rostock",
            OfficePhone = "+49 381 381-6801",
            TrustLevel = TrustLevel.Substantial,
            TargetProcessingDays = 28,
            RetentionApprovedYears = 3,
            RetentionRejectedYears = 1,
            RetentionWithdrawnYears = 1,
        }, Resource("bewohnerparken.bpmn"),
        [("bewohnerparken-antrag", Resource("bewohnerparken-antrag.form")), ("bewohnerparken-pruefung", ReviewForm("bewohnerparken-pruefung"))],
        [("bewohnerparken-gebuehr", Resource("bewohnerparken-gebuehr.dmn"))]);

        yield return (new PublicService
        {
            LeikaKey = DogTaxKey,
            Slug = "hundesteuer-anmeldung",
            Name = "Hundesteuer – Hund anmelden",
            ShortText = "Wer in Rostock einen Hund hält, meldet ihn zur Hundesteuer an und zahlt jedes Jahr Steuer für ihn.",
            Category = ServiceCategory.TaxesAndFees,
            Requirements = "Sie halten in Rostock einen Hund, weil Sie ihn neu aufgenommen haben oder mit ihm nach Rostock gezogen sind.",
            Costs = """
                Die Hundesteuer wird jährlich erhoben:
                - 108 Euro für den ersten Hund
                - 144 Euro für den zweiten Hund
                - 168 Euro für jeden weiteren Hund
                - 1.000 Euro für einen gefährlichen Hund
                """,
            Deadlines = "Melden Sie den Hund innerhalb von zwei Wochen an, nachdem Sie ihn aufgenommen haben oder nach Rostock gezogen sind.",
            LegalBasis = """
                - Kommunalabgabengesetz Mecklenburg-Vorpommern (KAG M-V)
                - Hundesteuersatzung der Hanse- und Universitätsstadt Rostock
                """,
            TrustLevel = TrustLevel.Low,
            RetentionApprovedYears = 10,
            RetentionRejectedYears = 10,
            RetentionWithdrawnYears = 1,
        }, Resource("hundesteuer.bpmn"),
        [("hundesteuer-antrag", Resource("hundesteuer-antrag.form")), ("hundesteuer-pruefung", ReviewForm("hundesteuer-pruefung"))],
        [("hundesteuer", Resource("hundesteuer.dmn"))]);

        yield return (new PublicService
        {
            LeikaKey = TradeRegistrationKey,
            Slug = "gewerbe-anmelden",
            Name = "Gewerbe anmelden",
            ShortText = "Wer ein Gewerbe beginnt, zeigt das dem Gewerbeamt an. Die Anmeldung geht von dort an weitere Stellen wie Finanzamt, Kammer und Berufsgenossenschaft.",
            Category = ServiceCategory.BusinessAndTrade,
            Requirements = """
                Sie beginnen in Rostock ein stehendes Gewerbe, übernehmen einen Betrieb oder eröffnen eine Zweigniederlassung oder unselbstständige Zweigstelle.

                Freie Berufe (zum Beispiel Ärztinnen, Rechtsanwälte, Architektinnen) und die Land- und Forstwirtschaft melden kein Gewerbe an.
                """,
            RequiredDocuments = """
                - Personalausweis oder Reisepass
                - für erlaubnispflichtige Gewerbe (zum Beispiel Makler, Bewachung, Versicherungsvermittlung, Gaststätte mit Alkoholausschank): die Erlaubnis oder Ihr Antrag darauf
                - für Handwerksbetriebe: die Eintragung in die Handwerksrolle
                - für eingetragene Kaufleute und Gesellschaften: ein Auszug aus dem Handelsregister
                """,
            Costs = """
                26 Euro für die Anmeldung. Die Gebühr wird Ihnen vor dem Absenden angezeigt.

                Die Gebühr richtet sich nach dem Verwaltungskostenrecht des Landes Mecklenburg-Vorpommern.
                """,
            Deadlines = """
                Zeigen Sie das Gewerbe gleichzeitig mit dem Beginn der Tätigkeit an.

                Wer ein Gewerbe nicht, nicht richtig oder nicht rechtzeitig anzeigt, handelt ordnungswidrig.
                """,
            ProcessingTime = "Die Empfangsbescheinigung erhalten Sie in der Regel innerhalb von drei Werktagen.",
            LegalBasis = """
                - § 14 Gewerbeordnung (GewO): Anzeigepflicht und Weitergabe der Angaben an andere Stellen
                - § 15 Absatz 1 Gewerbeordnung (GewO): Empfangsbescheinigung
                - Gewerbeanzeigeverordnung (GewAnzV)
                """,
            OfficeName = "Gewerbeamt der Hanse- und Universitätsstadt Rostock",
            TrustLevel = TrustLevel.Substantial,
            TargetProcessingDays = 3,
        }, Resource("gewerbe.bpmn"),
        [("gewerbe-antrag", Resource("gewerbe-antrag.form")), ("gewerbe-klaerung", Resource("gewerbe-klaerung.form"))],
        [("gewerbe", Resource("gewerbe.dmn"))]);

        yield return (new PublicService
        {
            LeikaKey = StreetUseKey,
            Slug = "sondernutzung-strasse",
            Name = "Sondernutzungserlaubnis für öffentliche Straßen",
            ShortText = "Wer eine öffentliche Straße, einen Gehweg oder Platz über den Verkehr hinaus nutzt – etwa für Außengastronomie, Gerüste, Container oder Werbeaufsteller –, braucht eine Sondernutzungserlaubnis.",
            Category = ServiceCategory.RoadsAndPublicSpace,
            Requirements = """
                Sie wollen eine öffentliche Verkehrsfläche in Rostock für einen bestimmten Zeitraum mehr als nur für den Verkehr nutzen, zum Beispiel für ein Gerüst, einen Container, Tische und Stühle vor Ihrer Gaststätte oder einen Werbeaufsteller.

                Die Straßenverkehrsbehörde und das Tiefbauamt nehmen zu jedem Antrag Stellung. Muss dafür ein Geh- oder Fahrweg gesperrt werden, brauchen Sie zusätzlich eine verkehrsrechtliche Anordnung.
                """,
            RequiredDocuments = """
                - ein Lageplan mit der genutzten Fläche, ihren Maßen und den Abständen zu Fahrbahn und Eingängen
                - Angaben zu Art, Ort, Dauer und Zweck der Nutzung
                """,
            Costs = """
                Die Sondernutzungsgebühr ist Fläche × Tage × Tarif: die genutzte Fläche in Quadratmetern mal die Zahl der Tage mal der Tarif je Quadratmeter und Tag für die Art der Nutzung, mindestens 10 Euro. Die Tarife:
                - Gerüst oder Bauzaun, Baustelleneinrichtung, Informations- oder Verkaufsstand: 0,50 Euro
                - Container oder Mulde: 1,00 Euro
                - Werbeaufsteller: 0,20 Euro
                - Tische und Stühle vor einer Gaststätte, Warenauslage: 0,10 Euro

                Dazu kommt eine Verwaltungsgebühr von 25 Euro für die Erlaubnis. Der Betrag wird Ihnen vor dem Absenden angezeigt.
                """,
            Deadlines = "Stellen Sie den Antrag mindestens zwei Wochen vor Beginn der Nutzung, bei einer Sperrung von Fahrstreifen mindestens vier Wochen vorher.",
            ProcessingTime = "In der Regel zwei Wochen.",
            LegalBasis = """
                - §§ 22, 24 und 28 Straßen- und Wegegesetz des Landes Mecklenburg-Vorpommern (StrWG M-V)
                - § 8 Bundesfernstraßengesetz (FStrG) für Ortsdurchfahrten von Bundesstraßen
                - Sondernutzungssatzung und Sondernutzungsgebührensatzung der Hanse- und Universitätsstadt Rostock
                - § 45 Straßenverkehrs-Ordnung (StVO) für die verkehrsrechtliche Anordnung
                """,
            OfficeName = "Amt für Mobilität der Hanse- und Universitätsstadt Rostock",
            TrustLevel = TrustLevel.Low,
            TargetProcessingDays = 14,
        }, Resource("sondernutzung.bpmn"),
        [
            ("sondernutzung-antrag", Resource("sondernutzung-antrag.form")),
            ("sondernutzung-stellungnahme-verkehr", Resource("sondernutzung-stellungnahme-verkehr.form")),
            ("sondernutzung-stellungnahme-tiefbau", Resource("sondernutzung-stellungnahme-tiefbau.form")),
            ("sondernutzung-pruefung", ReviewForm("sondernutzung-pruefung")),
        ],
        [("sondernutzung", Resource("sondernutzung.dmn"))]);
    }

    /// <summary>A file of <c>Platform/Demo/Rostock</c>, embedded in the assembly.</summary>
    private static string Resource(string name)
    {
        using var stream = typeof(DemoCatalog).Assembly.GetManifestResourceStream("Kogge.Web.Demo.Rostock." + name)
            ?? throw new InvalidOperationException($"The demo file {name} is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>The notice template of a service: its own where the service has one, the general one otherwise.</summary>
    private static string NoticeTemplateOf(string slug) => slug switch
    {
        "bewohnerparkausweis" => Resource("bewohnerparken-bescheid.liquid"),
        "hundesteuer-anmeldung" => Resource("hundesteuer-bescheid.liquid"),
        _ => NoticeTemplate,
    };

    /// <summary>Start form → clerk review with its form → end.</summary>
    private static string Process(string id, string name)
    {
        return $"""
            <?xml version="1.0" encoding="UTF-8"?>
            <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="{id}-definitionen" targetNamespace="https://kogge.example/demo" exporter="Kogge demo">
              <bpmn:process id="{id}" name="{name}" isExecutable="true">
                <bpmn:startEvent id="antrag-eingegangen" name="Antrag eingegangen">
                  <bpmn:extensionElements><zeebe:formDefinition formId="{id}-antrag" /></bpmn:extensionElements>
                  <bpmn:outgoing>f1</bpmn:outgoing>
                </bpmn:startEvent>
                <bpmn:sequenceFlow id="f1" sourceRef="antrag-eingegangen" targetRef="antrag-pruefen" />
                <bpmn:userTask id="antrag-pruefen" name="Antrag prüfen">
                  <bpmn:extensionElements>
                    <zeebe:userTask />
                    <zeebe:formDefinition formId="{id}-pruefung" />
                    <zeebe:assignmentDefinition candidateGroups="Clerk" />
                  </bpmn:extensionElements>
                  <bpmn:incoming>f1</bpmn:incoming>
                  <bpmn:outgoing>f2</bpmn:outgoing>
                </bpmn:userTask>
                <bpmn:sequenceFlow id="f2" sourceRef="antrag-pruefen" targetRef="entschieden" />
                <bpmn:endEvent id="entschieden" name="Antrag entschieden">
                  <bpmn:incoming>f2</bpmn:incoming>
                </bpmn:endEvent>
              </bpmn:process>
            </bpmn:definitions>
            """;
    }

    private static string ReviewForm(string id) => $$"""
        {
          "id": "{{id}}",
          "type": "default",
          "schemaVersion": 16,
          "components": [
            { "type": "radio", "key": "entscheidung", "label": "Entscheidung", "validate": { "required": true },
              "values": [ { "label": "bewilligen", "value": "bewilligt" }, { "label": "ablehnen", "value": "abgelehnt" } ] },
            { "type": "textarea", "key": "begruendung", "label": "Begründung für den Bescheid", "validate": { "maxLength": 4000 } }
          ]
        }
        """;

    private const string NoticeTemplate = """
        Bescheid zu Ihrem Antrag „{{ leistung.name }}“

        Guten Tag {{ antragsteller.name }},

        {% if entscheidung == "bewilligt" %}wir haben Ihrem Antrag vom {{ antrag.eingang | date: "%d.%m.%Y" }} entsprochen.{% else %}wir können Ihrem Antrag vom {{ antrag.eingang | date: "%d.%m.%Y" }} leider nicht entsprechen.{% endif %}

        {{ begruendung }}

        Mit freundlichen Grüßen
        {{ kommune.name }}
        """;
}
