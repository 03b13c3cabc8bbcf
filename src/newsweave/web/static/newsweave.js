// newsweave pages work without this script; it adds view toggles and, in the static report,
// filters the stories list in the page (the report has no server to ask).
(function () {
  "use strict";
  document.querySelectorAll("input[data-toggle]").forEach(function (box) {
    var target = document.getElementById(box.getAttribute("data-target"));
    if (!target) { return; }
    var apply = function () { target.classList.toggle(box.getAttribute("data-toggle"), box.checked); };
    box.addEventListener("change", apply);
    apply();
  });
  var form = document.querySelector("form[data-local-filter]");
  if (!form) { return; }
  var rows = Array.prototype.slice.call(document.querySelectorAll("tr.story-row"));
  var empty = document.querySelector("p.empty[hidden], p.empty");
  var filter = function (event) {
    if (event) { event.preventDefault(); }
    var words = form.elements.q.value.toLowerCase().split(/\s+/).filter(Boolean);
    var outlet = form.elements.outlet.value.toLowerCase();
    var since = form.elements.since.value, until = form.elements.until.value;
    var shown = 0;
    rows.forEach(function (row) {
      var text = row.getAttribute("data-words");
      var ok = words.every(function (w) { return text.indexOf(w) >= 0; });
      if (outlet) { ok = ok && row.getAttribute("data-outlets").split("\n").indexOf(outlet) >= 0; }
      if (since) { ok = ok && row.getAttribute("data-last") >= since; }
      if (until) { ok = ok && row.getAttribute("data-first") <= until; }
      row.hidden = !ok;
      if (ok) { shown += 1; }
    });
    if (empty) { empty.hidden = shown > 0; }
  };
  form.addEventListener("submit", filter);
  form.addEventListener("input", function () { filter(null); });
})();
