// The accounts pages (account_password.html, accounts.html): an answer, success or refusal,
// is swapped in by the form that asked and carries data-focus; the focus goes to it (it is
// role="alert" or "status", so screen readers read it out), and the field a refusal names
// is marked invalid until the next answer.
(function () {
  "use strict";
  document.body.addEventListener("htmx:afterSettle", function () {
    var answer = document.querySelector("[data-focus]");
    if (!answer) { return; }
    answer.removeAttribute("data-focus");
    var form = answer.closest("form") || document;
    form.querySelectorAll("[aria-invalid]").forEach(function (field) { field.removeAttribute("aria-invalid"); });
    var named = answer.getAttribute("data-field");
    var field = named && form.querySelector("[name='" + named.replace(/'/g, "") + "']");
    if (field) { field.setAttribute("aria-invalid", "true"); }
    answer.scrollIntoView({block: "center"});
    answer.focus();
  });
  // a form that created something is emptied for the next one (its answer stays)
  document.body.addEventListener("htmx:afterRequest", function (event) {
    var form = event.detail.elt;
    if (event.detail.successful && form.matches && form.matches("form[data-reset]")) { form.reset(); }
  });
})();
