// The delegate's phone: the ballot is redrawn only when a poll, a proxy or a mandate
// changes (so a half-filled ballot survives a speaker being recognised), change codes of
// secret votes are kept in memory for changing the vote, and a sent point is cleared.
// When a vote opens its ballot comes to the top of the screen; a refusal is shown by the
// form that was refused, and focused; a secret ballot's receipt is kept on this phone
// (localStorage) after the close until the delegate forgets it; the receipt shown beneath
// the ballot goes once the ballot is another poll's.
(function () {
  "use strict";
  var body = document.body;
  var codes = {};  // poll -> voter -> change code; never stored beyond this page
  var KEPT = "smolny.receipts";  // [{poll, title, receipt, voter, voterId, at}]
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

  // -- the ballot to the top when a vote opens -------------------------------------------
  var shownOpen = null;  // the open poll the ballot showed last

  function bringBallot() {
    var ballot = document.getElementById("ballot");
    if (!ballot) return;
    var open = ballot.querySelector("[data-open-poll]");
    var poll = open ? open.getAttribute("data-open-poll") : null;
    var sitting = document.getElementById("sitting");
    var said = document.getElementById("said");
    var receipts = document.getElementById("receipts");
    if (sitting && said) {
      // while a vote is open the ballot is the first thing on the screen, in reading
      // and focus order alike; otherwise it follows the sitting
      var before = Node.DOCUMENT_POSITION_PRECEDING;
      if (poll && ballot.compareDocumentPosition(sitting) & before) {
        sitting.parentNode.insertBefore(ballot, sitting);
        if (receipts) sitting.parentNode.insertBefore(receipts, sitting);
      } else if (!poll && sitting.compareDocumentPosition(ballot) & before) {
        said.parentNode.insertBefore(ballot, said.nextSibling);
        if (receipts) said.parentNode.insertBefore(receipts, ballot.nextSibling);
      }
    }
    if (poll && poll !== shownOpen) {
      var heading = document.getElementById("vote-heading");
      ballot.scrollIntoView({ block: "start" });
      if (heading && !(document.activeElement && ballot.contains(document.activeElement))) {
        heading.focus({ preventScroll: true });
      }
    }
    shownOpen = poll;
  }

  // -- receipts kept on this phone -------------------------------------------------------
  function kept() {
    try { return JSON.parse(window.localStorage.getItem(KEPT) || "[]"); } catch (e) { return []; }
  }

  function keep(list) {
    try { window.localStorage.setItem(KEPT, JSON.stringify(list.slice(-20))); } catch (e) { /* private mode */ }
  }

  function keepReceipts() {
    var boxes = document.querySelectorAll("#receipts [data-secret][data-receipt]");
    if (!boxes.length) return;
    var list = kept();
    for (var i = 0; i < boxes.length; i++) {
      var d = boxes[i].dataset;
      list = list.filter(function (r) { return !(r.poll === d.poll && r.voterId === d.voter); });
      list.push({ poll: d.poll, title: d.title, receipt: d.receipt, voter: d.voterName, voterId: d.voter, at: Date.now() });
    }
    keep(list);
    showKept();
  }

  function showKept() {
    var section = document.getElementById("kept");
    if (!section) return;
    var list = kept();
    var items = section.querySelector("ul");
    items.textContent = "";
    section.hidden = list.length === 0;
    list.slice().reverse().forEach(function (r) {
      var li = document.createElement("li");
      li.className = "kept-receipt";
      li.dataset.poll = r.poll;
      var title = document.createElement("strong");
      title.textContent = r.title || r.poll;
      var who = document.createElement("span");
      who.className = "muted";
      who.textContent = r.voter ? " · " + r.voter : "";
      var code = document.createElement("p");
      code.className = "receipt";
      code.textContent = r.receipt;
      var actions = document.createElement("div");
      actions.className = "actions";
      var find = document.createElement("a");
      find.className = "button";
      find.href = "/box/" + encodeURIComponent(r.poll) + "?receipt=" + encodeURIComponent(r.receipt);
      find.textContent = section.dataset.textFind;
      var forget = document.createElement("button");
      forget.type = "button";
      forget.className = "forget";
      forget.textContent = section.dataset.textForget;
      forget.setAttribute("aria-label", section.dataset.textForget + ": " + (r.title || r.poll));
      forget.addEventListener("click", function () {
        keep(kept().filter(function (k) { return !(k.poll === r.poll && k.receipt === r.receipt); }));
        showKept();
        var said = document.getElementById("said");
        if (said) said.textContent = section.dataset.textForgotten;
      });
      actions.appendChild(find);
      actions.appendChild(forget);
      li.appendChild(title);
      li.appendChild(who);
      li.appendChild(code);
      li.appendChild(actions);
      items.appendChild(li);
    });
  }

  // A receipt belongs to its poll: once the ballot shows another poll (the next vote has
  // opened), the receipt shown beneath it goes; a secret ballot's stays in the receipts
  // kept on this phone, with its link to the published box.
  function dropOtherReceipts() {
    var receipts = document.getElementById("receipts");
    var shown = receipts ? receipts.querySelector("[data-poll]") : null;
    if (!shown) return;
    var heading = document.querySelector("#ballot [data-ballot-poll]");
    var poll = heading ? heading.getAttribute("data-ballot-poll") : null;
    if (poll === shown.getAttribute("data-poll")) return;
    keepReceipts();
    receipts.textContent = "";
  }

  // -- a refusal where the delegate is looking ---------------------------------------------
  function focusRefusal(root) {
    var refusal = root && root.querySelector ? root.querySelector(".refusal") : null;
    if (refusal) {
      refusal.setAttribute("tabindex", "-1");
      refusal.scrollIntoView({ block: "nearest" });
      refusal.focus({ preventScroll: true });
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

  body.addEventListener("htmx:afterSettle", function (event) {
    keepCodes();
    keepReceipts();
    var target = event.detail && event.detail.target;
    if (target && target.id === "ballot") { dropOtherReceipts(); bringBallot(); }
    if (target && (target.id === "ballot-refusal" || target.id === "said" || target.id === "ballot")) {
      focusRefusal(target);
    }
  });

  body.addEventListener("htmx:afterRequest", function (event) {
    var form = event.detail.elt;
    var xhr = event.detail.xhr;
    if (form && form.hasAttribute && form.hasAttribute("data-reset") && xhr && xhr.status < 300) {
      form.reset();
    }
  });

  showKept();
  bringBallot();
})();
