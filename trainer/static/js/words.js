// Spoken answers: each transcript word is a button that plays the recording from that word,
// and the word being played is highlighted. Words are one tab stop: arrows move between them.
(function () {
  "use strict";

  function seconds(el, name) {
    return parseFloat(el.getAttribute(name)) || 0;
  }

  document.querySelectorAll(".words[data-player]").forEach(function (box) {
    var player = document.getElementById(box.getAttribute("data-player"));
    var words = Array.prototype.slice.call(box.querySelectorAll("button.word"));
    if (!player || !words.length) return;

    function highlight() {
      var now = player.currentTime;
      words.forEach(function (word, i) {
        var next = words[i + 1];
        var start = seconds(word, "data-start");
        var end = seconds(word, "data-end");
        if (end <= start) end = next ? seconds(next, "data-start") : start + 0.5;
        var on = now >= start && now < end;
        word.classList.toggle("playing", on);
        if (on) word.setAttribute("aria-current", "true"); else word.removeAttribute("aria-current");
      });
    }

    function focusWord(i) {
      var target = words[Math.max(0, Math.min(words.length - 1, i))];
      words.forEach(function (w) { w.tabIndex = w === target ? 0 : -1; });
      target.focus();
    }

    words.forEach(function (word, i) {
      word.tabIndex = i === 0 ? 0 : -1;
      word.addEventListener("click", function () {
        player.currentTime = seconds(word, "data-start");
        highlight();
        player.play().catch(function () { /* autoplay rules: the user can press play */ });
      });
      word.addEventListener("keydown", function (ev) {
        var moves = {ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: words.length - 1};
        if (ev.key in moves) {
          ev.preventDefault();
          focusWord(moves[ev.key]);
        }
      });
    });
    player.addEventListener("timeupdate", highlight);
    player.addEventListener("seeked", highlight);
  });
})();
