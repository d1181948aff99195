// Progress while a brief is computed. The forms work without this file: it
// only disables the button and shows the seconds elapsed while the server works.
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute || !form.hasAttribute("data-progress")) return;
    var box = form.querySelector(".progress");
    var button = form.querySelector("button[type=submit]");
    if (button) button.disabled = true;
    if (!box) return;
    var elapsed = box.querySelector(".elapsed");
    var started = Date.now();
    box.hidden = false;
    window.setInterval(function () {
      if (elapsed) elapsed.textContent = Math.round((Date.now() - started) / 1000) + " s";
    }, 500);
  });
  // Coming back with the browser's Back button: re-enable the form.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[data-progress]").forEach(function (form) {
      var b = form.querySelector("button[type=submit]");
      if (b) b.disabled = false;
      var p = form.querySelector(".progress");
      if (p) p.hidden = true;
    });
  });
})();
