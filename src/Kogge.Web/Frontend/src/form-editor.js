// Kogge – the form-js editor on a draft's form page. Loaded only there.
import { FormEditor } from "@bpmn-io/form-js-editor";
import "@bpmn-io/form-js-viewer/dist/assets/form-js-base.css";
import "@bpmn-io/form-js-editor/dist/assets/form-js-editor-base.css";
import "@bpmn-io/form-js-editor/dist/assets/form-js-editor.css";
import "@bpmn-io/form-js-editor/dist/assets/properties-panel.css";
import "./editors/editors.css";
import { bindToTextarea, editorSections } from "./editors/textarea-binding.js";
import { blankForm } from "./editors/blank.js";

for (const section of editorSections("form")) {
  // Shown before the editor starts: an editor created in a hidden box measures it as zero and draws nothing.
  section.hidden = false;
  const canvas = section.querySelector(".kogge-editor__canvas");
  const editor = new FormEditor({ container: canvas });
  bindToTextarea(section, {
    blank: blankForm,
    load: async (schema) => {
      await editor.importSchema(typeof schema === "string" ? JSON.parse(schema) : schema);
    },
    save: async () => JSON.stringify(editor.saveSchema(), null, 2),
    onChange: (callback) => editor.on("changed", callback),
  });
}
