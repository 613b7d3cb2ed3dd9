using System.Net;
using System.Text.RegularExpressions;
using Kogge.Bpmn.Storage;
using Kogge.Web.Modules.Catalog;
using Kogge.Web.Platform.Demo;
using Kogge.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Kogge.Web.Tests.Modules.Catalog;

/// <summary>
/// The test run of a service version through its page: Rostock's demo services run to their ends on an engine of their
/// own, wrong answers get the citizen's German messages, another municipality gets 404, and nothing is written.
/// </summary>
public partial class TestRunTests(KoggeApp app) : IClassFixture<KoggeApp>
{
    private static readonly byte[] Pdf = "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"u8.ToArray();

    private async Task<HttpClient> DesignerAsync(string slug = "rostock")
    {
        var client = app.Browser();
        await client.SignInOrFailAsync(slug, DemoData.Email("prozessgestaltung", slug), DemoData.Password);
        return client;
    }

    /// <summary>The test-run address of the published version of a Rostock demo service.</summary>
    private async Task<string> RunPathAsync(string serviceSlug, string municipality = "rostock") =>
        await app.InTenantAsync("rostock", async (_, db) =>
        {
            var service = await db.PublicServices.FirstAsync(s => s.Slug == serviceSlug);
            var number = await db.ServiceVersions.Where(v => v.Id == service.PublishedVersionId).Select(v => v.Number).FirstAsync();
            return $"/{municipality}/leistungskatalog/{service.Id}/versionen/{number}/testlauf";
        });

    private static readonly (string Field, string Value)[] ParkingAnswers =
    [
        ("kennzeichen", "HRO-AB 123"), ("fahrzeugart", "pkw"), ("nutzung", "halter"), ("strasse", "Kröpeliner Straße 1"), ("plz", "18055"),
        ("hauptwohnung", "true"), ("keinStellplatz", "true"), ("laufzeitJahre", "1"), ("aktion", "starten"),
    ];

