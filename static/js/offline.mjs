// The offline web app, page side: registers the service worker, keeps a review's on-site pages when
// "my day" is opened, queues a note written with no connection, shows each queued note's state and
// sends the queue when it can (now, on the `online` event, on every page of the site, and with
// back-off while the page stays open). Signing out first clears what this user left on the device.
import * as outbox from "./outbox.mjs";

const user = document.body.dataset.deviceUser || "";
const stored = new Map(); // notes stored while this page was open: shown as "Stored" until it closes
const RETRY_FIRST_MS = 5000;
const RETRY_MAX_MS = 5 * 60 * 1000;
let retryDelay = RETRY_FIRST_MS;
let retryTimer = null;
let signedOut = false;

const uuid = () =>
  crypto.randomUUID
    ? crypto.randomUUID()
    : "10000000-1000-4000-8000-100000000000".replace(/[018]/g, (c) =>
        (c ^ (crypto.getRandomValues(new Uint8Array(1))[0] & (15 >> (c / 4)))).toString(16),
      );

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function time(ms) {
  return new Date(ms).toLocaleString("en-GB", { day: "numeric", month: "long", hour: "2-digit", minute: "2-digit", timeZone: "Europe/London" });
}

const TAG_CLASS = { queued: "govuk-tag--yellow", sending: "govuk-tag--blue", stored: "govuk-tag--green", attention: "govuk-tag--red" };

function button(text, onClick, secondary = true) {
  const node = element("button", `govuk-button${secondary ? " govuk-button--secondary" : ""} govuk-!-margin-bottom-2`, text);
  node.type = "button";
  node.addEventListener("click", onClick);
  return node;
}

function noteCard(note) {
  const card = element("div", "govuk-summary-card app-outbox-note");
  card.dataset.clientId = note.clientId;
  card.dataset.state = note.state;
  const title = element("div", "govuk-summary-card__title-wrapper");
  title.append(element("h3", "govuk-summary-card__title", note.label || `Note written ${time(note.createdAt)}`));
  const tag = element("strong", `govuk-tag ${TAG_CLASS[note.state] || ""}`, outbox.LABELS[note.state]);
  tag.dataset.outboxState = note.state;
  title.append(tag);
  card.append(title);
  const content = element("div", "govuk-summary-card__content");
  content.append(element("p", "govuk-body app-note-text", note.text.length > 240 ? `${note.text.slice(0, 240)}…` : note.text));
  if (note.state === "stored") content.append(element("p", "govuk-body-s", `Stored at ${note.storedAt} (the server's time).`));
  if (note.state === "attention") {
    content.append(element("p", "govuk-body govuk-!-font-weight-bold", note.reason || "The server did not take this note."));
    if (note.names?.length) {
      const list = element("ul", "govuk-list govuk-list--bullet");
      for (const found of note.names) list.append(element("li", "", `“${found.name}”: write “${found.replacement}” instead`));
      content.append(list);
    }
    if (note.conflict) {
      content.append(element("p", "govuk-body", "The text that stands now:"));
      content.append(element("blockquote", "govuk-inset-text app-note-text", note.conflict.text));
    }
    const actions = element("div", "govuk-button-group");
    if (note.offer === "replace") actions.append(button("Replace names with roles and send", () => outbox.fix(note.clientId, "replace"), false));
    if (note.offer === "no-session") actions.append(button("Send it without the session", () => outbox.fix(note.clientId, "no-session"), false));
    if (note.offer === "keep") actions.append(button("Keep this phone’s text", () => outbox.fix(note.clientId, "keep"), false));
    const discard = button("Discard this note", () => {
      discard.hidden = true;
      confirm.hidden = false;
      confirm.focus();
    });
    const confirm = button("Yes, discard it: it cannot be got back", () => outbox.discard(note.clientId));
    confirm.className = "govuk-button govuk-button--warning govuk-!-margin-bottom-2";
    confirm.hidden = true;
    actions.append(discard, confirm);
    content.append(actions);
  }
  card.append(content);
  return card;
}

async function render() {
  if (leavingNow) return;
  const notes = user ? await outbox.notesOf(user) : [];
  // Written only while there is something unsent: after sign-out, another open tab writes nothing.
  const unsentCount = outbox.unsent(notes).length;
  if (user && unsentCount) localStorage.setItem(`${UNSENT_HINT}:${user}`, String(unsentCount));
  else if (user) localStorage.removeItem(`${UNSENT_HINT}:${user}`);
  for (const list of document.querySelectorAll("[data-outbox-list]")) {
    const review = list.dataset.outboxReview;
    const shown = [...notes, ...stored.values()].filter((note) => !review || String(note.review) === review);
    shown.sort((a, b) => a.createdAt - b.createdAt);
    list.replaceChildren();
    if (!shown.length) {
      if (!review) list.append(element("p", "govuk-body", "No notes are waiting on this device."));
      continue;
    }
    list.append(element("h2", "govuk-heading-m", review ? "Notes on this phone" : "Notes"));
    for (const note of shown) list.append(noteCard(note));
  }
  await renderBanner(notes);
  await renderDevice(notes);
}

