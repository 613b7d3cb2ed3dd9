// Kogge – the dmn-js modeler on a draft's decision page. Loaded only there. Opens the first decision table or
// literal expression; the decision requirements diagram needs layout data that rule files often lack.
import DmnModeler from "dmn-js/lib/Modeler";
import "dmn-js/dist/assets/diagram-js.css";
import "dmn-js/dist/assets/dmn-js-shared.css";
import "dmn-js/dist/assets/dmn-js-drd.css";
import "dmn-js/dist/assets/dmn-js-decision-table.css";
import "dmn-js/dist/assets/dmn-js-decision-table-controls.css";
import "dmn-js/dist/assets/dmn-js-literal-expression.css";
import "dmn-js/dist/assets/dmn-js-boxed-expression.css";
import "dmn-js/dist/assets/dmn-js-boxed-expression-controls.css";
import "dmn-js/dist/assets/dmn-font/css/dmn.css";
import "./editors/editors.css";
import { bindToTextarea, editorSections } from "./editors/textarea-binding.js";
import { blankDecision } from "./editors/blank.js";

for (const section of editorSections("dmn")) {
  // Shown before the editor starts: an editor created in a hidden box measures it as zero and draws nothing.
  section.hidden = false;
  const canvas = section.querySelector(".kogge-editor__canvas");
  const modeler = new DmnModeler({ container: canvas });
  // Each view (table, expression, diagram) has its own command stack.
  let changed = () => {};
  const watched = new WeakSet();
  modeler.on("views.changed", () => {
    const viewer = modeler.getActiveViewer();
    if (viewer && !watched.has(viewer)) {
      watched.add(viewer);
      viewer.on("commandStack.changed", () => changed());
    }
  });
  bindToTextarea(section, {
    blank: blankDecision,
    load: async (xml) => {
      await modeler.importXML(xml);
      const view = modeler.getViews().find((v) => v.type === "decisionTable" || v.type === "literalExpression");
      if (view) await modeler.open(view);
    },
    save: async () => (await modeler.saveXML({ format: true })).xml,
    onChange: (callback) => {
      changed = callback;
    },
  });
}