    /// <summary>
    /// Takes whatever the run waits for — the first user task (decided "bewilligt"), message or timer — until its end.
    /// The page is general: a model with more waits (a payment, a reminder) is walked the same way.
    /// </summary>
    private static async Task<string> WalkToTheEndAsync(HttpClient client, string run)
    {
        for (var step = 0; step < 20; step++)
        {
            var html = WebUtility.HtmlDecode(await client.GetStringAsync(new Uri(run, UriKind.Relative)));
            if (html.Contains("Der Ablauf ist an seinem Ende angekommen.", StringComparison.Ordinal))
            {
                return html;
            }

            Assert.DoesNotContain("Der Ablauf ist gestört", html, StringComparison.Ordinal);
            var action = WaitAction().Match(html);
            Assert.True(action.Success, "The run neither ended nor waits for anything the page offers:\n" + html);
            var fields = new List<KeyValuePair<string, string>> { new(action.Groups["name"].Value, action.Groups["value"].Value) };
            if (action.Groups["name"].Value == "task")
            {
                fields.Add(new("entscheidung", "bewilligt"));
                fields.Add(new("begruendung", "Die Voraussetzungen liegen vor."));
            }

            var response = await client.PostFormAsync(run, fields, action.Groups["action"].Value);
            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{action.Groups["action"].Value} gave {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            Assert.Equal(run, response.RedirectPath());
        }

        throw new InvalidOperationException("The run did not end within 20 steps.");
    }

    private async Task<Dictionary<string, int>> CountsAsync()
    {
        var counts = await app.InTenantAsync(null, async (_, db) => new Dictionary<string, int>
        {
            ["cases"] = await db.Cases.IgnoreQueryFilters().CountAsync(),
            ["caseEvents"] = await db.CaseEvents.IgnoreQueryFilters().CountAsync(),
            ["caseDocuments"] = await db.CaseDocuments.IgnoreQueryFilters().CountAsync(),
            ["outbox"] = await db.OutboxMessages.IgnoreQueryFilters().CountAsync(),
        });
        await using var engine = app.Services.GetRequiredService<Kogge.Bpmn.Storage.EfEngineStore>().CreateDbContext();
        counts["definitions"] = await engine.Set<ProcessDefinitionRecord>().CountAsync();
        counts["instances"] = await engine.Set<ProcessInstanceRecord>().CountAsync();
        counts["history"] = await engine.Set<HistoryEventRecord>().CountAsync();
        counts["jobs"] = await engine.Set<JobRecord>().CountAsync();
        counts["tasks"] = await engine.Set<UserTaskRecord>().CountAsync();
        counts["subscriptions"] = await engine.Set<EventSubscriptionRecord>().CountAsync();
        counts["messages"] = await engine.Set<BufferedMessageRecord>().CountAsync();
        counts["mails"] = app.Mail.Messages.Count;
        return counts;
    }

    [Fact]
    public async Task ResidentParking_RunThroughThePage_ReachesItsEnd_NoticeAsPdf_NothingWritten()
    {
        var before = await CountsAsync();
        var designer = await DesignerAsync();
        var path = await RunPathAsync("bewohnerparkausweis");

        var form = WebUtility.HtmlDecode(await designer.GetStringAsync(new Uri(path, UriKind.Relative)));
        Assert.Contains("Amtliches Kennzeichen", form);
        Assert.Contains("Zulassungsbescheinigung Teil I", form);

        var started = await designer.PostPageAsync(path, ParkingAnswers.Select(a => KeyValuePair.Create(a.Field, a.Value)), ("zulassung", "zulassung.pdf", Pdf));
        Assert.True(started.StatusCode == HttpStatusCode.Redirect, $"{(int)started.StatusCode}: {await started.Content.ReadAsStringAsync()}");
        var run = started.RedirectPath();
        Assert.Matches(path + "/[0-9a-f-]{36}$", run);

        var first = WebUtility.HtmlDecode(await designer.GetStringAsync(new Uri(run, UriKind.Relative)));
        Assert.Contains("30,70 €", first);
        Assert.Contains("Auf die Gebühr warten", first);
        Assert.Contains("Ablauf gestartet", first);
        Assert.Contains("HRO-AB 123", first);
        Assert.Contains("zulassung.pdf", first);

        var end = await WalkToTheEndAsync(designer, run);
        Assert.Contains("Bescheid würde erstellt", end);
        Assert.Contains("Ablauf beendet", end);
        var notice = NoticeLink().Match(end);
        Assert.True(notice.Success, "No notice link on the finished run.");
        var pdf = await designer.GetAsync(new Uri(notice.Groups[1].Value, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("%PDF-", System.Text.Encoding.ASCII.GetString(await pdf.Content.ReadAsByteArrayAsync())[..5]);

        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task DogTax_OrdinaryDogEndsWithoutClerk_DangerousDogThroughItsTask()
    {
        var designer = await DesignerAsync();
        var path = await RunPathAsync("hundesteuer-anmeldung");

        var ordinary = await designer.PostPageAsync(path, [new("rufname", "Bello"), new("rasse", "Dackel"), new("haltungSeit", "2026-11-01"), new("nummerDesHundes", "2"), new("aktion", "starten")]);
        Assert.True(ordinary.StatusCode == HttpStatusCode.Redirect, $"{(int)ordinary.StatusCode}: {await ordinary.Content.ReadAsStringAsync()}");
        var page = WebUtility.HtmlDecode(await designer.GetStringAsync(new Uri(ordinary.RedirectPath(), UriKind.Relative)));
        Assert.Contains("Der Ablauf ist an seinem Ende angekommen.", page);
        Assert.Contains("jahresbetrag = 144", page);
        Assert.Contains("Bescheid würde erstellt", page);
        Assert.DoesNotContain("Aufgabe erledigen", page);

        var dangerous = await designer.PostPageAsync(path, [new("rufname", "Rex"), new("rasse", "Mischling"), new("haltungSeit", "2026-11-01"), new("nummerDesHundes", "1"), new("gefaehrlich", "true"), new("aktion", "starten")]);
        var run = dangerous.RedirectPath();
        var waiting = WebUtility.HtmlDecode(await designer.GetStringAsync(new Uri(run, UriKind.Relative)));
        Assert.Contains("Gefährlichen Hund prüfen", waiting);
        Assert.Contains("jahresbetrag = 1000", waiting);
        var end = await WalkToTheEndAsync(designer, run);
        Assert.Contains("Bescheid würde erstellt", end);
    }

    [Fact]
    public async Task BadInput_GermanFieldMessages_No500_NoRun()
    {
        var designer = await DesignerAsync();
        var path = await RunPathAsync("bewohnerparkausweis");

        var wrongPlate = await designer.PostPageAsync(path, ParkingAnswers.Select(a => KeyValuePair.Create(a.Field, a.Field == "kennzeichen" ? "123 ABC" : a.Value)), ("zulassung", "zulassung.pdf", Pdf));
        Assert.Equal(HttpStatusCode.BadRequest, wrongPlate.StatusCode);
        var html = WebUtility.HtmlDecode(await wrongPlate.Content.ReadAsStringAsync());
        Assert.Contains("Bitte geben Sie das Kennzeichen so an", html);
        Assert.Contains("Fehler:", html);

        var missing = await designer.PostPageAsync(path, [new("aktion", "starten")]);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains("Zulassungsbescheinigung Teil I", WebUtility.HtmlDecode(await missing.Content.ReadAsStringAsync()));

        var executable = await designer.PostPageAsync(path, ParkingAnswers.Select(a => KeyValuePair.Create(a.Field, a.Value)), ("zulassung", "zulassung.pdf", "MZ\x90\0\x03"u8.ToArray()));
        Assert.Equal(HttpStatusCode.BadRequest, executable.StatusCode);
        Assert.Contains("ist kein PDF-, PNG- oder JPEG-Dokument", WebUtility.HtmlDecode(await executable.Content.ReadAsStringAsync()));

        // A user task's form refuses a missing decision in German; the task stays open.
        var started = await designer.PostPageAsync(path, ParkingAnswers.Select(a => KeyValuePair.Create(a.Field, a.Value)), ("zulassung", "zulassung.pdf", Pdf));
        var run = started.RedirectPath();
        var payment = WaitAction().Match(WebUtility.HtmlDecode(await designer.GetStringAsync(new Uri(run, UriKind.Relative))));
        Assert.Equal("subscription", payment.Groups["name"].Value);
        Assert.Equal(HttpStatusCode.Redirect, (await designer.PostFormAsync(run, [new("subscription", payment.Groups["value"].Value)], payment.Groups["action"].Value)).StatusCode);
        var task = WaitAction().Match(WebUtility.HtmlDecode(await designer.GetStringAsync(new Uri(run, UriKind.Relative))));
        Assert.Equal("task", task.Groups["name"].Value);
        var undecided = await designer.PostFormAsync(run, [new("task", task.Groups["value"].Value), new("begruendung", new string('x', 5000))], task.Groups["action"].Value);
        Assert.Equal(HttpStatusCode.BadRequest, undecided.StatusCode);
        var refused = WebUtility.HtmlDecode(await undecided.Content.ReadAsStringAsync());
        Assert.Contains("Entscheidung", refused);
        Assert.Contains("Fehler:", refused);
        Assert.Contains("Aufgabe erledigen", WebUtility.HtmlDecode(await designer.GetStringAsync(new Uri(run, UriKind.Relative))));

        // Ids that are not the run's are passed over; a run that does not exist is 404 with a way to start again.
        foreach (var handler in new[] { "Task", "Message", "Time" })
        {
            var field = handler switch { "Task" => "task", "Message" => "subscription", _ => "job" };
            var stray = await designer.PostFormAsync(run, [new(field, "nicht-vorhanden")], run + "?handler=" + handler);
            Assert.Equal(HttpStatusCode.Redirect, stray.StatusCode);
        }

        // A draft whose report has errors (here: no process) cannot be run; the page says why.
        var blocked = await DraftAsync(app, "sondernutzung-strasse", new ServiceArtifact { Kind = ArtifactKind.Form, Name = "antrag", Content = CatalogSamples.Form() });
        Assert.Contains("Ein Testlauf ist erst möglich, wenn der Prüfbericht der Version keine Fehler mehr enthält.", WebUtility.HtmlDecode(await designer.GetStringAsync(new Uri(blocked, UriKind.Relative))));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await designer.PostFormAsync(blocked, [new("name", "Erika"), new("aktion", "starten")])).StatusCode);

        var gone = await designer.GetAsync(new Uri(path + "/" + Guid.NewGuid(), UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Contains("Diesen Testlauf gibt es nicht mehr.", WebUtility.HtmlDecode(await gone.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.NotFound, (await designer.GetAsync(new Uri(run + "?handler=Notice&notice=7", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task OtherMunicipality_GetsNotFound_OtherRolesForbidden()
    {
        var rostock = await DesignerAsync();
        var path = await RunPathAsync("bewohnerparkausweis");
        var started = await rostock.PostPageAsync(path, ParkingAnswers.Select(a => KeyValuePair.Create(a.Field, a.Value)), ("zulassung", "zulassung.pdf", Pdf));
        var run = started.RedirectPath();

        var luebeck = await DesignerAsync("luebeck");
        var token = await luebeck.TokenFromAsync("/luebeck/leistungskatalog");
        foreach (var foreign in new[] { path.Replace("/rostock/", "/luebeck/", StringComparison.Ordinal), run.Replace("/rostock/", "/luebeck/", StringComparison.Ordinal) })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await luebeck.GetAsync(new Uri(foreign, UriKind.Relative))).StatusCode);
            var post = await luebeck.PostAsync(new Uri(foreign, UriKind.Relative), new FormUrlEncodedContent([new("__kogge_csrf", token), new("aktion", "starten")]));
            Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        }

        var clerk = app.Browser();
        await clerk.SignInOrFailAsync("rostock", DemoData.Email("sachbearbeitung", "rostock"), DemoData.Password);
        var denied = await clerk.GetAsync(new Uri(path, UriKind.Relative));
        Assert.True(denied.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Redirect, $"A clerk got {(int)denied.StatusCode}.");
        Assert.NotEqual(HttpStatusCode.OK, (await clerk.GetAsync(new Uri(run, UriKind.Relative))).StatusCode);
    }

    private const string WaitingProcess = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="https://kogge.example/test">
          <bpmn:message id="m" name="gebuehr-bezahlt"><bpmn:extensionElements><zeebe:subscription correlationKey="=vorgangId" /></bpmn:extensionElements></bpmn:message>
          <bpmn:process id="testlauf-warten" isExecutable="true">
            <bpmn:startEvent id="start"><bpmn:extensionElements><zeebe:formDefinition formId="antrag" /></bpmn:extensionElements><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="bezahlt" />
            <bpmn:intermediateCatchEvent id="bezahlt" name="Zahlung eingegangen"><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing><bpmn:messageEventDefinition messageRef="m" /></bpmn:intermediateCatchEvent>
            <bpmn:sequenceFlow id="f2" sourceRef="bezahlt" targetRef="erinnerung" />
            <bpmn:intermediateCatchEvent id="erinnerung" name="Ein Jahr später"><bpmn:incoming>f2</bpmn:incoming><bpmn:outgoing>f3</bpmn:outgoing><bpmn:timerEventDefinition><bpmn:timeDuration>P365D</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
            <bpmn:sequenceFlow id="f3" sourceRef="erinnerung" targetRef="finanzamt" />
            <bpmn:serviceTask id="finanzamt" name="Finanzamt unterrichten"><bpmn:extensionElements><zeebe:taskDefinition type="kogge-unterrichtung" /><zeebe:taskHeaders><zeebe:header key="stelle" value="Finanzamt Rostock" /></zeebe:taskHeaders></bpmn:extensionElements><bpmn:incoming>f3</bpmn:incoming><bpmn:outgoing>f4</bpmn:outgoing></bpmn:serviceTask>
            <bpmn:sequenceFlow id="f4" sourceRef="finanzamt" targetRef="bescheid" />
            <bpmn:sendTask id="bescheid" name="Bescheid ohne Entscheidung"><bpmn:extensionElements><zeebe:taskDefinition type="kogge-bescheid" /></bpmn:extensionElements><bpmn:incoming>f4</bpmn:incoming><bpmn:outgoing>f5</bpmn:outgoing></bpmn:sendTask>
            <bpmn:sequenceFlow id="f5" sourceRef="bescheid" targetRef="ende" />
            <bpmn:endEvent id="ende"><bpmn:incoming>f5</bpmn:incoming></bpmn:endEvent>
          </bpmn:process>
        </bpmn:definitions>
        """;

    /// <summary>A new draft of Rostock's business registration that waits for a message, then a year, then fails at its notice; its test-run address.</summary>
    internal static Task<string> WaitingDraftAsync(KoggeApp app) => DraftAsync(app, "gewerbe-anmelden",
        new ServiceArtifact { Kind = ArtifactKind.Process, Name = ServiceArtifact.ProcessName, Content = WaitingProcess },
        new ServiceArtifact { Kind = ArtifactKind.Form, Name = "antrag", Content = CatalogSamples.Form() });

    /// <summary>A new draft of a Rostock demo service with these artifacts; its test-run address.</summary>
    private static async Task<string> DraftAsync(KoggeApp app, string serviceSlug, params ServiceArtifact[] artifacts) =>
        await app.InTenantAsync("rostock", async (_, db) =>
        {
            var service = await db.PublicServices.FirstAsync(s => s.Slug == serviceSlug);
            var number = await db.ServiceVersions.Where(v => v.ServiceId == service.Id).MaxAsync(v => v.Number) + 1;
            db.ServiceVersions.Add(new ServiceVersion { ServiceId = service.Id, Number = number, State = VersionState.Draft, CreatedAt = DateTimeOffset.UtcNow, Artifacts = [.. artifacts] });
            await db.SaveChangesAsync();
            return $"/rostock/leistungskatalog/{service.Id}/versionen/{number}/testlauf";
        });

    [Fact]
    public async Task DraftWithMessageTimerAndIncident_ButtonsMoveIt_IncidentNamesTheElement()
    {
        var path = await WaitingDraftAsync(app);
        var designer = await DesignerAsync();

        var started = await designer.PostFormAsync(path, [new("name", "Erika Mustermann"), new("aktion", "starten")]);
        Assert.True(started.StatusCode == HttpStatusCode.Redirect, $"{(int)started.StatusCode}: {await started.Content.ReadAsStringAsync()}");
        var run = started.RedirectPath();
        var html = WebUtility.HtmlDecode(await designer.GetStringAsync(new Uri(run, UriKind.Relative)));
        Assert.Contains("Wartet auf die Nachricht „gebuehr-bezahlt“", html);
        Assert.Contains("Diese Version erhebt vor dem Absenden keine Gebühr.", html);
        var clockBefore = RunClock().Match(html).Groups[1].Value;

        var message = WaitAction().Match(html);
        Assert.Equal("subscription", message.Groups["name"].Value);
        Assert.Equal(HttpStatusCode.Redirect, (await designer.PostFormAsync(run, [new("subscription", message.Groups["value"].Value)], message.Groups["action"].Value)).StatusCode);

        html = WebUtility.HtmlDecode(await designer.GetStringAsync(new Uri(run, UriKind.Relative)));
        Assert.Contains("Nachricht empfangen", html);
        Assert.Contains("Zeitereignis: Ein Jahr später (erinnerung)", html);
        Assert.Contains("Zeit vorspulen bis", html);
        var timer = WaitAction().Match(html);
        Assert.Equal("job", timer.Groups["name"].Value);
        Assert.Equal(HttpStatusCode.Redirect, (await designer.PostFormAsync(run, [new("job", timer.Groups["value"].Value)], timer.Groups["action"].Value)).StatusCode);

        html = WebUtility.HtmlDecode(await designer.GetStringAsync(new Uri(run, UriKind.Relative)));
        var clockAfter = DateTimeOffset.Parse(RunClock().Match(html).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(clockAfter - DateTimeOffset.Parse(clockBefore, System.Globalization.CultureInfo.InvariantCulture) >= TimeSpan.FromDays(365));
        Assert.Contains("Zeitereignis eingetreten", html);
        Assert.Contains("Diese Stelle würde unterrichtet: Finanzamt Rostock", html);
        Assert.Contains("Der Ablauf ist gestört und kommt nicht weiter.", html);
        Assert.Contains("Bescheid ohne Entscheidung (bescheid)", html);
        Assert.Contains("bewilligt", html);
        Assert.DoesNotContain("Bescheid würde erstellt", html);
    }

    [GeneratedRegex("""action="(?<action>[^"]+handler=(?:Task|Message|Time)[^"]*)"[^>]*>\s*<input type="hidden" name="(?<name>task|subscription|job)" value="(?<value>[^"]+)">""")]
    private static partial Regex WaitAction();

    [GeneratedRegex("""<time datetime="([^"]+)" data-testid="run-clock">""")]
    private static partial Regex RunClock();

    [GeneratedRegex("""href="([^"]+handler=Notice[^"]*)">Bescheid als PDF ansehen""")]
    private static partial Regex NoticeLink();
}
