/* Progressive enhancement only: every page works without this file. */
(function () {
  "use strict";

  function focusErrorSummary(root) {
    var summary = (root || document).querySelector(".error-summary");
    if (summary) {
      summary.focus();
    }
  }

  // An error summary, when present, takes the focus so screen-reader and keyboard
  // users learn at once that the form needs correcting.
  document.addEventListener("DOMContentLoaded", function () {
    focusErrorSummary(document);
  });

  // The same after htmx swaps a form back with errors.
  document.addEventListener("htmx:afterSwap", function (event) {
    focusErrorSummary(event.target);
  });
})();
