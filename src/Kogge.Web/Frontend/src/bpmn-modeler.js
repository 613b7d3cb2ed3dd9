// Kogge – the BPMN modeler on a draft's process page. Loaded only there. Keeps the zeebe: extensions the engine reads.
import Modeler from "bpmn-js/lib/Modeler";
import zeebe from "zeebe-bpmn-moddle/resources/zeebe.json";
import "bpmn-js/dist/assets/diagram-js.css";
import "bpmn-js/dist/assets/bpmn-js.css";
import "bpmn-js/dist/assets/bpmn-font/css/bpmn.css";
import "./editors/editors.css";
import { bindToTextarea, editorSections } from "./editors/textarea-binding.js";
import { diagramColours } from "./editors/theme.js";
import { blankProcess } from "./editors/blank.js";
import { withLayout } from "./editors/layout.js";
import { translationModules } from "./editors/translate.js";

for (const section of editorSections("bpmn")) {
  // Shown before the editor starts: an editor created in a hidden box measures it as zero and draws nothing.
  section.hidden = false;
  const canvas = section.querySelector(".kogge-editor__canvas");
  const modeler = new Modeler({
    container: canvas,
    moddleExtensions: { zeebe },
    additionalModules: translationModules(),
    bpmnRenderer: diagramColours(),
  });
  bindToTextarea(section, {
    blank: blankProcess,
    load: async (xml) => {
      await modeler.importXML(await withLayout(xml));
      modeler.get("canvas").zoom("fit-viewport", "auto");
    },
    save: async () => (await modeler.saveXML({ format: true })).xml,
    onChange: (callback) => modeler.on("commandStack.changed", callback),
  });
}
