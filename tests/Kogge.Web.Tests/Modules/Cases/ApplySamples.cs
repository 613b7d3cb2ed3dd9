using Kogge.Web.Modules.Catalog;
using Kogge.Web.Modules.Catalog.Versions;
using Kogge.Web.Platform.Audit;
using Kogge.Web.Platform.Demo;
using Kogge.Web.Platform.Identity;
using Kogge.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Kogge.Web.Tests.Modules.Cases;

/// <summary>A small service of two pages (one with a condition, one with an upload) published in Rostock, and extra citizen accounts.</summary>
internal static class ApplySamples
{
    public const string Form = """
        {
          "id": "parken-antrag", "type": "default", "schemaVersion": 16,
          "components": [
            { "type": "group", "label": "Ihr Fahrzeug", "components": [
              { "type": "textfield", "key": "kennzeichen", "label": "Amtliches Kennzeichen", "validate": { "required": true, "maxLength": 12 } },
              { "type": "checkbox", "key": "ueberlassen", "label": "Das Fahrzeug ist mir dauerhaft überlassen." },
              { "type": "textfield", "key": "halter", "label": "Name der Halterin oder des Halters", "validate": { "required": true },
                "conditional": { "hide": "=ueberlassen != true" } }
            ] },
            { "type": "group", "label": "Unterlagen", "components": [
              { "type": "filepicker", "key": "zulassung", "label": "Zulassungsbescheinigung Teil I", "accept": ".pdf,.png,.jpg,.jpeg", "multiple": true, "validate": { "required": true } }
            ] }
          ]
        }
        """;

    public const string Process = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="https://kogge.example/test">
          <bpmn:process id="parken-test" name="Parken (Test)" isExecutable="true">
            <bpmn:startEvent id="start"><bpmn:extensionElements><zeebe:formDefinition formId="parken-antrag" /></bpmn:extensionElements><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="pruefen" />
            <bpmn:userTask id="pruefen" name="Antrag prüfen"><bpmn:extensionElements><zeebe:userTask /><zeebe:assignmentDefinition candidateGroups="Clerk" /></bpmn:extensionElements><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:userTask>
            <bpmn:sequenceFlow id="f2" sourceRef="pruefen" targetRef="ende" />
            <bpmn:endEvent id="ende"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
          </bpmn:process>
        </bpmn:definitions>
        """;

    /// <summary>A fee rule of two lines: 30.70 per year of <c>laufzeitJahre</c> (1 without it) and a fixed 1,000 for the test.</summary>
    public const string FeeRule = """
        <definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="g" name="Gebühren" namespace="https://kogge.example/test">
          <decision id="gebuehr" name="gebuehr">
            <literalExpression id="l"><text>[{ bezeichnung: "Parkausweis", betrag: 30.70 }, { bezeichnung: "Eilzuschlag", betrag: 1000 }]</text></literalExpression>
          </decision>
        </definitions>
        """;

    /// <summary>A process that waits for the message <paramref name="message"/> correlated by the case id, then ends.</summary>
    public static string WaitingFor(string processId, string message) => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="https://kogge.example/test">
          <bpmn:message id="m" name="{message}"><bpmn:extensionElements><zeebe:subscription correlationKey="=vorgangId" /></bpmn:extensionElements></bpmn:message>
          <bpmn:process id="{processId}" name="Warten (Test)" isExecutable="true">
            <bpmn:startEvent id="start"><bpmn:extensionElements><zeebe:formDefinition formId="parken-antrag" /></bpmn:extensionElements><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="warten" />
            <bpmn:intermediateCatchEvent id="warten" name="Warten"><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing><bpmn:messageEventDefinition messageRef="m" /></bpmn:intermediateCatchEvent>
            <bpmn:sequenceFlow id="f2" sourceRef="warten" targetRef="ende" />
            <bpmn:endEvent id="ende"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
          </bpmn:process>
        </bpmn:definitions>
        """;

    /// <summary>Publishes the sample service in Rostock under <paramref name="slug"/> (with <paramref name="feeRule"/> as its DMN) and returns it.</summary>
    public static Task<PublicService> PublishAsync(KoggeApp app, string slug, string leika, string? feeRule = null, string? process = null) => app.InTenantAsync("rostock", async (services, db) =>
    {
        services.GetRequiredService<AuditLog>().ActorOverride = "system";
        var service = new PublicService { LeikaKey = leika, Slug = slug, Name = "Parkausweis (Test)", ShortText = "Test.", Category = ServiceCategory.TrafficAndMobility, TrustLevel = TrustLevel.Low };
        service.SearchText = CatalogSearch.SearchText(service);
        db.PublicServices.Add(service);
        await db.SaveChangesAsync();
        var lifecycle = services.GetRequiredService<VersionLifecycle>();
        await lifecycle.CreateDraftAsync(service.Id, CancellationToken.None);
        await lifecycle.SetArtifactAsync(service.Id, 1, ArtifactKind.Process, ServiceArtifact.ProcessName, process ?? Process, CancellationToken.None);
        await lifecycle.SetArtifactAsync(service.Id, 1, ArtifactKind.Form, "parken-antrag", Form, CancellationToken.None);
        if (feeRule is not null)
        {
            await lifecycle.SetArtifactAsync(service.Id, 1, ArtifactKind.Decision, "gebuehren", feeRule, CancellationToken.None);
        }

        var (outcome, report) = await lifecycle.PublishAsync(service.Id, 1, null, CancellationToken.None);
        Assert.True(outcome == LifecycleOutcome.Done, string.Join("; ", report?.Findings.Select(f => f.Message) ?? []));
        return service;
    });

    /// <summary>A confirmed citizen account of <paramref name="slug"/> with the demo password.</summary>
    public static Task<bool> CitizenAsync(KoggeApp app, string slug, string email) => app.InTenantAsync(slug, async (services, _) =>
    {
        var users = services.GetRequiredService<UserManager<KoggeUser>>();
        var user = new KoggeUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = "Test", CreatedAt = DateTimeOffset.UtcNow };
        Assert.True((await users.CreateAsync(user, DemoData.Password)).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, Roles.Citizen)).Succeeded);
        return true;
    });

    public static readonly byte[] Pdf = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"u8.ToArray();

    /// <summary>A Windows executable's first bytes, as a file renamed to .pdf would carry them.</summary>
    public static readonly byte[] Executable = [0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0x00, 0x00];
}
