// Kogge – small progressive enhancements. Every page works without this file.

function ready(fn) {
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", fn, { once: true });
  } else {
    fn();
  }
}

ready(() => {
  // Move focus to the error summary after a failed submit, so keyboard and
  // screen-reader users start where the problems are listed.
  const summary = document.querySelector("[data-kogge-error-summary]");
  if (summary) {
    summary.focus();

    // Links in the summary point at field ids. Focus the field and scroll its
    // label (or the fieldset legend) into view, not just the bare input.
    summary.addEventListener("click", (event) => {
      const link = event.target.closest('a[href^="#"]');
      if (!link) return;
      const field = document.getElementById(decodeURIComponent(link.hash.slice(1)));
      if (!field) return;
      event.preventDefault();
      const anchor =
        field.closest("fieldset")?.querySelector("legend") ??
        document.querySelector(`label[for="${CSS.escape(field.id)}"]`) ??
        field;
      anchor.scrollIntoView({ block: "start" });
      field.focus({ preventScroll: true });
    });
  }

  // Ask before destructive actions: <button data-kogge-confirm="Wirklich löschen?">.
  document.addEventListener("submit", (event) => {
    const submitter = event.submitter;
    const message = submitter?.dataset.koggeConfirm ?? event.target.dataset?.koggeConfirm;
    if (message && !window.confirm(message)) {
      event.preventDefault();
    }
  });
});
