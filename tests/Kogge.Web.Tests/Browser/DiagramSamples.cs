namespace Kogge.Web.Tests.Browser;

/// <summary>Artifacts with diagram layout, for the diagram viewer and the editors.</summary>
internal static class DiagramSamples
{
    /// <summary>Start (with the form <c>parken-antrag</c>) → clerk task "Antrag prüfen" → end, laid out left to right.</summary>
    public const string Process = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="https://kogge.example/test">
          <bpmn:process id="parken-diagramm" name="Parken mit Diagramm (Test)" isExecutable="true">
            <bpmn:startEvent id="start" name="Antrag eingegangen"><bpmn:extensionElements><zeebe:formDefinition formId="parken-antrag" /></bpmn:extensionElements><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="pruefen" />
            <bpmn:userTask id="pruefen" name="Antrag prüfen"><bpmn:extensionElements><zeebe:userTask /><zeebe:assignmentDefinition candidateGroups="Clerk" /></bpmn:extensionElements><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:userTask>
            <bpmn:sequenceFlow id="f2" sourceRef="pruefen" targetRef="ende" />
            <bpmn:endEvent id="ende" name="Erledigt"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
          </bpmn:process>
          <bpmndi:BPMNDiagram id="diagramm">
            <bpmndi:BPMNPlane id="ebene" bpmnElement="parken-diagramm">
              <bpmndi:BPMNShape id="start_di" bpmnElement="start"><dc:Bounds x="160" y="100" width="36" height="36" /></bpmndi:BPMNShape>
              <bpmndi:BPMNShape id="pruefen_di" bpmnElement="pruefen"><dc:Bounds x="260" y="78" width="100" height="80" /></bpmndi:BPMNShape>
              <bpmndi:BPMNShape id="ende_di" bpmnElement="ende"><dc:Bounds x="430" y="100" width="36" height="36" /></bpmndi:BPMNShape>
              <bpmndi:BPMNEdge id="f1_di" bpmnElement="f1"><di:waypoint x="196" y="118" /><di:waypoint x="260" y="118" /></bpmndi:BPMNEdge>
              <bpmndi:BPMNEdge id="f2_di" bpmnElement="f2"><di:waypoint x="360" y="118" /><di:waypoint x="430" y="118" /></bpmndi:BPMNEdge>
            </bpmndi:BPMNPlane>
          </bpmndi:BPMNDiagram>
        </bpmn:definitions>
        """;

    /// <summary>A decision table of one rule that answers 10.</summary>
    public const string Decision = """
        <?xml version="1.0" encoding="UTF-8"?>
        <definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="regeln" name="Gebühren" namespace="https://kogge.example/test">
          <decision id="betrag" name="Betrag">
            <decisionTable id="tabelle" hitPolicy="FIRST">
              <input id="eingabe" label="Laufzeit in Jahren"><inputExpression id="ausdruck" typeRef="number"><text>laufzeitJahre</text></inputExpression></input>
              <output id="ausgabe" name="betrag" label="Betrag" typeRef="number" />
              <rule id="regel"><inputEntry id="wenn"><text>&gt;= 1</text></inputEntry><outputEntry id="dann"><text>10</text></outputEntry></rule>
            </decisionTable>
          </decision>
        </definitions>
        """;
}
