/* Workshops: move focus to the error summary so screen-reader and keyboard users start there. */
(function () {
  "use strict";
  var summary = document.querySelector("[data-error-summary]");
  if (!summary) { return; }
  summary.focus();
  // The form posts to "#registration": scrolling to that fragment when the page has loaded
  // moves the focus back to the document, so the summary takes it again afterwards.
  window.addEventListener("load", function () {
    window.setTimeout(function () { summary.focus(); }, 0);
  });
})();
