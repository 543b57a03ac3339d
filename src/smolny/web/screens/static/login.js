// The login page: an access code (a delegate) or a user name and password (staff).
(function () {
  "use strict";
  // The code came in the address (a slip's QR code): keep it out of the history.
  if (location.search.indexOf("code=") >= 0) {
    var kept = new URLSearchParams(location.search); kept.delete("code");
    history.replaceState(null, "", location.pathname + (kept.toString() ? "?" + kept : ""));
  }
  var form = document.getElementById("login");
  var status = document.getElementById("status");
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var code = form.code.value.trim(), user = form.username.value.trim();
    var body = user ? {username: user, password: form.password.value} : {access_code: code};
    // where to go afterwards is decided by the server (a path of this site), never here
    if (form.dataset.next) { body.next = form.dataset.next; }
    status.className = ""; status.textContent = form.dataset.busy;
    fetch("/api/v1/login", {
      method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json"}, body: JSON.stringify(body)
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (response.ok) {
          status.textContent = form.dataset.welcome.replace("{name}", data.name);
          location.assign(data.next);
        } else {
          status.className = "refusal"; status.textContent = data.detail || form.dataset.failed;
        }
      });
    }, function () { status.className = "refusal"; status.textContent = form.dataset.failed; });
  });
})();
