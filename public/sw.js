// Chorus's service worker (decision 017). Small on purpose: it keeps the app shell at hand and says so
// plainly when the network is gone, and it never answers a page or its data from a cache.
//
// - /assets/* (Vite's content-hashed, immutable build files): cache first, stored as they are fetched,
//   so the scripts and styles of pages already visited load without the network.
// - Page navigations: always the network. Without one, the offline page ("You are offline"), never a
//   stale copy of the page.
// - Everything else (loader data `.data` / `?_data=`, tracked links /l/*, sign-in /auth/*, connections
//   /connect/*, every POST, other origins): not touched, the browser fetches it as if there were no worker.
//
// Bump VERSION when this file's caching changes: activate deletes every cache of another version.
const VERSION = "v1";
const SHELL_CACHE = `chorus-shell-${VERSION}`;
const ASSET_CACHE = `chorus-assets-${VERSION}`;
const OFFLINE_URL = "/offline.html";
const SHELL = [OFFLINE_URL, "/favicon.svg", "/icons/icon-192.png", "/manifest.webmanifest"];
/** Old builds' hashed files pile up otherwise: the oldest entries go beyond this many. */
const MAX_ASSETS = 150;
const NEVER = [/^\/l\//, /^\/auth\//, /^\/connect\//, /^\/logout/, /^\/healthz/];

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(SHELL_CACHE)
      .then((cache) => cache.addAll(SHELL.map((url) => new Request(url, { cache: "reload" }))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(
          names
            .filter((name) => name.startsWith("chorus-") && name !== SHELL_CACHE && name !== ASSET_CACHE)
            .map((name) => caches.delete(name)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (NEVER.some((pattern) => pattern.test(url.pathname))) return;
  if (request.mode === "navigate") {
    event.respondWith(networkOrOffline(request));
    return;
  }
  if (url.pathname.startsWith("/assets/") && !url.search) {
    event.respondWith(cachedAsset(request));
  }
  // Loader data (`.data`, `?_data=`), the manifest, icons and other files: the network, untouched.
});

async function networkOrOffline(request) {
  try {
    return await fetch(request);
  } catch {
    const offline = await caches.match(OFFLINE_URL, { cacheName: SHELL_CACHE });
    return offline ?? new Response("You are offline.", { status: 503, headers: { "Content-Type": "text/plain" } });
  }
}

async function cachedAsset(request) {
  const cache = await caches.open(ASSET_CACHE);
  const hit = await cache.match(request);
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok && response.type === "basic") {
    await cache.put(request, response.clone());
    void trim(cache);
  }
  return response;
}

async function trim(cache) {
  const keys = await cache.keys();
  await Promise.all(keys.slice(0, Math.max(0, keys.length - MAX_ASSETS)).map((key) => cache.delete(key)));
}
