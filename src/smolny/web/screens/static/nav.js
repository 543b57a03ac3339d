// The staff navigation (_staff_nav.html, _hand.html): at a phone's width the links fold
// into a menu opened by its button (Escape closes it).
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  var button = document.querySelector(".menu-button");
  var menu = document.getElementById("staff-menu");
  if (button && menu) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") !== "true";
      button.setAttribute("aria-expanded", String(open));
      menu.classList.toggle("open", open);
      if (open) { var first = menu.querySelector("a"); if (first) { first.focus(); } }
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && menu.classList.contains("open")) {
        menu.classList.remove("open"); button.setAttribute("aria-expanded", "false"); button.focus();
      }
    });
  }
})();
