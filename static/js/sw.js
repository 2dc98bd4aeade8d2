// The service worker. Served by peerreview.offline.service_worker at /sw.js, which puts before this
// its VERSION (a hash of the files below), APP_SHELL (static files every page needs), OFFLINE_PAGE,
// and imports `flush` from outbox.mjs for Background Sync.
//
// Pages: from the network first; when there is none, the copy kept on the device (the on-site
// pages "my day" keeps: see offline.mjs), else the page that says a connection is needed. Only
// pages already kept are refreshed as they are opened online: nothing else lands on the device.
// Static files: from the device first (they are versioned with the worker).
const STATIC_CACHE = `static-${VERSION}`;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(STATIC_CACHE)
      .then((cache) => cache.addAll([...APP_SHELL, OFFLINE_PAGE]))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  // Only the old static files go: kept pages and the queue of notes (IndexedDB) outlive a new version.
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((n) => n.startsWith("static-") && n !== STATIC_CACHE).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()),
  );
});

async function pageCacheHolding(request) {
  for (const name of await caches.keys()) {
    if (name.startsWith("pages-") && (await (await caches.open(name)).match(request, { ignoreVary: true }))) return name;
  }
  return null;
}

async function page(request) {
  try {
    const response = await fetch(request);
    if (response.ok && !response.redirected) {
      const name = await pageCacheHolding(request);
      if (name) await (await caches.open(name)).put(request, response.clone());
    }
    return response;
  } catch {
    const kept = await caches.match(request, { ignoreVary: true });
    if (kept) return kept;
    const offline = await caches.match(OFFLINE_PAGE, { ignoreVary: true });
    return offline || new Response("You are offline. This page needs a connection.", {
      status: 503,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  }
}

async function staticFile(request) {
  const kept = await caches.match(request, { ignoreVary: true });
  if (kept) return kept;
  const response = await fetch(request);
  if (response.ok) await (await caches.open(STATIC_CACHE)).put(request, response.clone());
  return response;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("/static/")) event.respondWith(staticFile(request));
  else if (request.mode === "navigate") event.respondWith(page(request));
});

// Background Sync, where the browser has it: send the queue even with no page of the site open.
self.addEventListener("sync", (event) => {
  // Rejected while there is still no connection, so that the browser tries again later.
  if (event.tag === "outbox") event.waitUntil(flush().then((done) => { if (done.offline) throw new Error("offline"); }));
});
