/* Registers the judges' offline helper (service-worker.js) for the judging pages. The
   worker's address and scope come from this script tag's data-worker and data-scope. */
(function () {
  "use strict";
  var tag = document.currentScript;
  if (tag && "serviceWorker" in navigator) {
    navigator.serviceWorker.register(tag.dataset.worker, {scope: tag.dataset.scope});
  }
})();
