/* Score sheet on a judge's tablet.
 *
 * Every change is queued in localStorage first, then sent to the server one at a time,
 * each with an idempotency key (a resend after a lost answer is applied once) and the
 * version it was based on (an edit from a stale device is refused and explained).
 * The queue survives reloads and lost networks; nothing is dropped until the server
 * has answered it. The last state the server confirmed is kept too, so a page reloaded
 * from the offline cache still shows every acknowledged mark.
 */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("sheet-data").textContent);
  var csrf = document.querySelector('meta[name="csrf-token"]').content;
  var M = data.messages;
  var QUEUE = "contests.queue." + data.judge;
  var KNOWN = "contests.known." + data.judge + "." + data.panel + "." + data.entry;
  var sync = document.getElementById("sync");
  var sending = false;

  function load(key, fallback) {
    try { return JSON.parse(localStorage.getItem(key)) || fallback; } catch (e) { return fallback; }
  }
  function save(key, value) { localStorage.setItem(key, JSON.stringify(value)); }
  function deviceId() {
    var id = localStorage.getItem("contests.device");
    if (!id) { id = newKey(); localStorage.setItem("contests.device", id); }
    return id;
  }
  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }
  function fmt(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, k) { return values[k]; });
  }
  // A decimal text at the contest's precision, as contests.display.score shows it on the
  // server: half up, trailing zeros kept ("89.5000" -> "89.50"). Exact: digits, not floats.
  function score(text, places) {
    var m = /^(-?)(\d+)(?:\.(\d*))?$/.exec(String(text));
    if (!m || typeof places !== "number") return String(text);
    var frac = (m[3] || "") + new Array(places + 2).join("0");
    var digits = (m[2] + frac.slice(0, places)).split("").map(Number);
    if (Number(frac.charAt(places)) >= 5) {
      for (var i = digits.length - 1; i >= 0; i--) {
        if (digits[i] < 9) { digits[i] += 1; break; }
        digits[i] = 0;
        if (i === 0) digits.unshift(1);
      }
    }
    var whole = digits.slice(0, digits.length - places).join("").replace(/^0+(?=\d)/, "");
    return m[1] + whole + (places ? "." + digits.slice(digits.length - places).join("") : "");
  }

  // The newer of the server-rendered state and the last state the server confirmed here.
  var known = load(KNOWN, null);
  var state = (known && known.version > data.state.version) ? known : data.state;
  function queue() { return load(QUEUE, []); }
  function mine(change) { return change.panel === data.panel && change.entry === data.entry; }

  function markVersion(criterion) {
    var m = state.marks[criterion];
    return m ? m.version : 0;
  }
  // The version a new change builds on: the server's, plus changes still queued.
  function expectedVersion(criterion) {
    var v = markVersion(criterion);
    queue().forEach(function (c) { if (mine(c) && c.kind === "mark" && c.criterion === criterion) v += 1; });
    return v;
  }
  function expectedText(field) {
    var t = state[field] || "";
    queue().forEach(function (c) { if (mine(c) && c.kind === field) t = c.value; });
    return t;
  }

  function message(id, text) {
    var el = document.getElementById(id);
    if (el) el.textContent = text || "";
  }

  function check(input) {
    var raw = input.value.trim();
    if (raw === "") return "";
    if (!/^\d+(\.\d+)?$/.test(raw)) return M.nan;
    var value = Number(raw), max = Number(input.dataset.max), step = Number(input.dataset.step);
    if (value > max) return fmt(M.range, {max: input.dataset.max});
    var units = value / step;
    if (Math.abs(units - Math.round(units)) > 1e-9) return fmt(M.step, {step: input.dataset.step});
    return "";
  }

  function enqueue(change) {
    change.key = newKey();
    change.panel = data.panel;
    change.entry = data.entry;
    change.device = deviceId();
    var q = queue();
    q.push(change);
    save(QUEUE, q);
    render();
    flush();
  }

  function onMark(input) {
    var problem = check(input);
    message("m" + input.dataset.criterion, problem);
    input.setAttribute("aria-invalid", problem ? "true" : "false");
    if (problem) return;
    var criterion = input.dataset.criterion;
    var value = input.value.trim() === "" ? null : input.value.trim();
    var current = lastValue(criterion);
    if (value === current) return;
    enqueue({kind: "mark", criterion: criterion, value: value, base_version: expectedVersion(criterion)});
  }
  function onVeto(box) {
    var criterion = box.dataset.criterion;
    enqueue({kind: "mark", criterion: criterion, value: box.checked ? "1" : null,
             base_version: expectedVersion(criterion)});
  }
  function onText(area) {
    var field = area.dataset.text, value = area.value.trim();
    var base = expectedText(field);
    if (value === base) return;
    enqueue({kind: field, value: value, base_text: base});
  }

  // The value a field should show: the newest queued change, else the server's.
  function lastValue(criterion) {
    var v = state.marks[criterion] ? state.marks[criterion].value : null;
    queue().forEach(function (c) { if (mine(c) && c.kind === "mark" && c.criterion === criterion) v = c.value; });
    return v;
  }

  function fill() {
    document.querySelectorAll("[data-criterion]").forEach(function (el) {
      var v = lastValue(el.dataset.criterion);
      if (el.dataset.kind === "veto") el.checked = !!(v && Number(v) > 0);
      else if (document.activeElement !== el) el.value = v === null ? "" : v;
    });
    document.querySelectorAll("[data-text]").forEach(function (el) {
      if (document.activeElement !== el) el.value = expectedText(el.dataset.text);
    });
  }

  function render() {
    var pending = queue().filter(mine).length;
    var all = queue().length;
    document.querySelectorAll(".pending-count").forEach(function (el) { el.textContent = all; });
    sync.dataset.state = !navigator.onLine && all ? "offline" : (all ? "pending" : "idle");
    if (!navigator.onLine && !all) sync.dataset.state = "offline-idle";
    var locked = state.status !== "draft";
    document.getElementById("locked").hidden = !locked;
    document.querySelectorAll("#sheet input, #sheet textarea").forEach(function (el) { el.disabled = locked; });
    var submit = document.getElementById("submit-button");
    // Waiting for changes to be saved: aria-disabled, not disabled, so the button keeps its
    // place in the tab order (a judge who tabs out of the comment reaches it) and says why.
    submit.disabled = locked;
    submit.setAttribute("aria-disabled", locked || pending > 0 ? "true" : "false");
    if (!pending) message("submit-message", "");
    submit.hidden = locked;  // a locked sheet has nothing to submit
    if (state.total) {
      // total_text comes formatted from the server; a state kept on this tablet from
      // before it existed is formatted here the same way.
      document.getElementById("total").textContent =
        state.total.total_text || score(state.total.total, data.places);
      document.getElementById("vetoed").hidden = !state.total.vetoed;
      // Deduction items: the points taken off, shown beside the total (already inside it).
      var deduction = document.getElementById("deduction");
      if (deduction && state.total.deduction !== undefined) {
        deduction.textContent = state.total.deduction_text || score(state.total.deduction, data.places);
      }
    }
  }

  function accept(newState) {
    if (!newState) return;
    state = newState;
    save(KNOWN, state);
  }

  function drop(change) {
    save(QUEUE, queue().filter(function (c) { return c.key !== change.key; }));
  }

  function send(change) {
    return fetch(data.changeUrl, {
      method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": csrf},
      body: JSON.stringify(change)
    });
  }

  function flush() {
    if (sending) return;
    var next = queue()[0];
    if (!next) { render(); return; }
    sending = true;
    send(next).then(function (response) {
      if (response.status >= 500 || response.status === 408 || response.status === 429) {
        throw new Error("retry later");
      }
      if (response.status === 401) {
        // Signed out (idle too long, logout elsewhere): keep the queue, say how to go on.
        return response.json().catch(function () { return {}; }).then(function (body) {
          signedOut(body);
          throw new Error("signed out");
        });
      }
      if (response.redirected) throw new Error("signed out");
      signedOut(null);
      return response.json().then(function (body) {
        drop(next);  // answered: applied now, applied before, or refused for good
        if (mine(next)) {
          if (body.ok) accept(body.state);
          else handleRefusal(next, body);
        }
      });
    }).then(function () {
      sending = false;
      render(); fill();
      flush();
    }, function () {
      sending = false;  // no answer: keep the change and try again
      render();
      setTimeout(flush, 3000);
    });
  }

  // A notice above the sheet while the server answers 401; the queued changes stay here.
  function signedOut(body) {
    var note = document.getElementById("signed-out");
    if (!body || body.error !== "signed_out") { if (note) note.hidden = true; return; }
    if (!note) {
      note = document.createElement("p");
      note.id = "signed-out";
      note.className = "flash error";
      note.setAttribute("role", "alert");
      sync.parentNode.insertBefore(note, sync.nextSibling);
    }
    var link = document.createElement("a");
    link.href = (body.login || "/auth/login") + "?next=" +
      encodeURIComponent(location.pathname + location.search);
    link.textContent = body.sign_in || "→";
    note.textContent = (body.message || "") + " ";
    note.appendChild(link);
    note.hidden = false;
  }

  function handleRefusal(change, body) {
    var target = change.kind === "mark" ? "m" + change.criterion : "m-" + change.kind;
    if (body.error === "stale" && change.kind === "mark") {
      state.marks[change.criterion] = body.current.value === null ? undefined : body.current;
      if (body.current.value === null) delete state.marks[change.criterion];
      save(KNOWN, state);
      // Later queued edits of the same item were built on the refused one: drop them too.
      save(QUEUE, queue().filter(function (c) {
        return !(mine(c) && c.kind === "mark" && c.criterion === change.criterion);
      }));
      message(target, fmt(M.stale, {value: body.current.value === null ? "—" : body.current.value}));
    } else if (body.error === "locked") {
      state.status = "submitted";
      message(target, M.locked);
    } else {
      message(target, body.message || "");
    }
  }

  document.querySelectorAll("input.mark").forEach(function (input) {
    input.addEventListener("change", function () { onMark(input); });
    input.addEventListener("input", function () { message("m" + input.dataset.criterion, check(input)); });
  });
  document.querySelectorAll("input[data-kind=veto]").forEach(function (box) {
    box.addEventListener("change", function () { onVeto(box); });
  });
  document.querySelectorAll("[data-text]").forEach(function (area) {
    area.addEventListener("change", function () { onText(area); });
  });
  // The marks form is never sent: every change goes through the queue (was onsubmit="return false").
  document.getElementById("sheet").addEventListener("submit", function (event) { event.preventDefault(); });
  document.getElementById("submit-form").addEventListener("submit", function (event) {
    document.getElementById("device-field").value = deviceId();
    if (queue().filter(mine).length) { event.preventDefault(); message("submit-message", M.waiting); }
  });

  // Keyboard marking: Enter in a mark (or on a veto box) saves it and moves on to the next
  // field of the sheet; it never submits. Enter confirming an input method's composition
  // (pinyin) is left alone; in a text area Enter is a new line.
  var fields = Array.prototype.slice.call(
    document.querySelectorAll("#sheet input[data-criterion], #sheet textarea"));
  document.getElementById("sheet").addEventListener("keydown", function (event) {
    var el = event.target;
    if (event.key !== "Enter" || event.isComposing || event.keyCode === 229) return;
    if (el.tagName === "TEXTAREA" || el.tagName === "BUTTON") return;
    event.preventDefault();
    if (el.classList.contains("mark")) onMark(el);
    var rest = fields.slice(fields.indexOf(el) + 1).filter(function (f) {
      return !f.disabled && f.offsetParent !== null;
    });
    if (rest.length) rest[0].focus();
  });
  window.addEventListener("online", function () { render(); flush(); });
  window.addEventListener("offline", render);
  setInterval(flush, 5000);

  if (data.state.version >= state.version) accept(data.state);
  fill();
  render();
  flush();
})();
