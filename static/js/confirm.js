/* Asks before a form with data-confirm="question" is sent (deleting a row, confirming
   advancement). Loaded on every page; replaces inline onsubmit handlers, which the
   Content-Security-Policy forbids. */
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form && form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  });
})();
