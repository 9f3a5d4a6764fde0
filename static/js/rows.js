/* Multi-row editors (templates/organizer/rows.html): "Add a row" adds a blank row in the
   page instead of sending the form. Without JavaScript the same button asks the server
   for more rows, keeping what was typed. */
(function () {
  "use strict";

  function renumber(row, index) {
    var pattern = /^rows-\d+-/;
    row.querySelectorAll("[name], [id], label[for]").forEach(function (el) {
      ["name", "id", "for"].forEach(function (attr) {
        var value = el.getAttribute(attr);
        if (value && pattern.test(value)) {
          el.setAttribute(attr, value.replace(pattern, "rows-" + index + "-"));
        }
      });
    });
  }

  function blank(row) {
    row.querySelectorAll("input, select, textarea").forEach(function (el) {
      if (el.type === "checkbox" || el.type === "radio") {
        el.checked = false;
      } else if (el.tagName === "SELECT") {
        var chosen = el.querySelector("option[selected]");
        el.selectedIndex = 0;
        if (chosen) { chosen.removeAttribute("selected"); }
      } else if (el.type !== "submit" && el.type !== "button") {
        el.value = el.defaultValue = "";
      }
      el.removeAttribute("aria-invalid");
    });
    row.querySelectorAll(".error").forEach(function (el) { el.remove(); });
    row.querySelectorAll(".invalid").forEach(function (el) { el.classList.remove("invalid"); });
    row.querySelectorAll("a.button").forEach(function (el) { el.remove(); });
  }

  function nextIndex(body) {
    var highest = -1;
    body.querySelectorAll("[name^='rows-']").forEach(function (el) {
      var found = /^rows-(\d+)-/.exec(el.getAttribute("name"));
      if (found) { highest = Math.max(highest, parseInt(found[1], 10)); }
    });
    return highest + 1;
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-add-row]");
    if (!button) { return; }
    var form = button.form;
    var body = form && form.querySelector("[data-grow]");
    var rows = body ? body.querySelectorAll("[data-row]") : [];
    if (!rows.length) { return; }  // nothing to copy: let the server add rows
    event.preventDefault();
    var row = rows[rows.length - 1].cloneNode(true);
    renumber(row, nextIndex(body));
    blank(row);
    body.appendChild(row);
    var first = row.querySelector("input:not([type=hidden]):not([type=checkbox]), select");
    if (first) { first.focus(); }
  });
})();
