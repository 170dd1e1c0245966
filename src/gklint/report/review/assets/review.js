/* gklint review page: navigation, the findings' panel, reviewer decisions, the reports table.
   Everything shown from the report goes through textContent: no report text becomes markup. */
(function () {
  "use strict";
  var T = JSON.parse(document.getElementById("texts").textContent);
  var STORE = "gklint-review-decisions";
  var pop = document.getElementById("pop");
  var pinned = null;

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, name) { return name in values ? values[name] : whole; });
  }
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function places(id) {
    return Array.prototype.filter.call(document.querySelectorAll("[data-f]"), function (node) {
      return node.getAttribute("data-f").split(" ").indexOf(id) >= 0;
    });
  }
  function flash(node) {
    node.classList.remove("flash");
    void node.offsetWidth;
    node.classList.add("flash");
  }

  // ── decisions, kept in this browser (localStorage), keyed on the findings' fingerprints ──
  var decisions = {};
  try { decisions = JSON.parse(localStorage.getItem(STORE) || "{}") || {}; } catch (error) { decisions = {}; }
  function save() {
    try { localStorage.setItem(STORE, JSON.stringify(decisions)); } catch (error) { /* storage full or off */ }
    showDecisions();
  }
  function findingItems() { return document.querySelectorAll("li.f"); }
  function showDecisions() {
    var confirmed = 0, dismissed = 0, dismissedIds = {};
    Array.prototype.forEach.call(findingItems(), function (item) {
      var entry = decisions[item.getAttribute("data-fp")];
      var decision = entry ? entry.decision : "";
      item.classList.toggle("d-confirmed", decision === "confirmed");
      item.classList.toggle("d-dismissed", decision === "dismissed");
      if (decision === "confirmed") confirmed += 1;
      if (decision === "dismissed") { dismissed += 1; dismissedIds[item.id] = true; }
    });
    Array.prototype.forEach.call(document.querySelectorAll("[data-f]"), function (node) {
      var ids = node.getAttribute("data-f").split(" ");
      node.classList.toggle("dd", ids.every(function (id) { return dismissedIds[id]; }));
    });
    document.getElementById("decided").textContent = fill(T.decided, {confirmed: confirmed, dismissed: dismissed});
  }
  function decide(item, decision, note) {
    var fingerprint = item.getAttribute("data-fp");
    if (!decision) { delete decisions[fingerprint]; save(); return; }
    var report = item.closest("section.report");
    decisions[fingerprint] = {
      decision: decision,
      note: note || "",
      code: item.getAttribute("data-code"),
      path: report ? report.getAttribute("data-path") : "",
      message: item.querySelector(".msg").textContent
    };
    save();
  }
  function exportDecisions() {
    var keys = Object.keys(decisions).sort(), sorted = {};
    keys.forEach(function (key) { sorted[key] = decisions[key]; });
    var text = JSON.stringify({gklint_decisions: 1, decisions: sorted}, null, 2) + "\n";
    var link = el("a");
    link.href = URL.createObjectURL(new Blob([text], {type: "application/json"}));
    link.download = "gklint-decisions.json";
    document.body.appendChild(link);
    link.click();
    setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 0);
  }
  function importDecisions(file) {
    var error = document.getElementById("import-error");
    var reader = new FileReader();
    reader.onload = function () {
      try {
        var data = JSON.parse(reader.result);
        if (!data || data.gklint_decisions !== 1 || typeof data.decisions !== "object") throw new Error("gklint_decisions: 1");
        Object.keys(data.decisions).forEach(function (key) {
          var entry = data.decisions[key];
          if (entry && (entry.decision === "confirmed" || entry.decision === "dismissed")) decisions[key] = entry;
        });
        error.textContent = "";
        save();
      } catch (problem) {
        error.textContent = fill(T.import_failed, {message: problem.message});
      }
    };
    reader.readAsText(file);
  }

  // ── the panel of a place's findings ──
  function openPanel(ids, anchor, pin) {
    pop.textContent = "";
    var close = el("button", "x", "×");
    close.type = "button";
    close.title = T.close;
    close.addEventListener("click", closePanel);
    pop.appendChild(close);
    ids.forEach(function (id) {
      var item = document.getElementById(id);
      if (!item) return;
      var box = el("div", "pf " + (item.className.match(/s-[ewi]/) || [""])[0]);
      var head = el("div");
      head.appendChild(el("b", "", item.getAttribute("data-code")));
      head.appendChild(document.createTextNode(" " + item.querySelector(".sv").textContent));
      box.appendChild(head);
      box.appendChild(el("div", "msg", item.querySelector(".msg").textContent));
      var fix = item.querySelector(".fx");
      if (fix) box.appendChild(el("span", "fx", T.fix + ": " + fix.textContent));
      var explain = el("a", "", T.explain);
      explain.href = "#rule-" + item.getAttribute("data-code");
      box.appendChild(explain);
      var entry = decisions[item.getAttribute("data-fp")] || {};
      var buttons = el("div");
      var note = el("textarea");
      note.placeholder = T.note;
      note.value = entry.note || "";
      [["confirmed", T.confirm], ["dismissed", T.dismiss], ["", T.undecided]].forEach(function (choice) {
        var button = el("button", entry.decision === choice[0] && choice[0] ? "on" : "", choice[1]);
        button.type = "button";
        button.setAttribute("data-decision", choice[0]);
        button.addEventListener("click", function () {
          decide(item, choice[0], note.value);
          openPanel(ids, anchor, true);
        });
        buttons.appendChild(button);
      });
      note.addEventListener("change", function () {
        var current = decisions[item.getAttribute("data-fp")];
        if (current) decide(item, current.decision, note.value);
      });
      box.appendChild(buttons);
      box.appendChild(note);
      pop.appendChild(box);
    });
    var rect = anchor.getBoundingClientRect();
    pop.style.left = Math.max(8, Math.min(window.scrollX + rect.left, window.scrollX + document.documentElement.clientWidth - 400)) + "px";
    pop.style.top = (window.scrollY + rect.bottom + 6) + "px";
    pop.hidden = false;
    pinned = pin ? anchor : null;
  }
  function closePanel() { pop.hidden = true; pinned = null; }
  function selectItems(ids) {
    Array.prototype.forEach.call(document.querySelectorAll("li.f.sel"), function (item) { item.classList.remove("sel"); });
    ids.forEach(function (id) {
      var item = document.getElementById(id);
      if (item) { item.classList.add("sel"); item.scrollIntoView({block: "nearest"}); }
    });
  }

  document.addEventListener("click", function (event) {
    var go = event.target.closest("a.go");
    if (go) {
      event.preventDefault();
      var item = go.closest("li.f");
      var found = places(item.id);
      selectItems([item.id]);
      if (found.length) {
        found[0].scrollIntoView({block: "center"});
        flash(found[0]);
        openPanel([item.id], found[0], true);
      }
      return;
    }
    var place = event.target.closest("[data-f]");
    if (place && !event.target.closest("#pop")) {
      var ids = place.getAttribute("data-f").split(" ");
      selectItems(ids);
      openPanel(ids, place, true);
      return;
    }
    if (!event.target.closest("#pop") && pinned) closePanel();
  });
  document.addEventListener("mouseover", function (event) {
    if (pinned) return;
    var place = event.target.closest("mark[data-f]");
    if (place) openPanel(place.getAttribute("data-f").split(" "), place, false);
  });
  document.addEventListener("mouseout", function (event) {
    if (!pinned && event.target.closest("mark[data-f]") && !(event.relatedTarget && event.relatedTarget.closest && event.relatedTarget.closest("#pop"))) closePanel();
  });
  pop.addEventListener("mouseleave", function () { if (!pinned) closePanel(); });

  // ── navigation: #rN shows report N (and its cross-file findings), #rule-X a rule ──
  function show() {
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id ? document.getElementById(id) : null;
    var report = target ? target.closest("section.report") : null;
    closePanel();
    Array.prototype.forEach.call(document.querySelectorAll("section.report:not([hidden])"), function (section) { section.hidden = true; });
    if (report) {
      var main = report.getAttribute("data-for") ? document.getElementById(report.getAttribute("data-for")) : report;
      main.hidden = false;
      Array.prototype.forEach.call(document.querySelectorAll('section.report[data-for="' + main.id + '"]'), function (section) { section.hidden = false; });
      document.body.classList.add("viewing");
      if (target === main) window.scrollTo(0, 0); else { target.scrollIntoView({block: "center"}); flash(target); }
      return;
    }
    document.body.classList.remove("viewing");
    if (target) {
      if (target.tagName === "DETAILS") target.open = true;
      target.scrollIntoView();
    }
  }
  window.addEventListener("hashchange", show);

  // ── the table of reports: sort by a column, filter by text and by severity ──
  var table = document.getElementById("rows");
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  function filterRows() {
    var words = document.getElementById("filter").value.trim().toLowerCase();
    var which = document.getElementById("which").value;
    var shown = 0;
    rows.forEach(function (row) {
      var cells = row.cells;
      var errors = +cells[5].textContent, warnings = +cells[6].textContent, infos = +cells[7].textContent;
      var keep = (!words || (cells[0].textContent + " " + cells[1].textContent).toLowerCase().indexOf(words) >= 0) &&
        (which === "all" || (which === "error" && errors > 0) || (which === "warning" && errors + warnings > 0) ||
         (which === "clean" && errors + warnings + infos === 0));
      row.hidden = !keep;
      if (keep) shown += 1;
    });
    document.getElementById("shown").textContent = fill(T.shown, {shown: shown, total: rows.length});
  }
  Array.prototype.forEach.call(table.tHead.querySelectorAll("button"), function (button, column) {
    button.addEventListener("click", function () {
      var order = button.getAttribute("data-order") === "desc" ? "asc" : button.getAttribute("data-order") === "asc" ? "desc" :
        (button.getAttribute("data-kind") === "n" ? "desc" : "asc");
      Array.prototype.forEach.call(table.tHead.querySelectorAll("button"), function (other) { other.removeAttribute("data-order"); });
      button.setAttribute("data-order", order);
      var numeric = button.getAttribute("data-kind") === "n";
      var sign = order === "asc" ? 1 : -1;
      rows.sort(function (a, b) {
        var x = a.cells[column].textContent, y = b.cells[column].textContent;
        var compared = numeric ? (x === "" ? -Infinity : +x) - (y === "" ? -Infinity : +y) : x.localeCompare(y, "zh");
        return sign * compared;  // (sort is stable: equal rows keep their order)
      });
      var fragment = document.createDocumentFragment();
      rows.forEach(function (row) { fragment.appendChild(row); });
      body.appendChild(fragment);
    });
  });
  document.getElementById("filter").addEventListener("input", filterRows);
  document.getElementById("which").addEventListener("change", filterRows);
  document.getElementById("export").addEventListener("click", exportDecisions);
  document.getElementById("clear").addEventListener("click", function () { decisions = {}; save(); });
  document.getElementById("import").addEventListener("change", function (event) {
    if (event.target.files.length) importDecisions(event.target.files[0]);
    event.target.value = "";
  });

  // Findings of cross-file rules come after their report was written: each is placed here on
  // the narrowest row or section of its report that holds its span.
  Array.prototype.forEach.call(document.querySelectorAll("section.report[data-for] li.f"), function (item) {
    var report = document.getElementById(item.closest("section.report").getAttribute("data-for"));
    var start = +item.getAttribute("data-s"), end = +item.getAttribute("data-e"), best = null;
    Array.prototype.forEach.call(report ? report.querySelectorAll("[data-s]") : [], function (node) {
      var low = +node.getAttribute("data-s"), high = +node.getAttribute("data-e");
      if (low <= start && end <= high && high > low && (!best || high - low < best[1])) best = [node, high - low];
    });
    if (!best) return;
    var node = best[0], severity = (item.className.match(/s-[ewi]/) || ["s-w"])[0];
    node.setAttribute("data-f", ((node.getAttribute("data-f") || "") + " " + item.id).trim());
    var gravest = ["s-e", "s-w", "s-i"].filter(function (name) { return name === severity || node.classList.contains(name); })[0];
    node.classList.remove("s-e", "s-w", "s-i");
    node.classList.add("m", gravest);
    item.classList.add("placed");
  });

  filterRows();
  showDecisions();
  show();
  document.body.classList.remove("loading");
}());
