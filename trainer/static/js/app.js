// Small progressive enhancements; every page works without this file.
(function () {
  "use strict";

  // Live character counter for answer boxes: <textarea data-counter="ID" maxlength="N">.
  document.querySelectorAll("textarea[data-counter]").forEach(function (box) {
    var out = document.getElementById(box.getAttribute("data-counter"));
    var max = parseInt(box.getAttribute("maxlength"), 10) || 2000;
    if (!out) return;
    function update() {
      var n = box.value.length;
      out.textContent = n + " / " + max;
      out.classList.toggle("over", n > max);
    }
    box.addEventListener("input", update);
    update();
  });

  // Ctrl/Cmd+Enter sends the answer, as in chat tools.
  document.querySelectorAll("form.answer-form textarea").forEach(function (box) {
    box.addEventListener("keydown", function (ev) {
      if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey)) {
        ev.preventDefault();
        box.form.requestSubmit();
      }
    });
  });

  // Avoid double submission of an answer (the second would be refused anyway).
  document.querySelectorAll("form.answer-form").forEach(function (form) {
    form.addEventListener("submit", function () {
      var button = form.querySelector("[type=submit]");
      if (button) { button.disabled = true; button.value = "Scoring…"; }
    });
  });

  // After an answer, move focus to the feedback so screen readers hear it first.
  if (location.hash === "#feedback") {
    var fb = document.getElementById("feedback");
    if (fb) fb.focus();
  }

  // Select a freshly generated token on focus for easy copying.
  document.querySelectorAll("[data-select-on-focus]").forEach(function (el) {
    el.addEventListener("focus", function () { el.select(); });
  });
})();
