// factcheck review: keyboard shortcuts and a guard for dismissals without a reason.
// The pages work without this script; it only makes them faster to use.
(function () {
  "use strict";
  function typing(ev) {
    var t = ev.target;
    return t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
  }
  function go(id) {
    var a = document.getElementById(id);
    if (a) { window.location.href = a.href; }
  }
  function showError(text) {
    var p = document.getElementById("rv-form-error");
    if (p) { p.textContent = text; p.hidden = !text; }
  }

  // remember the reviewer's name between pages and runs
  var reviewer = document.getElementById("rv-reviewer");
  if (reviewer) {
    try {
      var known = window.localStorage.getItem("factcheck-reviewer");
      if (known && reviewer.defaultValue === reviewer.value && !reviewer.dataset.fixed) { reviewer.value = known; }
      reviewer.addEventListener("change", function () {
        window.localStorage.setItem("factcheck-reviewer", reviewer.value.trim());
      });
    } catch (e) { /* storage may be off; the server's name is used then */ }
  }

  var form = document.getElementById("rv-decide");
  var reason = document.getElementById("rv-reason");
  if (form) {
    form.addEventListener("submit", function (ev) {
      var button = ev.submitter;
      if (button && button.value === "dismissed" && reason && !reason.value) {
        ev.preventDefault();
        showError("Choose a reason for the dismissal first.");
        reason.focus();
      }
    });
  }
  function decide(value) {
    var button = form && form.querySelector('button[value="' + value + '"]');
    if (!button) { return; }
    if (form.requestSubmit) { form.requestSubmit(button); } else { button.click(); }
  }

  // the queue: j/k move a selection, Enter opens it
  var rows = Array.prototype.slice.call(document.querySelectorAll("#rv-queue .queue-item"));
  var current = -1;
  function select(n) {
    if (!rows.length) { return; }
    current = Math.max(0, Math.min(rows.length - 1, n));
    rows.forEach(function (r, i) { r.classList.toggle("selected", i === current); });
    var link = rows[current].querySelector("a.open");
    link.focus();
    rows[current].scrollIntoView({block: "nearest"});
  }

  document.addEventListener("keydown", function (ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey) { return; }
    if (ev.key === "Escape" && typing(ev)) { ev.target.blur(); return; }
    if (typing(ev)) { return; }
    var page = document.body.dataset.page;
    if (page === "queue") {
      if (ev.key === "j") { select(current + 1); ev.preventDefault(); }
      else if (ev.key === "k") { select(current - 1); ev.preventDefault(); }
      return;
    }
    if (page !== "divergence") { return; }
    if (ev.key === "j") { go("rv-next"); }
    else if (ev.key === "k") { go("rv-prev"); }
    else if (ev.key === "u") { go("rv-up"); }
    else if (ev.key === "c") { decide("confirmed"); }
    else if (ev.key === "f") { decide("follow_up"); }
    else if (ev.key === "n") { document.getElementById("rv-note").focus(); ev.preventDefault(); }
    else if (ev.key === "d") {
      if (reason && !reason.value) {
        showError("Choose a reason for the dismissal, then press d again (or Dismiss).");
        reason.focus();
        ev.preventDefault();
      } else { decide("dismissed"); }
    }
  });
})();
