// German texts for bpmn-js (palette, context pad, menus, tooltips) when the page is German, from the community
// translations in bpmn-js-i18n. Texts without a translation stay English.
import german from "bpmn-js-i18n/translations/de.js";

export function translationModules() {
  if (document.documentElement.lang !== "de") return [];
  const translate = (template, replacements = {}) =>
    (german[template] || template).replace(/{([^}]+)}/g, (_, key) => replacements[key] ?? `{${key}}`);
  return [{ translate: ["value", translate] }];
}
