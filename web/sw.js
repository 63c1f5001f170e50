// Reservoir's service worker: offline after one visit, one build at a time (src/update.rs is the
// page's side). tools/post-build.mjs fills in BUILD and FILES for each build; the browser sees a
// new build as a changed sw.js.
//
// - install: every file of this build goes into its own cache, `reservoir-<BUILD>`;
// - fetch: the page and its files come from that cache, network or not (so the HTML and the wasm
//   are always the same build's); anything else goes to the network untouched;
// - a new build's worker waits until the page says the person accepted ("skip-waiting"), then
//   takes over and deletes the caches of older builds.
const BUILD = "__BUILD__";
const FILES = ["__FILES__"];

const CACHE = `reservoir-${BUILD}`;
const PATHS = new Set(FILES.map((file) => new URL(file, self.location).pathname));

self.addEventListener("install", (event) => {
  // "no-cache": a file the browser's HTTP cache holds from another build is asked for again.
  const requests = FILES.map((file) => new Request(file, { cache: "no-cache" }));
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(requests)));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith("reservoir-") && name !== CACHE) await caches.delete(name);
      }
      // The first visit's page is controlled at once, so it works offline without a reload.
      await self.clients.claim();
    })(),
  );
});

self.addEventListener("message", (event) => {
  if (event.data === "skip-waiting") self.skipWaiting();
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || FILES.length === 0) return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  // Routes are in the URL's hash: every page of the app is index.html ("./").
  const key = request.mode === "navigate" ? "./" : PATHS.has(url.pathname) ? url.pathname : null;
  if (key === null) return;
  event.respondWith(
    caches.open(CACHE).then(async (cache) => (await cache.match(key, { ignoreSearch: true })) ?? fetch(request)),
  );
});
