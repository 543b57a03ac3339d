// The chair's console: what live.js does not do for every screen.
//  - M opens the form for a motion moved from the floor, D goes to the presence field
//    ([data-open-key], [data-focus-key]); Escape leaves a field so the keys act again.
//  - A form with data-clears="id ..." empties those fields once its act is accepted
//    (they are kept with hx-preserve while the console refreshes live).
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
