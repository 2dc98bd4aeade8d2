// Saves a form as the person types, for forms marked data-autosave="<status element id>".
// The server knows the note by a client id in the form, so a save repeated after a dropped
// connection updates the same note. Until the server has it, a copy (with that client id)
// is kept in this browser, so closing the tab or losing the connection loses nothing.
const DELAY_MS = 1500;

export function initAutosave() {
  for (const form of document.querySelectorAll("form[data-autosave]")) {
    const status = document.getElementById(form.dataset.autosave);
    const clientId = form.querySelector("[name=client_id]");
    const text = form.querySelector("textarea");
    const key = `autosave:${window.location.pathname}${window.location.search}`;
    const kept = JSON.parse(window.localStorage.getItem(key) || "null");
    if (kept && text && !text.value) {
      text.value = kept.text;
      clientId.value = kept.clientId;
      status.textContent = "Restored text you had not saved yet.";
    }
    let timer = null;
    let pending = false;

    const keep = () => window.localStorage.setItem(key, JSON.stringify({ clientId: clientId.value, text: text.value }));
    const save = async () => {
      pending = false;
      const body = new FormData(form);
      body.set("action", "autosave");
      try {
        // Not form.action: the form's buttons are named "action" and would shadow it.
        const response = await fetch(form.getAttribute("action") || window.location.href, {
          method: "POST",
          body,
          headers: { "X-Autosave": "1" },
          credentials: "same-origin",
        });
        const result = await response.json();
        if (result.saved) {
          status.textContent = `Saved at ${result.saved_at}`;
          window.localStorage.removeItem(key);
        } else {
          status.textContent = "Not saved yet: keep typing, or use the Save button.";
        }
      } catch {
        pending = true;
        status.textContent = "No connection. Your note is kept on this device and will save when you are back online.";
      }
    };

    form.addEventListener("input", () => {
      if (text) keep();
      window.clearTimeout(timer);
      timer = window.setTimeout(save, DELAY_MS);
    });
    window.addEventListener("online", () => {
      if (pending) save();
    });
    form.addEventListener("submit", () => window.localStorage.removeItem(key));
  }
}
