// The device's copy of a peer's work on site, in IndexedDB: notes written offline, waiting to be sent,
// and a record of the pages kept for offline use. No DOM here: the service worker imports it too.
//
// Every record names its user by a device key (a keyed hash the server gives, never the email), so
// another person signing in on the same browser never sees, or sends, someone else's queue.
// A note leaves the device as soon as the server has stored it; one the server refuses stays,
// marked "attention", with the server's reason, until its author fixes or discards it.
const DB_NAME = "peerreview-device";
const DAY_MS = 24 * 60 * 60 * 1000;
export const KEEP_PAGES_DAYS = 14;
export const LABELS = {
  queued: "On this phone — not sent yet",
  sending: "Sending…",
  stored: "Stored",
  attention: "Needs your attention",
};

const channel = typeof BroadcastChannel === "function" ? new BroadcastChannel("outbox") : null;
const listeners = new Set();

// Tells this page and every other page (and the worker) what changed.
function announce(message) {
  for (const listener of listeners) listener(message);
  channel?.postMessage(message);
}

export function onChange(listener) {
  listeners.add(listener);
  channel?.addEventListener("message", (event) => listener(event.data));
}

function openDb() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => {
      const db = request.result;
      db.createObjectStore("notes", { keyPath: "clientId" }).createIndex("user", "user");
      db.createObjectStore("pages", { keyPath: "name" }).createIndex("user", "user");
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

// Reading never creates the database: a browser nobody used offline keeps nothing at all.
async function exists() {
  if (!indexedDB.databases) return true;
  return (await indexedDB.databases()).some((db) => db.name === DB_NAME);
}

async function run(storeName, mode, work) {
  if (mode === "readonly" && !(await exists())) return undefined;
  const db = await openDb();
  try {
    return await new Promise((resolve, reject) => {
      const transaction = db.transaction(storeName, mode);
      const request = work(transaction.objectStore(storeName));
      transaction.oncomplete = () => resolve(request?.result);
      transaction.onerror = () => reject(transaction.error);
    });
  } finally {
    db.close();
  }
}

const byUser = (store, user) => store.index("user").getAll(user);

export const putNote = (note) => run("notes", "readwrite", (store) => store.put({ ...note, updatedAt: Date.now() }));
export const getNote = (clientId) => run("notes", "readonly", (store) => store.get(clientId));
export const deleteNote = (clientId) => run("notes", "readwrite", (store) => store.delete(clientId));
export const notesOf = async (user) => (user ? (await run("notes", "readonly", (store) => byUser(store, user))) || [] : []);
export const allNotes = async () => (await run("notes", "readonly", (store) => store.getAll())) || [];
export const pagesOf = async (user) => (user ? (await run("pages", "readonly", (store) => byUser(store, user))) || [] : []);
const allPages = async () => (await run("pages", "readonly", (store) => store.getAll())) || [];
const forgetPages = (name) => run("pages", "readwrite", (store) => store.delete(name));

export const unsent = (notes) => notes.filter((note) => note.state !== "stored");

export async function queueNote(note) {
  await putNote({ ...note, state: "queued", createdAt: note.createdAt || Date.now() });
  announce({ type: "changed", clientId: note.clientId });
}

const pageCache = (user, review) => `pages-${user}-r${review}`;

// Keeps a review's on-site pages on the device (the server lists them: no names, no note text).
export async function keepPages(user, review, urls) {
  const name = pageCache(user, review);
  const cache = await caches.open(name);
  let kept = 0;
  await Promise.all(
    urls.map(async (url) => {
      try {
        const response = await fetch(url, { credentials: "same-origin", redirect: "manual" });
        if (response.ok && response.type === "basic") {
          await cache.put(url, response);
          kept += 1;
        }
      } catch {
        // No connection for this one: it is kept the next time "my day" is opened online.
      }
    }),
  );
  await run("pages", "readwrite", (store) => store.put({ name, user, review: String(review), count: kept, openedAt: Date.now(), keptAt: Date.now() }));
  return kept;
}

// A review's kept pages were opened again: they stay another 14 days.
export async function touchPages(user, review) {
  const name = pageCache(user, review);
  const record = await run("pages", "readonly", (store) => store.get(name));
  if (record) await run("pages", "readwrite", (store) => store.put({ ...record, openedAt: Date.now() }));
}

async function dropPages(record) {
  await caches.delete(record.name);
  await forgetPages(record.name);
}

// At start-up: pages not opened for 14 days go, and so do those of reviews past their week on site
// and (once the server has said who is signed in) other people's. Unsent notes are never dropped here.
export async function tidy({ user = "", pastOnSite = [] } = {}) {
  if (!(await exists())) return;
  const now = Date.now();
  for (const record of await allPages()) {
    const stale = now - record.openedAt > KEEP_PAGES_DAYS * DAY_MS;
    const past = record.user === user && pastOnSite.map(String).includes(record.review);
    const someoneElse = user && record.user !== user;
    if (stale || past || someoneElse) await dropPages(record);
  }
  if (typeof caches !== "undefined") {
    const known = new Set((await allPages()).map((record) => record.name));
    for (const name of await caches.keys()) {
      if (name.startsWith("pages-") && !known.has(name)) await caches.delete(name);
    }
  }
}

// Everything of this user on the device: their notes (unless told to keep the unsent ones), their
// kept pages, and the browser storage the pages use. Nothing left at all: the database goes too.
export async function clearUser(user, { keepUnsent = false } = {}) {
  for (const note of await notesOf(user)) {
    if (!keepUnsent || note.state === "stored") await deleteNote(note.clientId);
  }
  for (const record of await pagesOf(user)) await dropPages(record);
  for (const name of await caches.keys()) {
    if (name.startsWith(`pages-${user}-`)) await caches.delete(name);
  }
  if (typeof localStorage !== "undefined") localStorage.clear();
  if (typeof sessionStorage !== "undefined") sessionStorage.clear();
  if (!(await allNotes()).length && !(await allPages()).length) {
    await new Promise((resolve) => {
      const request = indexedDB.deleteDatabase(DB_NAME);
      request.onsuccess = request.onerror = request.onblocked = () => resolve();
    });
  }
  announce({ type: "cleared" });
}

// Who is signed in, and a fresh CSRF token. Never follows a redirect: signed out is a 401.
export async function signedIn() {
  const response = await fetch("/device/state/", {
    credentials: "same-origin",
    redirect: "manual",
    cache: "no-store",
    headers: { Accept: "application/json" },
  });
  if (response.status === 401 || response.type === "opaqueredirect") return { signed_in: false };
  if (!response.ok) throw new Error(`state ${response.status}`);
  return response.json();
}

async function send(note, state) {
  await putNote({ ...note, state: "sending" });
  announce({ type: "changed", clientId: note.clientId });
  const body = new FormData();
  for (const [name, value] of note.fields) body.append(name, value);
  if (note.fix) body.set("fix", note.fix);
  let response;
  try {
    response = await fetch(`/reviews/${note.review}/notes/send/`, {
      method: "POST",
      body,
      credentials: "same-origin",
      redirect: "manual",
      headers: { "X-CSRFToken": state.csrf, Accept: "application/json" },
    });
  } catch {
    await putNote({ ...note, state: "queued" });
    announce({ type: "changed", clientId: note.clientId });
    return "offline";
  }
  let result = null;
  try {
    result = await response.json();
  } catch {
    result = null;
  }
  if (response.ok && result?.stored) {
    await deleteNote(note.clientId); // the server has it: the device keeps no copy
    announce({
      type: "stored", clientId: note.clientId, review: note.review, storedAt: result.stored_at, label: note.label, text: note.text,
    });
    return "stored";
  }
  if (response.status === 401 || response.type === "opaqueredirect") {
    await putNote({ ...note, state: "queued" });
    announce({ type: "signed-out" });
    return "signed-out";
  }
  if (!result || response.status >= 500) {
    // Not an answer about the note (a server error, a stale token): try again later.
    await putNote({ ...note, state: "queued" });
    announce({ type: "changed", clientId: note.clientId });
    return "offline";
  }
  await putNote({
    ...note,
    state: "attention",
    reason: result.errors,
    names: result.names || [],
    offer: result.fix || "",
    conflict: result.conflict || null,
    fix: "",
  });
  announce({ type: "changed", clientId: note.clientId });
  return "refused";
}

let flushing = null;

async function sendAll() {
  let state;
  try {
    state = await signedIn();
  } catch {
    return { offline: true };
  }
  if (!state.signed_in) {
    announce({ type: "signed-out" });
    return { signedOut: true };
  }
  const waiting = (await notesOf(state.user)).filter((note) => note.state === "queued" || note.state === "sending");
  let sent = 0;
  for (const note of waiting) {
    const outcome = await send(note, state);
    if (outcome === "stored") sent += 1;
    if (outcome === "offline") return { offline: true, sent, state };
    if (outcome === "signed-out") return { signedOut: true, sent };
  }
  return { sent, state };
}

// Sends the signed-in person's queue, one note at a time; one run at a time across pages and the worker.
export function flush() {
  if (!flushing) {
    const work = navigator.locks ? navigator.locks.request("peerreview-outbox", sendAll) : sendAll();
    flushing = work.finally(() => {
      flushing = null;
    });
  }
  return flushing;
}

// The one-click fixes for a refused note, then straight back in the queue.
export async function fix(clientId, how) {
  const note = await getNote(clientId);
  if (!note) return;
  let fields = note.fields;
  if (how === "no-session") fields = fields.map(([name, value]) => [name, name === "session" ? "" : value]);
  if (how === "keep" && note.conflict) {
    fields = [...fields.filter(([name]) => name !== "version"), ["version", String(note.conflict.version)]];
  }
  await putNote({ ...note, fields, fix: how === "replace" ? "replace" : "", state: "queued", reason: "", names: [] });
  announce({ type: "changed", clientId });
  return flush();
}

export async function discard(clientId) {
  await deleteNote(clientId);
  announce({ type: "changed", clientId });
}
