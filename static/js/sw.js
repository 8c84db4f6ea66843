// iceinfo's service worker: keeps the public pages a visitor opened, and the static files they use,
// so they open again with no signal. Served at /sw.js (iceinfo.views.service_worker) so its scope is
// the whole site. It never touches the admin, never anything but GET, and keeps only responses the
// site marked "Cache-Control: public" (given to anonymous, cookie-free pages only: never a page that
// carries a session or sets a cookie).
"use strict";

const PAGES = "iceinfo-pages-v1";
const STATIC = "iceinfo-static-v1";
const MAX_PAGES = 40;
const MAX_STATIC = 60;

function keepable(url) {
  return url.origin === self.location.origin && !url.pathname.startsWith("/admin/") && url.pathname !== "/sw.js";
}

function isPublic(response) {
  return response.ok && response.type === "basic" && /\bpublic\b/.test(response.headers.get("Cache-Control") || "");
}

// Static files are the same for every visitor (no session in them): any good answer is kept.
function isStaticFile(response) {
  return response.ok && response.type === "basic";
}

// A kept page shown with no signal carries the offline notice (base.html hides it otherwise).
// The body is new text: the kept length and encoding no longer describe it.
async function offlineCopy(kept) {
  const html = (await kept.text()).replace("data-offline-notice hidden", "data-offline-notice");
  const headers = new Headers(kept.headers);
  headers.delete("Content-Length");
  headers.delete("Content-Encoding");
  return new Response(html, { status: kept.status, headers });
}

async function trim(name, max) {
  const cache = await caches.open(name);
  const keys = await cache.keys();
  for (const request of keys.slice(0, Math.max(0, keys.length - max))) await cache.delete(request);
}

// put() replaces a kept copy in one step and files it last, so the oldest page is the first to go;
// there is never a moment without a copy for a request made with no signal.
async function keep(name, request, response, max) {
  const cache = await caches.open(name);
  await cache.put(request, response);
  await trim(name, max);
}

self.addEventListener("install", () => self.skipWaiting());

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name !== PAGES && name !== STATIC) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

// The page that registered the worker was loaded before the worker ran: it sends its own address
// and its static files, which are fetched and kept here.
self.addEventListener("message", (event) => {
  const urls = (event.data && event.data.keep) || [];
  event.waitUntil(Promise.all(urls.map(async (href) => {
    const url = new URL(href, self.location.origin);
    if (!keepable(url)) return;
    const isStatic = url.pathname.startsWith("/static/");
    const cache = await caches.open(isStatic ? STATIC : PAGES);
    if (isStatic && await cache.match(url.href)) return;
    const response = await fetch(url.href, { credentials: "same-origin" });
    if (isStatic ? isStaticFile(response) : isPublic(response)) await keep(isStatic ? STATIC : PAGES, url.href, response, isStatic ? MAX_STATIC : MAX_PAGES);
  })).then(() => event.source && event.source.postMessage({ kept: urls.length })));
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || !keepable(url)) return;  // the browser handles it as usual
  if (url.pathname.startsWith("/static/")) {
    // Static files: the kept copy first (their names change with their content).
    event.respondWith((async () => {
      const kept = await caches.match(request, { cacheName: STATIC });
      if (kept) return kept;
      const response = await fetch(request);
      if (isStaticFile(response)) await keep(STATIC, request, response.clone(), MAX_STATIC);
      return response;
    })());
  } else if (request.mode === "navigate") {
    // Pages: the network first (always the latest), the kept copy when there is no signal.
    event.respondWith((async () => {
      try {
        const response = await fetch(request);
        if (isPublic(response)) await keep(PAGES, url.href, response.clone(), MAX_PAGES);
        return response;
      } catch (error) {
        const kept = await caches.match(url.href, { cacheName: PAGES });
        if (kept) return offlineCopy(kept);
        throw error;
      }
    })());
  }
});
