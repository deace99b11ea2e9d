/* Small progressive enhancements; every page works without this file. */
(function () {
  "use strict";
  // Filter forms submit on change when JavaScript is on; the submit button stays for everyone else.
  document.querySelectorAll("form[data-autosubmit]").forEach(function (form) {
    form.addEventListener("change", function () { form.requestSubmit ? form.requestSubmit() : form.submit(); });
  });
  // The main menu is open in the HTML (a wrapping list without JavaScript); on a phone it folds
  // behind its "Menu" summary, and opens again when the window becomes wide.
  var wide = window.matchMedia("(min-width: 48rem)");
  var menus = document.querySelectorAll("details[data-fold-narrow]");
  function fold() { menus.forEach(function (menu) { menu.open = wide.matches; }); }
  fold();
  if (wide.addEventListener) { wide.addEventListener("change", fold); }
})();
