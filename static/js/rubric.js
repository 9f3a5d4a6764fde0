/* The rubric editor (templates/organizer/rubric.html). Without this script every arrow and
   "Add a row" is a submit button the server answers with the rows rearranged (nothing
   saved). With it the same moves happen in the page, rows can be dragged by their handle,
   and the fields are renumbered so that "Save all" sends them in the order shown.
   The moves are those of rearrange() in contests/organizer/rubric_views.py: a row moves
   with its sub-items, among its siblings. */
(function () {
  "use strict";

  var form = document.querySelector("form.rubric-editor");
  if (!form) { return; }
  var body = form.querySelector("[data-rubric-rows]");
  var maxDepth = parseInt(form.getAttribute("data-max-depth"), 10) || 3;
  var itemLabel = form.getAttribute("data-item-label") || "";
  var subLabel = form.getAttribute("data-sub-label") || "";
  var live = form.querySelector("[data-live]");

  function rows() { return Array.prototype.slice.call(body.querySelectorAll("tr[data-row]")); }
  function depthInput(row) { return row.querySelector("input[data-depth]"); }
  function depth(row) {
    var value = parseInt(depthInput(row).value, 10);
    return isNaN(value) ? 0 : Math.max(0, Math.min(value, maxDepth));
  }
  function setDepth(row, value) {
    depthInput(row).value = String(value);
    for (var d = 0; d <= maxDepth; d++) { row.classList.remove("depth-" + d); }
    row.classList.add("depth-" + value);
    var level = row.querySelector(".level");
    if (level) { level.textContent = value ? subLabel : itemLabel; }
  }
  function block(all, index) {  // the row and its sub-items
    var end = index + 1;
    while (end < all.length && depth(all[end]) > depth(all[index])) { end++; }
    return all.slice(index, end);
  }

  function renumber() {
    rows().forEach(function (row, index) {
      row.querySelectorAll("[name], [id], label[for]").forEach(function (el) {
        ["name", "id", "for"].forEach(function (attr) {
          var value = el.getAttribute(attr);
          if (value && /^rows-\d+-/.test(value)) {
            el.setAttribute(attr, value.replace(/^rows-\d+-/, "rows-" + index + "-"));
          }
        });
      });
      row.querySelectorAll("button[data-op]").forEach(function (button) {
        button.value = button.getAttribute("data-op") + "-" + index;
      });
    });
  }

  function normalize() {  // no sub-item without an item just above it
    var previous = -1;
    rows().forEach(function (row) {
      var d = Math.min(depth(row), previous + 1);
      setDepth(row, d);
      previous = d;
    });
  }

  function say(text) { if (live) { live.textContent = text; } }

  function move(row, op) {
    var all = rows();
    var index = all.indexOf(row);
    var mine = block(all, index);
    var d = depth(row);
    if (op === "up") {
      var above = index - 1;
      while (above >= 0 && depth(all[above]) > d) { above--; }
      if (above < 0 || depth(all[above]) < d) { return false; }
      mine.forEach(function (r) { body.insertBefore(r, all[above]); });
    } else if (op === "down") {
      var next = index + mine.length;
      if (next >= all.length || depth(all[next]) < d) { return false; }
      var theirs = block(all, next);
      var after = theirs[theirs.length - 1].nextSibling;
      mine.forEach(function (r) { body.insertBefore(r, after); });
    } else if (op === "in") {
      var deepest = Math.max.apply(null, mine.map(depth));
      if (index === 0 || depth(all[index - 1]) < d || deepest >= maxDepth) { return false; }
      mine.forEach(function (r) { setDepth(r, depth(r) + 1); });
    } else if (op === "out") {
      if (d === 0) { return false; }
      mine.forEach(function (r) { setDepth(r, depth(r) - 1); });
    }
    return true;
  }

  function addRow() {
    var all = rows();
    var row = all[all.length - 1].cloneNode(true);
    row.querySelectorAll("input, select").forEach(function (el) {
      if (el.type === "checkbox") { el.checked = false; return; }
      if (el.tagName === "SELECT") {
        el.querySelectorAll("option[selected]").forEach(function (o) { o.removeAttribute("selected"); });
        el.selectedIndex = 0;
      } else if (el.type !== "submit") {
        el.value = el.defaultValue = "";
      }
      el.removeAttribute("aria-invalid");
    });
    row.querySelectorAll(".error").forEach(function (el) { el.remove(); });
    row.querySelectorAll(".invalid").forEach(function (el) { el.classList.remove("invalid"); });
    row.classList.remove("invalid-row");
    body.appendChild(row);
    setDepth(row, 0);
    renumber();
    var code = row.querySelector("td.code input");
    if (code) { code.focus(); }
  }

  form.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-op]");
    if (!button) { return; }
    event.preventDefault();
    var op = button.getAttribute("data-op");
    if (op === "add") { addRow(); return; }
    var row = button.closest("tr[data-row]");
    if (move(row, op)) {
      renumber();
      button.focus();  // keyboard users keep their place on the moved row
      say(button.getAttribute("aria-label"));
    }
  });

  // Drag and drop by the handle: dropped on the upper half of a row, the dragged row (with
  // its sub-items) goes before it, on the lower half after it; it takes that row's level.
  var dragged = null;
  body.querySelectorAll(".handle").forEach(function (handle) { handle.hidden = false; });
  function clearMarks() {
    rows().forEach(function (r) { r.classList.remove("drop-before", "drop-after", "dragging"); });
  }
  body.addEventListener("dragstart", function (event) {
    var handle = event.target.closest && event.target.closest(".handle");
    if (!handle) { event.preventDefault(); return; }
    dragged = handle.closest("tr[data-row]");
    block(rows(), rows().indexOf(dragged)).forEach(function (r) { r.classList.add("dragging"); });
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", "");
  });
  body.addEventListener("dragover", function (event) {
    var target = event.target.closest && event.target.closest("tr[data-row]");
    if (!dragged || !target || target.classList.contains("dragging")) { return; }
    event.preventDefault();
    var box = target.getBoundingClientRect();
    rows().forEach(function (r) { r.classList.remove("drop-before", "drop-after"); });
    target.classList.add(event.clientY < box.top + box.height / 2 ? "drop-before" : "drop-after");
  });
  body.addEventListener("drop", function (event) {
    var target = event.target.closest && event.target.closest("tr[data-row]");
    if (!dragged || !target || target.classList.contains("dragging")) { return; }
    event.preventDefault();
    var all = rows();
    var mine = block(all, all.indexOf(dragged));
    var shift = depth(target) - depth(dragged);
    var before = event.clientY < target.getBoundingClientRect().top + target.getBoundingClientRect().height / 2;
    var anchor = before ? target : (function () {
      var theirs = block(all, all.indexOf(target));
      return theirs[theirs.length - 1].nextSibling;
    })();
    mine.forEach(function (r) {
      body.insertBefore(r, anchor);
      setDepth(r, Math.max(0, Math.min(depth(r) + shift, maxDepth)));
    });
    normalize();
    renumber();
  });
  body.addEventListener("dragend", function () { dragged = null; clearMarks(); });
})();
