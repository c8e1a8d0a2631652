// QA batches: poll the batch's progress (JSON) and update each file's row until all are done.
// On a call's page still being scored, reload once the call is scored or has failed.
(function () {
  "use strict";

  function poll(url, onData) {
    var delay = 1000;
    function tick() {
      fetch(url, {headers: {"Accept": "application/json"}, credentials: "same-origin"})
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) {
          if (data && onData(data)) return;  // finished: stop polling
          delay = Math.min(delay * 1.3, 5000);
          setTimeout(tick, delay);
        })
        .catch(function () { setTimeout(tick, 5000); });
    }
    setTimeout(tick, delay);
  }

  function percent(value) { return Math.round(value * 100) + " %"; }

  var batch = document.getElementById("batch");
  if (batch) {
    poll(batch.getAttribute("data-progress"), function (data) {
      var bar = document.getElementById("batch-progress");
      bar.value = data.progress;
      bar.textContent = percent(data.progress);
      document.getElementById("batch-summary").textContent =
        data.total + " file" + (data.total === 1 ? "" : "s") + ": " + data.counts.done +
        " scored, " + data.counts.failed + " failed, " + data.counts.running +
        " being scored, " + data.counts.queued + " waiting.";
      data.files.forEach(function (file) {
        var tr = document.getElementById("file-" + file.id);
        if (!tr) return;
        tr.className = "status-" + file.status;
        tr.querySelector(".file-stage").textContent = file.stage;
        var fileBar = tr.querySelector(".file-progress");
        fileBar.value = file.progress;
        fileBar.textContent = percent(file.progress);
        var result = tr.querySelector(".file-result");
        if (file.error) {
          result.textContent = "";
          var span = document.createElement("span");
          span.className = "error-text";
          span.textContent = file.error.code.replace(/_/g, " ") + ": " + file.error.message;
          result.appendChild(span);
        } else if (file.overall !== null) {
          result.textContent = "overall " + Math.round(file.overall) +
            (file.critical_fail ? " (critical fail)" : "");
        }
      });
      return data.finished;
    });
  }

  var waiting = document.querySelector("[data-reload-when-done]");
  if (waiting && waiting.getAttribute("data-reload-when-done")) {
    var id = parseInt(waiting.getAttribute("data-call"), 10);
    poll(waiting.getAttribute("data-reload-when-done"), function (data) {
      var file = data.files.filter(function (f) { return f.id === id; })[0];
      if (!file) return true;
      var stage = document.getElementById("call-stage");
      if (stage) stage.textContent = file.stage + "…";
      var bar = waiting.querySelector("progress");
      if (bar) bar.value = file.progress;
      if (file.status === "done" || file.status === "failed") {
        window.location.reload();
        return true;
      }
      return false;
    });
  }
})();
