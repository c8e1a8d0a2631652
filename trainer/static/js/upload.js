// QA upload: make the batch first, then send the files one by one, each with its own progress
// bar, then open the batch page. Without this file the form posts every file at once.
(function () {
  "use strict";

  var form = document.getElementById("upload-form");
  if (!form || !window.fetch || !window.FormData) return;
  var list = document.getElementById("upload-list");
  var status = document.getElementById("upload-status");
  var token = document.querySelector('meta[name="csrf-token"]').getAttribute("content");

  function say(text, kind) {
    status.textContent = text;
    status.className = "voice-status" + (kind ? " " + kind : "");
  }

  function chosenFiles() {
    var out = [];
    form.querySelectorAll('input[type="file"]').forEach(function (input) {
      Array.prototype.forEach.call(input.files, function (file) {
        var name = file.webkitRelativePath || file.name;
        // A folder brings its hidden files (.DS_Store, ._x): they are not calls.
        if (name.split("/").some(function (part) { return part.charAt(0) === "."; })) return;
        out.push({file: file, name: name});
      });
    });
    return out;
  }

  function row(name) {
    var li = document.createElement("li");
    var label = document.createElement("span");
    var bar = document.createElement("progress");
    var note = document.createElement("span");
    label.textContent = name + " ";
    bar.max = 1;
    bar.value = 0;
    bar.setAttribute("aria-label", name);
    note.className = "upload-note";
    li.appendChild(label);
    li.appendChild(bar);
    li.appendChild(note);
    list.appendChild(li);
    return {bar: bar, note: note};
  }

  function send(url, item) {
    return new Promise(function (resolve) {
      var view = row(item.name);
      var data = new FormData();
      data.append("file", item.file, item.name);
      var xhr = new XMLHttpRequest();
      xhr.open("POST", url);
      xhr.setRequestHeader("X-CSRFToken", token);
      xhr.upload.addEventListener("progress", function (ev) {
        if (ev.lengthComputable) view.bar.value = ev.loaded / ev.total;
      });
      xhr.addEventListener("load", function () {
        var body = null;
        try { body = JSON.parse(xhr.responseText); } catch (e) { body = null; }
        view.bar.value = 1;
        if (body && body.error) {
          view.note.textContent = body.error.message || body.error.code;
          view.note.className = "upload-note error-text";
        } else if (body && body.status === "failed") {
          view.note.textContent = body.error ? body.error.message : "refused";
          view.note.className = "upload-note error-text";
        } else {
          view.note.textContent = xhr.status < 400 ? "stored, waiting to be scored" : "upload failed (" + xhr.status + ")";
        }
        resolve();
      });
      xhr.addEventListener("error", function () {
        view.note.textContent = "the upload was interrupted";
        view.note.className = "upload-note error-text";
        resolve();
      });
      xhr.send(data);
    });
  }

  form.addEventListener("submit", function (ev) {
    var items = chosenFiles();
    ev.preventDefault();
    if (!items.length) {
      say("Choose one or more call files, or a folder.", "error");
      return;
    }
    var options = new FormData(form);
    options.delete("files");
    form.querySelector('[type="submit"]').disabled = true;
    list.hidden = false;
    say("Uploading " + items.length + " file" + (items.length === 1 ? "" : "s") + "…");
    fetch(form.getAttribute("data-batches"), {method: "POST", body: options,
                                             headers: {"X-CSRFToken": token}})
      .then(function (response) {
        return response.json().then(function (body) {
          if (!response.ok) throw new Error(body.error ? body.error.message : response.status);
          return body;
        });
      })
      .then(function (batch) {
        var chain = Promise.resolve();
        items.forEach(function (item) {
          chain = chain.then(function () { return send(batch.files, item); });
        });
        return chain.then(function () {
          say("Uploaded. Opening the batch…", "ok");
          window.location.assign(batch.page);
        });
      })
      .catch(function (error) {
        say("Could not start the upload: " + error.message, "error");
        form.querySelector('[type="submit"]').disabled = false;
      });
  });
})();
