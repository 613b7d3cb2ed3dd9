namespace Kogge.Web.Tests.Modules.Catalog;

/// <summary>Small artifacts for the catalogue tests: a process with a start form, one clerk task and a rule.</summary>
internal static class CatalogSamples
{
    public static string Process(string formId = "antrag", string? decisionId = null) => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="https://kogge.example/test">
          <bpmn:process id="test" isExecutable="true">
            <bpmn:startEvent id="start"><bpmn:extensionElements><zeebe:formDefinition formId="{formId}" /></bpmn:extensionElements><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="{(decisionId is null ? "pruefen" : "regel")}" />
            {(decisionId is null ? "" : $"""<bpmn:businessRuleTask id="regel"><bpmn:extensionElements><zeebe:calledDecision decisionId="{decisionId}" resultVariable="r" /></bpmn:extensionElements><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f1b</bpmn:outgoing></bpmn:businessRuleTask><bpmn:sequenceFlow id="f1b" sourceRef="regel" targetRef="pruefen" />""")}
            <bpmn:userTask id="pruefen" name="Prüfen"><bpmn:extensionElements><zeebe:userTask /></bpmn:extensionElements><bpmn:incoming>{(decisionId is null ? "f1" : "f1b")}</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:userTask>
            <bpmn:sequenceFlow id="f2" sourceRef="pruefen" targetRef="ende" />
            <bpmn:endEvent id="ende"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
          </bpmn:process>
        </bpmn:definitions>
        """;

    public static string Form(string id = "antrag") => $$"""
        { "id": "{{id}}", "type": "default", "components": [ { "type": "textfield", "key": "name", "label": "Name" } ] }
        """;

    public const string BrokenForm = """
        { "id": "antrag", "type": "default", "components": [ { "type": "textfield", "label": "ohne Schlüssel" } ] }
        """;

    public static string Decision(string id) => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="defs" name="Test" namespace="https://kogge.example/test">
          <decision id="{id}" name="Betrag">
            <decisionTable id="t" hitPolicy="FIRST">
              <output id="o" name="betrag" typeRef="number" />
              <rule id="r"><outputEntry id="e"><text>10</text></outputEntry></rule>
            </decisionTable>
          </decision>
        </definitions>
        """;

    public const string WithDtd = """
        <?xml version="1.0"?>
        <!DOCTYPE definitions [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
        <definitions>&xxe;</definitions>
        """;
}
