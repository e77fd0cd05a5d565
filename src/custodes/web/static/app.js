// custodes review queue: keyboard shortcuts and the CSRF header for HTMX requests.
(function () {
  "use strict";
  document.addEventListener("htmx:configRequest", function (event) {
    var meta = document.querySelector('meta[name="csrf-token"]');
    if (meta) { event.detail.headers["X-CSRF-Token"] = meta.getAttribute("content"); }
  });
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    var typing = target && (target.tagName === "INPUT" || target.tagName === "SELECT" || target.tagName === "TEXTAREA");
    if (typing || event.ctrlKey || event.metaKey || event.altKey) { return; }
    var card = document.querySelector(".review-card");
    if (!card) { return; }
    var key = event.key.toLowerCase();
    if (key === "e") {
      var first = card.querySelector("fieldset select, fieldset input");
      if (first) { first.focus(); event.preventDefault(); }
      return;
    }
    var control = card.querySelector('[data-key="' + key + '"]');
    if (control) { event.preventDefault(); control.click(); }
  });
  document.addEventListener("keydown", function (event) {
    // Enter inside the correction fields submits as "correct".
    var target = event.target;
    if (event.key !== "Enter" || !target || !target.closest || !target.closest(".review-card fieldset")) { return; }
    var button = document.querySelector('.review-card [data-key="e"]');
    if (button) { event.preventDefault(); button.click(); }
  });
})();
