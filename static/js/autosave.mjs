// Saves a form as the person types, for forms marked data-autosave="<status element id>".
// The server knows the note by a client id in the form, so a save repeated after a dropped
// connection updates the same note. A copy (with that client id) is kept in this browser until
// the server confirms the finished note, so closing the tab, losing the connection or a failed
// "Save note" loses nothing: opening the form again brings the copy back.
const DELAY_MS = 1500;
const PREFIX = "autosave:";

const read = (key) => JSON.parse(window.localStorage.getItem(key) || "null");

// The page after a successful "Save note" names the note the server now has: only then is its copy dropped.
function forgetConfirmed() {
  for (const marker of document.querySelectorAll("[data-autosave-saved]")) {
    for (const key of Object.keys(window.localStorage)) {
      if (key.startsWith(PREFIX) && read(key)?.clientId === marker.dataset.autosaveSaved) {
        window.localStorage.removeItem(key);
      }
    }
  }
}

// The server refused to save a finished note that names participants: say so on the text field,
// as a GOV.UK error message the field is described by, and offer the one-click fix.
function showNames(form, text, names) {
  const group = text.closest(".govuk-form-group");
  const describedBy = (text.getAttribute("aria-describedby") || "").split(" ").filter((id) => id && id !== "autosave-names");
  form.querySelector("#autosave-names")?.remove();
  group?.classList.toggle("govuk-form-group--error", Boolean(names));
  text.classList.toggle("govuk-textarea--error", Boolean(names));
  if (!names) {
    text.setAttribute("aria-describedby", describedBy.join(" "));
    form.querySelector("#autosave-replace")?.remove();
    return;
  }
  const message = document.createElement("p");
  message.id = "autosave-names";
  message.className = "govuk-error-message";
  message.innerHTML = '<span class="govuk-visually-hidden">Error:</span> ';
  message.append(
    `Not saved: your note names ${names.map((n) => `“${n.name}”`).join(" and ")}. ` +
      `Write ${names.map((n) => `“${n.replacement}”`).join(" and ")} instead: notes are non-attributable.`,
  );
  text.before(message);
  text.setAttribute("aria-describedby", [...describedBy, message.id].join(" "));
  if (!form.querySelector("button[value=replace]")) {
    const replace = document.createElement("button");
    Object.assign(replace, { type: "submit", name: "action", value: "replace", id: "autosave-replace" });
    replace.className = "govuk-button govuk-button--secondary";
    replace.textContent = "Replace names with roles and save";
    form.querySelector(".govuk-button-group")?.append(replace);
  }
}

export function initAutosave() {
  forgetConfirmed();
  for (const form of document.querySelectorAll("form[data-autosave]")) {
    const status = document.getElementById(form.dataset.autosave);
    const clientId = form.querySelector("[name=client_id]");
    const text = form.querySelector("textarea");
    const key = `${PREFIX}${window.location.pathname}${window.location.search}`;
    const kept = read(key);
    // An empty form takes the copy back, with its client id, so saving it finishes the same note.
    // A note's own page takes only text the server never had: what it shows is newer than a draft copy.
    if (kept && text && kept.text !== text.value && (!text.value || (!kept.saved && kept.clientId === clientId.value))) {
      text.value = kept.text;
      clientId.value = kept.clientId;
      status.textContent = kept.saved
        ? "Restored your unfinished note: it is saved as a draft until you save it."
        : "Restored text you had not saved yet.";
    }
    let timer = null;
    let pending = false;

    const keep = (saved = false) =>
      window.localStorage.setItem(key, JSON.stringify({ clientId: clientId.value, text: text.value, saved }));
    const save = async () => {
      pending = false;
      const sent = text?.value;
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
        if (text) showNames(form, text, result.names);
        // The server's version of the note: the next save starts from it (see services.notes.save_note).
        const version = form.querySelector("[name=version]");
        if (version && result.version) version.value = result.version;
        if (response.status === 401) {
          pending = true;
          status.textContent = "You have been signed out. Your note is kept on this device; sign in to save it.";
          return;
        }
        if (result.conflict) {
          status.textContent = "Not saved: this note was changed on another device. Use “Save note” to choose which text stands.";
          return;
        }
        if (result.saved) {
          status.textContent = `Saved at ${result.saved_at}`;
          // Only if nothing was typed meanwhile. A finished note's copy goes: the server has it as it
          // stands. A draft's stays until "Save note" is confirmed, marked as one the server has.
          if (text && text.value === sent) {
            if (result.finished) window.localStorage.removeItem(key);
            else keep(true);
          }
        } else if (result.names) {
          status.textContent = "Not saved: your note names someone. Describe them by their role.";
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
    // The copy is not dropped here: the server may yet fail. The page after a successful save does it.
    form.addEventListener("submit", () => window.clearTimeout(timer));
    // Saved offline into the device's queue (offline.mjs): the queue holds the note now, not this copy.
    form.addEventListener("outbox:queued", () => {
      window.clearTimeout(timer);
      pending = false;
      window.localStorage.removeItem(key);
    });
  }
}
