// The field page's service worker (registered by /screen with scope /screen): keeps the page, its bundles and the
// last households list of each site, so that the page opens and shows its site with no network. Same origin
// only: a request to another host is never handled here. Reports are not handled here either: the page queues
// them in IndexedDB and posts them itself, so every POST is the page's own and nothing is sent twice from here.
const cacheName = "canvass-screen-v1";
const households = /^\/api\/units\/[^/]+\/households$/;

self.addEventListener("install", (event) => {
  // The page itself; its bundles arrive from the page (message below), which knows their hashed names.
  event.waitUntil(caches.open(cacheName).then((cache) => cache.add("/screen")).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) if (name.startsWith("canvass-screen-") && name !== cacheName) await caches.delete(name);
    await self.clients.claim();
  })());
});

// The page sends the same-origin resources it loaded (its bundles, chunks and stylesheet): cached once, as they
// were loaded before this worker controlled the page.
self.addEventListener("message", (event) => {
  const urls = Array.isArray(event.data?.cache) ? event.data.cache : [];
  const own = urls.map((u) => new URL(u, self.location.origin)).filter((u) => u.origin === self.location.origin && u.pathname.startsWith("/assets/"));
  event.waitUntil(caches.open(cacheName).then(async (cache) => {
    for (const url of own) if (!(await cache.match(url))) await cache.add(url).catch(() => {});
  }));
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || request.method !== "GET") return;
  if (url.pathname.startsWith("/assets/")) event.respondWith(assetFirst(request));
  else if (url.pathname === "/screen" && request.mode === "navigate") event.respondWith(networkFirst(request, "/screen"));
  else if (households.test(url.pathname)) event.respondWith(networkFirst(request, url.pathname));
});

/** Hashed bundles never change under one name: the cached copy is the one. */
async function assetFirst(request) {
  const cache = await caches.open(cacheName);
  const hit = await cache.match(request);
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

/**
 * The network's answer when there is one (and kept under key: the page without its query, the households list
 * without its token), else the last kept. A refusal (401, 403, 404) is passed on and never replaces the kept copy.
 */
async function networkFirst(request, key) {
  const cache = await caches.open(cacheName);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(key, response.clone());
    return response;
  } catch (error) {
    const kept = await cache.match(key);
    if (kept) return kept;
    throw error;
  }
}
