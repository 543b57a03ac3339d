// smolny live: every screen hears the journal over server-sent events and refreshes
// the fragments that show it, without reloading the page.
//
//  - `smolny:entry` is dispatched on <body> (at most every 100 ms) when entries arrive;
//    fragments refresh themselves with hx-trigger="smolny:entry from:body".
//  - `smolny:progress` carries a poll's progress; elements with data-progress-poll are
//    updated directly.
//  - A dropped stream reconnects by itself; the browser sends Last-Event-ID and the
//    server replays what was missed from the journal, so no entry is ever skipped. If
//    the stream is closed for good (an error answer), it is opened again from the last
//    entry seen.
//  - data-key="x" on a button makes the key x press it (not while typing).
//  - data-remaining="seconds" counts down; data-elapsed="seconds" counts up.
(function () {
  "use strict";
  var body = document.body;
  var seq = parseInt(body.dataset.seq || "0", 10) || 0;
  var source = null, pending = null, kinds = [], shown = Date.now();
  var status = document.getElementById("live");

  function setStatus(state) {
    body.dataset.live = state;
    if (status) status.textContent = status.dataset["text" + (state === "open" ? "Live" : "Lost")] || state;
    if (status) status.className = "live " + state;
  }

  function refresh() {
    pending = null;
    var detail = {seq: seq, kinds: kinds};
    kinds = [];
    body.dispatchEvent(new CustomEvent("smolny:entry", {detail: detail}));
  }

  function onEntry(event) {
    var n = parseInt(event.lastEventId, 10);
    if (!(n > seq)) return;  // already seen
    seq = n;
    body.dataset.seq = String(seq);
    var entry = null;
    try { entry = JSON.parse(event.data); } catch (e) { entry = null; }
    if (entry) {
      kinds.push(entry.kind);
      body.dispatchEvent(new CustomEvent("smolny:journal", {detail: entry}));
    }
    if (!pending) pending = setTimeout(refresh, 100);
  }

  function onProgress(event) {
    var data;
    try { data = JSON.parse(event.data); } catch (e) { return; }
    body.dispatchEvent(new CustomEvent("smolny:progress", {detail: data}));
    var nodes = document.querySelectorAll('[data-progress-poll="' + data.poll + '"]');
    for (var i = 0; i < nodes.length; i++) {
      var node = nodes[i];
      var voted = node.querySelector("[data-voted]"), of = node.querySelector("[data-of]");
      var bar = node.querySelector("progress");
      if (voted) voted.textContent = Number(data.voted).toLocaleString(document.documentElement.lang);
      if (of) of.textContent = Number(data.eligible).toLocaleString(document.documentElement.lang);
      if (bar) { bar.max = Math.max(1, data.eligible); bar.value = data.voted; }
    }
  }

  function connect() {
    if (source) source.close();
    source = new EventSource("/api/v1/stream?after=" + seq);
    source.addEventListener("entry", onEntry);
    source.addEventListener("progress", onProgress);
    source.onopen = function () {
      var was = body.dataset.live;
      setStatus("open");
      if (was === "lost") refresh();  // what changed while away is drawn again
    };
    source.onerror = function () {
      setStatus("lost");
      if (source.readyState === EventSource.CLOSED) setTimeout(connect, 1000);
    };
  }

  window.smolny = {seq: function () { return seq; }, reconnect: connect};

  // buttons pressed by a key
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
    var key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
    var button = document.querySelector('[data-key="' + key + '"]:not([disabled])');
    if (button) { event.preventDefault(); button.click(); }
  });

  // a refusal shown in place can be dismissed
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-dismiss]");
    if (button) { var box = button.closest(".refusal"); if (box) box.remove(); }
  });
  // an act that was accepted clears the last refusal
  body.addEventListener("htmx:afterRequest", function (event) {
    var xhr = event.detail.xhr;
    if (xhr && xhr.status >= 200 && xhr.status < 300 && event.detail.requestConfig.verb !== "get") {
      var slot = document.getElementById("refusal");
      if (slot) slot.innerHTML = "";
    }
  });

  // timers
  function two(n) { return (n < 10 ? "0" : "") + n; }
  function clock(s) { s = Math.max(0, Math.floor(s)); return Math.floor(s / 60) + ":" + two(s % 60); }
  body.addEventListener("htmx:afterSwap", function () { shown = Date.now(); stamp(); });
  function stamp() {
    var nodes = document.querySelectorAll("[data-remaining],[data-elapsed]");
    for (var i = 0; i < nodes.length; i++) {
      if (!nodes[i].dataset.t0) nodes[i].dataset.t0 = String(Date.now());
    }
  }
  function tick() {
    var now = Date.now();
    var nodes = document.querySelectorAll("[data-remaining]");
    for (var i = 0; i < nodes.length; i++) {
      var left = parseFloat(nodes[i].dataset.remaining) - (now - parseFloat(nodes[i].dataset.t0 || now)) / 1000;
      nodes[i].textContent = clock(left);
      nodes[i].classList.toggle("over", left <= 0);
      nodes[i].classList.toggle("ending", left > 0 && left <= 30);
    }
    nodes = document.querySelectorAll("[data-elapsed]");
    for (var j = 0; j < nodes.length; j++) {
      nodes[j].textContent = clock(parseFloat(nodes[j].dataset.elapsed) + (now - parseFloat(nodes[j].dataset.t0 || now)) / 1000);
    }
  }
  stamp();
  setInterval(tick, 250);
  tick();
  setStatus("connecting");
  connect();
})();
