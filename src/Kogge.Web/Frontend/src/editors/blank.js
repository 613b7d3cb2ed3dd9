// What an editor starts from when the text field is empty (a new artifact): the smallest file of each kind that
// Kogge's check reads, for the designer to build on. Nothing is written into the text field until the first change.

export const blankProcess = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="definitionen" targetNamespace="https://kogge.example/prozess">
  <bpmn:process id="prozess" name="Neuer Prozess" isExecutable="true">
    <bpmn:startEvent id="antrag-eingegangen" name="Antrag eingegangen" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="diagramm">
    <bpmndi:BPMNPlane id="ebene" bpmnElement="prozess">
      <bpmndi:BPMNShape id="antrag-eingegangen_di" bpmnElement="antrag-eingegangen"><dc:Bounds x="160" y="100" width="36" height="36" /></bpmndi:BPMNShape>
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>`;

export const blankForm = { type: "default", id: "neues-formular", components: [] };

export const blankDecision = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="regeln" name="Neue Regeln" namespace="https://kogge.example/regeln">
  <decision id="entscheidung" name="Neue Entscheidung">
    <decisionTable id="tabelle" hitPolicy="UNIQUE">
      <input id="eingabe" label="Eingabe"><inputExpression id="eingabe-ausdruck" typeRef="string"><text></text></inputExpression></input>
      <output id="ausgabe" name="ergebnis" label="Ergebnis" typeRef="string" />
    </decisionTable>
  </decision>
</definitions>`;
