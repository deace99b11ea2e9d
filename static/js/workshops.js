/* Workshops: move focus to the error summary so screen-reader and keyboard users start there. */
(function () {
  "use strict";
  var summary = document.querySelector("[data-error-summary]");
  if (summary) { summary.focus(); }
})();