async function renderBanner(notes) {
  const banner = document.getElementById("outbox-banner");
  if (!banner || document.querySelector("[data-device-page]")) return;
  const waiting = signedOut && !user ? outbox.unsent(await outbox.allNotes()) : outbox.unsent(notes);
  const attention = waiting.filter((note) => note.state === "attention").length;
  let message = "";
  if (signedOut && waiting.length) message = "You have been signed out. Your notes are safe on this phone; sign in to send them.";
  else if (attention) message = `${attention === 1 ? "1 note needs" : `${attention} notes need`} your attention.`;
  else if (waiting.length && !navigator.onLine) message = `${waiting.length === 1 ? "1 note is" : `${waiting.length} notes are`} on this phone, not sent yet: they are sent when you are back online.`;
  // Changed only after every await, so that two renders at once cannot both add a message.
  if (!message) {
    banner.replaceChildren();
    return;
  }
  const box = element("div", "govuk-inset-text app-outbox-banner");
  box.append(element("p", "govuk-body govuk-!-margin-bottom-1", message));
  const link = element("a", "govuk-link", "See them on “This device”");
  link.href = "/device/";
  if (attention || (waiting.length && !signedOut)) box.append(link);
  if (banner.textContent !== box.textContent) banner.replaceChildren(box);
}

async function renderDevice(notes) {
  if (!document.querySelector("[data-device-page]")) return;
  const waiting = outbox.unsent(notes);
  const pages = await outbox.pagesOf(user);
  const pageCount = pages.reduce((sum, record) => sum + (record.count || 0), 0);
  document.getElementById("device-notes").textContent = waiting.length ? `${waiting.length}` : "None";
  document.getElementById("device-pages").textContent = pageCount ? `${pageCount} (${pages.length === 1 ? "1 review" : `${pages.length} reviews`})` : "None";
  const times = [...waiting.map((note) => note.createdAt), ...pages.map((record) => record.keptAt)].filter(Boolean);
  document.getElementById("device-oldest").textContent = times.length ? time(Math.min(...times)) : "Nothing kept";
  document.getElementById("device-connection").textContent = navigator.onLine ? "" : "You are offline: notes are sent when the connection returns.";
  const signOut = document.getElementById("device-sign-out");
  const asked = new URLSearchParams(window.location.search).has("sign-out");
  signOut.hidden = !(asked && waiting.length);
  if (asked && !waiting.length && !signOut.dataset.leaving) {
    signOut.dataset.leaving = "1"; // sent meanwhile (by another tab or the worker): nothing to ask
    await signOutNow();
    return;
  }
  document.getElementById("device-unsent-count").textContent =
    waiting.length === 1 ? "You have 1 note not sent yet." : `You have ${waiting.length} notes not sent yet.`;
}

function scheduleRetry() {
  window.clearTimeout(retryTimer);
  retryTimer = window.setTimeout(sendNow, retryDelay);
  retryDelay = Math.min(retryDelay * 2, RETRY_MAX_MS);
}

async function sendNow() {
  const result = await outbox.flush();
  signedOut = Boolean(result.signedOut);
  if (result.state) await outbox.tidy({ user: result.state.user, pastOnSite: result.state.past_on_site });
  if (result.offline && user && outbox.unsent(await outbox.notesOf(user)).some((n) => n.state === "queued")) scheduleRetry();
  else retryDelay = RETRY_FIRST_MS;
  await render();
  return result;
}

// Sign-out never discards a note silently: with notes unsent, "This device" asks first. The choice is
// made at once, from a count kept in localStorage as the list is drawn (IndexedDB cannot be read
// in time), so that the sign-out itself is the browser's own form post. What the person left on the
// device is cleared by the next page (the sign-in page), named by a marker set here.
const UNSENT_HINT = "peerreview:unsent";
const SIGNING_OUT = "peerreview:signing-out";

let leavingNow = false; // signing out: nothing more is written to the device

async function signOutNow() {
  if (leavingNow) return;
  leavingNow = true;
  if (user) await outbox.clearUser(user);
  document.querySelector("form[data-sign-out]")?.submit();
}

function initSignOut() {
  for (const form of document.querySelectorAll("form[data-sign-out]")) {
    form.addEventListener("submit", (event) => {
      if (!user) return;
      if (Number(localStorage.getItem(`${UNSENT_HINT}:${user}`) || 0) > 0) {
        event.preventDefault();
        window.location.assign("/device/?sign-out=1");
        return;
      }
      leavingNow = true;
      localStorage.setItem(SIGNING_OUT, user);
    });
  }
}

