/* The organizer's page of a bulk certificate rendering: polls the job's progress (the
   address is in #job's data-progress) and reloads once the job has finished, so that the
   download buttons appear. */
(function () {
  "use strict";
  var box = document.getElementById("job");
  if (!box || box.dataset.status === "done" || box.dataset.status === "failed") return;
  function poll() {
    fetch(box.dataset.progress, {credentials: "same-origin"}).then(function (r) { return r.json(); })
      .then(function (p) {
        document.getElementById("job-done").textContent = p.done;
        document.getElementById("job-total").textContent = p.total;
        var bar = document.getElementById("job-bar"); bar.max = p.total || 1; bar.value = p.done;
        if (p.status === "done" || p.status === "failed") { location.reload(); } else { setTimeout(poll, 1500); }
      }).catch(function () { setTimeout(poll, 5000); });
  }
  setTimeout(poll, 1000);
})();
