// Elos' service worker: after one visit the page works with no network — a meeting room's
// unreliable Wi-Fi, a laptop with the cable pulled.
//
// This file is a template. `cargo xtask build` writes dist/sw.js from it, replacing the block
// between the two `elos:precache` comments with the files of that build (Trunk's hashed names)
// and a version that changes whenever any file does, so the browser sees a new worker exactly
// when there is something new to fetch (xtask/src/sw.rs).
//
// Strategies:
//   - pages (navigations): network first, the cached page when the network fails or is slow;
//   - the build's files (hashed names never change content): cache first;
//   - datasets and other JSON: cache first, refreshed in the background for the next visit,
//     so a published dataset does not stay old forever; a request with `cache: "no-store"`
//     (the data keeper's "check this file") always goes to the network.
//
// An update never reloads the page by itself: a new worker waits (no skipWaiting) until the
// page posts "elos-sw1 activate", which the page does only outside a presentation
// (elos_core::offline).
"use strict";

/* elos:precache */
const VERSION = "dev";
const PRECACHE = [];
/* /elos:precache */

// Several Elos copies may live on one site (/elos/, /elos-test/): caches are per scope.
const PREFIX = "elos " + self.registration.scope + " ";
const SHELL = PREFIX + "shell " + VERSION;
const DATA = PREFIX + "data";
// Datasets opened with ?data= are kept, newest first, up to this many.
const MAX_DATA_ENTRIES = 20;
// A navigation waits this long for the network before the cached page is shown.
const NETWORK_TIMEOUT_MS = 4000;
// Messages with the page: one line of text, versioned like the presenter view's.
const TAG = "elos-sw1";

const precached = new Set(PRECACHE.map((path) => new URL(path, self.location.href).href));

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(SHELL)
      .then((cache) => cache.addAll(PRECACHE.map((path) => new Request(path, { cache: "reload" })))),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      const names = await caches.keys();
      await Promise.all(
        names
          .filter((name) => name.startsWith(PREFIX + "shell ") && name !== SHELL)
          .map((name) => caches.delete(name)),
      );
      // The first worker takes the open page at once, so "available offline" is true without
      // a reload; a later one only ever activates when the page asked for it.
      await self.clients.claim();
    })(),
  );
});

self.addEventListener("message", (event) => {
  if (typeof event.data !== "string") return;
  const words = event.data.split(" ");
  if (words[0] !== TAG) return;
  if (words[1] === "activate" && words.length === 2) {
    self.skipWaiting();
  } else if (words[1] === "version" && words.length === 2 && event.source) {
    event.source.postMessage(TAG + " version " + VERSION);
  }
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (request.mode === "navigate") {
    event.respondWith(networkFirst(request));
  } else if (url.pathname.endsWith(".json") && (url.protocol === "https:" || url.origin === self.location.origin)) {
    if (request.cache === "no-store" || request.cache === "reload") return;
    event.respondWith(cacheFirstThenRefresh(event));
  } else if (precached.has(url.href)) {
    event.respondWith(cacheFirst(request));
  }
  // Anything else goes to the network as if there were no worker.
});

async function networkFirst(request) {
  try {
    return await withTimeout(fetch(request), NETWORK_TIMEOUT_MS);
  } catch (_) {
    // The page cached at install, never a newer one fetched since: it must match the build
    // files this worker holds. Any query (?mode=present&step=3) is the same page.
    const page = new URL("./", self.registration.scope).href;
    const path = new URL(request.url).pathname;
    const isApp = path === new URL(page).pathname || path.endsWith("/index.html");
    const cached =
      (await caches.match(request, { cacheName: SHELL, ignoreSearch: true })) ||
      (isApp ? await caches.match(page, { cacheName: SHELL }) : undefined);
    return cached || Response.error();
  }
}

async function cacheFirst(request) {
  // Any cache: a newer worker waiting to take over may already hold the file a newer page
  // asks for; a hashed name always has the same content.
  const cached = await caches.match(request);
  return cached || fetch(request);
}

async function cacheFirstThenRefresh(event) {
  const request = event.request;
  const data = await caches.open(DATA);
  const cached = (await data.match(request)) || (await caches.match(request, { cacheName: SHELL }));
  // The page gets the network's answer as it comes: a body that breaks off (a truncated
  // download) must reach the page as that, not as the cache's failure to store it. The copy is
  // stored beside, and only a whole body is.
  const refresh = fetch(request).then((response) => {
    if (response.ok) {
      const store = data
        .put(request, response.clone())
        .then(() => trim(data, MAX_DATA_ENTRIES))
        .catch(() => undefined);
      event.waitUntil(store);
    }
    return response;
  });
  if (cached) {
    event.waitUntil(refresh.catch(() => undefined));
    return cached;
  }
  return refresh;
}

async function trim(cache, max) {
  // Cache.keys() lists in insertion order; put() of a known key moves it to the end.
  const keys = await cache.keys();
  await Promise.all(keys.slice(0, Math.max(0, keys.length - max)).map((key) => cache.delete(key)));
}

function withTimeout(promise, ms) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("timeout")), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