function initDevicePage() {
  if (!document.querySelector("[data-device-page]")) return;
  document.getElementById("device-send-now").addEventListener("click", async () => {
    const result = await sendNow();
    const left = outbox.unsent(await outbox.notesOf(user));
    if (!left.length) await signOutNow();
    else document.getElementById("device-connection").textContent = result.offline
      ? "Still no connection: the notes stay on this phone."
      : `${left.length === 1 ? "1 note was" : `${left.length} notes were`} not sent: see below.`;
  });
  document.getElementById("device-discard").addEventListener("click", () => {
    document.getElementById("device-discard-confirm").hidden = false;
    document.getElementById("device-discard-yes").focus();
  });
  document.getElementById("device-discard-yes").addEventListener("click", signOutNow);
  document.getElementById("device-clear").addEventListener("click", async () => {
    if (user) await outbox.clearUser(user, { keepUnsent: true });
    document.getElementById("device-cleared").textContent = "This device is cleared. Notes not sent yet are still kept.";
    await render();
  });
}

// Lines of enquiry: only those of the chosen themes (a line already ticked stays in view).
function filterLines(form) {
  const chosen = new Set([...form.querySelectorAll("[name=themes]:checked")].map((box) => box.value));
  for (const item of form.querySelectorAll("[data-note-lines] [data-theme]")) {
    const ticked = item.querySelector("input").checked;
    item.hidden = !(ticked || !chosen.size || chosen.has(item.dataset.theme));
  }
}

function initNoteForms() {
  for (const form of document.querySelectorAll("form[data-note-form]")) {
    const clientId = form.querySelector("[name=client_id]");
    filterLines(form);
    form.addEventListener("change", (event) => {
      if (event.target.name === "themes") filterLines(form);
    });
    form.addEventListener(
      "submit",
      async (event) => {
        if (navigator.onLine || !user) return; // online, the form posts as it always has
        event.preventDefault();
        event.stopImmediatePropagation();
        const status = document.getElementById(form.dataset.autosave);
        const data = new FormData(form);
        if (!String(data.get("text") || "").trim()) {
          status.textContent = "Write the note before saving it.";
          return;
        }
        data.delete("csrfmiddlewaretoken");
        data.delete("action");
        const session = form.querySelector("[name=session]");
        await outbox.queueNote({
          clientId: String(data.get("client_id")),
          user,
          review: form.dataset.review,
          fields: [...data.entries()].map(([name, value]) => [name, String(value)]),
          text: String(data.get("text")),
          label: session?.value ? session.selectedOptions[0].textContent.trim() : "",
        });
        form.dispatchEvent(new CustomEvent("outbox:queued")); // the autosave stops: the queue has it
        navigator.serviceWorker?.ready.then((registration) => registration.sync?.register("outbox")).catch(() => {});
        if (form.hasAttribute("data-new-note")) {
          form.reset();
          clientId.value = uuid();
          filterLines(form);
        }
        status.textContent = "Kept on this phone: it is sent when you are back online. You can write the next note.";
        await render();
      },
      true,
    );
  }
}

// A kept page is the same every time it opens: each blank note form gets its own ids here, before
// the autosave may bring back a copy (with its own id) of a note not finished.
export function freshIds() {
  for (const form of document.querySelectorAll("form[data-note-form]")) {
    const clientId = form.querySelector("[name=client_id]");
    const editor = form.querySelector("[name=editor]");
    if (!form.hasAttribute("data-fresh-ids")) continue;
    if (form.hasAttribute("data-new-note") && clientId) clientId.value = uuid();
    if (editor) editor.value = uuid();
  }
}

export async function initOffline() {
  if (!("indexedDB" in window)) return;
  const leaving = localStorage.getItem(SIGNING_OUT);
  if (leaving && leaving !== user) await outbox.clearUser(leaving);
  navigator.serviceWorker?.register("/sw.js", { scope: "/", type: "module" }).catch(() => {});
  initSignOut();
  initDevicePage();
  initNoteForms();
  outbox.onChange(async (message) => {
    if (message.type === "stored") {
      stored.set(message.clientId, { ...message, state: "stored", createdAt: Date.now() });
    }
    if (message.type === "signed-out") signedOut = true;
    await render();
  });
  window.addEventListener("online", () => {
    retryDelay = RETRY_FIRST_MS;
    sendNow();
  });
  window.addEventListener("offline", render);
  await outbox.tidy({});
  const review = document.body.dataset.offlineReview;
  if (user && review) {
    await outbox.touchPages(user, review);
    const urls = document.body.dataset.offlineUrls;
    const ready = document.getElementById("offline-ready");
    if (urls && navigator.onLine) {
      Promise.all([outbox.keepPages(user, review, JSON.parse(urls)), navigator.serviceWorker?.ready])
        .then(([kept]) => {
          if (ready && kept) ready.textContent = "This week’s pages are kept on this phone: they open without a connection.";
          return render();
        })
        .catch(() => {});
    }
  }
  await render();
  // Signed out with nothing on the device (the sign-in page, mostly): nothing to ask the server.
  if (navigator.onLine && (user || (await outbox.allNotes()).length)) await sendNow();
}
