// The secretariat's screen: what htmx alone does not do here.
//  - A form marked data-reset is emptied after its act was accepted.
//  - A live part marked data-keep-input is not redrawn while someone types in it (a
//    reason half written would be lost); it is redrawn by the next entry after that.
//  - The access slips form (data-slips) downloads the PDF: the POST is sent as the
//    page's act (HX-Request), a refusal is shown in #refusal, nothing is recorded.
(function () {
  "use strict";
  var body = document.body;

  body.addEventListener("htmx:afterRequest", function (event) {
    var form = event.detail.elt;
    var xhr = event.detail.xhr;
    if (form && form.tagName === "FORM" && form.hasAttribute("data-reset") &&
        xhr && xhr.status >= 200 && xhr.status < 300) {
      form.reset();
    }
  });

  function typing(part) {
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

  function slips(form) {
    var status = document.getElementById("slips-status");
    var slot = document.getElementById("refusal");
    var button = form.querySelector("button[type=submit]");
    if (status) status.textContent = form.dataset.busy || "";
    if (button) button.disabled = true;
    var data = new URLSearchParams(new FormData(form));
    fetch(form.action, {
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
          document.body.appendChild(link);
          link.click();
          setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
          if (slot) slot.innerHTML = "";
          if (status) status.textContent = form.dataset.ready || "";
          form.reset();
        });
      }
      return response.text().then(function (html) {
        if (status) status.textContent = "";
        if (slot) slot.innerHTML = html;  // our own server's refusal fragment
      });
    }).catch(function (error) {
      if (status) status.textContent = String(error);
    }).finally(function () {
      if (button) button.disabled = false;
    });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form && form.hasAttribute("data-slips")) {
      event.preventDefault();
      slips(form);
    }
  });
})();
