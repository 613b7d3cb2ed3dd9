// Kogge – the process diagram of a case with its current position. Loaded only on pages that show a diagram.
// The page already lists the active and completed steps as text; the diagram is the same information drawn, so it
// stays hidden when it cannot be shown (no script, a broken file, a failed request).
import NavigatedViewer from "bpmn-js/lib/NavigatedViewer";
import "bpmn-js/dist/assets/diagram-js.css";
import "bpmn-js/dist/assets/bpmn-js.css";
import "./editors/editors.css";
import { diagramColours } from "./editors/theme.js";
import { withLayout } from "./editors/layout.js";

const ids = (value) => (value ?? "").split(" ").filter(Boolean);

async function show(figure) {
  const response = await fetch(figure.dataset.bpmnSrc, { credentials: "same-origin", headers: { Accept: "application/xml" } });
  if (!response.ok) return;
  const xml = await withLayout(await response.text());

  const canvasHost = figure.querySelector(".kogge-bpmn__canvas");
  figure.hidden = false;
  const viewer = new NavigatedViewer({ container: canvasHost, bpmnRenderer: diagramColours() });
  try {
    await viewer.importXML(xml);
  } catch {
    viewer.destroy();
    figure.hidden = true;
    return;
  }

  const registry = viewer.get("elementRegistry");
  const canvas = viewer.get("canvas");
  const mark = (list, marker) => ids(list).filter((id) => registry.get(id)).forEach((id) => canvas.addMarker(id, marker));
  mark(figure.dataset.bpmnCompleted, "kogge-bpmn--completed");
  mark(figure.dataset.bpmnActive, "kogge-bpmn--active");
  canvas.zoom("fit-viewport", "auto");
  figure.dataset.bpmnReady = "true";
}

for (const figure of document.querySelectorAll("figure[data-bpmn-src]")) {
  show(figure).catch(() => {
    figure.hidden = true;
  });
}
