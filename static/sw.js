// Policy Playground's service worker: keeps the app working offline once loaded.
//
// Network first, cache as fallback: online visitors (and developers running `trunk serve`)
// always get the newest build, and every response fetched is kept so that the same pages
// and demos open without a network. Navigations to any path fall back to the cached app
// shell, because routing happens in the page.
const CACHE = "policy-playground-v1";

// On install, cache the app shell and every asset it names (Trunk gives them hashed
// names, so they are read from the page itself), so the app opens offline from then on.
async function precache() {
  const cache = await caches.open(CACHE);
  const response = await fetch("/", { cache: "no-store" });
  const html = await response.clone().text();
  await cache.put("/", response);
  const assets = [...html.matchAll(/(?:href|src)="(\/[^"]+)"/g)].map((m) => m[1]);
  // Fetched later by the page's worker, so named here: the compute worker and π_ref's
  // weights for the Tiny-LM lab.
  await cache.addAll([...new Set([...assets, "/worker.js", "/reference.safetensors"])]);
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
