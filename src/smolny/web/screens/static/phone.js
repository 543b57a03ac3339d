// The delegate's phone: the ballot is redrawn only when a poll, a proxy or a mandate
// changes (so a half-filled ballot survives a speaker being recognised), change codes of
// secret votes are kept in memory for changing the vote, and a sent point is cleared.
(function () {
  "use strict";
  var body = document.body;
  var codes = {};  // poll -> voter -> change code; never stored beyond this page
  // Controls are drawn disabled, and enabled once htmx can send them: a tap before the
  // scripts arrive over a slow connection would otherwise submit the form natively and
  // the vote would be lost.
  htmx.onLoad(function (root) {
    var nodes = (root.querySelectorAll ? root : document).querySelectorAll("[data-needs-script]");
    for (var i = 0; i < nodes.length; i++) nodes[i].disabled = false;
    if (root.matches && root.matches("[data-needs-script]")) root.disabled = false;
  });

  var WATCH = /^(poll|proxy|mandate|session|delegates|credentials)\b/;

  body.addEventListener("smolny:entry", function (event) {
    var kinds = (event.detail && event.detail.kinds) || [];
    // no kinds: the stream came back after a break, and anything may have changed
    var touches = kinds.length === 0 || kinds.some(function (k) { return WATCH.test(k); });
    if (touches) body.dispatchEvent(new CustomEvent("phone:poll"));
  });

  function keepCodes() {
    var boxes = document.querySelectorAll("#receipts [data-change-code]");
    for (var i = 0; i < boxes.length; i++) {
      var poll = boxes[i].dataset.poll, voter = boxes[i].dataset.voter;
      codes[poll] = codes[poll] || {};
      codes[poll][voter] = boxes[i].dataset.changeCode;
    }
  }

  body.addEventListener("htmx:configRequest", function (event) {
    var detail = event.detail;
    if (detail.path !== "/phone/vote") return;
    var poll = detail.parameters.poll || (detail.parameters.get && detail.parameters.get("poll"));
    var held = codes[poll] || {};
    Object.keys(held).forEach(function (voter) {
      if (detail.parameters.set) detail.parameters.set("change-" + voter, held[voter]);
      else detail.parameters["change-" + voter] = held[voter];
    });
  });

  body.addEventListener("htmx:afterSettle", keepCodes);

  body.addEventListener("htmx:afterRequest", function (event) {
    var form = event.detail.elt;
    var xhr = event.detail.xhr;
    if (form && form.hasAttribute && form.hasAttribute("data-reset") && xhr && xhr.status < 300) {
      form.reset();
    }
  });
})();
