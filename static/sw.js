// Policy Playground's service worker: keeps the app working offline once loaded.
//
// Network first, cache as fallback: online visitors (and developers running `trunk serve`)
// always get the newest build, and every response fetched is kept so that the same pages
// and demos open without a network. A navigation offline gets its path's cached page,
// whatever the query, else the site's root, whose module holds every lab (routing
// happens in the page).
const CACHE = "policy-playground-v2";

// On install, cache the pages open now (the one that registered this worker) and every
// file each names (hashed names, so they are read from the page itself). Each lab's page
// loads a module holding that lab alone, so a visitor keeps what they opened — and every
// lab, from the root, if they opened the gallery — without downloading every lab's code.
async function precache() {
  const cache = await caches.open(CACHE);
  const open = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
  const paths = new Set(open.map((c) => new URL(c.url).pathname.replace(/(.)\/$/, "$1")));
  if (paths.size === 0) paths.add("/");
  // Fetched later by the page's worker, so named here; the root's module holds the
  // Tiny-LM lab, which needs π_ref's weights (its own page names them).
  const assets = new Set(["/worker.js"]);
  if (paths.has("/")) assets.add("/reference.safetensors");
  for (const path of paths) {
    const response = await fetch(path, { cache: "no-store" });
    if (!response.ok) continue;
    const html = await response.text();
    // A fresh response: one a host reached by a redirect (`/dpo` → `/dpo/`) cannot
    // answer a navigation.
    await cache.put(path, new Response(html, { headers: { "Content-Type": "text/html; charset=utf-8" } }));
    for (const m of html.matchAll(/(?:href|src)="(\/[^"]+)"/g)) assets.add(m[1]);
  }
  await cache.addAll([...assets]);
}

self.addEventListener("install", (event) => {
  event.waitUntil(precache().then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim())
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(
    fetch(request)
      .then((response) => {
        if (response.ok) {
          const copy = response.clone();
          caches.open(CACHE).then((c) => c.put(request, copy));
        }
        return response;
      })
      .catch(async () => {
        const cached = await caches.match(request, { ignoreSearch: request.mode === "navigate" });
        if (cached) return cached;
        if (request.mode === "navigate") return caches.match("/");
        return Response.error();
      })
  );
});
