// BPMN files written by hand or by other tools often carry no diagram layout (BPMNDiagram); bpmn-js would then
// draw nothing. bpmn-auto-layout adds one, left to right, and keeps every other element (zeebe: extensions too).
import { layoutProcess } from "bpmn-auto-layout";

export async function withLayout(xml) {
  return /BPMNDiagram\b/.test(xml) ? xml : await layoutProcess(xml);
}
