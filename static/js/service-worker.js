/* Keeps the judge's pages readable when the venue's network drops: pages and assets come
   from the network when it answers and from this tablet's cache when it does not. Marks
   are never sent from here: the page queues them itself (static/js/sheet.js). */
var CACHE = "contests-judging-v1";

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) { event.waitUntil(self.clients.claim()); });

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  var page = url.pathname.indexOf("/judging/") === 0 && url.pathname.indexOf("/api/") < 0;
  var asset = url.pathname.indexOf("/static/") === 0;
  if (!page && !asset) return;
  event.respondWith(fetch(request).then(function (response) {
    if (response.ok && !response.redirected) {
      var copy = response.clone();
      caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
    }
    return response;
  }).catch(function () {
    return caches.match(request).then(function (hit) { return hit || Response.error(); });
  }));
});
