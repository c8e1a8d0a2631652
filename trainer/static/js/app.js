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

  // On a narrow screen the account facts fold to one line above the call (one tap opens them).
  var narrow = window.matchMedia("(max-width: 50rem)").matches;
  document.querySelectorAll("details[data-fold-narrow]").forEach(function (d) {
    if (narrow) d.open = false;
  });

  // Keep the debtor's newest line and the answer box on screen: from `from` (the feedback on
  // the last answer, or the top of the page) down to the box when it all fits, else the line
  // and the box.
  var line = document.getElementById("debtor-line");
  var form = document.querySelector("form.answer-form");
  var fb = location.hash === "#feedback" ? document.getElementById("feedback") : null;
  function showAnswerBox() {
    if (!line || !form) return;
    var at = function (el, edge) { return el.getBoundingClientRect()[edge] + window.scrollY; };
    var from = fb ? at(fb, "top") - 8 : 0;
    var room = window.innerHeight - 8;
    var y = at(form, "bottom") - from <= room ? from
      : Math.min(at(line, "top") - 8, at(form, "bottom") - room);
    window.scrollTo(0, Math.max(0, y));
  }
  // After an answer, focus the feedback so screen readers hear it first.
  if (fb) fb.focus({ preventScroll: true });
  if (line && form) {
    showAnswerBox();
    // The browser scrolls to #feedback (or to the focused box) itself; come back after it.
    window.addEventListener("load", function () { window.requestAnimationFrame(showAnswerBox); });
  }

  // Select a freshly generated token on focus for easy copying.
  document.querySelectorAll("[data-select-on-focus]").forEach(function (el) {
    el.addEventListener("focus", function () { el.select(); });
  });
})();
