// Site behaviour on top of USWDS. Loaded at the end of <body>, under a strict CSP (no inline code).
(function () {
  "use strict";
  // Close the language menu with Escape and return focus to its button.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var button = document.querySelector(".usa-language__link[aria-expanded='true']");
    if (button) {
      button.click();
      button.focus();
    }
  });

  // After a search, focus the results heading (it also scrolls it into view) so a phone shows the
  // visitor's office and a screen reader announces the results.
  var focusTarget = document.querySelector("[data-focus-on-load]");
  if (focusTarget) focusTarget.focus();

  // "Print" buttons: hidden until this script runs, since without it they would do nothing.
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });

  // Losing the signal while reading: say so. (A page the service worker serves from its copy comes
  // with the notice shown already: static/js/sw.js.)
  var notice = document.querySelector("[data-offline-notice]");
  window.addEventListener("offline", function () { if (notice) notice.hidden = false; });

  // The service worker keeps the pages a visitor opens for use with no signal. This page was
  // loaded before the worker ran, so it hands over its address and its static files to keep.
  if ("serviceWorker" in navigator && window.isSecureContext && navigator.onLine) {
    var worker = document.documentElement.getAttribute("data-service-worker");
    if (worker) {
      // A page that came through the worker is kept already, with its files; only a page loaded before
      // the worker ran is sent to it (no second download on a poor signal). Read now: once the worker
      // starts, it takes this page over too.
      var cameThroughWorker = Boolean(navigator.serviceWorker.controller);
      navigator.serviceWorker.register(worker, { scope: "/" }).then(function () {
        return navigator.serviceWorker.ready;
      }).then(function (registration) {
        if (cameThroughWorker) return;
        var keep = [location.href];
        performance.getEntriesByType("resource").forEach(function (entry) {
          if (entry.name.indexOf(location.origin + "/static/") === 0) keep.push(entry.name);
        });
        registration.active.postMessage({ keep: keep });
      }).catch(function () { /* no worker: the site works as before */ });
    }
  }
})();
