// Spoken answers: record in the browser (MediaRecorder), show level and time, upload with the
// CSRF header, follow the job until it is scored, then show the feedback page.
// Also: the calm-baseline recorder, seeking recordings from audio evidence, and reading the
// debtor's line aloud. Every page still works without this file: typing needs no script.
(function () {
  "use strict";

  var MIME_TYPES = ["audio/webm;codecs=opus", "audio/ogg;codecs=opus", "audio/webm", "audio/mp4"];
  var POLL_MS = 200;
  var QUEUE_PATIENCE_MS = 15000;
  var STAGES = {
    queued: "Waiting for a free scorer…", starting: "Starting…", retrying: "Trying again…",
    requeued: "Trying again…", decoding: "Reading your recording…",
    transcribing: "Transcribing your answer…", scoring: "Scoring your answer…"
  };

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  function clock(seconds) {
    seconds = Math.max(0, Math.floor(seconds));
    return Math.floor(seconds / 60) + ":" + String(seconds % 60).padStart(2, "0");
  }

  function micMessage(err) {
    var name = err && err.name;
    if (name === "NotAllowedError" || name === "SecurityError") {
      return "Microphone access is blocked. Allow it in your browser's site settings to " +
        "record, or type your answer instead.";
    }
    if (name === "NotFoundError" || name === "OverconstrainedError") {
      return "No microphone was found. Connect one to record, or type your answer instead.";
    }
    if (name === "NotReadableError") {
      return "The microphone is in use by another program. Close it and try again, or type " +
        "your answer instead.";
    }
    return "The microphone could not be started" + (name ? " (" + name + ")" : "") +
      ". You can type your answer instead.";
  }

  function errorText(body, status) {
    if (body && body.error && body.error.message) return body.error.message;
    return "the server answered " + status;
  }

  function Recorder(section) {
    this.section = section;
    this.mode = section.getAttribute("data-voice");
    this.maxSeconds = parseInt(section.getAttribute("data-max-seconds"), 10) || 120;
    this.button = section.querySelector("[data-role=record]");
    this.label = section.querySelector("[data-role=record-label]");
    this.timer = section.querySelector("[data-role=timer]");
    this.level = section.querySelector("[data-role=level]");
    this.progress = section.querySelector("[data-role=progress]");
    this.status = section.querySelector("[data-role=status]");
    this.typedSubmit = document.querySelector("form.answer-form [type=submit]");
    this.recording = false;
    section.hidden = false;
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia || !window.MediaRecorder) {
      this.button.disabled = true;
      this.say("This browser cannot record audio here" +
        (window.isSecureContext ? "" : " (recording needs https or localhost)") +
        ". Type your answer instead.", "error");
      return;
    }
    this.button.addEventListener("click", this.toggle.bind(this));
    var pending = section.getAttribute("data-pending-job");
    if (pending) this.follow(pending);
  }

  Recorder.prototype.say = function (text, kind) {
    this.status.textContent = text;
    this.status.className = "voice-status" + (kind ? " " + kind : "");
  };

  Recorder.prototype.busy = function (on) {
    this.button.disabled = on;
    if (this.typedSubmit) this.typedSubmit.disabled = on;
    this.progress.hidden = !on;
    if (!on) this.progress.value = 0;
  };

  Recorder.prototype.toggle = function () {
    if (this.recording) this.stop(false); else this.start();
  };

  Recorder.prototype.start = function () {
    var self = this;
    self.button.disabled = true;
    self.say("Asking for the microphone…");
    // Automatic gain and noise suppression would flatten the loudness being measured.
    navigator.mediaDevices.getUserMedia({
      audio: {echoCancellation: true, noiseSuppression: false, autoGainControl: false}
    }).then(function (stream) {
      self.begin(stream);
    }).catch(function (err) {
      self.button.disabled = false;
      self.say(micMessage(err), "error");
    });
  };

  Recorder.prototype.begin = function (stream) {
    var self = this;
    var type = MIME_TYPES.filter(function (t) { return MediaRecorder.isTypeSupported(t); })[0];
    self.stream = stream;
    self.chunks = [];
    try {
      self.media = type ? new MediaRecorder(stream, {mimeType: type}) : new MediaRecorder(stream);
    } catch (err) {
      stream.getTracks().forEach(function (t) { t.stop(); });
      self.button.disabled = false;
      self.say(micMessage(err), "error");
      return;
    }
    self.media.addEventListener("dataavailable", function (ev) {
      if (ev.data && ev.data.size) self.chunks.push(ev.data);
    });
    self.media.addEventListener("stop", function () { self.finish(); });
    self.media.start(250);
    self.recording = true;
    self.started = performance.now();
    self.button.disabled = false;
    self.button.setAttribute("aria-pressed", "true");
    self.button.classList.add("recording");
    self.label.textContent = "Stop recording";
    self.say("Recording… press the button again when you have finished.");
    self.meter(stream);
    self.tick = setInterval(function () {
      var elapsed = (performance.now() - self.started) / 1000;
      self.timer.textContent = clock(elapsed) + " / " + clock(self.maxSeconds);
      if (elapsed >= self.maxSeconds) self.stop(true);
    }, 200);
  };

  Recorder.prototype.meter = function (stream) {
    var self = this;
    var Ctx = window.AudioContext || window.webkitAudioContext;
    if (!Ctx) return;
    try {
      self.audio = new Ctx();
      var analyser = self.audio.createAnalyser();
      analyser.fftSize = 1024;
      self.audio.createMediaStreamSource(stream).connect(analyser);
      var samples = new Float32Array(analyser.fftSize);
      var draw = function () {
        if (!self.recording) return;
        analyser.getFloatTimeDomainData(samples);
        var sum = 0;
        for (var i = 0; i < samples.length; i++) sum += samples[i] * samples[i];
        var db = 20 * Math.log10(Math.sqrt(sum / samples.length) + 1e-9);
        self.level.value = Math.min(1, Math.max(0, (db + 60) / 60));  // -60 dBFS .. 0 dBFS
        requestAnimationFrame(draw);
      };
      draw();
    } catch (err) {
      self.audio = null;  // the meter is a help, not a requirement
    }
  };

  Recorder.prototype.stop = function (limitReached) {
    if (!this.recording) return;
    this.recording = false;
    this.limitReached = limitReached;
    clearInterval(this.tick);
    this.button.setAttribute("aria-pressed", "false");
    this.button.classList.remove("recording");
    this.label.textContent = "Start recording";
    this.level.value = 0;
    this.media.stop();
  };

  Recorder.prototype.finish = function () {
    var self = this;
    self.stream.getTracks().forEach(function (t) { t.stop(); });
    if (self.audio) self.audio.close();
    var type = (self.media.mimeType || "audio/webm").split(";")[0];
    var blob = new Blob(self.chunks, {type: type});
    var ext = type.indexOf("ogg") >= 0 ? "ogg" : type.indexOf("mp4") >= 0 ? "m4a" : "webm";
    if (!blob.size) {
      self.say("Nothing was recorded. Check the microphone and try again.", "error");
      return;
    }
    self.upload(blob, "answer." + ext);
  };

  Recorder.prototype.upload = function (blob, name) {
    var self = this;
    var form = new FormData();
    form.append("audio", blob, name);
    self.busy(true);
    // Said again with every progress message, so nobody misses why the recording ended.
    self.note = self.limitReached ? "Stopped at the " + clock(self.maxSeconds) + " limit. " : "";
    self.say(self.note + "Uploading your recording…");
    fetch(self.section.getAttribute("data-upload-url"), {
      method: "POST", body: form, credentials: "same-origin",
      headers: {"X-CSRFToken": csrfToken(), "Accept": "application/json"}
    }).then(function (response) {
      return response.json().catch(function () { return null; }).then(function (body) {
        if (response.status === 202 && body && body.job) return self.follow(body.job);
        if (response.ok) return self.done(null);  // the baseline is measured at once
        self.fail("The recording was not accepted: " + errorText(body, response.status) + ".");
      });
    }).catch(function () {
      self.fail("The upload did not reach the server. Check your connection and try again.");
    });
  };

  Recorder.prototype.follow = function (jobId) {
    var self = this;
    var url = self.section.getAttribute("data-job-url").replace("JOB_ID", jobId);
    var lastStage = null;
    var since = performance.now();
    var warned = false;
    self.busy(true);
    var poll = function () {
      fetch(url, {credentials: "same-origin", headers: {"Accept": "application/json"}})
        .then(function (response) {
          return response.json().then(function (body) {
            if (!response.ok) throw new Error(errorText(body, response.status));
            return body;
          });
        }).then(function (job) {
          self.progress.value = job.progress || 0;
          if (job.status === "done") return self.done(job.result);
          if (job.status === "failed") {
            return self.fail("We could not score that recording: " + job.error +
              ". Record your answer again, or type it.");
          }
          if (job.stage !== lastStage) {  // announce stage changes, not every poll
            lastStage = job.stage;
            self.say((self.note || "") + (STAGES[job.stage] || "Working…"));
          }
          if (job.status === "queued" && !warned && performance.now() - since > QUEUE_PATIENCE_MS) {
            warned = true;  // no worker may be running: do not hold the trainee hostage
            if (self.typedSubmit) self.typedSubmit.disabled = false;
            self.say("Still waiting for a free scorer. Keep waiting, or type your answer " +
              "instead (the recording is then dropped).");
          }
          setTimeout(poll, POLL_MS);
        }).catch(function (err) {
          self.fail("Lost track of the scoring (" + err.message + "). Reload the page to see " +
            "whether your answer was scored.");
        });
    };
    poll();
  };

  Recorder.prototype.done = function (result) {
    this.progress.value = 1;
    this.say(this.mode === "baseline" ? "Saved. Loading your baseline…" :
      "Scored. Loading your feedback…", "ok");
    var target = this.section.getAttribute("data-done-url");
    if (result && result.finished && this.section.getAttribute("data-finished-url")) {
      target = this.section.getAttribute("data-finished-url");
    }
    // replaceState then reload: a plain hash change (#feedback) would not reload the page
    history.replaceState(null, "", target);
    location.reload();
  };

  Recorder.prototype.fail = function (message) {
    this.busy(false);
    this.say(message, "error");
    this.button.focus();
  };

  document.querySelectorAll("[data-voice]").forEach(function (section) {
    new Recorder(section);
  });

  // Audio evidence names a stretch of the recording: play from there.
  document.addEventListener("click", function (ev) {
    var button = ev.target.closest && ev.target.closest("button.seek[data-player]");
    if (!button) return;
    var player = document.getElementById(button.getAttribute("data-player"));
    if (!player) return;
    player.currentTime = parseFloat(button.getAttribute("data-seek")) || 0;
    player.play().catch(function () { /* autoplay rules: the user can press play */ });
  });

  // Optional: the debtor's line read aloud by the browser's own speech synthesis.
  var toggle = document.querySelector("[data-speak-toggle]");
  var line = document.getElementById("debtor-line");
  if (toggle && line && window.speechSynthesis && window.SpeechSynthesisUtterance) {
    var box = toggle.querySelector("input");
    var key = "trainer.speakDebtor";
    toggle.hidden = false;
    box.checked = localStorage.getItem(key) === "1";
    var speak = function () {
      window.speechSynthesis.cancel();
      if (box.checked && line.textContent.trim()) {
        window.speechSynthesis.speak(new SpeechSynthesisUtterance(line.textContent.trim()));
      }
    };
    box.addEventListener("change", function () {
      localStorage.setItem(key, box.checked ? "1" : "0");
      speak();
    });
    speak();
  }
})();
