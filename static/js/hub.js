/* Small progressive enhancements; every page works without this file. */
(function () {
  "use strict";
  // Filter forms submit on change when JavaScript is on; the submit button stays for everyone else.
  document.querySelectorAll("form[data-autosubmit]").forEach(function (form) {
    form.addEventListener("change", function () { form.requestSubmit ? form.requestSubmit() : form.submit(); });
  });
})();
