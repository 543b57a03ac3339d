// The chair's console: what live.js does not do for every screen.
//  - M opens the form for a motion moved from the floor, D goes to the presence field
//    ([data-open-key], [data-focus-key]); Escape leaves a field so the keys act again.
//  - A form with data-clears="id ..." empties those fields once its act is accepted
//    (they are kept with hx-preserve while the console refreshes live).
//  - The stream's news of an act this console has drawn already is not drawn twice.
//  - The form for an election shows the fields and choices its kind of question takes
//    ([data-kind-select] chooses the kind; [data-kinds="ranked list"] takes those): the
//    others are hidden or disabled, so they are not sent. The server checks all anyway.
(function () {
  "use strict";
  var body = document.body;

  function typing(target) {
    return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === "Escape" && typing(event.target)) { event.target.blur(); return; }
    if (typing(event.target)) return;
    var key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
    var summary = document.querySelector('[data-open-key="' + key + '"]');
    if (summary) {
      event.preventDefault();
      var details = summary.closest("details");
      if (details) details.open = true;
      var first = details && details.querySelector("select, input, textarea");
      if (first) first.focus();
      return;
    }
    var field = document.querySelector('[data-focus-key="' + key + '"]');
    if (field) { event.preventDefault(); field.focus(); }
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
    var nodes = form.querySelectorAll("[data-kinds]");
    for (var i = 0; i < nodes.length; i++) {
      var node = nodes[i], fits = node.dataset.kinds.split(" ").indexOf(kind) >= 0;
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
  function fitKinds() {
    var selects = document.querySelectorAll("select[data-kind-select]");
    for (var i = 0; i < selects.length; i++) fitKind(selects[i]);
  }
  document.addEventListener("change", function (event) {
    if (event.target.matches && event.target.matches("select[data-kind-select]")) fitKind(event.target);
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
  });
})();
