// The chair's console: what live.js does not do for every screen.
//  - M opens the form for a motion moved from the floor and puts the focus in its first
//    field, D goes to the presence field ([data-open-key], [data-focus-key]); typing in a
//    field never fires a key; Escape leaves a field so the keys act again.
//  - A destructive act (a button with data-confirm="question") asks first, in the page:
//    the question and "Yes" (with the focus) and "No"; Escape or No does nothing.
//  - Delegate fields ([data-complete]) complete names as typed: a listbox of the sitting's
//    delegates fitting what is typed (GET /api/v1/sessions/{id}/delegates?q=), chosen
//    with the arrows and Enter, or a click; the field then reads "Name (d7)".
//  - A form with data-clears="id ..." empties those fields once its act is accepted
//    (they are kept with hx-preserve while the console refreshes live); a form with
//    data-reset (kept whole with hx-preserve, as the election's) is reset to what it
//    was first drawn with.
//  - The stream's news of an act this console has drawn already is not drawn twice.
//  - The form for an election shows the fields and choices its kind of question takes
//    ([data-kind-select] chooses the kind; [data-kinds="ranked list"] takes those): the
//    others are hidden or disabled, so they are not sent. The server checks all anyway.
//    [data-not-kinds="amend"] is shown for every kind but those.
//  - An answer drawn in a form's own answer slot (.answer) is brought into view, focused.
//  - The amendment's fields fit its operation ([data-operation-select] chooses it,
//    [data-operations="insert strike"] are shown for those): hidden, still sent; the
//    server reads those the operation takes.
(function () {
  "use strict";
  var body = document.body;

  var FIELDS = "select:not([disabled]), input:not([type=hidden]):not([disabled]), textarea:not([disabled])";

  function typing(target) {
    return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }
  function visible(node) { return !!(node.offsetWidth || node.offsetHeight || node.getClientRects().length); }

  // Before live.js sees a key (capture): while the chair answers a question asked before a
  // destructive act, no key is a shortcut; in a field, none ever is (live.js checks too).
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (asking()) {
      if (event.key === "Escape") { event.preventDefault(); answer(false); }
      if (event.key.length === 1 && event.key !== " ") event.stopImmediatePropagation();
      return;
    }
    if (typing(event.target)) {  // live.js leaves it alone too
      if (event.key === "Escape" && !completing(event.target)) event.target.blur();
      return;
    }
    var key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
    var summary = document.querySelector('[data-open-key="' + key + '"]');
    if (summary) {
      event.preventDefault();
      event.stopImmediatePropagation();
      var details = summary.closest("details");
      if (details) details.open = true;
      var fields = details ? details.querySelectorAll(FIELDS) : [];
      for (var i = 0; i < fields.length; i++) {
        if (visible(fields[i])) { fields[i].focus(); break; }
      }
      return;
    }
    var field = document.querySelector('[data-focus-key="' + key + '"]');
    if (field) { event.preventDefault(); event.stopImmediatePropagation(); field.focus(); }
  }, true);

  // -- a destructive act asks first ------------------------------------------------------
  var asked = null;
  function asking() { var box = document.getElementById("confirm"); return !!(box && !box.hidden && asked); }
  body.addEventListener("htmx:confirm", function (event) {
    var elt = event.detail.elt;
    var question = elt && elt.dataset ? elt.dataset.confirm : null;
    if (!question) return;
    var box = document.getElementById("confirm");
    if (!box) return;
    event.preventDefault();
    asked = {elt: elt, go: function () { event.detail.issueRequest(true); }};
    box.querySelector("[data-question]").textContent = question;
    box.querySelector("[data-yes]").textContent = elt.dataset.confirmYes || box.dataset.yes;
    box.hidden = false;
    box.querySelector("[data-yes]").focus();
  });
  function answer(yes) {
    var box = document.getElementById("confirm");
    var was = asked;
    asked = null;
    if (box) box.hidden = true;
    if (!was) return;
    if (yes) { was.go(); return; }
    var back = was.elt.id ? document.getElementById(was.elt.id) : null;
    if (back) back.focus();
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("#confirm [data-yes], #confirm [data-no]");
    if (button) answer(button.hasAttribute("data-yes"));
  });

  // The console an act answered with is drawn up to the journal position it carries; the
  // stream's news of that same act need not draw it again: a redraw would replace the
  // buttons under the chair's next key press, and htmx drops a request whose button is
  // gone. While an act is on its way, news waits for its answer.
  var acting = 0, waiting = 0;
  function drawn() {
    var node = document.getElementById("console");
    return node ? parseInt(node.dataset.seq || "0", 10) : 0;
  }
  body.addEventListener("smolny:entry", function (event) {
    var seq = (event.detail && event.detail.seq) || 0;
    if (acting > 0) { waiting = Math.max(waiting, seq); event.stopImmediatePropagation(); return; }
    if (seq <= drawn()) event.stopImmediatePropagation();
  }, true);
  body.addEventListener("htmx:beforeRequest", function (event) {
    if (event.detail.requestConfig && event.detail.requestConfig.verb === "post") acting++;
  });
  function acted(event) {
    if (!event.detail.requestConfig || event.detail.requestConfig.verb !== "post") return;
    acting = Math.max(0, acting - 1);
    if (acting === 0 && waiting > drawn()) {
      var seq = waiting;
      waiting = 0;
      setTimeout(function () {
        body.dispatchEvent(new CustomEvent("smolny:entry", {detail: {seq: seq, kinds: []}}));
      }, 0);
    }
  }
  body.addEventListener("htmx:afterRequest", acted);

  function enabled(option) {
    return !option.disabled && !(option.parentNode.tagName === "OPTGROUP" && option.parentNode.disabled);
  }
  function fitKind(select) {
    var form = select.form, kind = select.value;
    if (!form) return;
    var nodes = form.querySelectorAll("[data-kinds], [data-not-kinds]");
    for (var i = 0; i < nodes.length; i++) {
      var node = nodes[i], fits = node.dataset.kinds !== undefined
        ? node.dataset.kinds.split(" ").indexOf(kind) >= 0
        : node.dataset.notKinds.split(" ").indexOf(kind) < 0;
      if (node.tagName === "OPTION" || node.tagName === "OPTGROUP") { node.disabled = !fits; continue; }
      node.hidden = !fits;
      var fields = node.querySelectorAll("input, select, textarea");
      for (var j = 0; j < fields.length; j++) fields[j].disabled = !fits;
    }
    var selects = form.querySelectorAll("select");
    for (var k = 0; k < selects.length; k++) {
      var options = selects[k].options, chosen = options[selects[k].selectedIndex];
      if (!chosen || enabled(chosen)) continue;
      for (var n = 0; n < options.length; n++) {
        if (enabled(options[n])) { selects[k].selectedIndex = n; break; }
      }
    }
  }
  function fitOperation(select) {
    var form = select.form;
    if (!form) return;
    var nodes = form.querySelectorAll("[data-operations]");
    for (var i = 0; i < nodes.length; i++) {
      nodes[i].hidden = nodes[i].dataset.operations.split(" ").indexOf(select.value) < 0;
    }
  }
  function fitKinds() {
    var selects = document.querySelectorAll("select[data-kind-select]");
    for (var i = 0; i < selects.length; i++) fitKind(selects[i]);
    var operations = document.querySelectorAll("select[data-operation-select]");
    for (var j = 0; j < operations.length; j++) fitOperation(operations[j]);
  }
  document.addEventListener("change", function (event) {
    if (!event.target.matches) return;
    if (event.target.matches("select[data-kind-select]")) fitKind(event.target);
    if (event.target.matches("select[data-operation-select]")) fitOperation(event.target);
  });
  body.addEventListener("htmx:load", fitKinds);
  fitKinds();

  body.addEventListener("htmx:afterRequest", function (event) {
    var xhr = event.detail.xhr, elt = event.detail.elt;
    if (!xhr || xhr.status < 200 || xhr.status >= 300 || !elt || !elt.dataset) return;
    var ids = (elt.dataset.clears || "").split(/\s+/);
    for (var i = 0; i < ids.length; i++) {
      var node = ids[i] && document.getElementById(ids[i]);
      if (node) node.value = "";
    }
    if (elt.tagName === "FORM" && elt.hasAttribute("data-reset")) {
      elt.reset();  // every field as first drawn: its kind's fields shown again to fit
      var kinds = elt.querySelectorAll("select[data-kind-select]");
      for (var k = 0; k < kinds.length; k++) fitKind(kinds[k]);
    }
  });

  // An answer swapped into a form's own answer slot (class "answer": the agenda's adoption
  // answers there) is brought into view and takes the focus; its live region and a
  // refusal's role=alert announce it.
  body.addEventListener("htmx:afterSettle", function (event) {
    var slot = event.detail && event.detail.target;
    if (!slot || !slot.isConnected || !slot.classList || !slot.classList.contains("answer")) return;
    if (!slot.textContent.trim()) return;
    if (!slot.hasAttribute("tabindex")) slot.setAttribute("tabindex", "-1");
    slot.scrollIntoView({block: "nearest"});
    slot.focus({preventScroll: true});
  });

  // -- names completed as typed ------------------------------------------------------------
  var asks = 0;
  function completing(input) {
    var list = input.id && document.getElementById(input.id + "-options");
    return !!(list && !list.hidden);
  }
  function listFor(input) {
    var id = input.id + "-options", list = document.getElementById(id);
    if (!list) {
      list = document.createElement("ul");
      list.id = id;
      list.className = "completions";
      list.setAttribute("role", "listbox");
      list.setAttribute("aria-label", input.dataset.completeLabel || "");
      list.hidden = true;
      input.insertAdjacentElement("afterend", list);
    }
    input.setAttribute("aria-controls", id);
    return list;
  }
  function close(input) {
    var list = document.getElementById(input.id + "-options");
    if (list) list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  }
  function choose(input, option) {
    input.value = option.dataset.value;
    close(input);
    input.dispatchEvent(new Event("change", {bubbles: true}));
  }
  function show(input, found) {
    var list = listFor(input);
    list.textContent = "";
    for (var i = 0; i < found.length; i++) {
      var d = found[i], item = document.createElement("li");
      item.id = input.id + "-option-" + i;
      item.setAttribute("role", "option");
      item.setAttribute("aria-selected", "false");
      item.dataset.value = d.name + " (" + d.id + ")";
      item.textContent = d.name;
      var extra = document.createElement("span");
      extra.className = "muted";
      extra.textContent = " " + d.id + (d.faction ? " · " + d.faction : "") + (d.present ? "" : " · " + (input.dataset.absentWord || "absent"));
      item.appendChild(extra);
      list.appendChild(item);
    }
    list.hidden = found.length === 0;
    input.setAttribute("aria-expanded", found.length ? "true" : "false");
    input.removeAttribute("aria-activedescendant");
  }
  function move(input, step) {
    var list = document.getElementById(input.id + "-options");
    if (!list || list.hidden) return false;
    var options = list.querySelectorAll("[role=option]");
    if (!options.length) return false;
    var at = -1;
    for (var i = 0; i < options.length; i++) if (options[i].getAttribute("aria-selected") === "true") at = i;
    if (at >= 0) options[at].setAttribute("aria-selected", "false");
    at = (at + step + options.length) % options.length;
    options[at].setAttribute("aria-selected", "true");
    input.setAttribute("aria-activedescendant", options[at].id);
    options[at].scrollIntoView({block: "nearest"});
    return true;
  }
  var timers = {};
  document.addEventListener("input", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches("input[data-complete]")) return;
    clearTimeout(timers[input.id]);
    var typed = input.value.trim();
    if (!typed) { close(input); return; }
    timers[input.id] = setTimeout(function () {
      var mine = ++asks;
      var url = "/api/v1/sessions/" + encodeURIComponent(input.dataset.complete) +
        "/delegates?limit=8&q=" + encodeURIComponent(typed);
      fetch(url, {credentials: "same-origin", headers: {"Accept": "application/json"}})
        .then(function (r) { return r.ok ? r.json() : {delegates: []}; })
        .then(function (page) { if (mine === asks && document.activeElement === input) show(input, page.delegates || []); })
        .catch(function () { close(input); });
    }, 120);
  });
  document.addEventListener("keydown", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches("input[data-complete]")) return;
    var list = document.getElementById(input.id + "-options");
    var open = list && !list.hidden;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (move(input, event.key === "ArrowDown" ? 1 : -1)) event.preventDefault();
    } else if (event.key === "Enter" && open) {
      var active = input.getAttribute("aria-activedescendant");
      var option = active && document.getElementById(active);
      if (option) { event.preventDefault(); choose(input, option); }
      else close(input);
    } else if (event.key === "Escape" && open) {
      event.preventDefault();  // the field keeps the focus; a second Escape leaves it
      close(input);
    } else if (event.key === "Tab") {
      close(input);
    }
  });
  document.addEventListener("mousedown", function (event) {
    var option = event.target.closest && event.target.closest(".completions [role=option]");
    if (!option) return;
    event.preventDefault();  // the field keeps the focus
    var input = document.querySelector('[aria-controls="' + option.parentNode.id + '"]');
    if (input) choose(input, option);
  });
  // a redraw keeps the fields (hx-preserve) but not their listboxes: say they are closed
  body.addEventListener("htmx:afterSwap", function () {
    var inputs = document.querySelectorAll("input[data-complete][aria-expanded=true]");
    for (var i = 0; i < inputs.length; i++) {
      if (!document.getElementById(inputs[i].id + "-options")) close(inputs[i]);
    }
  });
  document.addEventListener("focusout", function (event) {
    if (event.target.matches && event.target.matches("input[data-complete]")) close(event.target);
  });
})();
