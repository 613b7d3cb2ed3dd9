// Binds a graphical editor to the page's text field "Inhalt". The text field stays the one thing the form sends:
// every change in the editor is written into it, and the server validates it as if it had been typed. A change
// typed into the text field is loaded back into the editor. Without this script the text field works alone.
//
// editor: { load(text): Promise, blank: text or object the editor starts from when the field is empty,
//          save(): Promise<string>, onChange(callback) }
export async function bindToTextarea(section, editor) {
  const textarea = document.getElementById(section.dataset.koggeEditorFor);
  const problem = section.querySelector("[data-kogge-editor-problem]");
  if (!textarea?.form) return;

  let loading = false;
  let pending = Promise.resolve();

  async function load() {
    loading = true;
    try {
      await editor.load(textarea.value.trim() === "" ? editor.blank : textarea.value);
      problem.hidden = true;
    } catch {
      // Not loadable (empty, broken, or not this kind of file): the text field still works and the server will
      // say what is wrong with it.
      problem.hidden = false;
    } finally {
      loading = false;
    }
  }

  section.hidden = false;
  await load();

  editor.onChange(() => {
    if (loading) return;
    pending = pending.then(async () => {
      try {
        textarea.value = await editor.save();
      } catch {
        problem.hidden = false;
      }
    });
  });

  textarea.addEventListener("change", () => {
    pending = pending.then(load);
  });

  // The last change (made by leaving the editor for the button) may still be saving when the form is sent: wait
  // for it, then send the form. The form has one submit button without a name, so nothing is lost by submit().
  textarea.form.addEventListener("submit", (event) => {
    event.preventDefault();
    pending.then(() => textarea.form.submit());
  });

  section.dataset.koggeEditorReady = "true";
}

export function editorSections(kind) {
  return document.querySelectorAll(`[data-kogge-editor="${kind}"]`);
}
