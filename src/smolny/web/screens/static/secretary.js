// The secretariat's screens: what htmx alone does not do here.
//  - Every form's answer (success or refusal) is swapped in beside the form, marked
//    data-answer: the focus moves to it and it is brought into view; its aria-live
//    region announces it. A row opened for editing puts the focus in its first field.
//  - A form marked data-reset is emptied after its act was accepted.
//  - A live part marked data-keep-input is not redrawn while someone types in it, has
//    delegates selected or a row open, or shows an answer given a moment ago.
//  - The roll: "select all on this page", the count of the selected; the bulk act
//    "print slips" downloads a PDF (fetch, not htmx), its refusal shown in the bulk answer.
//  - The access slips form (data-slips) downloads the PDF likewise.
//  - The agenda editor: items added, moved up or down, removed, renumbered.
(function () {
  "use strict";
  var body = document.body;

  function bringToView(el) {
    if (!el.hasAttribute("tabindex")) el.setAttribute("tabindex", "-1");
    el.focus({preventScroll: true});
    el.scrollIntoView({block: "nearest"});
  }

  // After a swap: a new answer (marked data-answer, not yet shown) takes the focus; else an
  // answer slot the swap filled; else a form just opened (data-autofocus) gets it.
  body.addEventListener("htmx:afterSettle", function (event) {
    var fresh = document.querySelector("[data-answer]:not([data-answered])");
    if (fresh) { fresh.setAttribute("data-answered", String(Date.now())); bringToView(fresh); return; }
    var target = event.detail.target;
    if (target && target.isConnected && target.classList && target.classList.contains("answer") &&
        target.textContent.trim()) {
      bringToView(target);
      return;
    }
    var first = document.querySelector("[data-autofocus]:not([data-focused])");
    if (first) { first.setAttribute("data-focused", ""); first.focus(); if (first.select) first.select(); }
  });

  body.addEventListener("htmx:afterRequest", function (event) {
    var form = event.detail.elt;
    var xhr = event.detail.xhr;
    if (form && form.tagName === "FORM" && form.hasAttribute("data-reset") &&
        xhr && xhr.status >= 200 && xhr.status < 300) {
      form.reset();
    }
  });

  function typing(part) {
    // a selection, a row being edited, an answer shown a moment ago: not redrawn under the hand
    if (part.querySelector("input[type=checkbox]:checked, tr.editing")) return true;
    var said = part.querySelector("[data-answered]");
    if (said && Date.now() - Number(said.getAttribute("data-answered") || 0) < 15000) return true;
    var active = document.activeElement;
    if (active && part.contains(active) && /^(INPUT|TEXTAREA|SELECT)$/.test(active.tagName)) return true;
    var inputs = part.querySelectorAll("input[type=text], input:not([type]), textarea");
    for (var i = 0; i < inputs.length; i++) {
      if (inputs[i].value !== inputs[i].defaultValue) return true;
    }
    return false;
  }

  body.addEventListener("htmx:beforeRequest", function (event) {
    var part = event.detail.elt;
    if (part && part.hasAttribute && part.hasAttribute("data-keep-input") &&
        event.detail.requestConfig && event.detail.requestConfig.verb === "get" && typing(part)) {
      event.preventDefault();
    }
  });

  // -- the roll: selection ---------------------------------------------------------------
  function picks() { return document.querySelectorAll("input[name=delegates][form=bulk-form]"); }

  function countSelected() {
    var shown = document.querySelector("[data-selected-count]");
    if (!shown) return;
    var n = 0, all = picks();
    for (var i = 0; i < all.length; i++) if (all[i].checked) n++;
    shown.textContent = n ? (shown.getAttribute("data-text") || "#").replace("#", n) : "";
    var master = document.querySelector("[data-select-all]");
    if (master) { master.checked = n > 0 && n === all.length; master.indeterminate = n > 0 && n < all.length; }
  }

  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el.hasAttribute && el.hasAttribute("data-select-all")) {
      var all = picks();
      for (var i = 0; i < all.length; i++) all[i].checked = el.checked;
    }
    if (el.name === "delegates" || (el.hasAttribute && el.hasAttribute("data-select-all"))) countSelected();
  });

  // -- slips: a PDF, fetched ---------------------------------------------------------------
  function download(url, data, status, slot, button, onDone) {
    if (status) { status.textContent = status.dataset.busy || ""; }
    if (button) button.disabled = true;
    fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: {"HX-Request": "true", "HX-Current-URL": location.href,
                "Content-Type": "application/x-www-form-urlencoded"},
      body: data.toString()
    }).then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      if (response.status === 401) {
        location.href = response.headers.get("HX-Redirect") || "/login";
        return null;
      }
      if (response.ok && type.indexOf("application/pdf") === 0) {
        return response.blob().then(function (blob) {
          var name = /filename="([^"]+)"/.exec(response.headers.get("Content-Disposition") || "");
          var link = document.createElement("a");
          link.href = URL.createObjectURL(blob);
          link.download = name ? name[1] : "access-slips.pdf";
          link.hidden = true;  // a moment's link, never one a screen reader could land on
          document.body.appendChild(link);
          link.click();
          link.remove();
          setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
          if (slot) { slot.innerHTML = ""; var ok = document.createElement("p"); ok.className = "ok";
            ok.textContent = (status && status.dataset.ready) || ""; slot.appendChild(ok); bringToView(slot); }
          if (onDone) onDone();
        });
      }
      return response.text().then(function (html) {
        if (slot) { slot.innerHTML = html; bringToView(slot); }  // our own server's refusal fragment
      });
    }).catch(function (error) {
      if (slot) { slot.textContent = String(error); bringToView(slot); }
    }).finally(function () {
      if (button) button.disabled = false;
      if (status && status !== slot) status.textContent = "";
    });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form && form.hasAttribute("data-slips")) {
      event.preventDefault();
      var slot = document.getElementById(form.getAttribute("data-status") || "slips-status");
      if (slot) { slot.dataset.busy = form.dataset.busy; slot.dataset.ready = form.dataset.ready; }
      download(form.action, new URLSearchParams(new FormData(form)), slot, slot,
               form.querySelector("button[type=submit]"), function () { form.reset(); });
    }
  });

  // the bulk form's "print slips" goes to the slips' address, not htmx's
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-slips-button]");
    if (!button) return;
    event.preventDefault();
    event.stopPropagation();
    var form = document.getElementById("bulk-form");
    var data = new URLSearchParams();
    var all = picks();
    for (var i = 0; i < all.length; i++) if (all[i].checked) data.append("delegates", all[i].value);
    var understood = form.querySelector("input[name=understood]");
    if (understood && understood.checked) data.append("understood", "yes");
    data.append("which", "selected");
    var slot = document.getElementById("bulk-answer");
    slot.dataset.busy = form.dataset.busy; slot.dataset.ready = form.dataset.ready;
    download(form.getAttribute("data-slips-action"), data, slot, slot, button, null);
  }, true);

  // -- the agenda editor -------------------------------------------------------------------
  function renumber(list) {
    var items = list.querySelectorAll("li.agenda-item");
    var title = list.getAttribute("data-label-title") || "#";
    for (var i = 0; i < items.length; i++) {
      var n = i + 1;
      var fields = items[i].querySelectorAll("input[id], label[for]");
      for (var j = 0; j < fields.length; j++) {
        var el = fields[j];
        var attr = el.tagName === "LABEL" ? "for" : "id";
        el.setAttribute(attr, el.getAttribute(attr).replace(/-\d+$/, "-" + n));
      }
      var label = items[i].querySelector("label");
      if (label) label.textContent = title.replace("#", n);
      var buttons = items[i].querySelectorAll(".row-actions button");
      for (var k = 0; k < buttons.length; k++) {
        buttons[k].setAttribute("aria-label", buttons[k].getAttribute("aria-label").replace(/\d+/, n));
      }
    }
  }

  document.addEventListener("click", function (event) {
    var el = event.target.closest ? event.target.closest("[data-move], [data-remove], [data-add-item]") : null;
    if (!el) return;
    var editor = el.closest("form.agenda-editor");
    if (!editor) return;
    var list = editor.querySelector("ol.agenda-items");
    if (el.hasAttribute("data-add-item")) {
      var template = document.getElementById("agenda-item-template");
      var row = template.content.firstElementChild.cloneNode(true);
      list.appendChild(row);
      renumber(list);
      row.querySelector("input[name=title]").focus();
      return;
    }
    var item = el.closest("li.agenda-item");
    if (el.hasAttribute("data-remove")) {
      var next = item.nextElementSibling || item.previousElementSibling;
      item.remove();
      renumber(list);
      var focus = next ? next.querySelector("input[name=title]") : editor.querySelector("[data-add-item]");
      if (focus) focus.focus();
      return;
    }
    if (el.getAttribute("data-move") === "up" && item.previousElementSibling) {
      list.insertBefore(item, item.previousElementSibling);
    } else if (el.getAttribute("data-move") === "down" && item.nextElementSibling) {
      list.insertBefore(item.nextElementSibling, item);
    }
    renumber(list);
    el.focus();
  });
})();
