// The diagram colours follow KERN's tokens, so a diagram stays readable when KERN switches to dark mode.
export function diagramColours() {
  const style = getComputedStyle(document.documentElement);
  const token = (name, fallback) => style.getPropertyValue(name).trim() || fallback;
  return {
    defaultFillColor: token("--kern-color-layout-background-default", "#fff"),
    defaultStrokeColor: token("--kern-color-layout-text-default", "#000"),
    defaultLabelColor: token("--kern-color-layout-text-default", "#000"),
  };
}
