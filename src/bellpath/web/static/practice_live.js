// bellpath live mirror (issue 19). No library, no network beyond this server.
// The camera picture is shown mirrored; frames are downscaled to at most 480 pixels, encoded as
// JPEG and sent over the WebSocket beside the page, ONE AT A TIME: the next frame is taken only
// when the answer to the last one has arrived, so frames are dropped, never queued. The server
// measures each frame in memory and forgets it; the page draws the figures it sends back.
(function () {
  "use strict";
  var root = document.getElementById("live");
  if (!root || root.dataset.bound) { return; }
  root.dataset.bound = "1";

  var MAX_SIDE = 480;
  var JPEG_QUALITY = 0.8;
  var video = document.getElementById("live-video");
  var overlay = document.getElementById("live-overlay");
  var startButton = document.getElementById("live-start");
  var restButton = document.getElementById("live-rest");
  var finishButton = document.getElementById("live-finish");
  var statusLine = document.getElementById("live-status");
  var promptLine = document.getElementById("live-prompt");
  var savedLine = document.getElementById("live-saved");
  var grab = document.createElement("canvas");
  var stream = null;
  var socket = null;
  var running = false;
  var answers = [];

  var STATES = {
    rest: "Relax your face and keep still for a moment…",
    no_face: "No face in the picture: sit facing the camera, in good light.",
    many_faces: "More than one face in the picture: only one person at a time, please.",
    no_scale: "Come a little closer to the camera, so your eyes can be measured.",
    measuring: "Measuring. Move slowly and gently."
  };

  function text(id, value) {
    var el = document.getElementById(id);
    if (el) { el.textContent = value; }
  }

  function mm(value) {
    if (value === null || value === undefined) { return "–"; }
    return (value > 0 ? "+" : "") + value.toFixed(1) + " mm";
  }

  function movement() {
    var checked = root.querySelector("input[name=movement]:checked");
    return checked ? checked.value : "smile";
  }

  function send(message) {
    if (socket && socket.readyState === WebSocket.OPEN) { socket.send(JSON.stringify(message)); }
  }

  function drawOutlines(outlines) {
    var w = overlay.width = video.videoWidth || 640;
    var h = overlay.height = video.videoHeight || 480;
    var ctx = overlay.getContext("2d");
    ctx.clearRect(0, 0, w, h);
    if (!outlines) { return; }
    var weak = root.dataset.affected;
    ctx.lineWidth = Math.max(1.5, w / 320);
    Object.keys(outlines).forEach(function (name) {
      var points = outlines[name];
      if (!points.length) { return; }
      ctx.strokeStyle = name.indexOf(weak) >= 0 ? "rgba(242, 169, 0, 0.9)" : "rgba(120, 200, 255, 0.85)";
      ctx.fillStyle = ctx.strokeStyle;
      if (name === "iris") {
        points.forEach(function (p) {
          ctx.beginPath();
          ctx.arc(p[0] * w, p[1] * h, ctx.lineWidth * 1.5, 0, 2 * Math.PI);
          ctx.fill();
        });
        return;
      }
      ctx.beginPath();
      ctx.moveTo(points[0][0] * w, points[0][1] * h);
      points.slice(1).forEach(function (p) { ctx.lineTo(p[0] * w, p[1] * h); });
      ctx.stroke();
    });
  }

  function showFigures(answer) {
    statusLine.textContent = answer.state === "rest"
      ? STATES.rest + " " + Math.round(100 * answer.baseline_progress) + " %"
      : (STATES[answer.state] || "");
    ["mouth_corner", "brow", "eye_aperture"].forEach(function (key) {
      text("fig-affected-" + key, answer.affected ? mm(answer.affected[key]) : "–");
      text("fig-healthy-" + key, answer.healthy ? mm(answer.healthy[key]) : "–");
    });
    text("fig-ratio", answer.ratio === null || answer.ratio === undefined
      ? "–" : Math.round(100 * answer.ratio) + " %");
    text("fig-narrowing", answer.eye_narrowing_pct === null || answer.eye_narrowing_pct === undefined
      ? "–" : answer.eye_narrowing_pct + " %");
    text("fig-reps", String(answer.repetitions));
    root.dataset.ratio = answer.ratio === null || answer.ratio === undefined ? "" : String(answer.ratio);
    if (answer.prompt) {
      promptLine.textContent = answer.prompt.text;
      promptLine.dataset.kind = answer.prompt.kind;
      promptLine.hidden = false;
      var shown = (root.dataset.prompts || "").split(" ").filter(Boolean);
      if (shown.indexOf(answer.prompt.kind) < 0) { shown.push(answer.prompt.kind); }
      root.dataset.prompts = shown.join(" ");  // the kinds of prompt shown in this session
    } else {
      promptLine.hidden = true;
    }
    drawOutlines(answer.outlines);
    var now = performance.now();
    answers.push(now);
    while (answers.length && now - answers[0] > 2000) { answers.shift(); }
    if (answers.length > 1) {
      var rate = 1000 * (answers.length - 1) / (now - answers[0]);
      text("fig-rate", rate.toFixed(1));
      root.dataset.rate = rate.toFixed(2);
    }
  }

  function sendFrame() {
    if (!running || !socket || socket.readyState !== WebSocket.OPEN) { return; }
    var vw = video.videoWidth, vh = video.videoHeight;
    if (!vw || !vh) { window.setTimeout(sendFrame, 50); return; }
    var scale = Math.min(1, MAX_SIDE / Math.max(vw, vh));
    grab.width = Math.round(vw * scale);
    grab.height = Math.round(vh * scale);
    grab.getContext("2d").drawImage(video, 0, 0, grab.width, grab.height);
    grab.toBlob(function (blob) {
      if (blob && running && socket && socket.readyState === WebSocket.OPEN) { socket.send(blob); }
    }, "image/jpeg", JPEG_QUALITY);
  }

  function stop() {
    running = false;
    if (stream) { stream.getTracks().forEach(function (t) { t.stop(); }); }
    stream = null;
    if (socket && socket.readyState <= WebSocket.OPEN) { socket.close(); }
    socket = null;
    restButton.disabled = true;
    finishButton.disabled = true;
    startButton.disabled = false;
  }

  function save(summary) {
    var url = root.dataset.saveUrl;
    if (!url) { savedLine.textContent = "Session finished."; savedLine.hidden = false; return; }
    if (!summary.exercises.length) {
      savedLine.textContent = "Nothing to save yet: no movement was counted in this session.";
      savedLine.hidden = false;
      return;
    }
    var body = Object.assign({ date: root.dataset.today }, summary);
    savedLine.textContent = "Saving…";
    savedLine.hidden = false;
    fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": root.dataset.csrf },
      body: JSON.stringify(body)
    }).then(function (response) {
      savedLine.textContent = response.ok
        ? "Saved to your practice log."
        : "The session could not be saved (" + response.status + "). Please try again later.";
      root.dataset.saved = response.ok ? "yes" : "no";
    }, function () {
      savedLine.textContent = "The session could not be saved: the server did not answer.";
      root.dataset.saved = "no";
    });
  }

  function onMessage(event) {
    var answer;
    try { answer = JSON.parse(event.data); } catch (e) { return; }
    if (answer.type === "figures") {
      showFigures(answer);
      window.requestAnimationFrame(sendFrame);  // one frame in flight: ask for the next now
    } else if (answer.type === "summary") {
      stop();
      save(answer.summary);
    } else if (answer.type === "error") {
      statusLine.textContent = answer.message;
      window.requestAnimationFrame(sendFrame);
    }
  }

  function openSocket() {
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    socket = new WebSocket(scheme + window.location.host + root.dataset.wsPath);
    socket.binaryType = "arraybuffer";
    socket.addEventListener("open", function () {
      send({ movement: movement() });
      running = true;
      restButton.disabled = false;
      finishButton.disabled = false;
      sendFrame();
    });
    socket.addEventListener("message", onMessage);
    socket.addEventListener("close", function () {
      if (running) { statusLine.textContent = "The connection to bellpath closed. Start again when ready."; }
      stop();
    });
  }

  startButton.addEventListener("click", function () {
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      statusLine.textContent = "This browser cannot use the camera here (it needs a secure connection).";
      return;
    }
    startButton.disabled = true;
    savedLine.hidden = true;
    statusLine.textContent = "Starting the camera…";
    navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480, facingMode: "user" }, audio: false })
      .then(function (media) {
        stream = media;
        video.srcObject = media;
        return video.play();
      })
      .then(openSocket)
      .catch(function () {
        statusLine.textContent = "The camera could not be started. Check that this page may use it.";
        stop();
      });
  });

  root.addEventListener("change", function (event) {
    if (event.target && event.target.name === "movement") { send({ movement: movement() }); }
  });
  restButton.addEventListener("click", function () { send({ rest: true }); });
  finishButton.addEventListener("click", function () { finishButton.disabled = true; send({ finish: true }); });
  window.addEventListener("pagehide", stop);
  document.addEventListener("htmx:beforeSwap", stop);
}());
