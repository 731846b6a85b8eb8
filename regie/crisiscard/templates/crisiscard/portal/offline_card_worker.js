/* The card holder's card, readable without a connection.
 * Served by Regie from the card page's own folder: its scope is that page only.
 * The page: network first (so a new card shows as soon as there is a connection),
 * the last good copy from this phone's Cache Storage when there is none. When the
 * server no longer gives the page (logged out, no card), the saved copy is removed.
 */
"use strict";
const CONFIG = {{ config_json|safe }};

function isPage(url) {
  return url.origin === self.location.origin && url.pathname === CONFIG.page;
}

function isAsset(url) {
  return url.origin === self.location.origin && CONFIG.assets.includes(url.pathname);
}

function keep(response) {
  return response.ok && !response.redirected && response.type === "basic";
}

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CONFIG.cache);
      await cache.addAll(CONFIG.assets);
      try {
        const headers = {};
        headers[CONFIG.header] = "1";
        const response = await fetch(CONFIG.page, { credentials: "same-origin", headers });
        if (keep(response)) {
          await cache.put(CONFIG.page, response);
        }
      } catch (error) {
        // No connection while installing: the next visit online saves the page.
      }
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith("regie-offline-card-") && name !== CONFIG.cache) {
          await caches.delete(name);
        }
      }
      await self.clients.claim();
    })(),
  );
});

async function pageFromNetworkFirst(request) {
  const cache = await caches.open(CONFIG.cache);
  let response;
  try {
    response = await fetch(request);
  } catch (error) {
    const saved = await cache.match(CONFIG.page);
    return (
      saved ||
      new Response(CONFIG.offline, {
        status: 503,
        headers: { "Content-Type": "text/plain; charset=utf-8" },
      })
    );
  }
  if (keep(response)) {
    await cache.put(CONFIG.page, response.clone());
  } else if (response.type === "opaqueredirect" || response.redirected || response.status === 404) {
    // Logged out, or the page is no longer theirs: forget the saved copy.
    await cache.delete(CONFIG.page);
  }
  return response;
}

self.addEventListener("fetch", (event) => {
  if (event.request.method !== "GET") {
    return;
  }
  const url = new URL(event.request.url);
  if (isPage(url)) {
    event.respondWith(pageFromNetworkFirst(event.request));
  } else if (isAsset(url)) {
    event.respondWith(
      caches.match(url.pathname).then((saved) => saved || fetch(event.request)),
    );
  }
});
