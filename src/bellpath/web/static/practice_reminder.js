/* bellpath: a daily practice reminder in this browser (issue 19).
 *
 * Shown on the patient's page next to "Add to my calendar". Permission is asked only when the
 * person presses "Remind me in this browser"; nothing is sent anywhere (no push server): the
 * reminder is a local Notification at the practice times while a bellpath page is open. The
 * reminder choice stored with the record ("Switch reminders off") wins: when it is off, this
 * browser's reminder is forgotten too. Where the Notification API is missing, the page says so and
 * the calendar file is the way to be reminded.
 */
(function () {
  "use strict";
  var KEY = "bellpath.practiceReminder";
  var state = window.bellpathPracticeReminder;
  if (state) { state.setup(); return; }
  state = window.bellpathPracticeReminder = { timer: null, setup: setup };

  function store(value) {
    try {
      if (value) { window.localStorage.setItem(KEY, value); } else { window.localStorage.removeItem(KEY); }
    } catch (e) { /* storage off: the reminder lasts for this page only */ }
  }

  function stored() {
    try { return window.localStorage.getItem(KEY); } catch (e) { return null; }
  }

  function nextDelay(times, now) {
    var best = null;
    for (var day = 0; day < 2; day += 1) {
      for (var i = 0; i < times.length; i += 1) {
        var parts = times[i].split(":");
        var at = new Date(now.getFullYear(), now.getMonth(), now.getDate() + day,
          Number(parts[0]), Number(parts[1]), 0, 0);
        var wait = at.getTime() - now.getTime();
        if (wait > 0 && (best === null || wait < best)) { best = wait; }
      }
    }
    return best;
  }

  function schedule(times) {
    if (state.timer !== null) { window.clearTimeout(state.timer); state.timer = null; }
    var wait = nextDelay(times, new Date());
    if (wait === null) { return; }
    state.timer = window.setTimeout(function () {
      state.timer = null;
      if (stored() === "on" && Notification.permission === "granted") {
        new Notification("Time for your face exercises", {
          body: "A few gentle minutes of your plan, in front of a mirror.",
          tag: "bellpath-practice"
        });
      }
      schedule(times);
    }, wait);
  }

  function setup() {
    var box = document.getElementById("practice-reminders");
    if (!box || box.getAttribute("data-bound") === "yes") { return; }
    box.setAttribute("data-bound", "yes");
    var status = document.getElementById("reminder-status");
    var button = document.getElementById("reminder-enable");
    var times = (box.getAttribute("data-times") || "").split(",").filter(Boolean);
    if (box.getAttribute("data-reminders") !== "on") {
      store(null);
      if (state.timer !== null) { window.clearTimeout(state.timer); state.timer = null; }
      return;
    }
    if (!("Notification" in window)) {
      status.textContent = "This browser cannot show reminders; the calendar file can.";
      return;
    }
    if (Notification.permission === "denied") {
      status.textContent = "Reminders are blocked in this browser's settings; the calendar file still works.";
      return;
    }
    var on = "Reminders are on in this browser at " + times.join(" and ") +
      " while a bellpath page is open.";
    if (Notification.permission === "granted" && stored() === "on") {
      status.textContent = on;
      schedule(times);
      return;
    }
    if (!button) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      Notification.requestPermission().then(function (answer) {
        if (answer === "granted") {
          store("on");
          button.hidden = true;
          status.textContent = on;
          schedule(times);
        } else {
          status.textContent = "Reminders were not allowed; the calendar file can remind you instead.";
        }
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
  document.addEventListener("htmx:load", setup);
}());
